// The per-chunk run artifact lives outside the repository, in the extension's global storage, one folder per taxonomy
// file: runs/<hash of the taxonomy file's path>/. It is a cache of the last run: losing it costs a re-run, never curation.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomicSync } from '../pipeline/atomic-write';
import type { RunArtifact } from '../taxonomy/types';

export interface RunRecord {
  /** Absolute path of the folder that was mapped (paths in the taxonomy are relative to it). */
  root: string;
  finishedAt: string;
}

export function artifactDirFor(storageRoot: string, taxonomyFile: string): string {
  return path.join(storageRoot, 'runs', createHash('sha256').update(path.resolve(taxonomyFile)).digest('hex').slice(0, 16));
}

/** The artifact's JSON file in a run folder (the worker reads it to change the granularity). */
export function artifactFileIn(dir: string): string {
  return path.join(dir, 'artifact.json');
}

export function loadArtifact(dir: string): { artifact?: RunArtifact; record?: RunRecord } {
  const read = <T>(name: string): T | undefined => {
    try { return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as T; } catch { return undefined; }
  };
  const artifact = read<RunArtifact>('artifact.json');
  const record = read<RunRecord>('run.json');
  return { ...(artifact && Array.isArray(artifact.chunks) ? { artifact } : {}), ...(record ? { record } : {}) };
}

export function saveArtifact(dir: string, artifact: RunArtifact, record: RunRecord | undefined): void {
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomicSync(path.join(dir, 'artifact.json'), JSON.stringify(artifact));
  if (record) writeFileAtomicSync(path.join(dir, 'run.json'), JSON.stringify(record, null, 1));
}
