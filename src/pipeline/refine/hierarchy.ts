// BERTopic's hierarchical_topics: Ward linkage (scipy's default there) on 1 − cosine similarity of the topics'
// c-TF-IDF rows, outliers excluded; each merge is described by the c-TF-IDF of its topics' summed word counts under
// the fitted idf. Shown as a tree, it says which topics would merge first and at what distance.
import type { Keyword, Matrix } from '../types';
import type { CsrMatrix } from '../vectorizer';
import { fitTopicTfidf, topWords, type TopicTfidf } from '../representation';
import { agglomerate, cosineDistances, leavesOf, sparseCosineDistances, type Linkage } from './linkage';
import { topicCentroids } from './outliers';

export interface HierarchyMerge {
  /** Node id: leaves are 0..n−1 (topicIds[i]); merge k is node n + k. */
  id: number;
  left: number;
  right: number;
  distance: number;
  /** Topic ids under this node, ascending. */
  topics: number[];
  keywords: Keyword[];
}

export interface TopicHierarchy {
  topicIds: number[];
  merges: HierarchyMerge[];
}

export interface HierarchyOptions {
  vectorizer?: { ngramRange: [number, number]; minDf: number; extraStopWords?: string[] };
  fit?: TopicTfidf;
  topN?: number;
  linkage?: Linkage;
  /** BERTopic's use_ctfidf=True default; false uses topic centroids of `embeddings`. */
  useCtfidf?: boolean;
  embeddings?: Matrix;
}

export function topicHierarchy(texts: readonly string[], labels: Int32Array, opts: HierarchyOptions = {}): TopicHierarchy {
  const fit = opts.fit ?? fitTopicTfidf(texts, labels, opts.vectorizer ?? { ngramRange: [1, 2], minDf: 2 });
  const rows: number[] = [];
  const topicIds: number[] = [];
  fit.classIds.forEach((id, r) => {
    if (id !== -1) {
      rows.push(r);
      topicIds.push(id);
    }
  });
  const n = rows.length;
  const dist = opts.useCtfidf === false && opts.embeddings
    ? cosineDistances(topicCentroids(opts.embeddings, labels, topicIds))
    : sparseCosineDistances(fit.ctfidf, rows);
  const merges = agglomerate(dist, n, opts.linkage ?? 'ward');
  const leaves = leavesOf(merges, n);
  return {
    topicIds,
    merges: merges.map((m, k) => ({
      id: n + k,
      left: m.left,
      right: m.right,
      distance: m.distance,
      topics: leaves[n + k].map((i) => topicIds[i]),
      keywords: mergedKeywords(fit, leaves[n + k].map((i) => rows[i]), opts.topN ?? 10),
    })),
  };
}

/** Keywords of several topics taken together: their summed counts, weighted with the fitted idf. */
export function mergedKeywords(fit: TopicTfidf, rows: readonly number[], topN: number): Keyword[] {
  const m = fit.counts;
  const sum = new Map<number, number>();
  for (const r of rows) for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) sum.set(m.indices[k], (sum.get(m.indices[k]) ?? 0) + m.data[k]);
  const cols = [...sum.keys()].sort((a, b) => a - b);
  const grouped: CsrMatrix = {
    rows: 1, cols: m.cols, indptr: Int32Array.from([0, cols.length]), indices: Int32Array.from(cols), data: Float64Array.from(cols, (c) => sum.get(c) as number),
  };
  return topWords(fit.model.transform(grouped), fit.vocabulary, 0, topN).map(({ word, score }) => ({ word, score }));
}
