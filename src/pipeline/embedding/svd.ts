// Seeded randomized truncated SVD (Halko, Martinsson & Tropp 2011, Algorithm 4.4 with power iterations), the method
// scikit-learn's TruncatedSVD(algorithm='randomized') uses: n_oversamples 10, n_iter 5. Pure float64 JS arithmetic,
// so a seed gives the same bits on every machine. Dense blocks are row-major (n × l): every inner loop runs over
// the l ≈ 138 contiguous values of one row, which keeps the working set in cache.
import type { CsrMatrix } from './tfidf';
import { deriveSeed, gaussian, mulberry32 } from '../random';
import { symmetricEigen } from '../linalg/jacobi';

export { symmetricEigen };

export interface SvdOptions {
  seed: number;
  nOversamples?: number;
  nIter?: number;
}

export interface TruncatedSvd {
  /** Left singular vectors times singular values (what TruncatedSVD.fit_transform returns), row-major rows × k. */
  us: Float64Array;
  /** Singular values, descending. */
  s: Float64Array;
  k: number;
}

/**
 * Y = M X, with X (cols × l) and Y (rows × l) row-major. Four nonzeros are folded into each pass over Y's row, so the
 * row is loaded and stored a quarter as often (the products are ~40% of the SVD's time).
 */
function mulDense(m: CsrMatrix, x: Float64Array, l: number, y: Float64Array): void {
  const { rows, indptr, indices, data: values } = m;
  y.fill(0);
  for (let i = 0; i < rows; i++) {
    const yo = i * l;
    let p = indptr[i];
    const e = indptr[i + 1];
    for (; p + 3 < e; p += 4) {
      const v0 = values[p], v1 = values[p + 1], v2 = values[p + 2], v3 = values[p + 3];
      const o0 = indices[p] * l, o1 = indices[p + 1] * l, o2 = indices[p + 2] * l, o3 = indices[p + 3] * l;
      for (let c = 0; c < l; c++) y[yo + c] += v0 * x[o0 + c] + v1 * x[o1 + c] + v2 * x[o2 + c] + v3 * x[o3 + c];
    }
    for (; p < e; p++) {
      const v = values[p], xo = indices[p] * l;
      for (let c = 0; c < l; c++) y[yo + c] += v * x[xo + c];
    }
  }
}

/** Mᵀ as its own CSR matrix, so Mᵀ Y is a gather like M X instead of a scatter. */
export function transpose(m: CsrMatrix): CsrMatrix {
  const { rows, cols, indptr, indices, data: values } = m;
  const tp = new Int32Array(cols + 1);
  for (let p = 0; p < indices.length; p++) tp[indices[p] + 1]++;
  for (let j = 0; j < cols; j++) tp[j + 1] += tp[j];
  const next = tp.slice(0, cols);
  const ti = new Int32Array(indices.length), tv = new Float64Array(indices.length);
  for (let i = 0; i < rows; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const q = next[indices[p]]++;
      ti[q] = i;
      tv[q] = values[p];
    }
  }
  return { rows: cols, cols: rows, indptr: tp, indices: ti, data: tv };
}

/**
 * Σ a[ao+i]·b[bo+i] for i < n with four independent accumulators: V8 keeps floating-point order, so a single running
 * sum waits on each addition; four chains run ~2× faster. The order is fixed, so results stay bit-reproducible.
 */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[ao + i] * b[bo + i];
    s1 += a[ao + i + 1] * b[bo + i + 1];
    s2 += a[ao + i + 2] * b[bo + i + 2];
    s3 += a[ao + i + 3] * b[bo + i + 3];
  }
  for (; i < n; i++) s0 += a[ao + i] * b[bo + i];
  return (s0 + s1) + (s2 + s3);
}

/**
 * AᵀA (full symmetric l × l) for a row-major n × l block. Rows are copied in blocks into a column-major scratch so
 * every entry is a contiguous dot product accumulated in a register (twice as fast in V8 as row-wise updates).
 */
