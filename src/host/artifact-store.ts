// Where the extension keeps run data (global storage, outside every repository): the run artifacts themselves,
// content-addressed and shared by all taxonomy files (src/taxonomy/artifact-store.ts), and per taxonomy file a small
// record of the folder its last run mapped (the file's source paths are relative to it). Losing any of it costs a
// re-run, never curation. Also per taxonomy file: its undo history. All I/O is asynchronous: the extension host thread
// is shared.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ArtifactStore } from '../taxonomy/artifact-store';

export interface RunRecord {
  /** Absolute path of the folder that was mapped (paths in the taxonomy are relative to it). */
  root: string;
  finishedAt: string;
}

export function artifactStoreFor(storageRoot: string): ArtifactStore {
  return new ArtifactStore(path.join(storageRoot, 'run-data'));
}

export function recordDirFor(storageRoot: string, taxonomyFile: string): string {
  return path.join(storageRoot, 'runs', createHash('sha256').update(path.resolve(taxonomyFile)).digest('hex').slice(0, 16));
}

export async function loadRecord(dir: string): Promise<RunRecord | undefined> {
  // Before run data was content-addressed, each file's last artifact lived here as JSON: it can only mislead now.
  await fsp.rm(path.join(dir, 'artifact.json'), { force: true }).catch(() => undefined);
  try {
    const r = JSON.parse(await fsp.readFile(path.join(dir, 'run.json'), 'utf8')) as Partial<RunRecord>;
    if (typeof r.root === 'string') return { root: r.root, finishedAt: String(r.finishedAt ?? '') };
  } catch {
    // none yet, or damaged: the workspace folder stands in for the mapped folder
  }
  return undefined;
}

export function saveRecord(dir: string, record: RunRecord): Promise<void> {
  return writeJson(dir, 'run.json', record);
}

/** The taxonomy file's undo history (taxonomy/history.ts's JSON), or undefined. */
export async function loadHistory(dir: string): Promise<unknown> {
  try {
    return JSON.parse(await fsp.readFile(path.join(dir, 'history.json'), 'utf8')) as unknown;
  } catch {
    return undefined; // none yet, or damaged: History.unpack starts afresh
  }
}

export function saveHistory(dir: string, history: unknown): Promise<void> {
  return writeJson(dir, 'history.json', history);
}

/** Temp file + rename: a reader never sees half a file. */
async function writeJson(dir: string, name: string, value: unknown): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  await fsp.writeFile(tmp, JSON.stringify(value));
  await fsp.rename(tmp, path.join(dir, name));
}
