// What the panel is sent, computed from a taxonomy and a run artifact. No vscode import, so tests can build the exact
// messages the host would send.
import { topicHierarchy, type TopicHierarchy } from '../../pipeline/refine/hierarchy';
import { runVectorizer } from '../../taxonomy/describe';
import type { ChunkItem, HierarchyTree, HostMessage, PanelProblem } from '../../protocol';
import type { RunArtifact, Taxonomy, TaxonomyProblem, TopicId } from '../../taxonomy/types';

// Prevalence is src/analysis/prevalence.ts's computePrevalence, sent as is: the panel and every export show one set of
// numbers.
export { computePrevalence } from '../../analysis/prevalence';

/** Problems as the panel shows them: the validator reports them with a line and column in the taxonomy file. */
export function toPanelProblems(problems: readonly TaxonomyProblem[]): PanelProblem[] {
  return problems.map((p) => ({ message: p.message, severity: 'error', ...(p.line ? { where: `line ${p.line}, column ${p.column}` } : {}) }));
}

/**
 * The panel's plain sentence when the per-chunk data of the file's run is not here (null when it is): the views then
 * show what the file alone holds, never per-chunk data of another run.
 */
export function runDataNote(status: 'ok' | 'loading' | 'missing' | 'none', file: string): string | null {
  switch (status) {
    case 'ok': return null;
    case 'loading': return `Loading the per-chunk data of the run ${file} describes…`;
    case 'missing': return `The per-chunk data of the run this version of ${file} describes is not on this machine (another clone, or an older run no longer kept). Topics, themes, labels and excerpts are shown from the file; the map, full chunk lists, hierarchy and merging need a re-run.`;
    case 'none': return `${file} does not name its run's per-chunk data (written by an older version). Topics, themes, labels and excerpts are shown from the file; re-run to see the map and to merge.`;
  }
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
  fit: (texts: RunArtifact['chunks'], labels: Int32Array, vectorizer: ReturnType<typeof runVectorizer>, topN: number) => Promise<TopicHierarchy>,
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
  return { texts, labels, vectorizer: runVectorizer(taxonomy.run), topN: 5 };
}

function hierarchyTree(h: TopicHierarchy, taxonomy: Taxonomy): HierarchyTree {
  const idOf = (i: number) => taxonomy.topics[i].id;
  return {
    topicIds: h.topicIds.map(idOf),
    merges: h.merges.map((m) => ({ id: m.id, left: m.left, right: m.right, distance: m.distance, topics: m.topics.map(idOf), keywords: m.keywords.map((k) => k.word) })),
  };
}
