// The implicit common ancestor of an add/add merge: both branches added the taxonomy file (git hands the merge driver an
// empty %O), typically two researchers who each mapped the same committed corpus on their own branch and curated before
// either pushed. The pipeline is deterministic, so both started from the same bytes: the file as the run wrote it. That
// file is rebuilt here from the two curated sides, and the add/add merge becomes an ordinary three-way merge — two
// people who curated different things merge cleanly, as they would with a committed ancestor.
//
// What can be rebuilt, and why:
// - Curation of a topic is undone to what taxonomyFromRun writes: the keyword label (defaultLabel), customLabel false,
//   not irrelevant, no note, no label suggestions; no themes at all; no theme suggestions.
// - The run's data of a topic (keywords, size, representatives, status…) and a source's per-topic counts change only
//   when a topic is merged by hand (mergeTopicGroups). A side whose copy of the topic has no `mergedFrom` still holds
//   the run's values, so those are the base; a topic merged away on one side is still on the other, so the base is the
//   union of both sides' topics and the merge sees the other side's merge as a deletion.
// - What cannot be rebuilt is merged two-way: where both sides merged the same topic, and for anything else the run
//   wrote (the run record, vanished topics, sources), the base holds the value both sides agree on, or UNKNOWN when they
//   differ — a value neither side has, so two different values are always a conflict and never a silent pick.
// - A theme both sides have (by id, or by name: theme ids are derived from the name and the ids already in the file, so
//   the same name can get different ids on the two branches) is based on "created empty with that name": then filing
//   different topics into it, or one side giving it a description, merges cleanly. Themes are matched by name because
//   a file may not hold two themes of one name, so two "Methods" can only be one theme; ours' id is kept.
//
// This is only right for two files of the same run (the same `run.artifact` key: the run's per-chunk data, which
// curation never changes). Anything else is not an add/add of one mapping and is left to git's line merge.
import { sameValue } from './merge3';
import { defaultLabel } from './operations';
import type { Taxonomy, Theme, ThemeId, Topic } from './types';

/** A value neither side can have: makes a field the two sides set differently a conflict (see merge3's `value`). */
export const UNKNOWN: unknown = Symbol('unknown base value');

type Rec = Record<string, unknown>;

/** The value both agree on, recursively through objects, and UNKNOWN where they differ. */
function agreed(o: unknown, t: unknown): unknown {
  if (sameValue(o, t)) return t;
  const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRec(o) && isRec(t)) {
    const out: Rec = {};
    for (const k of new Set([...Object.keys(o), ...Object.keys(t)])) out[k] = agreed(o[k], t[k]);
    return out;
  }
  return UNKNOWN;
}

/**
 * A topic as the run wrote it, as far as this copy tells. A merged copy still records its own keywords from before
 * the merge (its own part of `mergedFrom`), and the keyword label needs only their order.
 */
function freshTopic(tp: Topic): Topic {
  const { suggestions: _s, ...rest } = tp;
  const own = tp.mergedFrom?.find((p) => p.id === tp.id);
  const label = defaultLabel(own ? own.keywords.map((w): [string, number] => [w, 0]) : tp.keywords);
  return { ...rest, label, customLabel: false, irrelevant: false, note: '' };
}

const pristine = (tp: Topic | undefined): tp is Topic => tp !== undefined && tp.mergedFrom === undefined;

/** Why the two sides are not two curations of one run (undefined when they are). */
export function differentRuns(ours: Taxonomy, theirs: Taxonomy): string | undefined {
  const a = ours.run.artifact, b = theirs.run.artifact;
  if (a === undefined || b === undefined) return 'a side has no run.artifact key (written by an older version), so it cannot be told to be the same run';
  if (a !== b) return `the two sides are different runs (run.artifact ${a} and ${b})`;
  return undefined;
}

/**
 * Their themes renamed to ours' ids where ours has a theme of the same name (case-insensitive, as operations.ts
 * compares names) under another id, everywhere a theme id appears.
 */
export function alignThemeIds(ours: Taxonomy, theirs: Taxonomy): Taxonomy {
  const byName = new Map(ours.themes.map((th) => [th.name.toLocaleLowerCase(), th.id]));
  const taken = new Set(theirs.themes.map((th) => th.id));
  const map = new Map<ThemeId, ThemeId>();
  for (const th of theirs.themes) {
    const to = byName.get(th.name.toLocaleLowerCase());
    // Never onto an id their side already gives another theme: that would join two of their themes.
    if (to !== undefined && to !== th.id && !taken.has(to)) map.set(th.id, to);
  }
  if (map.size === 0) return theirs;
  const id = (x: ThemeId) => map.get(x) ?? x;
  const out: Taxonomy = {
    ...theirs,
    themes: theirs.themes.map((th) => ({ ...th, id: id(th.id) })),
    vanished: theirs.vanished.map((v) => ({ ...v, themes: v.themes.map(id) })),
  };
  if (theirs.themeSuggestions) out.themeSuggestions = theirs.themeSuggestions.map((s) => (s.theme === undefined ? s : { ...s, theme: id(s.theme) }));
  return out;
}