function gram(a: Float64Array, n: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  const B = 64;
  const t = new Float64Array(l * B);
  for (let i0 = 0; i0 < n; i0 += B) {
    const b = Math.min(B, n - i0);
    for (let i = 0; i < b; i++) for (let c = 0; c < l; c++) t[c * B + i] = a[(i0 + i) * l + c];
    for (let r = 0; r < l; r++) {
      const ro = r * B;
      for (let c = r; c < l; c++) {
        const co = c * B;
        g[r * l + c] += dot(t, ro, t, co, b);
      }
    }
  }
  for (let r = 0; r < l; r++) for (let c = 0; c < r; c++) g[r * l + c] = g[c * l + r];
  return g;
}

/**
 * out = A·W for a row-major n × l block A and an l × k matrix W given transposed (wt: k × l). Each row is copied
 * first, so out may be A itself (k ≤ l).
 */
function mulRowsByT(a: Float64Array, n: number, l: number, wt: Float64Array, k: number, out: Float64Array): void {
  const row = new Float64Array(l);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < l; j++) row[j] = a[i * l + j];
    const oo = i * k;
    for (let c = 0; c < k; c++) {
      const wo = c * l;
      out[oo + c] = dot(row, 0, wt, wo, l);
    }
  }
}

/**
 * Orthonormalises the l columns of a row-major n × l block in place by Cholesky QR (A = QR with RᵀR = AᵀA), `passes`
 * times: CholQR2 is as accurate as Householder QR when cond(A) ≲ 1e7, which holds here because we re-orthonormalise
 * after every power step, and unlike Gram–Schmidt it streams the block row by row (≈ 5× faster in JS on 15k × 138).
 * A direction whose pivot vanishes (the block has rank < l) becomes a zero column: it adds nothing to the range.
 */
export function orthonormalize(a: Float64Array, n: number, l: number, passes = 1): void {
  for (let pass = 0; pass < passes; pass++) {
    const g = gram(a, n, l);
    let maxDiag = 0;
    for (let j = 0; j < l; j++) maxDiag = Math.max(maxDiag, g[j * l + j]);
    const tol = 1e-12 * maxDiag;
    // R upper triangular, row-major; dropped pivots leave a zero row.
    const r = new Float64Array(l * l);
    const kept = new Uint8Array(l);
    for (let j = 0; j < l; j++) {
      let d = g[j * l + j];
      for (let k = 0; k < j; k++) if (kept[k]) d -= r[k * l + j] * r[k * l + j];
      if (!(d > tol) || maxDiag === 0) continue;
      kept[j] = 1;
      const rjj = Math.sqrt(d);
      r[j * l + j] = rjj;
      for (let i = j + 1; i < l; i++) {
        let s = g[j * l + i];
        for (let k = 0; k < j; k++) if (kept[k]) s -= r[k * l + j] * r[k * l + i];
        r[j * l + i] = s / rjj;
      }
    }
    // R⁻¹ (upper triangular) by back substitution, restricted to the kept pivots.
    const inv = new Float64Array(l * l);
    for (let j = l - 1; j >= 0; j--) {
      if (!kept[j]) continue;
      inv[j * l + j] = 1 / r[j * l + j];
      for (let c = j + 1; c < l; c++) {
        if (!kept[c]) continue;
        let s = 0;
        for (let k = j + 1; k <= c; k++) s += r[j * l + k] * inv[k * l + c];
        inv[j * l + c] = -s / r[j * l + j];
      }
    }
    // A ← A R⁻¹, with R⁻¹ transposed so each output is a contiguous dot product over its triangle only.
    const invT = new Float64Array(l * l);
    for (let r = 0; r < l; r++) for (let c = r; c < l; c++) invT[c * l + r] = inv[r * l + c];
    const row = new Float64Array(l);
    for (let i = 0; i < n; i++) {
      const o = i * l;
      for (let j = 0; j < l; j++) row[j] = a[o + j];
      for (let c = 0; c < l; c++) {
        const wo = c * l;
        a[o + c] = dot(row, 0, invT, wo, c + 1);
      }
    }
  }
}

