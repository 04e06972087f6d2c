// Undo and redo of changes to the taxonomy file: every curation edit (and every re-run written to it) is an entry with
// the file's bytes before and after, so an undo restores the exact bytes. An undo (or redo) that meets a file changed
// since — a hand edit, a git checkout — is merged into it field by field (merge3.ts); when the newer change touched
// the same fields it is refused with their names rather than clobbering them. No vscode import: the host writes
// `pack()` to a file in its global storage so the history survives a reload.
import { promisify } from 'node:util';
import { gunzip, gzip, gzipSync } from 'node:zlib';
import { sha256Hex } from '../pipeline/hash';
import { mergeTaxonomies } from './merge3';
import { parseTaxonomy, serializeTaxonomy } from './serialize';
import type { WrittenChange } from './store';

/** What the history needs of the store: the bytes on disk and a compare-and-write. */
export interface HistoryTarget {
  readonly filePath: string;
  readonly text: string | null;
  /** `written` runs right after a successful write, before anything else can reach the file. */
  writeIf(expected: string | null, text: string, written?: () => void): Promise<{ ok: true } | { ok: false; current: string | null }>;
}

interface Entry {
  description: string;
  /** Hashes into `texts` (null: no file). */
  before: string | null;
  after: string;
}

export interface HistoryJson {
  version: 1;
  entries: Entry[];
  index: number;
  /** sha256 → gzip + base64 of the file's bytes. */
  texts: Record<string, string>;
}

export type HistoryResult =
  | { ok: true; description: string; merged: boolean }
  | { ok: false; message: string };

