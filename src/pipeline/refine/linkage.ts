// Agglomerative clustering on a precomputed distance matrix, Lance–Williams updates. Small n (topics, not chunks),
// so the plain O(n³) closest-pair search is fine and keeps tie-breaking obvious: the lowest (i, j) pair wins.
// Output follows scipy's linkage matrix: merges in order of distance, leaves 0..n-1, merge k creates node n + k,
// each row's smaller node first.
import type { CsrMatrix } from '../vectorizer';

export type Linkage = 'ward' | 'average' | 'complete' | 'single';

export interface Merge {
  left: number;
  right: number;
  distance: number;
  /** Leaves under the new node. */
  size: number;
}

/** `dist` is n × n, symmetric. Stops after n − `stopAt` merges (stopAt = 1: the full tree). */
export function agglomerate(dist: Float64Array, n: number, method: Linkage, stopAt = 1): Merge[] {
  const d = Float64Array.from(dist);
  const size = new Float64Array(n).fill(1);
  const node = Int32Array.from({ length: n }, (_, i) => i);
  const alive = new Uint8Array(n).fill(1);
  const merges: Merge[] = [];
  for (let step = 0; step < n - Math.max(1, stopAt); step++) {
    let bi = -1, bj = -1, best = Infinity;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) if (alive[j] && d[i * n + j] < best) {
        best = d[i * n + j];
        bi = i;
        bj = j;
      }
    }
    if (bi < 0) break;
    const ni = size[bi], nj = size[bj], dij = d[bi * n + bj];
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const dik = d[bi * n + k], djk = d[bj * n + k], nk = size[k];
      let v: number;
      if (method === 'ward') v = Math.sqrt(Math.max(0, ((ni + nk) * dik * dik + (nj + nk) * djk * djk - nk * dij * dij) / (ni + nj + nk)));
      else if (method === 'average') v = (ni * dik + nj * djk) / (ni + nj);
      else if (method === 'complete') v = Math.max(dik, djk);
      else v = Math.min(dik, djk);
      d[bi * n + k] = d[k * n + bi] = v;
    }
    merges.push({ left: Math.min(node[bi], node[bj]), right: Math.max(node[bi], node[bj]), distance: dij, size: ni + nj });
    alive[bj] = 0;
    size[bi] = ni + nj;
    node[bi] = n + merges.length - 1;
  }
  return merges;
}

/** Leaves under every node of a merge list (node ids as in `agglomerate`). */
export function leavesOf(merges: readonly Merge[], n: number): number[][] {
  const leaves: number[][] = Array.from({ length: n }, (_, i) => [i]);
  for (const m of merges) leaves.push([...leaves[m.left], ...leaves[m.right]].sort((a, b) => a - b));
  return leaves;
}

/** 1 − cosine similarity between dense rows (BERTopic's distance for topics). */
export function cosineDistances(rows: readonly ArrayLike<number>[]): Float64Array {
  const n = rows.length;
  const norms = rows.map((r) => {
    let s = 0;
    for (let i = 0; i < r.length; i++) s += r[i] * r[i];
    return Math.sqrt(s);
  });
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      const a = rows[i], b = rows[j];
      for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
      const sim = norms[i] > 0 && norms[j] > 0 ? dot / (norms[i] * norms[j]) : 0;
      out[i * n + j] = out[j * n + i] = Math.max(0, 1 - sim);
    }
  }
  return out;
}

/** 1 − cosine similarity between the given rows of a sparse matrix (c-TF-IDF rows stay sparse: vocabularies are big). */
export function sparseCosineDistances(m: CsrMatrix, rows: readonly number[]): Float64Array {
  const n = rows.length;
  const dense = new Float64Array(m.cols);
  const norm = (r: number) => {
    let s = 0;
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) s += m.data[k] * m.data[k];
    return Math.sqrt(s);
  };
  const norms = rows.map(norm);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = rows[i];
    for (let k = m.indptr[ri]; k < m.indptr[ri + 1]; k++) dense[m.indices[k]] = m.data[k];
    for (let j = i + 1; j < n; j++) {
      const rj = rows[j];
      let dot = 0;
      for (let k = m.indptr[rj]; k < m.indptr[rj + 1]; k++) dot += dense[m.indices[k]] * m.data[k];
      const sim = norms[i] > 0 && norms[j] > 0 ? dot / (norms[i] * norms[j]) : 0;
      out[i * n + j] = out[j * n + i] = Math.max(0, 1 - sim);
    }
    for (let k = m.indptr[ri]; k < m.indptr[ri + 1]; k++) dense[m.indices[k]] = 0;
  }
  return out;
}
