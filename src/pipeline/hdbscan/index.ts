// HDBSCAN (Campello, Moulavi & Sander 2013) as the Python `hdbscan` package 0.8.33 computes it for euclidean input:
// core distances from a k-d tree kNN, an exact mutual-reachability MST by Borůvka, single linkage, condensed tree,
// excess-of-mass or leaf selection, membership probabilities and GLOSH scores. Memory O(n·min_samples); no n×n
// structure is ever built.
import type { Matrix } from '../types';
import { PipelineError, throwIfAborted } from '../errors';
import { buildKdTree } from './kdtree';
import { kNearest } from './core-distances';
import { boruvkaMst } from './mst';
import { singleLinkage } from './linkage';
import { condenseTree } from './condense';
import { selectClusters } from './select';
import { gloshScores } from './glosh';

export interface HdbscanOptions {
  minClusterSize: number;
  /** Neighbours (besides the point itself) that define its core distance; default = minClusterSize. */
  minSamples?: number;
  method?: 'eom' | 'leaf';
  /** cluster_selection_epsilon (a distance); 0 = off. */
  epsilon?: number;
  allowSingleCluster?: boolean;
  signal?: AbortSignal;
}

export interface HdbscanResult {
  /** Cluster per point, −1 = noise; clusters numbered as hdbscan numbers them (condensed-tree order). */
  labels: Int32Array;
  probabilities: Float32Array;
  /** GLOSH outlier score per point, in [0, 1]. */
  outlierScores: Float32Array;
  stats: { distanceEvaluations: number };
}

export function hdbscan(X: Matrix, opts: HdbscanOptions): HdbscanResult {
  const n = X.rows, dim = X.dim;
  const minClusterSize = Math.floor(opts.minClusterSize);
  if (!(minClusterSize >= 2)) throw new PipelineError(`HDBSCAN min_cluster_size must be at least 2 (got ${opts.minClusterSize}).`);
  if (opts.minSamples !== undefined && !(opts.minSamples >= 1)) {
    throw new PipelineError(`HDBSCAN min_samples must be at least 1 (got ${opts.minSamples}).`);
  }
  const epsilon = opts.epsilon ?? 0;
  if (!(epsilon >= 0)) throw new PipelineError(`HDBSCAN cluster_selection_epsilon must be ≥ 0 (got ${epsilon}).`);
  if (X.data.length < n * dim) throw new PipelineError(`HDBSCAN input has ${X.data.length} values, expected ${n} × ${dim}.`);
  for (let i = 0; i < n * dim; i++) {
    if (!Number.isFinite(X.data[i])) throw new PipelineError(`HDBSCAN input has a non-finite value at row ${Math.floor(i / dim)}.`);
  }
  const empty: HdbscanResult = {
    labels: new Int32Array(n).fill(-1), probabilities: new Float32Array(n), outlierScores: new Float32Array(n),
    stats: { distanceEvaluations: 0 },
  };
  if (n < 2) return empty;
  throwIfAborted(opts.signal);

  const minSamples = Math.max(1, Math.min(n - 1, Math.floor(opts.minSamples ?? minClusterSize)));
  const tree = buildKdTree(X.data, n, dim);
  const nb = kNearest(tree, minSamples + 1, opts.signal);
  const mst = boruvkaMst(tree, nb, minSamples, opts.signal);
  throwIfAborted(opts.signal);
  const slt = singleLinkage(n, mst.a, mst.b, mst.w);
  const condensed = condenseTree(slt, minClusterSize);
  const { labels, probabilities } = selectClusters(condensed, {
    method: opts.method ?? 'eom', epsilon, allowSingleCluster: opts.allowSingleCluster ?? false,
  });
  return {
    labels, probabilities, outlierScores: gloshScores(condensed),
    stats: { distanceEvaluations: nb.distanceEvaluations + mst.distanceEvaluations },
  };
}

/** BERTopic's renumbering: 0 = the largest cluster, ties by the smaller original label; −1 stays −1. */
export function renumberBySize(labels: Int32Array): Int32Array {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  const counts = new Int32Array(max + 1);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) counts[labels[i]]++;
  const ids: number[] = [];
  for (let c = 0; c <= max; c++) if (counts[c] > 0) ids.push(c);
  ids.sort((a, b) => counts[b] - counts[a] || a - b);
  const map = new Int32Array(max + 1).fill(-1);
  ids.forEach((c, i) => { map[c] = i; });
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] >= 0 ? map[labels[i]] : -1;
  return out;
}