/** The file as the run wrote it, rebuilt from two curations of that run (`theirs` after alignThemeIds). */
export function freshBase(ours: Taxonomy, theirs: Taxonomy): Taxonomy {
  const oTopics = new Map(ours.topics.map((tp) => [tp.id, tp]));
  const tTopics = new Map(theirs.topics.map((tp) => [tp.id, tp]));
  // The run's order is kept by both sides (merges only remove topics), so ours then theirs' extras is the run's order.
  const ids = [...new Set([...ours.topics.map((tp) => tp.id), ...theirs.topics.map((tp) => tp.id)])];
  const topics = ids.map((id) => {
    const o = oTopics.get(id), t = tTopics.get(id);
    // Merged away on one side: the other copy is the run's if it is not merged itself; if it is, nothing of the run's
    // topic is left but its id, so its deletion and its merge conflict (as they would against the real ancestor).
    if (!o || !t) return pristine(o ?? t) ? freshTopic((o ?? t)!) : agreed(freshTopic((o ?? t)!), { id }) as Topic;
    if (pristine(o) !== pristine(t)) return freshTopic(pristine(o) ? o : t);
    return agreed(freshTopic(o), freshTopic(t)) as Topic;
  });

  // A source's count for a topic is the run's on the side where that topic is not merged.
  const tSources = new Map(theirs.sources.map((s) => [s.path, s]));
  const sources = ours.sources.map((o) => {
    const t = tSources.get(o.path);
    if (!t) return o;
    const base = agreed(o, t) as Rec;
    const counts: Rec = {};
    for (const k of new Set([...Object.keys(o.topicCounts), ...Object.keys(t.topicCounts)])) {
      // (A missing count is a value too: no chunks of that topic in this source, or the topic merged away.)
      const a = o.topicCounts[k], b = t.topicCounts[k];
      const runO = k === '-1' || pristine(oTopics.get(k)), runT = k === '-1' || pristine(tTopics.get(k));
      if (a === b) counts[k] = a;
      else if (runO !== runT) counts[k] = runO ? a : b;
      else counts[k] = UNKNOWN;
    }
    return { ...base, topicCounts: counts };
  });
  for (const t of theirs.sources) if (!ours.sources.some((o) => o.path === t.path)) sources.push(t);

  // Vanished topics are written by re-runs only (researchers only dismiss them): the base is both sides' entries.
  const vanished = [...ours.vanished.map((v) => {
    const t = theirs.vanished.find((x) => x.id === v.id);
    return t ? agreed(v, t) : v;
  }), ...theirs.vanished.filter((v) => !ours.vanished.some((x) => x.id === v.id))];

  // Themes both sides have, in their order (so only ours reordering them counts as a reorder), as created empty.
  const oThemes = new Map(ours.themes.map((th) => [th.id, th]));
  const themes: Theme[] = theirs.themes.filter((th) => oThemes.has(th.id)).map((t) => {
    const o = oThemes.get(t.id)!;
    return { id: t.id, name: (o.name === t.name ? t.name : UNKNOWN) as string, description: '', topics: [] };
  });

  const top = agreed({ ...ours, themes: [], topics: [], sources: [], vanished: [], unassigned: [], themeSuggestions: undefined },
    { ...theirs, themes: [], topics: [], sources: [], vanished: [], unassigned: [], themeSuggestions: undefined }) as Taxonomy;
  const base: Taxonomy = { ...top, themes, topics, unassigned: [], vanished: vanished as Taxonomy['vanished'], sources: sources as Taxonomy['sources'] };
  // A theme suggestion both sides have was asked before they parted or cached from the same answer: two-way by field.
  const common = (ours.themeSuggestions ?? []).flatMap((o) => {
    const t = theirs.themeSuggestions?.find((x) => x.id === o.id);
    return t ? [agreed(o, t)] : [];
  });
  if (common.length) base.themeSuggestions = common as Taxonomy['themeSuggestions'];
  else delete base.themeSuggestions;
  return base;
}
