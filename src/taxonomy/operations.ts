// Curation operations: pure functions from a taxonomy to a new one (the input is never mutated, so the host keeps the
// old value for undo). Every operation checks its input and throws TaxonomyOpError with a sentence the user can act on.
// Rules: a topic belongs to at most one theme; putting a topic in a theme clears its "irrelevant" mark and marking it
// irrelevant takes it out of its theme (the two are opposite answers to "where does this topic go").
import { themeIdFor } from './ids';
import { round4 } from './serialize';
import { followSuggestions } from './suggestion-ops';
import { deriveUnassigned } from './validate';
import { COLOR_PATTERN, THEME_ID_PATTERN, type MergedPart, type RunArtifact, type Taxonomy, type Theme, type ThemeId, type Topic, type TopicId, type VanishedTopic } from './types';

export class TaxonomyOpError extends Error {
  override name = 'TaxonomyOpError';
}

function fail(message: string): never {
  throw new TaxonomyOpError(message);
}

function findTheme(t: Taxonomy, id: ThemeId): Theme {
  return t.themes.find((th) => th.id === id) ?? fail(`No theme with id "${id}"`);
}

function findTopic(t: Taxonomy, id: TopicId): Topic {
  return t.topics.find((tp) => tp.id === id) ?? fail(`No topic with id "${id}"`);
}

function cleanName(name: unknown, what: string): string {
  if (typeof name !== 'string') fail(`${what} must be text`);
  const n = name.trim();
  if (!n) fail(`${what} cannot be empty`);
  return n;
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string') fail(`${what} must be text`);
  return v;
}

function checkColor(color: string | undefined): void {
  if (color !== undefined && !COLOR_PATTERN.test(color)) fail(`"${color}" is not a colour: use "#rrggbb" or a theme colour id such as "charts.blue"`);
}

function uniqueName(t: Taxonomy, name: string, except?: ThemeId): void {
  const clash = t.themes.find((th) => th.id !== except && th.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  if (clash) fail(`A theme named "${clash.name}" already exists`);
}

function withThemes(t: Taxonomy, themes: Theme[]): Taxonomy {
  const next = { ...t, themes };
  return { ...next, unassigned: deriveUnassigned(next) };
}

function withTopics(t: Taxonomy, topics: Topic[], themes: Theme[] = t.themes): Taxonomy {
  const next = { ...t, themes, topics };
  return { ...next, unassigned: deriveUnassigned(next) };
}

function mapTheme(t: Taxonomy, id: ThemeId, f: (th: Theme) => Theme): Taxonomy {
  findTheme(t, id);
  return withThemes(t, t.themes.map((th) => (th.id === id ? f(th) : th)));
}

function mapTopic(t: Taxonomy, id: TopicId, f: (tp: Topic) => Topic, themes?: Theme[]): Taxonomy {
  findTopic(t, id);
  return withTopics(t, t.topics.map((tp) => (tp.id === id ? f(tp) : tp)), themes);
}

/** The id createTheme will give a theme of this name, so a caller can refer to it right after creating it. */
export function newThemeId(t: Taxonomy, name: string): ThemeId {
  return themeIdFor(name.trim(), [...t.themes.map((th) => th.id), ...t.vanished.flatMap((v) => v.themes)]);
}

/** Appends a theme (empty). */
export function createTheme(t: Taxonomy, args: { name: string; description?: string; color?: string; id?: ThemeId }): Taxonomy {
  const name = cleanName(args.name, 'A theme name');
  uniqueName(t, name);
  checkColor(args.color);
  const description = args.description === undefined ? '' : text(args.description, 'A theme description');
  let id = args.id;
  if (id !== undefined) {
    if (!THEME_ID_PATTERN.test(id)) fail(`"${id}" is not a theme id ("th-" and 8 hex digits)`);
    if (t.themes.some((th) => th.id === id)) fail(`A theme with id "${id}" already exists`);
  } else {
    id = newThemeId(t, name);
  }
  const theme: Theme = { id, name, description, topics: [] };
  if (args.color !== undefined) theme.color = args.color;
  return withThemes(t, [...t.themes, theme]);
}

export function renameTheme(t: Taxonomy, themeId: ThemeId, name: string): Taxonomy {
  const n = cleanName(name, 'A theme name');
  findTheme(t, themeId);
  uniqueName(t, n, themeId);
  return mapTheme(t, themeId, (th) => ({ ...th, name: n }));
}

export function setThemeDescription(t: Taxonomy, themeId: ThemeId, description: string): Taxonomy {
  const d = text(description, 'A theme description');
  return mapTheme(t, themeId, (th) => ({ ...th, description: d }));
}

/** `undefined` removes the colour. */
export function setThemeColor(t: Taxonomy, themeId: ThemeId, color: string | undefined): Taxonomy {
  checkColor(color);
  return mapTheme(t, themeId, (th) => {
    const { color: _old, ...rest } = th;
    return color === undefined ? rest : { ...rest, color };
  });
}

/** Removes the theme; its topics become unassigned (they keep their labels and notes). */
export function deleteTheme(t: Taxonomy, themeId: ThemeId): Taxonomy {
  findTheme(t, themeId);
  return withThemes(t, t.themes.filter((th) => th.id !== themeId));
}

export function moveTheme(t: Taxonomy, themeId: ThemeId, toIndex: number): Taxonomy {
  const from = t.themes.findIndex((th) => th.id === themeId);
  if (from < 0) fail(`No theme with id "${themeId}"`);
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= t.themes.length) {
    fail(`Cannot move a theme to position ${toIndex}: positions go from 0 to ${t.themes.length - 1}`);
  }
  const themes = [...t.themes];
  const [th] = themes.splice(from, 1);
  themes.splice(toIndex, 0, th);
  return withThemes(t, themes);
}

