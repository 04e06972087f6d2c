// The CLI's side of the taxonomy file: refuse to touch an invalid file, write atomically, and keep the run artifact
// (per-chunk data for re-run matching) in the cache folder, never in the repo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputFileError } from './io';
import { parseTaxonomy, serializeTaxonomy } from '../taxonomy/serialize';
import { writeFileAtomicSync } from '../pipeline/atomic-write';
import { ArtifactStore, viewArtifact } from '../taxonomy/artifact-store';
import type { RunArtifact, Taxonomy } from '../taxonomy/types';

export function defaultCacheDir(): string {
  if (process.env.LITERATURE_MAP_CACHE) return process.env.LITERATURE_MAP_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'literature-map');
}

/** The taxonomy already at `file`, undefined when there is none; an unreadable file stops the command (exit 2). */
export function loadPreviousTaxonomy(file: string): Taxonomy | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputFileError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  return parseTaxonomyOrThrow(text, file, '; the file was left untouched — fix it or move it away, then re-run');
}

/** The taxonomy in `text`, or an InputFileError (exit 2) naming the first problem as file:line:column. */
export function parseTaxonomyOrThrow(text: string, file: string, suffix = ''): Taxonomy {
  const parsed = parseTaxonomy(text, file);
  if (!parsed.ok) {
    const p = parsed.errors[0];
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    throw new InputFileError(`${p.file}:${p.line}:${p.column}: ${p.message}${more}${suffix}`);
  }
  return parsed.taxonomy;
}

export function writeTaxonomyFile(file: string, t: Taxonomy): void {
  try {
    // --out may name a folder that does not exist yet; failing there would throw away a finished run.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, serializeTaxonomy(t));
  } catch (e) {
    // A read-only or full disk is the user's to fix, not an internal error; the atomic write left the old file alone.
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new InputFileError(`${file}: could not be written (${code}); the previous file, if any, is unchanged`);
  }
}

function artifactStore(cacheDir: string): ArtifactStore {
  return new ArtifactStore(path.join(cacheDir, 'run-data'));
}

/** The stored data of the run the taxonomy describes (run topics, no merges applied), found by its key. */
export function loadRunData(cacheDir: string, t: Taxonomy): Promise<RunArtifact | undefined> {
  // A missing or damaged artifact only costs precision in re-run matching (keywords and excerpts still match).
  return artifactStore(cacheDir).load(t.run.artifact);
}

/** The run's data as the taxonomy sees it (its merges applied), or undefined when it is not in the cache. */
export async function loadArtifact(cacheDir: string, t: Taxonomy): Promise<RunArtifact | undefined> {
  return viewArtifact(await loadRunData(cacheDir, t), t.run.artifact, t);
}

export function saveArtifact(cacheDir: string, artifact: RunArtifact): Promise<string> {
  return artifactStore(cacheDir).save(artifact);
}
