// Three-way merge of taxonomies, for an external change (hand edit, git checkout/pull) that lands while an edit of
// ours is pending. base = what we last read or wrote, ours = base with our edit, theirs = the file on disk now.
// Field by field: a field changed on one side only takes that side's value; changed on both sides to different values
// → the file on disk wins and the field is reported. Themes, topics, vanished topics and sources are merged item by
// item (by id, or path for sources); any other array (a theme's topic list, keywords) is one field.
import { deriveUnassigned } from './validate';
import type { Taxonomy, Theme } from './types';

type V = unknown;

function same(a: V, b: V): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as V[];
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, V>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, V>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, V>)[k], (b as Record<string, V>)[k]));
}

const isObj = (v: V): v is Record<string, V> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keyed arrays: path → key field. Paths are written like conflict paths, with [] for any element. */
const KEYED: Record<string, string> = { themes: 'id', topics: 'id', vanished: 'id', sources: 'path' };

/**
 * Any other array whose items (on all three sides) are objects with unique string ids is merged item by item too, so
 * a list of records a newer schema adds merges by id without being named here.
 */
function keyOfArrays(path: string, ...arrays: V[][]): string | undefined {
  if (KEYED[path]) return KEYED[path];
  const ids = (a: V[]) => a.map((x) => (isObj(x) && typeof x.id === 'string' ? x.id : undefined));
  const keyed = arrays.some((a) => a.length > 0) && arrays.every((a) => {
    const k = ids(a);
    return k.every((x) => x !== undefined) && new Set(k).size === k.length;
  });
  return keyed ? 'id' : undefined;
}

/** A field both sides changed to different values (or an item one side deleted and the other edited). */
export interface FieldConflict {
  /** Readable path, e.g. `topics[t-ef36d3e3].label`; `(whole file)` for the root. */
  path: string;
  base: V;
  ours: V;
  theirs: V;
}

export interface MergeOptions {
  /** Which side a conflicting field takes (the store: the file on disk, `theirs`). */
  prefer?: 'ours' | 'theirs';
  /**
   * Report an item deleted on one side and edited on the other as a conflict of that item, instead of following the
   * disk and leaving describeLost to put it in sentences (the store's rule). The git merge driver needs this.
   */
  strict?: boolean;
}

/** Items whose lost edits describeLost puts in sentences (it needs the whole taxonomy for labels and names). */
const DESCRIBED = new Set(['themes', 'topics']);

class Merger {
  readonly conflicts: string[] = [];
  readonly fields: FieldConflict[] = [];

  constructor(private readonly opts: MergeOptions = {}) {}

  value(path: string, b: V, o: V, t: V): V {
    if (same(o, t)) return t;
    if (same(b, o)) return t;
    if (same(b, t)) return o;
    if (Array.isArray(b) && Array.isArray(o) && Array.isArray(t)) {
      const key = keyOfArrays(path, b, o, t);
      if (key) return this.keyed(path, key, b, o, t);
    }
    if (isObj(b) && isObj(o) && isObj(t)) return this.object(path, b, o, t);
    this.conflicts.push(path || '(whole file)');
    this.fields.push({ path: path || '(whole file)', base: b, ours: o, theirs: t });
    return this.opts.prefer === 'ours' ? o : t;
  }