/**
 * Puts a topic in a theme at `index` (default: the end), taking it out of any other theme; `null` unassigns it.
 * Moving within the same theme reorders it.
 */
export function assignTopic(t: Taxonomy, topicId: TopicId, themeId: ThemeId | null, index?: number): Taxonomy {
  findTopic(t, topicId);
  if (themeId !== null) findTheme(t, themeId);
  const themes = t.themes.map((th) => (th.topics.includes(topicId) ? { ...th, topics: th.topics.filter((id) => id !== topicId) } : th));
  if (themeId !== null) {
    const i = themes.findIndex((th) => th.id === themeId);
    const list = [...themes[i].topics];
    const at = index ?? list.length;
    if (!Number.isInteger(at) || at < 0 || at > list.length) fail(`Cannot put the topic at position ${index} of theme "${themes[i].name}": positions go from 0 to ${list.length}`);
    list.splice(at, 0, topicId);
    themes[i] = { ...themes[i], topics: list };
    return mapTopic(t, topicId, (tp) => (tp.irrelevant ? { ...tp, irrelevant: false } : tp), themes);
  }
  return withThemes(t, themes);
}

/** Sets a label chosen by a person: re-runs keep it. */
export function renameTopic(t: Taxonomy, topicId: TopicId, label: string): Taxonomy {
  const l = cleanName(label, 'A topic label');
  return mapTopic(t, topicId, (tp) => ({ ...tp, label: l, customLabel: true }));
}

/** Back to the keyword label, which re-runs update again. */
export function resetTopicLabel(t: Taxonomy, topicId: TopicId): Taxonomy {
  return mapTopic(t, topicId, (tp) => ({ ...tp, label: defaultLabel(tp.keywords), customLabel: false }));
}

export function setTopicNote(t: Taxonomy, topicId: TopicId, note: string): Taxonomy {
  const n = text(note, 'A note');
  return mapTopic(t, topicId, (tp) => ({ ...tp, note: n }));
}