export const MAX_ENTRIES = 50;
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export class History {
  private entries: Entry[] = [];
  /** entries[0, index) can be undone, entries[index, …) redone. */
  private index = 0;
  private readonly texts = new Map<string, string>();
  /** Each text compressed once (toJSON runs after every edit). */
  private readonly zipped = new Map<string, string>();

  /**
   * The history pack() saved, decompressed on the thread pool (50 entries of a 15k-chunk file would be a long block
   * for the host). Damaged or of another shape: an empty history, never an undo to garbage.
   */
  static async unpack(j: unknown): Promise<History> {
    const v = History.shape(j);
    if (!v) return new History();
    try {
      const texts = await Promise.all(Object.entries(v.texts).map(async ([k, z]): Promise<[string, string]> => [k, (await gunzipAsync(Buffer.from(z, 'base64'))).toString('utf8')]));
      return History.of(v, texts);
    } catch {
      return new History();
    }
  }

  private static shape(j: unknown): HistoryJson | undefined {
    const v = j as Partial<HistoryJson> | undefined;
    return v && v.version === 1 && Array.isArray(v.entries) && typeof v.texts === 'object' && v.texts ? v as HistoryJson : undefined;
  }

  private static of(v: HistoryJson, texts: Array<[string, string]>): History {
    const h = new History();
    for (const [k, text] of texts) {
      h.texts.set(k, text);
      h.zipped.set(k, v.texts[k]);
    }
    h.entries = v.entries.filter((e) => typeof e.description === 'string' && (e.before === null || h.texts.has(e.before)) && h.texts.has(e.after));
    h.index = Math.max(0, Math.min(h.entries.length, Number(v.index) || 0));
    return h;
  }

  toJSON(): HistoryJson {
    const texts: Record<string, string> = {};
    for (const k of this.used()) {
      let z = this.zipped.get(k);
      if (z === undefined) this.zipped.set(k, (z = gzipSync(this.texts.get(k)!).toString('base64')));
      texts[k] = z;
    }
    return { version: 1, entries: this.entries, index: this.index, texts };
  }

  /**
   * toJSON(), compressing new texts on libuv's thread pool first: gzip of a 15k-chunk file's bytes (twice per edit)
   * would otherwise hold the extension host thread, which is shared by every extension.
   */
  async pack(): Promise<HistoryJson> {
    for (const k of this.used()) {
      const text = this.texts.get(k);
      if (text === undefined || this.zipped.has(k)) continue;
      const z = (await gzipAsync(text)).toString('base64');
      if (this.texts.has(k)) this.zipped.set(k, z);
    }
    return this.toJSON();
  }

  /** Records a change we wrote; drops what could be redone (a new edit starts a new branch). */
  record(description: string, change: WrittenChange): void {
    if (change.before === change.after) return;
    this.entries = this.entries.slice(0, this.index);
    this.entries.push({ description, before: this.keep(change.before), after: this.keep(change.after)! });
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(this.entries.length - MAX_ENTRIES);
    this.index = this.entries.length;
    this.collect();
  }

  get canUndo(): string | null {
    return this.index > 0 ? this.entries[this.index - 1].description : null;
  }

  get canRedo(): string | null {
    return this.index < this.entries.length ? this.entries[this.index].description : null;
  }

  /**
   * Undo and redo run one at a time, each choosing its entry when its turn comes (two quick Ctrl+Z take two steps
   * back, not the same step twice), and move the index in the same critical section as their write (so an edit
   * recorded meanwhile lands after it).
   */
  undo(target: HistoryTarget): Promise<HistoryResult> {
    return this.serial(() => {
      if (!this.index) return Promise.resolve({ ok: false, message: 'Nothing to undo.' });
      const e = this.entries[this.index - 1];
      return this.move(target, e, this.text(e.after), this.text(e.before), 'undo', () => this.index--);
    });
  }

  redo(target: HistoryTarget): Promise<HistoryResult> {
    return this.serial(() => {
      if (this.index >= this.entries.length) return Promise.resolve({ ok: false, message: 'Nothing to redo.' });
      const e = this.entries[this.index];
      return this.move(target, e, this.text(e.before), this.text(e.after), 'redo', () => this.index++);
    });
  }

  private busy: Promise<unknown> = Promise.resolve();

  private serial(f: () => Promise<HistoryResult>): Promise<HistoryResult> {
    const run = this.busy.then(f, f);
    this.busy = run.catch(() => undefined);
    return run;
  }

  /**
   * From `from` (what the change left on disk) to `to`. When the file is still `from`, `to` is written byte for byte;
   * otherwise the step is merged into the current file (base `from`, ours `to`, theirs the file), refused on conflicts.
   */
  private async move(target: HistoryTarget, e: Entry, from: string | null, to: string | null, verb: 'undo' | 'redo', step: () => void): Promise<HistoryResult> {
    const name = target.filePath.split(/[\\/]/).pop();
    if (to === null) return { ok: false, message: `Cannot ${verb} "${e.description}": it created ${name}, and an ${verb} never deletes the file.` };
    const direct = await target.writeIf(from, to, step);
    if (direct.ok) return { ok: true, description: e.description, merged: false };
    const current = direct.current;
    const changed = `${name} changed since "${e.description}"`;
    if (current === null) return { ok: false, message: `Cannot ${verb} "${e.description}": ${name} was deleted since.` };
    const parse = (t: string) => { const p = parseTaxonomy(t, target.filePath); return p.ok ? p.taxonomy : undefined; };
    const [base, ours, theirs] = [from === null ? undefined : parse(from), parse(to), parse(current)];
    if (!theirs) return { ok: false, message: `Cannot ${verb} "${e.description}": ${name} does not parse now; fix it first.` };
    if (!base || !ours) return { ok: false, message: `Cannot ${verb} "${e.description}": ${changed}.` };
    const merged = mergeTaxonomies(base, ours, theirs);
    if (merged.conflicts.length) {
      return { ok: false, message: `Cannot ${verb} "${e.description}": ${changed} and the newer change touched the same ${merged.conflicts.length === 1 ? 'field' : 'fields'} (${merged.conflicts.slice(0, 3).join(', ')}${merged.conflicts.length > 3 ? ', …' : ''}); nothing was changed.` };
    }
    const text = serializeTaxonomy(merged.taxonomy);
    const second = await target.writeIf(current, text, step);
    if (!second.ok) return { ok: false, message: `Cannot ${verb} "${e.description}": ${name} is changing on disk; try again.` };
    return { ok: true, description: e.description, merged: true };
  }

  private text(k: string | null): string | null {
    return k === null ? null : this.texts.get(k)!;
  }

  private keep(text: string | null): string | null {
    if (text === null) return null;
    const k = sha256Hex(text);
    this.texts.set(k, text);
    return k;
  }

  private used(): Set<string> {
    return new Set(this.entries.flatMap((e) => (e.before === null ? [e.after] : [e.before, e.after])));
  }

  private collect(): void {
    const used = this.used();
    for (const k of [...this.texts.keys()]) if (!used.has(k)) { this.texts.delete(k); this.zipped.delete(k); }
  }
}
