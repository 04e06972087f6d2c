// Run artifacts kept outside the repository (the extension's global storage, the CLI's cache folder), content-addressed
// by the key the taxonomy file records (`run.artifact`), so every committed version of the file — after a checkout, a
// revert, a branch switch — finds the per-chunk data of the run it describes. The most recently used few are kept; the
// rest are deleted. Everything here is asynchronous: the extension host thread is shared.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ArtifactFormatError, artifactKey, decodeArtifact, encodeArtifact } from './artifact-codec';
import { ARTIFACT_KEY_PATTERN, type RunArtifact, type Taxonomy, type TopicId } from './types';

/** How many runs' data are kept: enough for the versions of a file a researcher moves between in a session. */
export const KEPT_ARTIFACTS = 8;
const EXT = '.lmrun';

export class ArtifactStore {
  constructor(readonly dir: string, private readonly keep = KEPT_ARTIFACTS) {}

  fileOf(key: string): string {
    if (!ARTIFACT_KEY_PATTERN.test(key)) throw new Error(`"${key}" is not a run data key`);
    return path.join(this.dir, key + EXT);
  }

  /** The artifact stored under `key`; undefined when there is none (or it is damaged: then it is removed). */
  async load(key: string | undefined): Promise<RunArtifact | undefined> {
    if (key === undefined || !ARTIFACT_KEY_PATTERN.test(key)) return undefined;
    const file = this.fileOf(key);
    let bytes: Uint8Array;
    try {
      bytes = await fsp.readFile(file);
    } catch {
      return undefined;
    }
    try {
      const { key: stored, artifact } = await decodeArtifact(bytes);
      if (stored !== key) throw new ArtifactFormatError(`holds run ${stored}`);
      const now = new Date();
      await fsp.utimes(file, now, now).catch(() => undefined); // most recently used
      return artifact;
    } catch (e) {
      if (!(e instanceof ArtifactFormatError)) throw e;
      await fsp.rm(file, { force: true });
      return undefined;
    }
  }

  /** Stores the artifact under its key (a no-op but for its use time when it is already there); returns the key. */
  async save(artifact: RunArtifact): Promise<string> {
    const key = artifactKey(artifact);
    const file = this.fileOf(key);
    await fsp.mkdir(this.dir, { recursive: true });
    const now = new Date();
    const there = await fsp.utimes(file, now, now).then(() => true, () => false);
    if (!there) {
      // Temp file + rename: a reader never sees half an artifact. No fsync: it is a cache, and a torn file after a
      // crash fails its checksum and reads as missing.
      const tmp = path.join(this.dir, `.${key}.${process.pid}.${Date.now().toString(36)}.tmp`);
      try {
        await fsp.writeFile(tmp, await encodeArtifact(artifact, key));
        await fsp.rename(tmp, file);
      } catch (e) {
        await fsp.rm(tmp, { force: true });
        throw e;
      }
    }
    await this.prune(key);
    return key;
  }

  /** Deletes all but the `keep` most recently used artifacts (never `except`). */
  private async prune(except: string): Promise<void> {
    const names = (await fsp.readdir(this.dir).catch(() => [] as string[])).filter((f) => f.endsWith(EXT));
    if (names.length <= this.keep) return;
    const stats = await Promise.all(names.map(async (f) => ({ f, t: (await fsp.stat(path.join(this.dir, f)).catch(() => undefined))?.mtimeMs ?? 0 })));
    stats.sort((a, b) => b.t - a.t || (a.f < b.f ? -1 : 1));
    for (const { f } of stats.slice(this.keep)) if (f !== except + EXT) await fsp.rm(path.join(this.dir, f), { force: true });
  }
}

/**
 * The run topic → file topic map of a taxonomy: every topic stands for itself and for the run topics merged into it
 * (`mergedFrom`). Run topics the file no longer lists map to nothing.
 */
export function partOwners(t: Pick<Taxonomy, 'topics'>): Map<TopicId, TopicId> {
  const owner = new Map<TopicId, TopicId>();
  for (const tp of t.topics) {
    owner.set(tp.id, tp.id);
    for (const m of tp.mergedFrom ?? []) owner.set(m.id, tp.id);
  }
  return owner;
}

/**
 * The artifact as this version of the file sees it: each chunk's topic is the file topic its run topic belongs to
 * (merges applied; a topic the file dropped becomes an outlier). Chunks, layout and probabilities are shared, not
 * copied. Undefined when the artifact is not the one the file was written from (another run): the caller must then
 * show what the file alone supports, never per-chunk data that would contradict it.
 */
export function viewArtifact(stored: RunArtifact | undefined, storedKey: string | undefined, t: Taxonomy): RunArtifact | undefined {
  if (!stored || storedKey === undefined || t.run.artifact !== storedKey) return undefined;
  const owner = partOwners(t);
  return { ...stored, topicOf: stored.topicOf.map((id) => (id === null ? null : owner.get(id) ?? null)) };
}