export function setIrrelevant(t: Taxonomy, topicId: TopicId, irrelevant: boolean): Taxonomy {
  if (typeof irrelevant !== 'boolean') fail('"irrelevant" must be true or false');
  const themes = irrelevant ? t.themes.map((th) => (th.topics.includes(topicId) ? { ...th, topics: th.topics.filter((id) => id !== topicId) } : th)) : t.themes;
  return mapTopic(t, topicId, (tp) => ({ ...tp, irrelevant }), themes);
}

/** Removes entries from the vanished list once the researcher has dealt with them (all when `ids` is omitted). */
export function dismissVanished(t: Taxonomy, ids?: TopicId[]): Taxonomy {
  if (ids) for (const id of ids) if (!t.vanished.some((v) => v.id === id)) fail(`No vanished topic with id "${id}"`);
  return { ...t, vanished: ids ? t.vanished.filter((v) => !ids.includes(v.id)) : [] };
}

/**
 * The label a topic has until someone renames it: its top three keywords, without repeating a word — a bigram takes the
 * place of its words already chosen ("states, united states, united" → "united states, …"), and a word inside a chosen
 * bigram is skipped, so the next keyword gets the room. The keywords themselves stay BERTopic's.
 */
export function defaultLabel(keywords: Array<[string, number]>): string {
  const chosen: string[] = [];
  const words = (term: string) => term.split(/\s+/).filter(Boolean);
  for (const [term] of keywords) {
    if (chosen.length >= 3) break;
    const mine = words(term);
    const inside = mine.length > 1 ? chosen.filter((c) => words(c).length === 1 && mine.includes(c)) : [];
    const covered = new Set(chosen.filter((c) => !inside.includes(c)).flatMap(words));
    if (!mine.length || mine.some((w) => covered.has(w))) continue;
    if (inside.length) {
      const at = chosen.indexOf(inside[0]);
      chosen.splice(at, 1, term);
      for (const c of inside.slice(1)) chosen.splice(chosen.indexOf(c), 1);
    } else chosen.push(term);
  }
  return chosen.join(', ') || '(no keywords)';
}

export interface MergeContext {
  /** The run's per-chunk data as the file sees it (artifact-store.ts's viewArtifact: topicOf names the file's topics). */
  artifact: RunArtifact;
  /** c-TF-IDF over all chunk texts with one class label per chunk (-1 = outlier): the engine's describeTopics. */
  describe: (texts: string[], labels: Int32Array) => Array<{ id: number; keywords: Array<{ word: string; score: number }> }>;
}

/** How many of a run topic's keywords a merged topic records per part (its identity for a re-run without run data). */
export const PART_KEYWORDS = 5;

/** The run topics a topic is made of: itself, or what it was merged from. */
export function partsOf(tp: Topic): MergedPart[] {
  return tp.mergedFrom ?? [{ id: tp.id, keywords: tp.keywords.slice(0, PART_KEYWORDS).map(([w]) => w) }];
}

/**
 * Merges topics into the largest one (ties: the first in file order), which keeps its id. The merged topic keeps the
 * largest custom label among them (else a keyword label), the largest's theme (else the first theme any of them is
 * in, by size), all notes joined, and gets keywords recomputed on the merged chunks. Other topics' keywords are left
 * as they are (recomputing them would churn the file; the next run refreshes them). The run's per-chunk data is not
 * changed: the merged topic records the run topics it is made of (`mergedFrom`), which is how every view, and the next
 * re-run, map the run's chunks onto it. The returned artifact is the new view of the run data.
 */
export function mergeTopics(t: Taxonomy, topicIds: TopicId[], ctx: MergeContext): { taxonomy: Taxonomy; artifact: RunArtifact } {
  return mergeTopicGroups(t, planMerge(t, topicIds, ctx.artifact).groups, ctx);
}

