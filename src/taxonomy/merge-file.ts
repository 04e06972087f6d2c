// Three-way merge of taxonomy *files* for git's merge driver: two researchers' curations merged by stable ids, on the
// store's field merge (merge3.ts) in strict mode, plus one rule of its own: a topic's classification (its theme, or
// irrelevant, or neither) is one field per topic, so two people filing different topics into one theme never conflict,
// and one person filing a topic into theme A while the other files it into B (or marks it irrelevant) always does.
//
// A clean merge is the canonical serialisation. A true conflict leaves git conflict markers around the lines that
// differ between "every conflict resolved our way" and "every conflict resolved their way": each side of each block is
// then a valid file, the marker line says in words what conflicted, and the parser's conflict check (serialize.ts)
// reports it. Nothing is lost: both values are in the file.
import { diffLines } from 'diff';
import { alignThemeIds, differentRuns, freshBase } from './fresh-base';
import { mergeFields, sameValue, type FieldConflict } from './merge3';
import { parseTaxonomy, serializeTaxonomy } from './serialize';
import type { Taxonomy, Theme, ThemeId, TopicId } from './types';
import { deriveUnassigned } from './validate';

/** Marker lines the driver writes carry this tag, so `check` and the editor can tell them from git's line merge. */
export const DRIVER_TAG = 'literature-map';

export type MergeFileResult =
  | { kind: 'clean'; text: string }
  | { kind: 'conflict'; text: string; conflicts: string[] }
  | { kind: 'unparseable'; reason: string };

interface Classification {
  theme: ThemeId | null;
  irrelevant: boolean;
}

function classify(t: Taxonomy): Map<TopicId, Classification> {
  const home = new Map<TopicId, ThemeId>();
  for (const th of t.themes) for (const id of th.topics) if (!home.has(id)) home.set(id, th.id);
  return new Map(t.topics.map((tp) => [tp.id, { theme: home.get(tp.id) ?? null, irrelevant: tp.irrelevant }]));
}

/**
 * What the generic merge sees: theme topic lists as lists of {id} (so they merge as ordered sets, item by item) and no
 * irrelevant marks (both are merged as one classification per topic instead).
 */
function forFieldMerge(t: Taxonomy): unknown {
  return {
    ...t,
    unassigned: [],
    themes: t.themes.map((th) => ({ ...th, topics: th.topics.map((id) => ({ id })) })),
    topics: t.topics.map((tp) => ({ ...tp, irrelevant: false })),
  };
}

interface Sides<T> { base: T; ours: T; theirs: T }

/** One resolution of the merge: every conflict resolved `prefer`'s way. */
function resolve(sides: Sides<Taxonomy>, prefer: 'ours' | 'theirs'): { taxonomy: Taxonomy; conflicts: FieldConflict[] } {
  const fields = mergeFields(forFieldMerge(sides.base), forFieldMerge(sides.ours), forFieldMerge(sides.theirs), { prefer, strict: true });
  const merged = fields.value as Omit<Taxonomy, 'themes'> & { themes: Array<Omit<Theme, 'topics'> & { topics: Array<{ id: string }> }> };
  const conflicts = [...fields.conflicts];
  const cls = { base: classify(sides.base), ours: classify(sides.ours), theirs: classify(sides.theirs) };
  const themesOf = { base: new Set(sides.base.themes.map((x) => x.id)), ours: new Set(sides.ours.themes.map((x) => x.id)), theirs: new Set(sides.theirs.themes.map((x) => x.id)) };
  const mergedThemes = new Set(merged.themes.map((th) => th.id));

  const decided = new Map<TopicId, Classification>();
  for (const tp of merged.topics) {
    const b = cls.base.get(tp.id);
    // A topic left without a theme only because its side deleted the theme did not move: the theme's deletion is
    // merged (or conflicts) as the theme's own change.
    const side = (s: 'ours' | 'theirs') => {
      const c = cls[s].get(tp.id);
      if (c && b && c.theme === null && b.theme !== null && !themesOf[s].has(b.theme) && c.irrelevant === b.irrelevant) return b;
      return c;
    };
    const o = side('ours'), t = side('theirs');
    let c: Classification;
    if (!o || !t) c = (o ?? t)!;
    else if (sameValue(o, t) || sameValue(b, o)) c = t;
    else if (sameValue(b, t)) c = o;
    else {
      conflicts.push({ path: `topics[${tp.id}].theme`, base: b, ours: o, theirs: t });
      c = prefer === 'ours' ? o : t;
    }
    decided.set(tp.id, c.theme !== null && !mergedThemes.has(c.theme) ? { ...c, theme: null } : c);
  }
  const themes = merged.themes.map((th) => {
    const listed = th.topics.map((x) => x.id).filter((id) => decided.get(id)?.theme === th.id);
    const missing = merged.topics.map((tp) => tp.id).filter((id) => decided.get(id)?.theme === th.id && !listed.includes(id));
    return { ...th, topics: [...new Set([...listed, ...missing])] };
  });
  const topics = merged.topics.map((tp) => ({ ...tp, irrelevant: decided.get(tp.id)!.irrelevant }));
  const taxonomy = { ...merged, themes, topics } as Taxonomy;
  taxonomy.unassigned = deriveUnassigned(taxonomy);
  return { taxonomy, conflicts };
}

