// BERTopic's reduce_outliers: give outlier chunks (-1) a topic. Same strategies and threshold semantics:
//   c-tf-idf      — cosine of the chunk's c-TF-IDF (fitted vectoriser + idf, raw text) to each topic's c-TF-IDF;
//   embeddings    — cosine of the chunk's embedding to each topic's mean embedding;
//   distributions — approximate_distribution: sliding windows of 4 tokens, each window's c-TF-IDF vs the topics,
//                   similarities below the threshold zeroed, summed per chunk;
//   probabilities — argmax of a chunk × topic probability matrix when its max ≥ threshold.
// Similarities below the threshold are set to 0; a chunk whose similarities are all 0 stays an outlier.
// Afterwards re-run describeTopics on the new labels: keywords are stale otherwise (BERTopic issue #1785).
import type { Matrix } from '../types';
import { analyze, tokenize } from '../vectorizer';
import { fitTopicTfidf, rawColumns, type TopicTfidf } from '../representation';

export type OutlierStrategy = 'c-tf-idf' | 'embeddings' | 'distributions' | 'probabilities';

export interface ReduceOutliersOptions {
  /** BERTopic's default is 0. */
  threshold?: number;
  /** The c-TF-IDF of the current labelling; fitted from texts + labels + vectorizer when absent. */
  fit?: TopicTfidf;
  vectorizer?: { ngramRange: [number, number]; minDf: number; extraStopWords?: string[] };
  /** Chunk embeddings, for 'embeddings'. */
  embeddings?: Matrix;
  /** Chunk × topic probabilities for 'probabilities'; column j is the j-th topic id in ascending order (no -1). */
  probabilities?: Matrix;
  /** approximate_distribution's window and stride (BERTopic: 4 and 1). */
  window?: number;
  stride?: number;
}

/** Returns new labels; only chunks labelled -1 can change. */
export function reduceOutliers(strategy: OutlierStrategy, texts: readonly string[], labels: Int32Array, opts: ReduceOutliersOptions = {}): Int32Array {
  const threshold = opts.threshold ?? 0;
  const outlierIds: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === -1) outlierIds.push(i);
  const topicIds = [...new Set(labels)].filter((l) => l !== -1).sort((a, b) => a - b);
  const out = Int32Array.from(labels);
  if (outlierIds.length === 0 || topicIds.length === 0) return out;

  const assign = (i: number, sims: ArrayLike<number>) => {
    let best = -1, bestVal = 0;
    for (let j = 0; j < sims.length; j++) {
      const s = sims[j] < threshold ? 0 : sims[j];
      if (s > bestVal) {
        bestVal = s;
        best = j;
      }
    }
    if (best >= 0) out[i] = topicIds[best];
  };

  if (strategy === 'probabilities') {
    const p = opts.probabilities;
    if (!p || p.rows !== labels.length || p.dim !== topicIds.length) throw new Error(`reduceOutliers: 'probabilities' needs a ${labels.length} × ${topicIds.length} probability matrix`);
    for (const i of outlierIds) {
      let best = 0;
      for (let j = 1; j < p.dim; j++) if (p.data[i * p.dim + j] > p.data[i * p.dim + best]) best = j;
      if (p.data[i * p.dim + best] >= threshold) out[i] = topicIds[best];
    }
    return out;
  }

  if (strategy === 'embeddings') {
    const e = opts.embeddings;
    if (!e || e.rows !== labels.length) throw new Error(`reduceOutliers: 'embeddings' needs one embedding per chunk`);
    const centroids = topicCentroids(e, labels, topicIds);
    const sims = new Float64Array(topicIds.length);
    for (const i of outlierIds) {
      for (let j = 0; j < topicIds.length; j++) sims[j] = cosineRow(e, i, centroids[j]);
      assign(i, sims);
    }
    return out;
  }

  const fit = opts.fit ?? fitTopicTfidf(texts, labels, opts.vectorizer ?? { ngramRange: [1, 2], minDf: 2 });
  const topics = topicColumns(fit, topicIds);
  const sims = new Float64Array(topicIds.length);
  if (strategy === 'c-tf-idf') {
    const { raw, rawToCol } = rawColumns(texts, fit);
    for (const i of outlierIds) {
      const counts = new Map<number, number>();
      const t = raw.docTerms[i], c = raw.docCounts[i];
      for (let k = 0; k < t.length; k++) if (rawToCol[t[k]] >= 0) counts.set(rawToCol[t[k]], c[k]);
      topics.similaritiesOfCounts(counts, sims);
      assign(i, sims);
    }
    return out;
  }

  // distributions: windows over the tokenizer's tokens (case kept, stop words kept — build_tokenizer), each window
  // vectorised like a document; per-window similarities under the threshold are dropped before summing.
  const window = opts.window ?? 4, stride = opts.stride ?? 1;
  const total = new Float64Array(topicIds.length);
  for (const i of outlierIds) {
    const tokens = tokenize(texts[i], new Set());
    const sets: string[][] = [];
    if (tokens.length < window) sets.push(tokens);
    else for (let s = 0; s + window <= tokens.length; s += stride) sets.push(tokens.slice(s, s + window));
    total.fill(0);
    for (const set of sets) {
      topics.similarities(analyze(set.join(' '), fit), sims);
      for (let j = 0; j < sims.length; j++) if (sims[j] >= threshold) total[j] += sims[j];
    }
    assign(i, total);
  }
  return out;
}

