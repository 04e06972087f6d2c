// The taxonomy file on disk, shared by the extension host and the CLI. lowdb holds the document; our adapter writes it
// durably (temp file + fsync + rename + folder fsync, so a crash, a power cut or a full disk mid-write never leaves a
// half-written or lost file) in our serializer's bytes, and refuses to write anything that does not parse and validate.
//
// Safety rules, in order of importance:
// - A file on disk that does not parse or validate is never overwritten: the store keeps serving the last good state
//   read-only (`problems` non-empty) until the file is fixed, and every write throws TaxonomyReadOnlyError.
// - Every write first re-reads the file. If it changed since we last read or wrote it (a hand edit, git checkout or
//   pull that the host's file watcher has not delivered yet), our edit is merged into it field by field (merge3.ts);
//   where both sides changed the same field the file on disk wins and the field is reported by reloadFromDisk().
//   (A change landing in the few milliseconds between that re-read and the rename can still be lost; the file system
//   offers no compare-and-swap.)
// - Our own writes are recognised by the sha256 of their bytes, so the watcher's echo is not an external change.
// - All reads and writes go through one queue: no two writes overlap and each apply() hits the disk immediately.
// - Serializing and validating go through a codec (codec.ts): the extension host has them done on its compute thread.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { writeFileDurable } from '../pipeline/atomic-write';
import { sha256Hex } from '../pipeline/hash';
import { mergeTaxonomies } from './merge3';
import { isForeignTaxonomyText } from './recognize';
import { inThreadCodec, type EncodedTaxonomy, type Parsed, type TaxonomyCodec } from './codec';
import { serializeTaxonomy } from './serialize';
import type { Taxonomy, TaxonomyProblem } from './types';

/** The file on disk is invalid (or absent), so edits are refused until it is fixed. */
export class TaxonomyReadOnlyError extends Error {
  override name = 'TaxonomyReadOnlyError';
  constructor(message: string, readonly problems: TaxonomyProblem[]) {
    super(message);
  }
}

/** The file at the taxonomy path is another tool's JSON (no schema marker): it is never written over. */
export class TaxonomyForeignError extends TaxonomyReadOnlyError {
  override name = 'TaxonomyForeignError';
}

/** An edit produced a taxonomy that would not validate: nothing was written. */
export class TaxonomyInvalidError extends Error {
  override name = 'TaxonomyInvalidError';
  constructor(readonly problems: TaxonomyProblem[]) {
    super(`The edit would make the taxonomy invalid, so it was not saved: ${problems[0]?.message ?? 'unknown problem'}`);
  }
}

/** Writing failed (disk full, read-only, rename refused); the file on disk is as it was. */
export class TaxonomyWriteError extends Error {
  override name = 'TaxonomyWriteError';
}

type Origin = 'self' | 'external';

/** The file's bytes before and after one of our writes (null: there was no file), for undo. */
export interface WrittenChange {
  before: string | null;
  after: string;
}
type Listener = (t: Taxonomy | undefined, origin: Origin) => void;

class TaxonomyFileAdapter implements Adapter<Taxonomy | null> {
  /** What the last successful write put on disk, re-parsed (rounded figures, derived fields). */
  lastWritten?: { text: string; taxonomy: Taxonomy };
  /**
   * Bytes known to parse to the taxonomy they are stored under (checked by the codec, or by our own worker running the
   * same check): such a taxonomy is written as those bytes without serializing and checking it again.
   */
  readonly checked = new WeakMap<Taxonomy, string>();
  /** serializeTaxonomy's bytes of taxonomies decoded from a file, for comparisons without serializing them again. */
  private readonly canonical = new WeakMap<Taxonomy, string>();

  constructor(readonly filePath: string, private readonly codec: TaxonomyCodec) {}