/**
 * Checks a merge and works out its c-TF-IDF classes (`labels`: the surviving topics in file order, a survivor's class
 * number being its position, -1 = outlier). The host computes the merge's keywords from them off its thread, then
 * mergeTopics plans again on the file as it is by then and uses them only if the classes are the same.
 */
export function planMerge(t: Taxonomy, topicIds: TopicId[], artifact: RunArtifact): { keep: TopicId; groups: Array<{ keep: TopicId; ids: TopicId[] }>; labels: Int32Array } {
  if (!Array.isArray(topicIds) || new Set(topicIds).size < 2) fail('Merging needs at least two different topics');
  const ids = [...new Set(topicIds)];
  const merged = ids.map((id) => findTopic(t, id));
  if (artifact.corpusFingerprint !== t.run.corpus.fingerprint) {
    fail('The run data kept for this taxonomy is from a different run of the corpus; re-run the map before merging');
  }
  for (const tp of merged) {
    if (!artifact.topicOf.includes(tp.id)) fail(`The run data has no chunks for topic "${tp.label}" (${tp.id}); re-run the map before merging`);
  }
  const order = new Map(t.topics.map((tp, i) => [tp.id, i]));
  const bySize = [...merged].sort((a, b) => b.size - a.size || order.get(a.id)! - order.get(b.id)!);
  const groups = [{ keep: bySize[0].id, ids }];
  return { keep: bySize[0].id, groups, labels: mergeClasses(t, groups, artifact).labels };
}

/** The c-TF-IDF classes after merging the groups: survivors in file order, class = position, -1 = outlier. */
function mergeClasses(t: Taxonomy, groups: Array<{ keep: TopicId; ids: TopicId[] }>, artifact: RunArtifact) {
  const into = new Map<TopicId, TopicId>(); // absorbed → keep
  for (const g of groups) for (const id of g.ids) if (id !== g.keep) into.set(id, g.keep);
  const topicOf = artifact.topicOf.map((id) => (id !== null ? into.get(id) ?? id : id));
  const survivors = t.topics.filter((tp) => !into.has(tp.id));
  const classOf = new Map(survivors.map((tp, i) => [tp.id, i]));
  const labels = Int32Array.from(topicOf, (id) => (id === null ? -1 : classOf.get(id) ?? -1));
  return { into, topicOf, survivors, classOf, labels };
}

/**
 * Several merges at once, with one c-TF-IDF pass (a re-run re-applies all of the file's merges this way). Each group
 * merges `ids` into `keep`, by mergeTopics' rules; groups must not share topics. Checks nothing: callers do.
 */
