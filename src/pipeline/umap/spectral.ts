// Spectral initialisation as umap-learn's spectral_layout: the eigenvectors of the symmetric normalised Laplacian
// L = I − D^-½ W D^-½ with the smallest non-trivial eigenvalues. eigsh is not available, so this finds the largest
// eigenvalues of M = D^-½ W D^-½ (same eigenvectors, λ_M = 1 − λ_L) by Chebyshev-filtered subspace iteration: the
// trivial eigenvector D^½·1 is projected out after every product, a degree-m Chebyshev polynomial damps the unwanted
// part of the spectrum [−1, cutoff], and Rayleigh–Ritz on the block extracts the eigenvectors. Memory is O(n·p).
import type { FuzzyGraph } from './fuzzy-graph';
import { mulberry32, gaussian } from '../random';
import { throwIfAborted } from '../errors';
import { symmetricEigen } from '../linalg/jacobi';

export interface SpectralOptions {
  seed: number;
  /** Block size beyond the wanted vectors: spare vectors speed convergence when eigenvalues cluster near 1. */
  guard?: number;
  maxOuter?: number;
  degree?: number;
  /** Stop when every wanted Ritz pair has ‖Mx − θx‖ below this (umap-learn's eigsh uses tol 1e-4 on eigenvalues). */
  tolerance?: number;
  /** Checked, with a yield to the event loop, every ~100 ms: at 100k points the solve takes seconds. */
  signal?: AbortSignal;
}

/**
 * Returns n × dim row-major eigenvector coordinates, or null when the graph is too small, has an isolated vertex, or
 * the iteration produced non-finite values (the caller then falls back to a random start, as umap-learn does).
 * The graph must be connected; the caller checks.
 */
