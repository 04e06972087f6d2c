// What the panel is sent, computed from a taxonomy and a run artifact. No vscode import, so tests can build the exact
// messages the host would send.
import type { ChunkItem, HostMessage, PanelProblem, Prevalence, PrevalenceFigure } from '../../protocol';
import type { RunArtifact, Taxonomy, TaxonomyProblem, TopicId } from '../../taxonomy/types';

export function computePrevalence(t: Taxonomy): Prevalence {
  const topics: Record<TopicId, PrevalenceFigure> = {};
  for (const topic of t.topics) topics[topic.id] = { chunks: topic.size, sources: topic.sourceCount };
  const themeOf = new Map<TopicId, string>();
  for (const theme of t.themes) for (const id of theme.topics) themeOf.set(id, theme.id);

  const themes: Record<string, PrevalenceFigure> = {};
  for (const theme of t.themes) {
    themes[theme.id] = { chunks: theme.topics.reduce((n, id) => n + (topics[id]?.chunks ?? 0), 0), sources: 0 };
  }
  const unassignedIds = new Set(t.topics.filter((x) => !themeOf.has(x.id) && !x.irrelevant).map((x) => x.id));
  const unassigned: PrevalenceFigure = { chunks: [...unassignedIds].reduce((n, id) => n + (topics[id]?.chunks ?? 0), 0), sources: 0 };
  // A source counts once per theme however many of the theme's topics it touches.
  for (const src of t.sources) {
    const touched = new Set<string>();
    let touchesUnassigned = false;
    for (const [topicId, n] of Object.entries(src.topicCounts)) {
      if (n <= 0) continue;
      const th = themeOf.get(topicId);
      if (th) touched.add(th);
      else if (unassignedIds.has(topicId)) touchesUnassigned = true;
    }
    for (const th of touched) themes[th].sources++;
    if (touchesUnassigned) unassigned.sources++;
  }
  return {
    totalChunks: t.run.corpus.chunks,
    totalSources: t.run.corpus.sources || t.sources.length,
    outliers: t.run.corpus.outliers,
    topics,
    themes,
    unassigned,
  };
}

/** Problems as the panel shows them: the validator reports them with a line and column in the taxonomy file. */
export function toPanelProblems(problems: readonly TaxonomyProblem[]): PanelProblem[] {
  return problems.map((p) => ({ message: p.message, severity: 'error', ...(p.line ? { where: `line ${p.line}, column ${p.column}` } : {}) }));
}

/** The map as typed arrays: x,y per chunk and a topic index per chunk (-1 for outliers or topics no longer listed). */
export function buildMapMessage(artifact: RunArtifact, taxonomy: Taxonomy | undefined): Extract<HostMessage, { type: 'map' }> {
  const n = artifact.chunks.length;
  const topicIds = taxonomy ? taxonomy.topics.map((t) => t.id) : [...new Set(artifact.topicOf.filter((x): x is string => x !== null))];
  const indexOf = new Map(topicIds.map((id, i) => [id, i]));
  const coords = new Float32Array(n * 2);
  const topicIndex = new Int32Array(n);
  const src = artifact.coords2d;
  for (let i = 0; i < n; i++) {
    coords[2 * i] = src[2 * i] ?? 0;
    coords[2 * i + 1] = src[2 * i + 1] ?? 0;
    const id = artifact.topicOf[i];
    topicIndex[i] = id === null || id === undefined ? -1 : (indexOf.get(id) ?? -1);
  }
  return { type: 'map', coords, topicIndex, topicIds };
}

export function chunkItem(artifact: RunArtifact, index: number): ChunkItem | null {
  const c = artifact.chunks[index];
  if (!c) return null;
  return {
    index, source: c.source, lineStart: c.lineStart, lineEnd: c.lineEnd,
    ...(c.timeStart !== undefined ? { timeStart: c.timeStart } : {}),
    text: c.text,
  };
}

/** One page of a topic's chunks, in artifact order (the order of the transcripts). */
export function chunkPage(artifact: RunArtifact, topicId: TopicId, offset: number, limit: number): { total: number; items: ChunkItem[] } {
  const items: ChunkItem[] = [];
  let total = 0;
  const from = Math.max(0, offset | 0);
  const max = Math.min(500, Math.max(1, limit | 0));
  for (let i = 0; i < artifact.topicOf.length; i++) {
    if (artifact.topicOf[i] !== topicId) continue;
    if (total >= from && items.length < max) {
      const item = chunkItem(artifact, i);
      if (item) items.push(item);
    }
    total++;
  }
  return { total, items };
}
