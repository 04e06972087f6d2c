// Spectral start for a disconnected graph, after umap-learn's multi_component_layout: every component gets its own
// spectral layout, shrunk to half the distance to the nearest other component and centred on a meta-position. Real
// transcripts produce such graphs (repeated boilerplate chunks form cliques of their own), and a random start there
// would throw away the global structure of the big component too.
import type { Matrix } from '../types';
import { mulberry32, gaussian, deriveSeed } from '../random';
import { connectedComponents, type FuzzyGraph } from './fuzzy-graph';
import { spectralLayout } from './spectral';

/**
 * n × dim coordinates, or null when a component's solve produced nothing usable at all. Meta-positions: ±unit axes
 * when there are at most 2·dim components (as umap-learn); otherwise the components' data-space centroids projected
 * on their top principal axes (umap-learn runs a spectral embedding of exp(−d²) centroid affinities there — a dense
 * C × C matrix we avoid), or seeded random positions when no data is given.
 */
export async function multiComponentLayout(
  g: FuzzyGraph, dim: number, seed: number, data?: Matrix, signal?: AbortSignal,
): Promise<Float64Array> {
  const n = g.n;
  const { labels, count } = connectedComponents(g);
  const meta = metaPositions(labels, count, dim, seed, data);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) members[labels[i]].push(i);
  const out = new Float64Array(n * dim);
  const rng = mulberry32(deriveSeed(seed, 'umap-components'));
  for (let c = 0; c < count; c++) {
    // half the distance to the nearest other meta-position, so components start apart
    let nearest = Infinity;
    for (let o = 0; o < count; o++) {
      if (o === c) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (meta[c * dim + d] - meta[o * dim + d]) ** 2;
      if (s > 0) nearest = Math.min(nearest, Math.sqrt(s));
    }
    const range = Number.isFinite(nearest) ? nearest / 2 : 1;
    const idx = members[c];
    let coords: Float64Array | null = null;
    if (idx.length >= 2 * dim && idx.length > dim + 1) {
      coords = await spectralLayout(subgraph(g, idx, labels, c), dim, { seed: deriveSeed(seed, `umap-component-${c}`), signal });
    }
    if (coords) {
      let maxAbs = 0;
      for (let t = 0; t < coords.length; t++) maxAbs = Math.max(maxAbs, Math.abs(coords[t]));
      const scale = maxAbs > 0 ? range / maxAbs : 0;
      idx.forEach((i, r) => {
        for (let d = 0; d < dim; d++) out[i * dim + d] = coords[r * dim + d] * scale + meta[c * dim + d];
      });
    } else {
      for (const i of idx) for (let d = 0; d < dim; d++) out[i * dim + d] = (rng() * 2 - 1) * range + meta[c * dim + d];
    }
  }
  return out;
}

/** The component's induced subgraph, re-indexed 0..size−1 in the order of `idx`. */
function subgraph(g: FuzzyGraph, idx: number[], labels: Int32Array, c: number): FuzzyGraph {
  const local = new Map<number, number>();
  idx.forEach((i, r) => local.set(i, r));
  const rowPtr = new Int32Array(idx.length + 1);
  let m = 0;
  for (const i of idx) m += g.rowPtr[i + 1] - g.rowPtr[i];
  const cols = new Int32Array(m), vals = new Float32Array(m);
  m = 0;
  idx.forEach((i, r) => {
    rowPtr[r] = m;
    for (let e = g.rowPtr[i]; e < g.rowPtr[i + 1]; e++) {
      if (labels[g.cols[e]] !== c) continue;
      cols[m] = local.get(g.cols[e]) as number;
      vals[m] = g.vals[e];
      m++;
    }
  });
  rowPtr[idx.length] = m;
  return { n: idx.length, rowPtr, cols: cols.slice(0, m), vals: vals.slice(0, m) };
}

function metaPositions(labels: Int32Array, count: number, dim: number, seed: number, data?: Matrix): Float64Array {
  const meta = new Float64Array(count * dim);
  if (count <= 2 * dim) {
    // umap-learn: rows of [I; −I] (k = ⌈C/2⌉ axes)
    const k = Math.ceil(count / 2);
    for (let c = 0; c < count; c++) meta[c * dim + (c % k)] = c < k ? 1 : -1;
    return meta;
  }
  if (!data) {
    const rng = mulberry32(deriveSeed(seed, 'umap-meta'));
    for (let t = 0; t < meta.length; t++) meta[t] = rng() * 2 - 1;
    return meta;
  }
  const D = data.dim;
  const cent = new Float64Array(count * D), size = new Float64Array(count);
  for (let i = 0; i < data.rows; i++) {
    size[labels[i]]++;
    for (let d = 0; d < D; d++) cent[labels[i] * D + d] += data.data[i * D + d];
  }
  const mean = new Float64Array(D);
  for (let c = 0; c < count; c++) {
    for (let d = 0; d < D; d++) {
      cent[c * D + d] /= size[c];
      mean[d] += cent[c * D + d] / count;
    }
  }
  for (let c = 0; c < count; c++) for (let d = 0; d < D; d++) cent[c * D + d] -= mean[d];
  // Top `dim` principal axes of the centred centroids by subspace iteration on CᵀC (D × dim block).
  const g = gaussian(mulberry32(deriveSeed(seed, 'umap-meta')));
  let V = Float64Array.from({ length: D * dim }, () => g());
  for (let it = 0; it < 30; it++) {
    const P = new Float64Array(count * dim);
    for (let c = 0; c < count; c++) for (let k = 0; k < dim; k++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += cent[c * D + d] * V[d * dim + k];
      P[c * dim + k] = s;
    }
    const W = new Float64Array(D * dim);
    for (let c = 0; c < count; c++) for (let d = 0; d < D; d++) {
      const x = cent[c * D + d];
      for (let k = 0; k < dim; k++) W[d * dim + k] += x * P[c * dim + k];
    }
    // Gram–Schmidt on the columns of W
    for (let k = 0; k < dim; k++) {
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += W[d * dim + k] * W[d * dim + j];
        for (let d = 0; d < D; d++) W[d * dim + k] -= s * W[d * dim + j];
      }
      let nr = 0;
      for (let d = 0; d < D; d++) nr += W[d * dim + k] ** 2;
      nr = Math.sqrt(nr) || 1;
      for (let d = 0; d < D; d++) W[d * dim + k] /= nr;
    }
    V = W;
  }
  let maxAbs = 0;
  for (let c = 0; c < count; c++) for (let k = 0; k < dim; k++) {
    let s = 0;
    for (let d = 0; d < D; d++) s += cent[c * D + d] * V[d * dim + k];
    meta[c * dim + k] = s;
    maxAbs = Math.max(maxAbs, Math.abs(s));
  }
  if (maxAbs > 0) for (let t = 0; t < meta.length; t++) meta[t] /= maxAbs;
  return meta;
}
