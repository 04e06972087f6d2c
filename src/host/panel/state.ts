// What the panel is sent, computed from a taxonomy and a run artifact. No vscode import, so tests can build the exact
// messages the host would send.
import { topicHierarchy, type TopicHierarchy } from '../../pipeline/refine/hierarchy';
import { DEFAULT_SETTINGS } from '../../pipeline/settings';
import type { ChunkItem, HierarchyTree, HostMessage, PanelProblem } from '../../protocol';
import type { RunArtifact, Taxonomy, TaxonomyProblem, TopicId } from '../../taxonomy/types';

// Prevalence is src/analysis/prevalence.ts's computePrevalence, sent as is: the panel and every export show one set of
// numbers.
export { computePrevalence } from '../../analysis/prevalence';

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
    ...(c.colStart !== undefined && c.colEnd !== undefined ? { colStart: c.colStart, colEnd: c.colEnd } : {}),
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

/** The run's vectorizer settings as the taxonomy recorded them, so merge keywords use the run's vocabulary rules. */
function vectorizerOf(t: Taxonomy): { ngramRange: [number, number]; minDf: number; extraStopWords?: string[] } {
  const v = (t.run.settings as { vectorizer?: Partial<typeof DEFAULT_SETTINGS.vectorizer> }).vectorizer;
  const d = DEFAULT_SETTINGS.vectorizer;
  const ngram = Array.isArray(v?.ngramRange) && v.ngramRange.length === 2 && v.ngramRange.every((x) => Number.isInteger(x) && x > 0) ? v.ngramRange : d.ngramRange;
  return {
    ngramRange: [ngram[0], ngram[1]],
    minDf: typeof v?.minDf === 'number' && v.minDf > 0 ? v.minDf : d.minDf,
    extraStopWords: Array.isArray(v?.extraStopWords) ? v.extraStopWords.filter((w): w is string => typeof w === 'string') : d.extraStopWords,
  };
}

/**
 * BERTopic's hierarchical_topics over the taxonomy's topics: the pipeline numbers each topic by its position in the
 * taxonomy's topic list (chunks of topics the file no longer lists count as outliers), and the tree is mapped back to
 * TopicIds. Null when fewer than two topics have chunks (nothing to merge).
 */
export function buildHierarchy(artifact: RunArtifact, taxonomy: Taxonomy): HierarchyTree | null {
  const input = hierarchyInput(artifact, taxonomy);
  if (!input) return null;
  return hierarchyTree(topicHierarchy(input.texts.map((c) => c.text), input.labels, { vectorizer: input.vectorizer, topN: input.topN }), taxonomy);
}

/** buildHierarchy with the c-TF-IDF fit (seconds at 15k chunks) on another thread: `fit` gets the inputs. */
export async function buildHierarchyWith(
  artifact: RunArtifact, taxonomy: Taxonomy,
  fit: (texts: RunArtifact['chunks'], labels: Int32Array, vectorizer: ReturnType<typeof vectorizerOf>, topN: number) => Promise<TopicHierarchy>,
): Promise<HierarchyTree | null> {
  const input = hierarchyInput(artifact, taxonomy);
  if (!input) return null;
  return hierarchyTree(await fit(input.texts, input.labels, input.vectorizer, input.topN), taxonomy);
}

function hierarchyInput(artifact: RunArtifact, taxonomy: Taxonomy) {
  const indexOf = new Map(taxonomy.topics.map((t, i) => [t.id, i]));
  const n = Math.min(artifact.chunks.length, artifact.topicOf.length);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = artifact.topicOf[i];
    labels[i] = id === null || id === undefined ? -1 : (indexOf.get(id) ?? -1);
  }
  if (new Set(labels.filter((l) => l >= 0)).size < 2) return null;
  // The chunk array itself when it is whole: the compute thread keeps texts per chunk array.
  const texts = n === artifact.chunks.length ? artifact.chunks : artifact.chunks.slice(0, n);
  return { texts, labels, vectorizer: vectorizerOf(taxonomy), topN: 5 };
}

function hierarchyTree(h: TopicHierarchy, taxonomy: Taxonomy): HierarchyTree {
  const idOf = (i: number) => taxonomy.topics[i].id;
  return {
    topicIds: h.topicIds.map(idOf),
    merges: h.merges.map((m) => ({ id: m.id, left: m.left, right: m.right, distance: m.distance, topics: m.topics.map(idOf), keywords: m.keywords.map((k) => k.word) })),
  };
}