export async function spectralLayout(g: FuzzyGraph, dim: number, opts: SpectralOptions): Promise<Float64Array | null> {
  const n = g.n;
  const p = Math.min(dim + (opts.guard ?? 4), n - 1);
  if (p < dim || n <= dim + 1) return null;
  const deg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let e = g.rowPtr[i]; e < g.rowPtr[i + 1]; e++) s += g.vals[e];
    if (!(s > 0)) return null;
    deg[i] = s;
  }
  const invSqrt = new Float64Array(n);
  for (let i = 0; i < n; i++) invSqrt[i] = 1 / Math.sqrt(deg[i]);
  const mvals = new Float64Array(g.vals.length);
  for (let i = 0; i < n; i++) {
    for (let e = g.rowPtr[i]; e < g.rowPtr[i + 1]; e++) mvals[e] = g.vals[e] * invSqrt[i] * invSqrt[g.cols[e]];
  }
  // v0 = D^½·1 normalised: the eigenvector of eigenvalue 1 (Laplacian 0), which umap-learn discards.
  const v0 = new Float64Array(n);
  let v0n = 0;
  for (let i = 0; i < n; i++) v0n += deg[i];
  for (let i = 0; i < n; i++) v0[i] = Math.sqrt(deg[i] / v0n);

  // Blocks are n × p row-major so one pass over the sparse rows serves all p vectors.
  const matmul = (src: Float64Array, dst: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let c = 0; c < p; c++) dst[o + c] = 0;
      for (let e = g.rowPtr[i]; e < g.rowPtr[i + 1]; e++) {
        const w = mvals[e], jo = g.cols[e] * p;
        for (let c = 0; c < p; c++) dst[o + c] += w * src[jo + c];
      }
    }
  };
  let lastYield = Date.now();
  const pause = async (): Promise<void> => {
    if (Date.now() - lastYield < 100) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield = Date.now();
    throwIfAborted(opts.signal);
  };
  const deflate = (x: Float64Array): void => {
    const dots = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) dots[c] += v0[i] * x[i * p + c];
    for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) x[i * p + c] -= dots[c] * v0[i];
  };

  const rand = gaussian(mulberry32(opts.seed));
  let X: Float64Array = new Float64Array(n * p);
  for (let i = 0; i < X.length; i++) X[i] = rand();
  deflate(X);
  if (!orthonormalize(X, n, p)) return null;
  let W: Float64Array = new Float64Array(n * p);
  let Y: Float64Array = new Float64Array(n * p), Z: Float64Array = new Float64Array(n * p);
  const degree = opts.degree ?? 12;
  const maxOuter = opts.maxOuter ?? 40;
  const tol = opts.tolerance ?? 1e-3;
  let theta: Float64Array = new Float64Array(p);
  for (let outer = 0; ; outer++) {
    // Rayleigh–Ritz on span(X).
    matmul(X, W);
    const H = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let a = 0; a < p; a++) for (let b = a; b < p; b++) H[a * p + b] += X[o + a] * W[o + b];
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) H[a * p + b] = H[b * p + a];
    // Eigenpairs come back descending (ties in index order), the order the wanted vectors take in the block.
    const { values, vectors } = symmetricEigen(H, p);
    theta = values;
    X = rotate(X, vectors, n, p);
    W = rotate(W, vectors, n, p);
    let worst = 0;
    for (let c = 0; c < dim; c++) {
      let r = 0;
      for (let i = 0; i < n; i++) {
        const d = W[i * p + c] - theta[c] * X[i * p + c];
        r += d * d;
      }
      worst = Math.max(worst, Math.sqrt(r));
    }
    if (!Number.isFinite(worst)) return null;
    if (worst < tol || outer >= maxOuter) break;
    // Chebyshev filter on [−1, cutoff]: the smallest Ritz value of the block bounds the part of the spectrum to damp.
    const lower = -1, cutoff = Math.max(theta[p - 1], lower + 1e-3);
    const e = (cutoff - lower) / 2, ctr = (cutoff + lower) / 2;
    // Y1 = (M − ctr)X / e, from W = MX already computed.
    for (let i = 0; i < n * p; i++) Y[i] = (W[i] - ctr * X[i]) / e;
    deflate(Y);
    let prev = X, cur = Y, next = Z;
    for (let k = 2; k <= degree; k++) {
      matmul(cur, next);
      for (let i = 0; i < n * p; i++) next[i] = (2 * (next[i] - ctr * cur[i])) / e - prev[i];
      deflate(next);
      [prev, cur, next] = [cur, next, prev];
      await pause();
    }
    X = cur;
    Y = prev;
    Z = next;
    if (!orthonormalize(X, n, p)) return null;
  }
  const out = new Float64Array(n * dim);
  for (let c = 0; c < dim; c++) {
    // Eigenvector signs are arbitrary; fix them so the largest-magnitude entry is positive.
    let best = 0;
    for (let i = 0; i < n; i++) if (Math.abs(X[i * p + c]) > Math.abs(best)) best = X[i * p + c];
    const s = best < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) out[i * dim + c] = s * X[i * p + c];
  }
  return out;
}

/** Modified Gram–Schmidt (twice, for stability) on the p columns of an n × p row-major block. */
function orthonormalize(X: Float64Array, n: number, p: number): boolean {
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < p; c++) {
      for (let b = 0; b < c; b++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += X[i * p + c] * X[i * p + b];
        for (let i = 0; i < n; i++) X[i * p + c] -= d * X[i * p + b];
      }
      let nr = 0;
      for (let i = 0; i < n; i++) nr += X[i * p + c] * X[i * p + c];
      nr = Math.sqrt(nr);
      if (!(nr > 1e-300) || !Number.isFinite(nr)) return false;
      for (let i = 0; i < n; i++) X[i * p + c] /= nr;
    }
  }
  return true;
}

function rotate(X: Float64Array, V: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let a = 0; a < p; a++) s += X[o + a] * V[a * p + c];
      out[o + c] = s;
    }
  }
  return out;
}