export function mergeTopicGroups(t: Taxonomy, groups: Array<{ keep: TopicId; ids: TopicId[] }>, ctx: MergeContext): { taxonomy: Taxonomy; artifact: RunArtifact } {
  const { artifact } = ctx;
  const order = new Map(t.topics.map((tp, i) => [tp.id, i]));
  const byId = new Map(t.topics.map((tp) => [tp.id, tp]));
  const { into, topicOf, survivors, classOf, labels } = mergeClasses(t, groups, artifact);
  const newArtifact: RunArtifact = { ...artifact, topicOf };
  const described = ctx.describe(artifact.chunks.map((c) => c.text), labels);

  const replaced = new Map<TopicId, Topic>();
  const homes = new Map<TopicId, Theme | undefined>();
  const themeOf = (id: TopicId) => t.themes.find((th) => th.topics.includes(id));
  for (const g of groups) {
    const keep = byId.get(g.keep)!;
    const bySize = [keep, ...g.ids.filter((id) => id !== g.keep).map((id) => byId.get(id)!).sort((a, b) => b.size - a.size || order.get(a.id)! - order.get(b.id)!)];
    const absorbed = bySize.slice(1).map((tp) => tp.id);
    const mine = described.find((d) => d.id === classOf.get(keep.id));
    const topN = Math.max(keep.keywords.length, 1);
    const keywords: Array<[string, number]> = mine ? mine.keywords.slice(0, topN).map((k) => [k.word, round4(k.score)]) : keep.keywords;
    const members = artifact.chunks.filter((_, i) => topicOf[i] === keep.id);
    const custom = bySize.find((tp) => tp.customLabel);
    const home = bySize.map((tp) => themeOf(tp.id)).find((th) => th !== undefined);
    homes.set(keep.id, home);
    const repCount = Math.max(keep.representative.length, 1);
    const survivor: Topic = {
      ...keep,
      label: custom ? custom.label : defaultLabel(keywords),
      customLabel: custom !== undefined,
      keywords,
      size: bySize.reduce((n, tp) => n + tp.size, 0),
      sourceCount: new Set(members.map((c) => c.source)).size,
      representative: bySize.flatMap((tp) => tp.representative).slice(0, repCount),
      irrelevant: home ? false : bySize.every((tp) => tp.irrelevant),
      note: bySize.map((tp) => tp.note.trim()).filter(Boolean).join('\n\n'),
      status: 'merged',
      previous: [...new Set([...(keep.previous ?? []), ...absorbed])].sort(),
      mergedFrom: bySize.flatMap(partsOf),
    };
    delete survivor.npmi; // no longer measured for this set of chunks
    replaced.set(keep.id, survivor);
  }

  const themes = t.themes.map((th) => {
    let list = th.topics.filter((id) => !into.has(id));
    for (const [keep, home] of homes) {
      if (th === home && !list.includes(keep)) {
        // The survivor takes the place of the first of its merged topics in its new theme.
        const at = th.topics.findIndex((id) => into.get(id) === keep);
        const before = th.topics.slice(0, at).filter((id) => !into.has(id)).length;
        list = [...list];
        list.splice(before, 0, keep);
      } else if (th !== home) {
        list = list.filter((id) => id !== keep);
      }
    }
    return list.length === th.topics.length && list.every((id, i) => id === th.topics[i]) ? th : { ...th, topics: list };
  });
  const topics = survivors.map((tp) => replaced.get(tp.id) ?? tp);
  const sources = t.sources.map((s) => {
    if (!Object.keys(s.topicCounts).some((k) => into.has(k))) return s;
    const counts: Record<string, number> = {};
    for (const [k, n] of Object.entries(s.topicCounts)) {
      const key = into.get(k) ?? k;
      counts[key] = (counts[key] ?? 0) + n;
    }
    return { ...s, topicCounts: counts };
  });
  // The absorbed topics' label suggestions come along, stale: they were asked about a different set of chunks.
  return { taxonomy: followSuggestions(t, { ...withTopics(t, topics, themes), sources }), artifact: newArtifact };
}

/** The paragraph restoreVanishedAsNote adds: what the vanished topic held, in words. */
export function vanishedNote(v: VanishedTopic): string {
  const head = `Vanished topic "${v.label}" (${v.size} chunks; ${v.keywords.slice(0, 5).join(', ') || 'no keywords'})`;
  return v.note.trim() ? `${head}: ${v.note.trim()}` : head;
}

/**
 * Keeps what a vanished topic held as text — appended to a theme's description or a topic's note — and removes it from
 * the vanished list, so the researcher's words survive the topic.
 */
export function restoreVanishedAsNote(t: Taxonomy, vanishedId: TopicId, target: { kind: 'theme' | 'topic'; id: string }): Taxonomy {
  const v = t.vanished.find((x) => x.id === vanishedId) ?? fail(`No vanished topic with id "${vanishedId}"`);
  const add = (old: string) => (old.trim() ? `${old.trimEnd()}\n\n${vanishedNote(v)}` : vanishedNote(v));
  const next = target.kind === 'theme'
    ? mapTheme(t, target.id, (th) => ({ ...th, description: add(th.description) }))
    : mapTopic(t, target.id, (tp) => ({ ...tp, note: add(tp.note) }));
  return dismissVanished(next, [vanishedId]);
}
