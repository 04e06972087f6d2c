// Prevalence of themes and topics, the seed study's result table. Computed from the taxonomy alone (sources[].topicCounts),
// so an export needs no run artifact and gives the same numbers on any machine. Definitions: docs/analysis.md.
import type { Taxonomy, ThemeId, TopicId } from '../taxonomy/types';

export const OUTLIER_KEY = '-1';

export interface Figure {
  chunks: number;
  /** chunks / all chunks of the corpus, outliers included (0 when the corpus is empty). */
  share: number;
  /** chunks / non-outlier chunks (0 when there are none). */
  shareNonOutlier: number;
  /** Sources with at least one chunk in it. */
  sources: number;
  /** sources / all sources. */
  sourceShare: number;
}

export interface TopicRow extends Figure {
  id: TopicId;
  label: string;
  /** The theme the topic is in, null when unassigned (irrelevant topics keep their theme here for reference). */
  themeId: ThemeId | null;
}

export interface ThemeRow extends Figure {
  /** null for the "Unassigned" group. */
  id: ThemeId | null;
  name: string;
  /** Theme colour as written in the file ("#rrggbb" or a VS Code colour id), if any. */
  color?: string;
  /** Relevant topics in theme order. */
  topics: TopicRow[];
}

export interface PrevalenceReport {
  totals: { chunks: number; outliers: number; nonOutlierChunks: number; sources: number };
  /** In file order. */
  themes: ThemeRow[];
  /** Relevant topics in no theme, in topic order; a theme-like row with id null. */
  unassigned: ThemeRow;
  /** Topics marked irrelevant, in topic order (id null): listed, but in no theme's or the unassigned total. */
  irrelevant: ThemeRow;
  outliers: Figure;
}

export const UNASSIGNED_NAME = 'Unassigned';
export const IRRELEVANT_NAME = 'Irrelevant';

export function ratio(n: number, d: number): number {
  return d > 0 ? n / d : 0;
}

export function computePrevalence(t: Taxonomy): PrevalenceReport {
  const totalChunks = t.sources.reduce((n, s) => n + s.chunks, 0);
  const outlierChunks = t.sources.reduce((n, s) => n + (s.topicCounts[OUTLIER_KEY] ?? 0), 0);
  const nonOutlier = totalChunks - outlierChunks;
  const totalSources = t.sources.length;

  const figure = (chunks: number, sources: number): Figure => ({
    chunks,
    share: ratio(chunks, totalChunks),
    shareNonOutlier: ratio(chunks, nonOutlier),
    sources,
    sourceShare: ratio(sources, totalSources),
  });
  /** Chunks and mentioning sources of a set of topic keys: a source counts once however many of them it touches. */
  const measure = (keys: readonly string[]): Figure => {
    let chunks = 0;
    let sources = 0;
    for (const s of t.sources) {
      let here = 0;
      for (const k of keys) here += s.topicCounts[k] ?? 0;
      chunks += here;
      if (here > 0) sources++;
    }
    return figure(chunks, sources);
  };

  const themeOf = new Map<TopicId, ThemeId>();
  for (const th of t.themes) for (const id of th.topics) if (!themeOf.has(id)) themeOf.set(id, th.id);
  const topicById = new Map(t.topics.map((x) => [x.id, x]));
  const topicRow = (id: TopicId): TopicRow => ({
    id,
    label: topicById.get(id)?.label ?? id,
    themeId: themeOf.get(id) ?? null,
    ...measure([id]),
  });
  const group = (id: ThemeId | null, name: string, topicIds: TopicId[], color?: string): ThemeRow => {
    const row: ThemeRow = { id, name, ...measure(topicIds), topics: topicIds.map(topicRow) };
    if (color !== undefined) row.color = color;
    return row;
  };
  const relevant = (id: TopicId) => topicById.has(id) && !topicById.get(id)!.irrelevant;

  return {
    totals: { chunks: totalChunks, outliers: outlierChunks, nonOutlierChunks: nonOutlier, sources: totalSources },
    themes: t.themes.map((th) => group(th.id, th.name, th.topics.filter(relevant), th.color)),
    unassigned: group(null, UNASSIGNED_NAME, t.topics.filter((x) => !x.irrelevant && !themeOf.has(x.id)).map((x) => x.id)),
    irrelevant: group(null, IRRELEVANT_NAME, t.topics.filter((x) => x.irrelevant).map((x) => x.id)),
    outliers: measure([OUTLIER_KEY]),
  };
}
