import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orthonormalize, randomizedSvd, symmetricEigen } from '../../src/pipeline/embedding/svd';
import type { CsrMatrix } from '../../src/pipeline/embedding/tfidf';
import { gaussian, mulberry32 } from '../../src/pipeline/random';

// Dense helpers: row-major number[][] matrices.
type Dense = number[][];

function toCsr(a: Dense): CsrMatrix {
  const rows = a.length, cols = a[0].length;
  const indptr = new Int32Array(rows + 1);
  const idx: number[] = [], val: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) if (a[i][j] !== 0) { idx.push(j); val.push(a[i][j]); }
    indptr[i + 1] = idx.length;
  }
  return { rows, cols, indptr, indices: Int32Array.from(idx), data: Float64Array.from(val) };
}

/** Reference: one-sided Jacobi (Hestenes) SVD — rotates column pairs of A until all are orthogonal; σ = column norms. */
function jacobiSingularValues(a: Dense): number[] {
  const m = a.map((r) => [...r]);
  const rows = m.length, cols = m[0].length;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < rows; i++) {
          alpha += m[i][p] ** 2;
          beta += m[i][q] ** 2;
          gamma += m[i][p] * m[i][q];
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = m[i][p], y = m[i][q];
          m[i][p] = c * x - s * y;
          m[i][q] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const sv: number[] = [];
  for (let j = 0; j < cols; j++) sv.push(Math.sqrt(m.reduce((acc, r) => acc + r[j] ** 2, 0)));
  return sv.sort((x, y) => y - x);
}

function randomOrthonormal(n: number, k: number, seed: number): Dense {
  const g = gaussian(mulberry32(seed));
  const cols: number[][] = [];
  while (cols.length < k) {
    const v = Array.from({ length: n }, g);
    for (const u of cols) {
      const d = v.reduce((acc, x, i) => acc + x * u[i], 0);
      for (let i = 0; i < n; i++) v[i] -= d * u[i];
    }
    const nv = Math.hypot(...v);
    cols.push(v.map((x) => x / nv));
  }
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
}

/** A = U diag(σ) Vᵀ with random orthonormal U, V: a matrix whose singular values are known exactly. */
function withSpectrum(rows: number, cols: number, sigma: number[], seed: number): Dense {
  const u = randomOrthonormal(rows, sigma.length, seed), v = randomOrthonormal(cols, sigma.length, seed + 1);
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => sigma.reduce((acc, s, c) => acc + u[i][c] * s * v[j][c], 0)));
}

const SIGMA = [20, 12, 9, 7, 5, 3, 2, 1.5, 1, 0.8, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];

test('singular values match a one-sided Jacobi reference on a dense matrix with a known spectrum', () => {
  const a = withSpectrum(40, 25, SIGMA, 7);
  const ref = jacobiSingularValues(a);
  for (let i = 0; i < SIGMA.length; i++) assert.ok(Math.abs(ref[i] - SIGMA[i]) < 1e-9, 'the reference itself is right');
  const r = randomizedSvd(toCsr(a), 6, { seed: 42 });
  assert.equal(r.k, 6);
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(r.s[i] - ref[i]) < 1e-8 * ref[0], `σ${i}: ${r.s[i]} vs ${ref[i]}`);
});

test('U·Σ reproduces the row Gram matrix M Mᵀ when all components are kept (an unstructured sparse matrix)', () => {
  const rng = mulberry32(3), g = gaussian(rng);
  const a: Dense = Array.from({ length: 30 }, () => Array.from({ length: 12 }, () => (rng() < 0.4 ? g() : 0)));
  const ref = jacobiSingularValues(a);
  const r = randomizedSvd(toCsr(a), 12, { seed: 1 });
  for (let i = 0; i < 12; i++) assert.ok(Math.abs(r.s[i] - ref[i]) < 1e-9 * ref[0], `σ${i}`);
  for (let i = 0; i < 30; i++) {
    for (let j = 0; j < 30; j++) {
      let want = 0, got = 0;
      for (let c = 0; c < 12; c++) want += a[i][c] * a[j][c];
      for (let c = 0; c < r.k; c++) got += r.us[i * r.k + c] * r.us[j * r.k + c];
      assert.ok(Math.abs(want - got) < 1e-9, `(${i},${j}) ${got} vs ${want}`);
    }
  }
});

test('a rank-deficient matrix gives its true singular values then zeros, never NaN', () => {
  const a = withSpectrum(30, 20, [5, 3, 1], 11);
  const r = randomizedSvd(toCsr(a), 8, { seed: 5 });
  assert.ok(Math.abs(r.s[0] - 5) < 1e-9 && Math.abs(r.s[1] - 3) < 1e-9 && Math.abs(r.s[2] - 1) < 1e-9, `${r.s}`);
  for (let i = 3; i < 8; i++) assert.ok(r.s[i] < 1e-6, `σ${i} = ${r.s[i]}`);
  assert.ok(r.us.every(Number.isFinite));
  const zero = randomizedSvd(toCsr([[0, 0, 0], [0, 0, 0]]), 2, { seed: 1 });
  assert.ok(zero.us.every((x) => x === 0));
});

test('the same seed gives identical bits; another seed the same spectrum', () => {
  const m = toCsr(withSpectrum(50, 30, SIGMA, 21));
  const a = randomizedSvd(m, 5, { seed: 42 }), b = randomizedSvd(m, 5, { seed: 42 }), c = randomizedSvd(m, 5, { seed: 43 });
  assert.deepEqual(a.us, b.us);
  assert.notDeepEqual(a.us, c.us);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(a.s[i] - c.s[i]) < 1e-8);
  // The sign convention (largest |entry| of each column positive) makes the vectors seed-independent too.
  for (let i = 0; i < a.us.length; i++) assert.ok(Math.abs(a.us[i] - c.us[i]) < 1e-6);
});

test('orthonormalize: QᵀQ = I, and a dependent column becomes zero', () => {
  const n = 60, l = 8, g = gaussian(mulberry32(9));
  const q = Float64Array.from({ length: n * l }, g);
  for (let i = 0; i < n; i++) q[i * l + 5] = 2 * q[i * l + 1] - q[i * l + 3]; // column 5 depends on 1 and 3
  orthonormalize(q, n, l, 2);
  for (let a = 0; a < l; a++) {
    for (let b = 0; b < l; b++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += q[i * l + a] * q[i * l + b];
      const want = a === b && a !== 5 ? 1 : 0;
      assert.ok(Math.abs(d - want) < 1e-12, `(${a},${b}) = ${d}`);
    }
  }
});

test('symmetricEigen returns eigenpairs in descending order', () => {
  const m = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
  const { values, vectors } = symmetricEigen(Float64Array.from(m), 3);
  assert.ok(values[0] >= values[1] && values[1] >= values[2]);
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 3; r++) {
      let mv = 0;
      for (let k = 0; k < 3; k++) mv += m[r * 3 + k] * vectors[k * 3 + c];
      assert.ok(Math.abs(mv - values[c] * vectors[r * 3 + c]) < 1e-12);
    }
  }
  assert.ok(Math.abs(values[0] + values[1] + values[2] - 9) < 1e-12);
});
