// HDBSCAN over a grid of (min_cluster_size, min_samples, selection) on one layout, sharing what the options share:
// one k-d tree and one neighbour search (at the largest min_samples) for the whole grid, one core-distance vector,
// mutual-reachability MST and single-linkage tree per min_samples, one condensed tree per (min_samples,
// min_cluster_size), and both selections on it. Each option's labels equal hdbscan() with the same parameters (the
// neighbour lists of a smaller k are the first columns of the larger search, sorted the same way; tested).
import type { ClusterOption, Matrix } from '../types';
import { throwIfAborted } from '../errors';
import { buildKdTree, type KdTree } from './kdtree';
import { kNearest, type Neighbours } from './core-distances';
import { boruvkaMst } from './mst';
import { singleLinkage } from './linkage';
import { condenseTree } from './condense';
import { selectClusters } from './select';

export interface SweptClustering {
  option: ClusterOption;
  /** hdbscan's labels (−1 = noise), not yet renumbered by size. */
  labels: Int32Array;
}

/** Neighbours of the first `k` columns of a wider search, with the core distances that k defines. */
function narrowNeighbours(t: KdTree, wide: Neighbours, k: number): Neighbours {
  if (k >= wide.k) return wide;
  const n = t.n, dim = t.dim, K = wide.k;
  const indices = new Int32Array(n * k);
  const coreSq = new Float64Array(n);
  // The tree holds the points as float64 in tree order; the squared distance is summed in the same order as
  // kNearest sums it, so the core distance is the same number it would have computed.
  const posOf = new Int32Array(n);
  for (let j = 0; j < n; j++) posOf[t.idx[j]] = j;
  for (let p = 0; p < n; p++) {
    indices.set(wide.indices.subarray(p * K, p * K + k), p * k);
    const po = posOf[p] * dim, qo = posOf[wide.indices[p * K + k - 1]] * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = t.pts[po + d] - t.pts[qo + d];
      s += v * v;
    }
    const core = Math.sqrt(s);
    coreSq[p] = core * core;
  }
  return { k, indices, coreSq, distanceEvaluations: 0 };
}

/**
 * Every option's labels, in the order given. Options are grouped by min_samples internally; the result order is the
 * input order. Each min_samples costs one MST (the expensive part); each extra min_cluster_size one condensed tree.
 */
export function hdbscanSweep(X: Matrix, options: readonly ClusterOption[], signal?: AbortSignal): SweptClustering[] {
  const n = X.rows;
  const out: SweptClustering[] = new Array(options.length);
  if (n < 2) return options.map((option) => ({ option, labels: new Int32Array(n).fill(-1) }));
  const tree = buildKdTree(X.data, n, X.dim);
  const msOf = (o: ClusterOption) => Math.max(1, Math.min(n - 1, Math.floor(o.minSamples)));
  const samples = [...new Set(options.map(msOf))].sort((a, b) => b - a);
  const wide = kNearest(tree, samples[0] + 1, signal);
  for (const ms of samples) {
    throwIfAborted(signal);
    const nb = narrowNeighbours(tree, wide, Math.min(ms + 1, n));
    const mst = boruvkaMst(tree, nb, ms, signal);
    const slt = singleLinkage(n, mst.a, mst.b, mst.w);
    const bySize = new Map<number, ReturnType<typeof condenseTree>>();
    options.forEach((o, i) => {
      if (msOf(o) !== ms) return;
      const size = Math.floor(o.minClusterSize);
      let condensed = bySize.get(size);
      if (!condensed) bySize.set(size, (condensed = condenseTree(slt, size)));
      const { labels } = selectClusters(condensed, { method: o.method, epsilon: 0, allowSingleCluster: false });
      out[i] = { option: o, labels };
    });
  }
  return out;
}
