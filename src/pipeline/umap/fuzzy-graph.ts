// UMAP's fuzzy simplicial set from a kNN graph, as umap-learn's fuzzy_simplicial_set computes it (smooth_knn_dist,
// compute_membership_strengths, fuzzy union with set_op_mix_ratio 1), stored as a symmetric CSR of float32 weights.
import type { KnnGraph } from '../knn';

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/** Symmetric sparse graph, CSR: row i's edges are cols/vals[rowPtr[i] .. rowPtr[i+1]), columns ascending. */
export interface FuzzyGraph {
  n: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
}

/**
 * umap-learn's smooth_knn_dist: per point, rho = distance to the nearest non-identical neighbour (local_connectivity
 * 1) and sigma found by binary search so that Σ exp(−(d − rho)/sigma) over the neighbours = log2(k) (bandwidth 1).
 * Column 0 (the point itself) is left out of the sum, as umap-learn does.
 */
export function smoothKnnDist(knn: KnnGraph, n: number, nIter = 64): { sigmas: Float32Array; rhos: Float32Array } {
  const k = knn.k, dist = knn.distances;
  const target = Math.log2(k);
  const sigmas = new Float32Array(n), rhos = new Float32Array(n);
  let total = 0, count = 0;
  for (let i = 0; i < n * k; i++) {
    if (Number.isFinite(dist[i])) {
      total += dist[i];
      count++;
    }
  }
  const meanDistances = count ? total / count : 0;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let rho = 0;
    let rowSum = 0, rowCount = 0;
    for (let j = 0; j < k; j++) {
      const d = dist[base + j];
      if (!Number.isFinite(d)) continue;
      rowSum += d;
      rowCount++;
      if (rho === 0 && d > 0) rho = d; // ascending order: the first non-zero distance (local_connectivity = 1)
    }
    rhos[i] = rho;
    let lo = 0, hi = Infinity, mid = 1;
    for (let it = 0; it < nIter; it++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const d = dist[base + j];
        if (!Number.isFinite(d)) continue;
        const dd = d - rho;
        psum += dd > 0 ? Math.exp(-(dd / mid)) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    let sigma = mid;
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? (rowCount ? rowSum / rowCount : 0) : meanDistances);
    if (sigma < floor) sigma = floor;
    sigmas[i] = sigma;
  }
  return { sigmas, rhos };
}

/**
 * Membership strengths exp(−(d − rho)/sigma) on directed kNN edges, then the fuzzy union A + Aᵀ − A∘Aᵀ. Self edges and
 * zero weights are dropped (umap-learn's eliminate_zeros).
 */
export function buildFuzzyGraph(knn: KnnGraph, n: number): FuzzyGraph {
  const k = knn.k, idx = knn.indices, dist = knn.distances;
  const { sigmas, rhos } = smoothKnnDist(knn, n);
  const w = new Float32Array(n * k);
  const rowCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const e = i * k + j, q = idx[e];
      if (q < 0 || q === i) continue;
      const dd = dist[e] - rhos[i];
      const v = dd <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-(dd / sigmas[i]));
      w[e] = v;
      if (v > 0) {
        // each directed edge lands in both its row and its transpose's row
        rowCount[i + 1]++;
        rowCount[q + 1]++;
      }
    }
  }
  for (let i = 0; i < n; i++) rowCount[i + 1] += rowCount[i];
  const total = rowCount[n];
  const tmpCols = new Int32Array(total), tmpVals = new Float32Array(total);
  // Marks which entries came from the row's own kNN list (A) and which from the transpose (Aᵀ).
  const fromTranspose = new Uint8Array(total);
  const fill = rowCount.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const e = i * k + j, q = idx[e], v = w[e];
      if (q < 0 || q === i || !(v > 0)) continue;
      let p = fill[i]++;
      tmpCols[p] = q;
      tmpVals[p] = v;
      p = fill[q]++;
      tmpCols[p] = i;
      tmpVals[p] = v;
      fromTranspose[p] = 1;
    }
  }
  // Sort each row by column and merge (i,j) from A with (i,j) from Aᵀ: a + b − ab; a lone entry keeps its weight.
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(total), vals = new Float32Array(total);
  let out = 0;
  const perm: number[] = [];
  for (let i = 0; i < n; i++) {
    rowPtr[i] = out;
    const s = rowCount[i], e = rowCount[i + 1];
    perm.length = 0;
    for (let p = s; p < e; p++) perm.push(p);
    perm.sort((a, b) => tmpCols[a] - tmpCols[b] || fromTranspose[a] - fromTranspose[b]);
    for (let t = 0; t < perm.length; t++) {
      const p = perm[t];
      const c = tmpCols[p];
      let v = tmpVals[p];
      if (t + 1 < perm.length && tmpCols[perm[t + 1]] === c) {
        const u = tmpVals[perm[t + 1]];
        v = v + u - v * u;
        t++;
      }
      if (v > 0) {
        cols[out] = c;
        vals[out] = v;
        out++;
      }
    }
  }
  rowPtr[n] = out;
  return { n, rowPtr, cols: cols.slice(0, out), vals: vals.slice(0, out) };
}

/** Connected components by union-find; returns the component id of each vertex (ids dense from 0) and the count. */
export function connectedComponents(g: FuzzyGraph): { labels: Int32Array; count: number } {
  const parent = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let i = 0; i < g.n; i++) {
    for (let p = g.rowPtr[i]; p < g.rowPtr[i + 1]; p++) {
      const a = find(i), b = find(g.cols[p]);
      if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
    }
  }
  const labels = new Int32Array(g.n).fill(-1);
  let count = 0;
  const idOf = new Int32Array(g.n).fill(-1);
  for (let i = 0; i < g.n; i++) {
    const r = find(i);
    if (idOf[r] < 0) idOf[r] = count++;
    labels[i] = idOf[r];
  }
  return { labels, count };
}