/** The k leading singular triplets of a sparse matrix, returned as U·Σ (the LSA document vectors). */
export function randomizedSvd(m: CsrMatrix, k: number, opts: SvdOptions): TruncatedSvd {
  const steps = randomizedSvdSteps(m, k, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The share of the work the SVD has done after each of its steps, for progress reports. */
export const SVD_STEPS = (nIter: number) => nIter + 2;

/**
 * The same computation as randomizedSvd, yielding the number of finished steps after each expensive one, so a caller
 * can report progress and let the event loop run (an abort message, say) without changing a single bit of the result.
 */
export function* randomizedSvdSteps(m: CsrMatrix, k: number, opts: SvdOptions): Generator<number, TruncatedSvd, void> {
  const { rows, cols } = m;
  const l = Math.min(k + (opts.nOversamples ?? 10), rows, cols);
  k = Math.min(k, l);
  const nIter = opts.nIter ?? 5;
  if (k <= 0) return { us: new Float64Array(0), s: new Float64Array(0), k: 0 };

  const normal = gaussian(mulberry32(deriveSeed(opts.seed, 'randomized-svd')));
  const x = new Float64Array(cols * l);
  for (let i = 0; i < x.length; i++) x[i] = normal();
  const y = new Float64Array(rows * l);
  const mt = transpose(m);
  mulDense(m, x, l, y);
  // Power iterations sharpen the spectrum. Orthonormalising once per round trip (sklearn does it after each product,
  // with LU) is enough to keep small directions: between two normalisations the spread only grows by (σ1/σl)².
  for (let it = 0; it < nIter; it++) {
    orthonormalize(y, rows, l);
    mulDense(mt, y, l, x);
    mulDense(m, x, l, y);
    yield it + 1;
  }
  orthonormalize(y, rows, l, 2);
  // B = Qᵀ M is l × cols; its Gram matrix B Bᵀ (l × l) gives Uhat and Σ² without a dense SVD of B.
  mulDense(mt, y, l, x); // x = Bᵀ = Mᵀ Q, row-major cols × l
  const { values, vectors } = symmetricEigen(gram(x, cols, l), l);
  yield nIter + 1;
  const s = new Float64Array(k);
  for (let c = 0; c < k; c++) s[c] = Math.sqrt(Math.max(0, values[c]));

  // U = Q Uhat; the sign of each singular vector is arbitrary, so fix it (largest |entry| positive) for stable output.
  const vt = new Float64Array(k * l);
  for (let a = 0; a < l; a++) for (let c = 0; c < k; c++) vt[c * l + a] = vectors[a * l + c];
  const us = new Float64Array(rows * k);
  mulRowsByT(y, rows, l, vt, k, us);
  for (let c = 0; c < k; c++) {
    let best = 0, sign = 1;
    for (let i = 0; i < rows; i++) {
      const v = us[i * k + c];
      if (Math.abs(v) > best) { best = Math.abs(v); sign = v < 0 ? -1 : 1; }
    }
    const f = sign * s[c];
    for (let i = 0; i < rows; i++) us[i * k + c] *= f;
  }
  return { us, s, k };
}

/** Share of the matrix's total column variance the k components keep (sklearn's explained_variance_ratio_.sum()). */
export function explainedVarianceRatio(m: CsrMatrix, svd: TruncatedSvd): number {
  const { rows, cols, indices, data: values } = m;
  const sum = new Float64Array(cols), sq = new Float64Array(cols);
  for (let p = 0; p < indices.length; p++) {
    sum[indices[p]] += values[p];
    sq[indices[p]] += values[p] * values[p];
  }
  let total = 0;
  for (let j = 0; j < cols; j++) total += sq[j] / rows - (sum[j] / rows) ** 2;
  let kept = 0;
  const { us, k } = svd;
  for (let c = 0; c < k; c++) {
    let s1 = 0, s2 = 0;
    for (let i = 0; i < rows; i++) {
      const v = us[i * k + c];
      s1 += v;
      s2 += v * v;
    }
    kept += s2 / rows - (s1 / rows) ** 2;
  }
  return total > 0 ? kept / total : 0;
}