  async readText(): Promise<string | null> {
    try {
      return await readFile(this.filePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** A file's bytes parsed and validated by the codec (remembering the canonical bytes of a valid one). */
  async decode(text: string): Promise<Parsed> {
    const { parsed, canonical } = await this.codec.decode(text, this.filePath);
    if (parsed.ok && canonical !== undefined) this.canonical.set(parsed.taxonomy, canonical);
    return parsed;
  }

  async read(): Promise<Taxonomy | null> {
    const text = await this.readText();
    if (text === null) return null;
    const parsed = await this.decode(text);
    if (!parsed.ok) throw new TaxonomyReadOnlyError(parsed.errors[0].message, parsed.errors);
    return parsed.taxonomy;
  }

  async write(data: Taxonomy | null): Promise<void> {
    if (!data) return;
    const known = this.checked.get(data);
    if (known !== undefined) return this.writeText(known, data);
    const { text, parsed } = await this.codec.encode(data, this.filePath);
    if (!parsed.ok) throw new TaxonomyInvalidError(parsed.errors);
    this.checked.set(parsed.taxonomy, text);
    await this.writeText(text, parsed.taxonomy);
  }

  /** serializeTaxonomy(t), known or computed here (for an object written by the codec, the bytes it wrote). */
  bytesOf(t: Taxonomy): string {
    return this.canonical.get(t) ?? this.checked.get(t) ?? serializeTaxonomy(t);
  }

  /** Writes bytes that parsed to `taxonomy` (the caller checked). */
  async writeText(text: string, taxonomy: Taxonomy): Promise<void> {
    try {
      await writeFileDurable(this.filePath, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new TaxonomyWriteError(`Could not save ${path.basename(this.filePath)} (${code}); the file on disk is unchanged`);
    }
    this.lastWritten = { text, taxonomy };
  }
}

export class TaxonomyStore {
  private readonly adapter: TaxonomyFileAdapter;
  private readonly low: Low<Taxonomy | null>;
  private good: Taxonomy | undefined;
  private currentProblems: TaxonomyProblem[] = [];
  private foreignFile = false;
  /** sha256 of the bytes on disk as we last read or wrote them; null when there was no file. */
  private knownHash: string | null = null;
  /** Those bytes. */
  private knownText: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  /** Conflicts found while merging an external change into an edit, until reloadFromDisk() hands them over. */
  private unreported: string[] = [];
  private disposed = false;

  private constructor(readonly filePath: string, codec: TaxonomyCodec) {
    this.adapter = new TaxonomyFileAdapter(filePath, codec);
    this.low = new Low<Taxonomy | null>(this.adapter, null);
  }

  /** `codec`: where serializing and validating run (the extension host passes its compute thread). */
  static async open(filePath: string, codec: TaxonomyCodec = inThreadCodec): Promise<TaxonomyStore> {
    const store = new TaxonomyStore(path.resolve(filePath), codec);
    await store.enqueue(() => store.absorb(false));
    return store;
  }

  /** The last good state (what the panel shows, read-only while `problems` is non-empty). */
  get state(): Taxonomy | undefined {
    return this.good;
  }

  get problems(): TaxonomyProblem[] {
    return this.currentProblems;
  }

  /** The file is well-formed JSON of some other tool (see recognize.ts): no state, no problems, never written. */
  get foreign(): boolean {
    return this.foreignFile;
  }

  /** Fires after every change: our writes ('self') and changes found on disk ('external', also when the file turns invalid or valid again — read `problems`). */
  onDidChange(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Applies a pure operation to the current state and writes the result. */
  async apply(op: (t: Taxonomy) => Taxonomy, _description?: string): Promise<Taxonomy> {
    return (await this.edit(op)).taxonomy;
  }

  /**
   * apply(), also returning the file's bytes just before and after the write (what an undo restores). `written` sees
   * them before the change listeners run, so what they show (an Undo label) already includes this edit.
   */
  edit(op: (t: Taxonomy) => Taxonomy, written?: (change: WrittenChange) => void): Promise<{ taxonomy: Taxonomy } & WrittenChange> {
    return this.enqueue(async () => {
      const base = this.good;
      const disk = await this.absorb(false);
      const before = this.knownText;
      try {
        this.assertWritable();
        const current = this.good!;
        if (disk.changed && base) {
          const merged = mergeTaxonomies(base, op(base), current);
          this.unreported.push(...merged.conflicts);
          await this.write(merged.taxonomy);
          disk.changed = true;
          written?.({ before, after: this.knownText! });
        } else {
          await this.write(op(current));
          written?.({ before, after: this.knownText! });
          this.emit('self');
        }
        return { taxonomy: this.good!, before, after: this.knownText! };
      } finally {
        if (disk.changed) this.emit('external');
      }
    });
  }

  /**
   * Writes a whole taxonomy (a new run). When `base` is given (the state the run was reconciled against), edits made
   * since — by the user or on disk — are merged in field by field, the current state winning; returns those conflicts.
   * Creates the file when there is none; refuses to replace a file that is invalid. `t` may come encoded already (by
   * our pipeline worker, which ran the same serialize-and-check as every write): its bytes are then written as they are.
   */
  async replace(t: Taxonomy | EncodedTaxonomy, base?: Taxonomy): Promise<string[]> {
    return (await this.replaceTracked(t, base)).conflicts;
  }

  /** replace(), also returning the file's bytes just before and after the write. */
  replaceTracked(t: Taxonomy | EncodedTaxonomy, base?: Taxonomy): Promise<{ conflicts: string[] } & WrittenChange> {
    if ('text' in t) {
      this.adapter.checked.set(t.taxonomy, t.text);
      t = t.taxonomy;
    }
    const run = t;
    return this.enqueue(async () => {
      const before = this.good;
      const disk = await this.absorb(false);
      const beforeText = this.knownText;
      try {
        if (this.currentProblems.length || this.foreignFile) this.assertWritable();
        const mergeBase = base ?? (disk.changed ? before : undefined);
        let next = run;
        let conflicts: string[] = [];
        if (mergeBase && this.good && mergeBase !== this.good && this.adapter.bytesOf(mergeBase) !== this.adapter.bytesOf(this.good)) {
          ({ taxonomy: next, conflicts } = mergeTaxonomies(mergeBase, run, this.good));
        }
        await this.write(next);
        if (!disk.changed) this.emit('self');
        return { conflicts, before: beforeText, after: this.knownText! };
      } finally {
        if (disk.changed) this.emit('external');
      }
    });
  }

  /**
   * Writes exactly `text` (an undo or redo), but only if the file is still `expected` (the bytes the caller's change
   * left; null = no file): otherwise nothing is written and the file's current bytes are returned so the caller can
   * merge. Refuses text that does not parse and validate, and an invalid file on disk, like every write.
   */
  writeIf(expected: string | null, text: string, written?: () => void): Promise<{ ok: true } | { ok: false; current: string | null }> {
    return this.enqueue(async () => {
      const disk = await this.absorb(false);
      try {
        if (this.knownText !== expected) return { ok: false, current: this.knownText };
        this.assertWritable();
        const parsed = await this.adapter.decode(text);
        if (!parsed.ok) throw new TaxonomyInvalidError(parsed.errors);
        this.adapter.checked.set(parsed.taxonomy, text);
        await this.adapter.writeText(text, parsed.taxonomy);
        this.knownHash = sha256Hex(text);
        this.knownText = text;
        this.good = parsed.taxonomy;
        this.low.data = parsed.taxonomy;
        written?.();
        this.emit('self');
        return { ok: true };
      } finally {
        if (disk.changed) this.emit('external');
      }
    });
  }

  /** The file's bytes as last read or written (null: no file). */
  get text(): string | null {
    return this.knownText;
  }

  /**
   * Re-reads the file (the host calls this from its file watcher). `changed` is false for our own writes and for
   * byte changes that do not change the taxonomy; `conflicts` lists fields where a pending edit of ours lost to the disk.
   */
  reloadFromDisk(): Promise<{ changed: boolean; conflicts: string[] }> {
    return this.enqueue(async () => {
      const { changed } = await this.absorb(true);
      const conflicts = this.unreported;
      this.unreported = [];
      return { changed, conflicts };
    });
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new Error('The taxonomy store is closed');
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private emit(origin: Origin): void {
    for (const cb of [...this.listeners]) {
      try {
        cb(this.good, origin);
      } catch {
        // A listener's failure must not break the store's queue.
      }
    }
  }

  private assertWritable(): void {
    const name = path.basename(this.filePath);
    if (this.foreignFile) throw new TaxonomyForeignError(`${name} is not a Literature Map taxonomy (it has no "schemaVersion"), so it is left alone: choose another file with the literatureMap.taxonomyFile setting or --out`, []);
    if (this.currentProblems.length) {
      const p = this.currentProblems[0];
      throw new TaxonomyReadOnlyError(`${name} cannot be edited until it is fixed (line ${p.line}, column ${p.column}: ${p.message})`, this.currentProblems);
    }
    if (!this.good) throw new TaxonomyReadOnlyError(`There is no taxonomy at ${this.filePath} yet: map the folder first`, []);
  }

  /** Takes in whatever is on disk now, if it changed since we last saw it. */
  private async absorb(emit: boolean): Promise<{ changed: boolean }> {
    const text = await this.adapter.readText();
    const hash = text === null ? null : sha256Hex(text);
    if (hash === this.knownHash) return { changed: false };
    const foreign = text !== null && isForeignTaxonomyText(text);
    // Decoded before any field changes: readers of `state`, `text` and `problems` never see half of the new file.
    const parsed = text === null || foreign ? undefined : await this.adapter.decode(text);
    this.knownHash = hash;
    this.knownText = text;
    let changed: boolean;
    const wasForeign = this.foreignFile;
    this.foreignFile = foreign;
    if (!parsed) {
      changed = this.good !== undefined || this.currentProblems.length > 0 || wasForeign !== this.foreignFile;
      this.good = undefined;
      this.currentProblems = [];
    } else if (!parsed.ok) {
      changed = true;
      this.currentProblems = parsed.errors;
    } else {
      const wasBroken = this.currentProblems.length > 0;
      this.currentProblems = [];
      changed = wasBroken || !this.good || this.adapter.bytesOf(this.good) !== this.adapter.bytesOf(parsed.taxonomy);
      if (changed) this.good = parsed.taxonomy;
    }
    this.low.data = this.good ?? null;
    if (changed && emit) this.emit('external');
    return { changed };
  }

  private async write(next: Taxonomy): Promise<void> {
    this.low.data = next;
    try {
      await this.low.write();
    } finally {
      this.low.data = this.good ?? null;
    }
    const written = this.adapter.lastWritten!;
    this.knownHash = sha256Hex(written.text);
    this.knownText = written.text;
    this.good = written.taxonomy;
    this.low.data = written.taxonomy;
  }
}