/** Topic c-TF-IDF rows by column, so a short document's cosine to every topic costs only its own terms. */
function topicColumns(fit: TopicTfidf, topicIds: number[]) {
  const rows = topicIds.map((id) => fit.classIds.indexOf(id));
  const m = fit.ctfidf;
  // Column-compressed copy of the topic rows (flat typed arrays: this loop runs per outlier × term).
  const colPtr = new Int32Array(m.cols + 1);
  for (const r of rows) for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) colPtr[m.indices[k] + 1]++;
  for (let c = 0; c < m.cols; c++) colPtr[c + 1] += colPtr[c];
  const fill = colPtr.slice(0, m.cols);
  const topicOf = new Int32Array(colPtr[m.cols]);
  const value = new Float64Array(colPtr[m.cols]);
  const norms = new Float64Array(topicIds.length);
  rows.forEach((r, j) => {
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      const at = fill[m.indices[k]]++;
      topicOf[at] = j;
      value[at] = m.data[k];
      norms[j] += m.data[k] * m.data[k];
    }
  });
  for (let j = 0; j < norms.length; j++) norms[j] = Math.sqrt(norms[j]);
  const { idf } = fit.model;
  return {
    /** Cosine of the analysed document's c-TF-IDF with each topic, into `sims`. */
    similarities(terms: string[], sims: Float64Array) {
      const counts = new Map<number, number>();
      for (const t of terms) {
        const c = fit.vocabIndex.get(t);
        if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      this.similaritiesOfCounts(counts, sims);
    },
    /** The same from vocabulary column → count. */
    similaritiesOfCounts(counts: Map<number, number>, sims: Float64Array) {
      sims.fill(0);
      let total = 0;
      for (const v of counts.values()) total += v;
      if (total === 0) return;
      let norm = 0;
      for (const [c, v] of counts) {
        const w = (v / total) * idf[c];
        norm += w * w;
        for (let k = colPtr[c]; k < colPtr[c + 1]; k++) sims[topicOf[k]] += w * value[k];
      }
      norm = Math.sqrt(norm);
      for (let j = 0; j < sims.length; j++) sims[j] = norm > 0 && norms[j] > 0 ? sims[j] / (norm * norms[j]) : 0;
    },
  };
}

export function topicCentroids(e: Matrix, labels: Int32Array, topicIds: number[]): Float64Array[] {
  const index = new Map(topicIds.map((id, j) => [id, j]));
  const sums = topicIds.map(() => new Float64Array(e.dim));
  const n = new Float64Array(topicIds.length);
  for (let i = 0; i < labels.length; i++) {
    const j = index.get(labels[i]);
    if (j === undefined) continue;
    n[j]++;
    for (let d = 0; d < e.dim; d++) sums[j][d] += e.data[i * e.dim + d];
  }
  sums.forEach((s, j) => { if (n[j] > 0) for (let d = 0; d < e.dim; d++) s[d] /= n[j]; });
  return sums;
}

function cosineRow(e: Matrix, i: number, c: Float64Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let d = 0; d < e.dim; d++) {
    const x = e.data[i * e.dim + d];
    dot += x * c[d];
    na += x * x;
    nb += c[d] * c[d];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