  object(path: string, b: Record<string, V>, o: Record<string, V>, t: Record<string, V>): Record<string, V> {
    const out: Record<string, V> = {};
    const keys = [...new Set([...Object.keys(t), ...Object.keys(o), ...Object.keys(b)])];
    for (const k of keys) {
      const v = this.value(path ? `${path}.${k}` : k, b[k], o[k], t[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  keyed(path: string, key: string, b: V[], o: V[], t: V[]): V[] {
    const keyOf = (x: V) => (isObj(x) ? String(x[key]) : JSON.stringify(x));
    const index = (a: V[]) => new Map(a.map((x) => [keyOf(x), x]));
    const bi = index(b), oi = index(o), ti = index(t);
    const merged = new Map<string, V>();
    for (const k of new Set([...ti.keys(), ...oi.keys(), ...bi.keys()])) {
      const b0 = bi.get(k), o0 = oi.get(k), t0 = ti.get(k);
      // Deleted on one side, edited on the other: the disk wins, and describeLost says what of ours was lost.
      if (!this.opts.strict && DESCRIBED.has(path) && b0 !== undefined && (o0 === undefined) !== (t0 === undefined) && !same(b0, o0 ?? t0)) {
        if (t0 !== undefined) merged.set(k, t0);
        continue;
      }
      const v = this.value(`${path}[${k}]`, b0, o0, t0);
      if (v !== undefined) merged.set(k, v);
    }
    // Order: theirs if they reordered the items both sides still have, else ours; then the other side's additions
    // before their successor on that side (at the end when they were last there).
    const order = (a: V[]) => a.map(keyOf).filter((k) => bi.has(k));
    const theirsReordered = !same(order(t), order(b).filter((k) => ti.has(k)));
    const primary = (theirsReordered ? t : o).map(keyOf);
    const secondary = (theirsReordered ? o : t).map(keyOf);
    const result = primary.filter((k) => merged.has(k));
    secondary.forEach((k, i) => {
      if (!merged.has(k) || result.includes(k)) return;
      const after = secondary.slice(i + 1).find((p) => result.includes(p));
      result.splice(after === undefined ? result.length : result.indexOf(after), 0, k);
    });
    for (const k of merged.keys()) if (!result.includes(k)) result.push(k);
    return result.map((k) => merged.get(k));
  }
}

const quote = (s: string) => JSON.stringify(s);

function listed(edits: string[]): string {
  const text = edits.length < 2 ? edits.join('') : `${edits.slice(0, -1).join(', ')} and ${edits[edits.length - 1]}`;
  return `${text} ${edits.length < 2 ? 'was' : 'were'} dropped`;
}

function homes(t: Taxonomy): Map<string, Theme> {
  const m = new Map<string, Theme>();
  for (const th of t.themes) for (const id of th.topics) if (!m.has(id)) m.set(id, th);
  return m;
}

/**
 * Sentences for the edits of ours the merge drops because their theme or topic was deleted on disk (or that the disk
 * brought back by changing an item we deleted). The field-by-field merge either reports these as a bare path or, for
 * a move of a topic removed on disk, not at all (the dangling theme entry is dropped afterwards), and the researcher
 * needs to know what was lost.
 */
function describeLost(base: Taxonomy, ours: Taxonomy, theirs: Taxonomy, merged: Taxonomy): string[] {
  const out: string[] = [];
  const byId = <T extends { id: string }>(a: T[]) => new Map(a.map((x) => [x.id, x]));
  const bTopics = byId(base.topics), oTopics = byId(ours.topics), tTopics = byId(theirs.topics);
  const bThemes = byId(base.themes), oThemes = byId(ours.themes), tThemes = byId(theirs.themes);
  const bHome = homes(base), oHome = homes(ours), mHome = homes(merged);
  const topicName = (id: string) => {
    const tp = bTopics.get(id) ?? oTopics.get(id) ?? tTopics.get(id);
    return tp ? `topic ${id} (${quote(tp.label)})` : `topic ${id}`;
  };
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const themeName = (th: Theme) => `theme ${quote(th.name)} (${th.id})`;

  for (const [id, b] of bTopics) {
    const o = oTopics.get(id), t = tTopics.get(id);
    if (o && !t) {
      const edits: string[] = [];
      if (o.label !== b.label) edits.push(`your rename of it to ${quote(o.label)}`);
      if (o.note !== b.note) edits.push('your note on it');
      if (o.irrelevant !== b.irrelevant) edits.push(o.irrelevant ? 'your marking it irrelevant' : 'your marking it relevant again');
      if (!edits.length && !same(o, b)) edits.push('your edit of it');
      const home = oHome.get(id);
      if (home && home.id !== bHome.get(id)?.id) edits.push(`your move of it to theme ${quote(home.name)}`);
      if (edits.length) out.push(`${cap(topicName(id))} was removed on disk; ${listed(edits)}`);
    } else if (!o && t && !same(b, t)) {
      out.push(`${cap(topicName(id))} was changed on disk; your removal of it was dropped, so it is back`);
    }
  }
  for (const [id, b] of bThemes) {
    const o = oThemes.get(id), t = tThemes.get(id);
    if (o && !t && !same(o, b)) {
      const edits: string[] = [];
      if (o.name !== b.name) edits.push(`your rename of it to ${quote(o.name)}`);
      if (o.description !== b.description) edits.push('your change to its description');
      if (o.color !== b.color) edits.push('your change to its colour');
      // Topics removed on disk are reported with the topic; removing topics from a deleted theme loses nothing.
      for (const tid of o.topics) {
        if (b.topics.includes(tid) || !tTopics.has(tid)) continue;
        const now = mHome.get(tid);
        edits.push(`your move of ${topicName(tid)} to it (${now ? `it stays in theme ${quote(now.name)}` : 'it is unassigned'})`);
      }
      const kept = b.topics.filter((tid) => o.topics.includes(tid));
      if (!same(kept, o.topics.filter((tid) => b.topics.includes(tid)))) edits.push('your reordering of its topics');
      if (edits.length) out.push(`${cap(themeName(b))} was deleted on disk; ${listed(edits)}`);
    } else if (!o && t && !same(b, t)) {
      out.push(`${cap(themeName(t))} was changed on disk; your deletion of it was dropped, so it is back`);
    }
  }
  return out;
}

/**
 * The field-by-field merge alone, on any JSON-like values, with the conflicts as values. The store's merge and the git
 * merge driver (merge-file.ts) are both built on it.
 */
export function mergeFields(base: V, ours: V, theirs: V, opts: MergeOptions = {}): { value: V; conflicts: FieldConflict[] } {
  const m = new Merger(opts);
  return { value: m.value('', base, ours, theirs), conflicts: m.fields };
}

export { same as sameValue };

/**
 * Merges, then restores the one-theme-per-topic rule and drops theme references to topics that no longer exist
 * (theirs wins: the topic stays in the theme the file on disk puts it in). Returns the conflicts as readable paths.
 */
export function mergeTaxonomies(base: Taxonomy, ours: Taxonomy, theirs: Taxonomy): { taxonomy: Taxonomy; conflicts: string[] } {
  const m = new Merger();
  // `unassigned` is derived, never a conflict: merge without it and derive it again.
  const strip = (t: Taxonomy) => ({ ...t, unassigned: [] });
  const merged = m.value('', strip(base), strip(ours), strip(theirs)) as Taxonomy;
  const topicIds = new Set(merged.topics.map((t) => t.id));
  const theirHome = new Map<string, string>();
  for (const th of theirs.themes) for (const id of th.topics) theirHome.set(id, th.id);
  const placed = new Map<string, string>();
  // First pass: topics where the disk puts them; second: everything else, first theme wins.
  for (const th of merged.themes) for (const id of th.topics) if (theirHome.get(id) === th.id) placed.set(id, th.id);
  const themes = merged.themes.map((th) => {
    const topics = th.topics.filter((id) => {
      if (!topicIds.has(id)) return false;
      const home = placed.get(id);
      if (home === undefined) {
        placed.set(id, th.id);
        return true;
      }
      if (home !== th.id) {
        m.conflicts.push(`themes[${th.id}].topics (topic ${id} is in another theme on disk)`);
        return false;
      }
      return true;
    });
    // A topic listed twice in one theme after the merge keeps its first place.
    return { ...th, topics: topics.filter((id, i) => topics.indexOf(id) === i) };
  });
  const taxonomy = { ...merged, themes };
  taxonomy.unassigned = deriveUnassigned(taxonomy);
  m.conflicts.push(...describeLost(base, ours, theirs, taxonomy));
  return { taxonomy, conflicts: [...new Set(m.conflicts)] };
}
