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
  const themeOf = new Map<TopicId, ThemeId>();
  for (const th of t.themes) for (const id of th.topics) if (!themeOf.has(id)) themeOf.set(id, th.id);
  const topicById = new Map(t.topics.map((x) => [x.id, x]));
  const relevant = (id: TopicId) => topicById.has(id) && !topicById.get(id)!.irrelevant;

  // Groups a topic key counts towards: its theme (if relevant), Unassigned or Irrelevant. One pass over every source's
  // counts; a source counts once per group however many of the group's topics it touches.
  const UNASSIGNED = '\u0000unassigned';
  const IRRELEVANT = '\u0000irrelevant';
  const groupOf = new Map<string, string>();
  for (const x of t.topics) groupOf.set(x.id, x.irrelevant ? IRRELEVANT : themeOf.get(x.id) ?? UNASSIGNED);
  const chunksOf = new Map<string, number>();
  const sourcesOf = new Map<string, number>();
  const add = (key: string, n: number, seen: Set<string>) => {
    chunksOf.set(key, (chunksOf.get(key) ?? 0) + n);
    if (!seen.has(key)) {
      seen.add(key);
      sourcesOf.set(key, (sourcesOf.get(key) ?? 0) + 1);
    }
  };
  for (const src of t.sources) {
    const seen = new Set<string>();
    for (const [key, n] of Object.entries(src.topicCounts)) {
      if (!(n > 0)) continue;
      add(key, n, seen);
      const g = groupOf.get(key);
      if (g !== undefined) add(g, n, seen);
    }
  }
  const measure = (key: string): Figure => figure(chunksOf.get(key) ?? 0, sourcesOf.get(key) ?? 0);
  const topicRow = (id: TopicId): TopicRow => ({
    id,
    label: topicById.get(id)?.label ?? id,
    themeId: themeOf.get(id) ?? null,
    ...measure(id),
  });
  const group = (key: string, id: ThemeId | null, name: string, topicIds: TopicId[], color?: string): ThemeRow => {
    const row: ThemeRow = { id, name, ...measure(key), topics: topicIds.map(topicRow) };
    if (color !== undefined) row.color = color;
    return row;
  };

  return {
    totals: { chunks: totalChunks, outliers: outlierChunks, nonOutlierChunks: nonOutlier, sources: totalSources },
    themes: t.themes.map((th) => group(th.id, th.id, th.name, th.topics.filter(relevant), th.color)),
    unassigned: group(UNASSIGNED, null, UNASSIGNED_NAME, t.topics.filter((x) => !x.irrelevant && !themeOf.has(x.id)).map((x) => x.id)),
    irrelevant: group(IRRELEVANT, null, IRRELEVANT_NAME, t.topics.filter((x) => x.irrelevant).map((x) => x.id)),
    outliers: measure(OUTLIER_KEY),
  };
}