const short = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** One sentence per conflict, naming the item by id and its label or name so a researcher can find it. */
export function describeConflict(c: FieldConflict, sides: Sides<Taxonomy>): string {
  const m = /^(topics|themes|vanished|sources)\[([^\]]+)\](?:\.(.+))?$/.exec(c.path);
  const value = (v: unknown): string => {
    if (v === undefined) return 'deleted';
    if (typeof v === 'string') return short(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return 'edited';
  };
  const both = `changed on both sides (ours ${value(c.ours)}, theirs ${value(c.theirs)})`;
  if (!m) return `${c.path} ${both}`;
  const [, kind, id, field] = m;
  // Named as they were before either side changed them: that is the name both researchers know.
  const all = [sides.base, sides.ours, sides.theirs];
  let name: string;
  if (kind === 'topics') {
    const tp = all.map((t) => t.topics.find((x) => x.id === id && typeof x.label === 'string')).find(Boolean);
    name = `topic ${id}${tp ? ` (${short(tp.label)})` : ''}`;
  } else if (kind === 'themes') {
    const th = all.map((t) => t.themes.find((x) => x.id === id && typeof x.name === 'string')).find(Boolean);
    name = `theme ${id}${th ? ` (${short(th.name)})` : ''}`;
  } else {
    name = `${kind === 'sources' ? 'source' : 'vanished topic'} ${id}`;
  }
  if (!field) {
    const deleted = c.ours === undefined ? 'ours' : 'theirs';
    return `${name}: deleted on ${deleted === 'ours' ? 'our' : 'their'} side, edited on ${deleted === 'ours' ? 'theirs' : 'ours'}`;
  }
  if (field === 'theme') {
    const where = (x: unknown) => {
      const k = x as Classification;
      if (k.theme) {
        const th = all.map((t) => t.themes.find((y) => y.id === k.theme && typeof y.name === 'string')).find(Boolean);
        return `theme ${th ? short(th.name) : k.theme}`;
      }
      return k.irrelevant ? 'irrelevant' : 'unassigned';
    };
    return `${name}: filed differently on both sides (ours ${where(c.ours)}, theirs ${where(c.theirs)})`;
  }
  return `${name}: ${field} ${both}`;
}

/** Conflict blocks around every run of lines that differs between the two resolutions. */
function markConflicts(ours: string, theirs: string, notes: Array<{ line: number; end: number; text: string }>, size: number): string {
  const open = '<'.repeat(size), mid = '='.repeat(size), close = '>'.repeat(size);
  const out: string[] = [];
  const parts = diffLines(ours, theirs);
  let line = 0; // next line of `ours`
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const lines = p.value.split('\n').slice(0, p.count);
    if (!p.added && !p.removed) {
      out.push(...lines);
      line += lines.length;
      continue;
    }
    // A hunk is a removal, an addition, or a removal followed by an addition.
    const removed = p.removed ? lines : [];
    const next = p.removed && parts[i + 1]?.added ? parts[++i] : p.added ? p : undefined;
    const added = next ? next.value.split('\n').slice(0, next.count) : [];
    const first = line, last = line + Math.max(removed.length, 1) - 1;
    const about = notes.filter((n) => n.line <= last && n.end >= first).map((n) => n.text);
    out.push(`${open} ours (${DRIVER_TAG}: ${about.length ? [...new Set(about)].join('; ') : 'changed on both sides'})`);
    out.push(...removed, mid, ...added, `${close} theirs`);
    line += removed.length;
  }
  return out.join('\n') + '\n';
}

