// Curation operations: pure functions from a taxonomy to a new one (the input is never mutated, so the host keeps the
// old value for undo). Every operation checks its input and throws TaxonomyOpError with a sentence the user can act on.
// Rules: a topic belongs to at most one theme; putting a topic in a theme clears its "irrelevant" mark and marking it
// irrelevant takes it out of its theme (the two are opposite answers to "where does this topic go").
import { themeIdFor } from './ids';
import { round4 } from './serialize';
import { followSuggestions } from './suggestion-ops';
import { deriveUnassigned } from './validate';
import { COLOR_PATTERN, THEME_ID_PATTERN, type RunArtifact, type Taxonomy, type Theme, type ThemeId, type Topic, type TopicId } from './types';

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
  artifact: RunArtifact;
  /** c-TF-IDF over all chunk texts with one class label per chunk (-1 = outlier): the engine's describeTopics. */
  describe: (texts: string[], labels: Int32Array) => Array<{ id: number; keywords: Array<{ word: string; score: number }> }>;
}

/**
 * Checks a merge and works out its c-TF-IDF classes: the surviving topics in file order, the survivor's class number
 * being its position (-1 = outlier). The host computes the merge's keywords from `labels` off its thread, then
 * mergeTopics recomputes the same plan from the file as it is by then and uses them.
 */
export function planMerge(t: Taxonomy, topicIds: TopicId[], artifact: RunArtifact) {
  if (!Array.isArray(topicIds) || new Set(topicIds).size < 2) fail('Merging needs at least two different topics');
  const ids = [...new Set(topicIds)];
  const merged = ids.map((id) => findTopic(t, id));
  if (artifact.corpusFingerprint !== t.run.corpus.fingerprint) {
    fail('The run data kept for this taxonomy is from a different run of the corpus; re-run the map before merging');
  }
  const order = new Map(t.topics.map((tp, i) => [tp.id, i]));
  const bySize = [...merged].sort((a, b) => b.size - a.size || order.get(a.id)! - order.get(b.id)!);
  const keep = bySize[0];
  const absorbed = new Set(bySize.slice(1).map((tp) => tp.id));
  for (const tp of merged) {
    if (!artifact.topicOf.includes(tp.id)) fail(`The run data has no chunks for topic "${tp.label}" (${tp.id}); re-run the map before merging`);
  }
  const topicOf = artifact.topicOf.map((id) => (id !== null && absorbed.has(id) ? keep.id : id));
  const survivors = t.topics.filter((tp) => !absorbed.has(tp.id));
  const classOf = new Map(survivors.map((tp, i) => [tp.id, i]));
  const labels = Int32Array.from(topicOf, (id) => (id === null ? -1 : classOf.get(id) ?? -1));
  return { keep, absorbed, bySize, topicOf, survivors, classOf, labels };
}

/**
 * Merges topics into the largest one (ties: the first in file order), which keeps its id. The merged topic keeps the
 * largest custom label among them (else a keyword label), the largest's theme (else the first theme any of them is
 * in, by size), all notes joined, and gets keywords recomputed on the merged chunks. Other topics' keywords are left
 * as they are (recomputing them would churn the file; the next run refreshes them).
 */
export function mergeTopics(t: Taxonomy, topicIds: TopicId[], ctx: MergeContext): { taxonomy: Taxonomy; artifact: RunArtifact } {
  const { artifact } = ctx;
  const { keep, absorbed, bySize, topicOf, survivors, classOf, labels } = planMerge(t, topicIds, artifact);
  const newArtifact: RunArtifact = { ...artifact, topicOf };
  const described = ctx.describe(artifact.chunks.map((c) => c.text), labels);
  const mine = described.find((d) => d.id === classOf.get(keep.id));
  const topN = Math.max(keep.keywords.length, 1);
  const keywords: Array<[string, number]> = mine
    ? mine.keywords.slice(0, topN).map((k) => [k.word, round4(k.score)])
    : keep.keywords;

  const members = artifact.chunks.filter((_, i) => topicOf[i] === keep.id);
  const custom = bySize.find((tp) => tp.customLabel);
  const themeOf = (id: TopicId) => t.themes.find((th) => th.topics.includes(id));
  const home = bySize.map((tp) => themeOf(tp.id)).find((th) => th !== undefined);
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
  };
  delete survivor.npmi; // no longer measured for this set of chunks

  const themes = t.themes.map((th) => {
    let list = th.topics.filter((id) => !absorbed.has(id));
    if (th === home && !list.includes(keep.id)) {
      // The survivor takes the place of the first merged topic in its new theme.
      const at = th.topics.findIndex((id) => absorbed.has(id));
      list = [...list];
      list.splice(Math.min(at, list.length), 0, keep.id);
    } else if (th !== home) {
      list = list.filter((id) => id !== keep.id);
    }
    return list.length === th.topics.length && list.every((id, i) => id === th.topics[i]) ? th : { ...th, topics: list };
  });
  const topics = survivors.map((tp) => (tp.id === keep.id ? survivor : tp));
  const sources = t.sources.map((s) => {
    if (!Object.keys(s.topicCounts).some((k) => absorbed.has(k))) return s;
    const counts: Record<string, number> = {};
    for (const [k, n] of Object.entries(s.topicCounts)) {
      const key = absorbed.has(k) ? keep.id : k;
      counts[key] = (counts[key] ?? 0) + n;
    }
    return { ...s, topicCounts: counts };
  });
  // The absorbed topics' label suggestions come along, stale: they were asked about a different set of chunks.
  return { taxonomy: followSuggestions(t, { ...withTopics(t, topics, themes), sources }), artifact: newArtifact };
}
