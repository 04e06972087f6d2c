// Three-way merge of taxonomies, for an external change (hand edit, git checkout/pull) that lands while an edit of
// ours is pending. base = what we last read or wrote, ours = base with our edit, theirs = the file on disk now.
// Field by field: a field changed on one side only takes that side's value; changed on both sides to different values
// → the file on disk wins and the field is reported. Themes, topics, vanished topics and sources are merged item by
// item (by id, or path for sources); any other array (a theme's topic list, keywords) is one field.
import { deriveUnassigned } from './validate';
import type { Taxonomy } from './types';

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

class Merger {
  readonly conflicts: string[] = [];

  value(path: string, b: V, o: V, t: V): V {
    if (same(o, t)) return t;
    if (same(b, o)) return t;
    if (same(b, t)) return o;
    const key = KEYED[path];
    if (key && Array.isArray(b) && Array.isArray(o) && Array.isArray(t)) return this.keyed(path, key, b, o, t);
    if (isObj(b) && isObj(o) && isObj(t)) return this.object(path, b, o, t);
    this.conflicts.push(path || '(whole file)');
    return t;
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
      const v = this.value(`${path}[${k}]`, bi.get(k), oi.get(k), ti.get(k));
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
  return { taxonomy, conflicts: [...new Set(m.conflicts)] };
}