/** Line spans (0-based, inclusive) of each conflict's field in the serialised text, found through the JSON pointers. */
function locate(text: string, t: Taxonomy, c: FieldConflict): Array<{ line: number; end: number }> {
  const m = /^(topics|themes|vanished|sources)\[([^\]]+)\](?:\.([^.[]+))?/.exec(c.path);
  const lines = text.split('\n');
  // The item's own span: from the line that opens it to the line that closes it at the same indent.
  const span = (needle: string, field?: string) => {
    const start = lines.findIndex((l) => l.includes(needle));
    if (start < 0) return undefined;
    const indent = /^\s*/.exec(lines[start])![0].length - 2;
    let from = start, to = start;
    while (from > 0 && !/^\s*\{$/.test(lines[from])) from--;
    while (to < lines.length - 1 && !new RegExp(`^ {${indent}}\\},?$`).test(lines[to])) to++;
    if (!field) return { line: from, end: to };
    const pad = ' '.repeat(indent + 2);
    const f = lines.findIndex((l, i) => i >= from && i <= to && l.startsWith(`${pad}${JSON.stringify(field)}:`));
    if (f < 0) return { line: from, end: to };
    let e = f;
    if (/[[{]$/.test(lines[f])) while (e < to && !new RegExp(`^${pad}[\\]}],?$`).test(lines[e])) e++;
    return { line: f, end: e };
  };
  if (!m) return [{ line: 0, end: lines.length - 1 }];
  const [, kind, id, field] = m;
  const key = kind === 'sources' ? 'path' : 'id';
  if (field === 'theme') {
    // A classification conflict shows in the theme lists (and the irrelevant flag) of the themes involved.
    const out: Array<{ line: number; end: number }> = [];
    const ids = [c.base, c.ours, c.theirs].map((x) => (x as Classification | undefined)?.theme).filter((x): x is string => !!x);
    for (const th of new Set(ids)) if (t.themes.some((x) => x.id === th)) {
      const s = span(`"id": ${JSON.stringify(th)}`, 'topics');
      if (s) out.push(s);
    }
    const s = span(`"id": ${JSON.stringify(id)}`, 'irrelevant');
    if (s) out.push(s);
    // …and in the derived `unassigned` list.
    const u = lines.findIndex((l) => l.startsWith('  "unassigned": '));
    if (u >= 0) out.push({ line: u, end: lines[u].endsWith('[') ? lines.indexOf('  ],', u) : u });
    return out;
  }
  const s = span(`${JSON.stringify(key)}: ${JSON.stringify(id)}`, field);
  return s ? [s] : [];
}

/**
 * Merges three taxonomy files. `markerSize` is git's %L (7 unless .gitattributes sets conflict-marker-size).
 * Unparseable input (not a taxonomy, or already conflicted) is left to git's own text merge by the caller. An empty
 * base is git's add/add (both branches added the file): two curations of one run are merged on the file as the run
 * wrote it (fresh-base.ts); anything else is left to the text merge too.
 */
export function mergeTaxonomyFiles(baseText: string, oursText: string, theirsText: string, fileName: string, markerSize = 7): MergeFileResult {
  const addAdd = baseText.trim() === '';
  const parsed: Partial<Sides<Taxonomy>> = {};
  for (const [side, text] of [['base', baseText], ['ours', oursText], ['theirs', theirsText]] as const) {
    if (side === 'base' && addAdd) continue;
    const p = parseTaxonomy(text, `${fileName} (${side})`);
    if (!p.ok) return { kind: 'unparseable', reason: `${p.errors[0].file}:${p.errors[0].line}:${p.errors[0].column}: ${p.errors[0].message}` };
    parsed[side] = p.taxonomy;
  }
  if (addAdd) {
    const why = differentRuns(parsed.ours!, parsed.theirs!);
    if (why) return { kind: 'unparseable', reason: `${fileName}: both branches added the file, but ${why}` };
    parsed.theirs = alignThemeIds(parsed.ours!, parsed.theirs!);
    parsed.base = freshBase(parsed.ours!, parsed.theirs);
  }
  return mergeSides(parsed as Sides<Taxonomy>, fileName, markerSize);
}

function mergeSides(sides: Sides<Taxonomy>, fileName: string, markerSize: number): MergeFileResult {
  const ours = resolve(sides, 'ours'), theirs = resolve(sides, 'theirs');
  const oursOut = serializeTaxonomy(ours.taxonomy), theirsOut = serializeTaxonomy(theirs.taxonomy);
  const conflicts = ours.conflicts;
  if (conflicts.length === 0 && oursOut === theirsOut) {
    // A clean merge that breaks a rule of the file (two themes given one name…) must not pass as clean.
    const check = parseTaxonomy(oursOut, fileName);
    if (check.ok) return { kind: 'clean', text: oursOut };
    return { kind: 'conflict', text: oursOut, conflicts: check.errors.map((e) => `line ${e.line}: ${e.message}`) };
  }
  const sentences = conflicts.map((c) => describeConflict(c, sides));
  const notes = conflicts.flatMap((c, i) => locate(oursOut, ours.taxonomy, c).map((s) => ({ ...s, text: sentences[i] })));
  return { kind: 'conflict', text: markConflicts(oursOut, theirsOut, notes, markerSize), conflicts: [...new Set(sentences)] };
}
