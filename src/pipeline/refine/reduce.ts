// BERTopic's reduce_topics. A number: average-linkage agglomerative clustering of the topics on 1 − cosine similarity
// of their centroids (or c-TF-IDF rows when there are no embeddings or useCtfidf is set), cut at that many clusters.
// As in BERTopic, `nr` counts the outlier class when outliers exist (nr_topics − _outliers real topics remain) unless
// countOutlierClass is false. 'auto': HDBSCAN (min_cluster_size 2) on the L2-normalised topic vectors merges every
// cluster it finds; the clusterer is passed in so this module does not depend on the clustering stage.
// New labels are renumbered by size (0 = largest, ties by smaller old id); -1 stays -1. Re-describe afterwards.
import type { Matrix } from '../types';
import { fitTopicTfidf, type TopicTfidf } from '../representation';
import { agglomerate, cosineDistances, leavesOf, sparseCosineDistances } from './linkage';
import { topicCentroids } from './outliers';

export interface ReduceTopicsOptions {
  vectorizer?: { ngramRange: [number, number]; minDf: number; extraStopWords?: string[] };
  fit?: TopicTfidf;
  embeddings?: Matrix;
  useCtfidf?: boolean;
  countOutlierClass?: boolean;
  /** For 'auto': clusters rows of a matrix, -1 = unclustered (e.g. HDBSCAN with min_cluster_size 2). */
  cluster?: (X: Matrix) => Int32Array;
}

export interface ReducedTopics {
  labels: Int32Array;
  /** Old topic id → new topic id. */
  mapping: Map<number, number>;
}

export function reduceTopics(texts: readonly string[], labels: Int32Array, nr: number | 'auto', opts: ReduceTopicsOptions = {}): ReducedTopics {
  const topicIds = [...new Set(labels)].filter((l) => l !== -1).sort((a, b) => a - b);
  const hasOutliers = labels.includes(-1);
  const vectors = topicVectors(texts, labels, topicIds, opts);
  const group = new Map<number, number>();
  if (nr === 'auto') {
    if (!opts.cluster) throw new Error("reduceTopics: 'auto' needs a clusterer (HDBSCAN with min_cluster_size 2)");
    const clusters = opts.cluster(vectors.normalised());
    topicIds.forEach((id, i) => group.set(id, clusters[i] >= 0 ? topicIds.length + clusters[i] : i));
  } else {
    const target = Math.max(1, Math.floor(nr) - (hasOutliers && opts.countOutlierClass !== false ? 1 : 0));
    if (target >= topicIds.length) topicIds.forEach((id, i) => group.set(id, i));
    else {
      const merges = agglomerate(vectors.distances, topicIds.length, 'average', target);
      const leaves = leavesOf(merges, topicIds.length);
      // The roots left after the cut: nodes that no later merge consumed.
      const used = new Set<number>();
      for (const m of merges) {
        used.add(m.left);
        used.add(m.right);
      }
      for (let node = 0; node < leaves.length; node++) if (!used.has(node)) for (const i of leaves[node]) group.set(topicIds[i], node);
    }
  }
  return renumber(labels, group);
}

function topicVectors(texts: readonly string[], labels: Int32Array, topicIds: number[], opts: ReduceTopicsOptions) {
  let distances: Float64Array;
  if (opts.embeddings && !opts.useCtfidf) {
    const c = topicCentroids(opts.embeddings, labels, topicIds);
    const dim = opts.embeddings.dim;
    const data = new Float32Array(c.length * dim);
    c.forEach((v, i) => {
      const norm = Math.hypot(...v) || 1;
      for (let k = 0; k < dim; k++) data[i * dim + k] = v[k] / norm;
    });
    return { distances: cosineDistances(c), normalised: (): Matrix => ({ data, rows: c.length, dim }) };
  } else {
    const fit = opts.fit ?? fitTopicTfidf(texts, labels, opts.vectorizer ?? { ngramRange: [1, 2], minDf: 2 });
    distances = sparseCosineDistances(fit.ctfidf, topicIds.map((id) => fit.classIds.indexOf(id)));
  }
  return { distances, normalised: () => unitCoordinates(distances, topicIds.length) };
}

/**
 * Points whose Euclidean distances equal those of the L2-normalised topic vectors (|x − y|² = 2(1 − cos)), in n
 * dimensions: a Cholesky factor of the cosine-similarity Gram matrix. c-TF-IDF rows have vocabulary-many columns;
 * this keeps HDBSCAN's input n × n.
 */
export function unitCoordinates(distances: Float64Array, n: number): Matrix {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = i === j ? 1 : 1 - distances[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) L[i * n + i] = s > 1e-12 ? Math.sqrt(s) : 0;
      else L[i * n + j] = L[j * n + j] > 0 ? s / L[j * n + j] : 0;
    }
  }
  return { data: Float32Array.from(L), rows: n, dim: n };
}

function renumber(labels: Int32Array, group: Map<number, number>): ReducedTopics {
  const size = new Map<number, number>();
  const firstOld = new Map<number, number>();
  for (const [old, g] of group) firstOld.set(g, Math.min(firstOld.get(g) ?? Infinity, old));
  for (const l of labels) if (l !== -1) size.set(group.get(l) as number, (size.get(group.get(l) as number) ?? 0) + 1);
  const order = [...size.keys()].sort((a, b) => (size.get(b) as number) - (size.get(a) as number) || (firstOld.get(a) as number) - (firstOld.get(b) as number));
  const newId = new Map(order.map((g, i) => [g, i]));
  const mapping = new Map<number, number>();
  for (const [old, g] of group) mapping.set(old, newId.get(g) as number);
  return { labels: Int32Array.from(labels, (l) => (l === -1 ? -1 : (mapping.get(l) as number))), mapping };
}
