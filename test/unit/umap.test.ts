import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  umapFit, umapFitMany, fitGraph, buildFuzzyGraph, smoothKnnDist, findAbParams, optimizeLayout, spectralLayout,
  connectedComponents, multiComponentLayout, type FuzzyGraph,
} from '../../src/pipeline/umap/index';
import { symmetricEigen } from '../../src/pipeline/linalg/jacobi';
import { nearestNeighbors } from '../../src/pipeline/knn';
import { mulberry32, gaussian } from '../../src/pipeline/random';
import type { Matrix } from '../../src/pipeline/types';

function blobs(perBlob: number, dim: number, seed: number): { X: Matrix; labels: Int32Array } {
  const g = gaussian(mulberry32(seed));
  const n = perBlob * 3;
  const data = new Float32Array(n * dim), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    for (let d = 0; d < dim; d++) data[i * dim + d] = (d === c ? 10 : 0) + g();
  }
  return { X: { data, rows: n, dim }, labels };
}

/** Share of points whose nearest blob centroid in the embedding is their own blob's. */
function centroidAccuracy(Y: Matrix, labels: Int32Array): number {
  const cent = new Float64Array(3 * Y.dim), cnt = new Float64Array(3);
  for (let i = 0; i < Y.rows; i++) {
    cnt[labels[i]]++;
    for (let d = 0; d < Y.dim; d++) cent[labels[i] * Y.dim + d] += Y.data[i * Y.dim + d];
  }
  for (let c = 0; c < 3; c++) for (let d = 0; d < Y.dim; d++) cent[c * Y.dim + d] /= cnt[c];
  let ok = 0;
  for (let i = 0; i < Y.rows; i++) {
    let best = -1, bestD = Infinity;
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let d = 0; d < Y.dim; d++) s += (Y.data[i * Y.dim + d] - cent[c * Y.dim + d]) ** 2;
      if (s < bestD) [best, bestD] = [c, s];
    }
    if (best === labels[i]) ok++;
  }
  return ok / Y.rows;
}

/** Share of each point's 10 nearest embedding neighbours that share its blob. */
function neighbourPurity(Y: Matrix, labels: Int32Array): number {
  const g = nearestNeighbors(Y, 11, { seed: 1, metric: 'euclidean' });
  let same = 0;
  for (let i = 0; i < Y.rows; i++) for (let j = 1; j < 11; j++) if (labels[g.indices[i * 11 + j]] === labels[i]) same++;
  return same / (Y.rows * 10);
}

const base = { nNeighbors: 15, minDist: 0, metric: 'cosine' as const };

test('find_ab_params matches scipy curve_fit (min_dist 0.1 and 0, spread 1)', () => {
  const p1 = findAbParams(1, 0.1);
  assert.ok(Math.abs(p1.a - 1.576943) < 1e-4 && Math.abs(p1.b - 0.895061) < 1e-4, JSON.stringify(p1));
  const p0 = findAbParams(1, 0);
  assert.ok(Math.abs(p0.a - 1.932808) < 1e-4 && Math.abs(p0.b - 0.790495) < 1e-4, JSON.stringify(p0));
});

test('smooth_knn_dist hits log2(k) and the fuzzy graph is symmetric with weights in (0, 1]', () => {
  const { X } = blobs(100, 20, 1);
  const knn = nearestNeighbors(X, 15, { seed: 1, metric: 'cosine' });
  const { sigmas, rhos } = smoothKnnDist(knn, X.rows);
  for (let i = 0; i < X.rows; i++) {
    let psum = 0;
    for (let j = 1; j < 15; j++) psum += Math.exp(-Math.max(0, knn.distances[i * 15 + j] - rhos[i]) / sigmas[i]);
    assert.ok(Math.abs(psum - Math.log2(15)) < 1e-3, `row ${i}: ${psum}`);
    assert.equal(rhos[i], knn.distances[i * 15 + 1]);
  }
  const g = buildFuzzyGraph(knn, X.rows);
  const at = (i: number, j: number): number => {
    for (let e = g.rowPtr[i]; e < g.rowPtr[i + 1]; e++) if (g.cols[e] === j) return g.vals[e];
    return 0;
  };
  let edges = 0;
  for (let i = 0; i < g.n; i++) {
    for (let e = g.rowPtr[i]; e < g.rowPtr[i + 1]; e++) {
      const j = g.cols[e];
      assert.notEqual(j, i, 'no self loops');
      assert.ok(g.vals[e] > 0 && g.vals[e] <= 1, `weight ${g.vals[e]}`);
      assert.equal(at(j, i), g.vals[e], 'symmetric');
      if (e > g.rowPtr[i]) assert.ok(g.cols[e] > g.cols[e - 1], 'columns ascend');
      edges++;
    }
  }
  // Every point keeps its nearest neighbour at full membership (d − rho = 0 → 1).
  assert.equal(at(0, knn.indices[1]), 1);
  assert.ok(edges >= X.rows * 14, 'union has at least the directed edges');
});

test('three separated Gaussian blobs in 50-d stay separated in 5-d and 2-d', async () => {
  const { X, labels } = blobs(150, 50, 2);
  const [y5, y2] = await umapFitMany(X, { ...base, nComponents: 5, seed: 42 }, [5, 2]);
  assert.equal(y5.dim, 5);
  assert.equal(y2.dim, 2);
  for (const Y of [y5, y2]) {
    assert.ok(Y.data.every(Number.isFinite));
    assert.equal(centroidAccuracy(Y, labels), 1);
    assert.ok(neighbourPurity(Y, labels) > 0.99);
  }
});

test('same seed gives identical bytes; another seed gives another layout; fitMany[0] equals fit', async () => {
  const { X } = blobs(80, 20, 3);
  const o = { ...base, nComponents: 5, nEpochs: 100 };
  const a = await umapFit(X, { ...o, seed: 7 });
  const b = await umapFit(X, { ...o, seed: 7 });
  const c = await umapFit(X, { ...o, seed: 8 });
  const [m5, m2] = await umapFitMany(X, { ...o, seed: 7 }, [5, { nComponents: 2, minDist: 0.1 }]);
  assert.equal(m2.dim, 2);
  assert.deepEqual(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer));
  assert.notDeepEqual(Buffer.from(a.data.buffer), Buffer.from(c.data.buffer));
  assert.deepEqual(Buffer.from(a.data.buffer), Buffer.from(m5.data.buffer));
});

test('tiny inputs: trivial layout up to dims + 1 points, clamped k above, never a crash', async () => {
  for (const n of [0, 1, 2, 6]) {
    const { X } = blobs(1, 8, 4);
    const Xn = { data: new Float32Array(n * 8).map((_, i) => X.data[i % X.data.length] + i * 0.01), rows: n, dim: 8 };
    const Y = await umapFit(Xn, { ...base, nComponents: 5, seed: 1 });
    assert.equal(Y.rows, n);
    for (let i = 0; i < Math.min(n, 5); i++) assert.equal(Y.data[i * 5 + i], 10);
  }
  for (const n of [7, 10, 16]) {
    const g = gaussian(mulberry32(n));
    const Xn = { data: Float32Array.from({ length: n * 8 }, () => g()), rows: n, dim: 8 };
    const [y5, y2] = await umapFitMany(Xn, { ...base, nComponents: 5, seed: 1 }, [5, 2]);
    assert.equal(y5.data.length, n * 5);
    assert.equal(y2.data.length, n * 2);
    assert.ok(y5.data.every(Number.isFinite) && y2.data.every(Number.isFinite));
  }
});

test('an AbortSignal cancels the layout mid-run', async () => {
  const { X } = blobs(300, 20, 5);
  const ctrl = new AbortController();
  let epochs = 0;
  const p = umapFit(X, {
    ...base, nComponents: 5, seed: 1, nEpochs: 100000, signal: ctrl.signal,
    onProgress: (_m, done) => {
      if (done !== undefined && ++epochs === 1) ctrl.abort();
    },
  });
  await assert.rejects(p, (e: Error) => e.name === 'CancelledError' || e.name === 'AbortError');
  assert.ok(epochs >= 1);
});

test('spectral layout finds the leading eigenvectors of a ring and is used for connected graphs', async () => {
  // A ring of n vertices: M = D^-½WD^-½ has eigenvalues cos(2πk/n); the leading non-trivial pair is cos(2π/n).
  const n = 60;
  const rowPtr = new Int32Array(n + 1), cols = new Int32Array(2 * n), vals = new Float32Array(2 * n).fill(1);
  for (let i = 0; i < n; i++) {
    rowPtr[i] = 2 * i;
    const [a, b] = [(i + n - 1) % n, (i + 1) % n].sort((x, y) => x - y);
    cols[2 * i] = a;
    cols[2 * i + 1] = b;
  }
  rowPtr[n] = 2 * n;
  const ring: FuzzyGraph = { n, rowPtr, cols, vals };
  const v = await spectralLayout(ring, 2, { seed: 1, tolerance: 1e-8, maxOuter: 200 });
  assert.ok(v);
  for (let c = 0; c < 2; c++) {
    // Rayleigh quotient of each returned vector ≈ cos(2π/n); M x = (x[i−1] + x[i+1]) / 2 on the ring.
    let num = 0, den = 0;
    for (let i = 0; i < n; i++) {
      const mx = (v[((i + n - 1) % n) * 2 + c] + v[((i + 1) % n) * 2 + c]) / 2;
      num += v[i * 2 + c] * mx;
      den += v[i * 2 + c] ** 2;
    }
    assert.ok(Math.abs(num / den - Math.cos((2 * Math.PI) / n)) < 1e-6, `${num / den}`);
  }
  assert.equal(connectedComponents(ring).count, 1);
  const info: { init?: 'spectral' | 'random' } = {};
  await optimizeLayout(ring, { nComponents: 2, seed: 1, a: 1.93, b: 0.79, nEpochs: 20, info });
  assert.equal(info.init, 'spectral');
});

test('a disconnected graph gets a per-component spectral start and its components stay apart', async () => {
  const { X, labels } = blobs(60, 50, 6);
  // Far-apart blobs with k = 5 cannot link across blobs.
  const g = await fitGraph(X, { nNeighbors: 5, seed: 1, metric: 'euclidean' });
  assert.ok(connectedComponents(g).count > 1);
  const info: { init?: 'spectral' | 'random' } = {};
  const Y = await optimizeLayout(g, { nComponents: 2, seed: 1, a: 1.93, b: 0.79, nEpochs: 100, info, data: X });
  assert.equal(info.init, 'spectral');
  assert.ok(Y.data.every(Number.isFinite));
  assert.equal(centroidAccuracy(Y, labels), 1);
});

test('many components (more than 2 × dims) are placed by their data centroids', async () => {
  const g0 = gaussian(mulberry32(11));
  const groups = 12, per = 12, dim = 20;
  const data = new Float32Array(groups * per * dim);
  for (let i = 0; i < groups * per; i++) {
    const c = Math.floor(i / per);
    for (let d = 0; d < dim; d++) data[i * dim + d] = (d === c ? 50 : 0) + (d === 19 ? 5 * c : 0) + 0.1 * g0();
  }
  const X: Matrix = { data, rows: groups * per, dim };
  const g = await fitGraph(X, { nNeighbors: 5, seed: 1, metric: 'euclidean' });
  const comps = connectedComponents(g).count;
  assert.ok(comps > 4, `${comps} components`);
  const start = await multiComponentLayout(g, 2, 1, X);
  assert.ok(start.every(Number.isFinite));
  const [y5, y2] = await umapFitMany(X, { nNeighbors: 5, minDist: 0, metric: 'euclidean', seed: 1, nComponents: 5, nEpochs: 50 }, [5, 2]);
  assert.ok(y5.data.every(Number.isFinite) && y2.data.every(Number.isFinite));
});

test('Jacobi eigen-decomposition reconstructs a symmetric matrix', () => {
  const A = Float64Array.from([4, 1, 2, 1, 3, 0.5, 2, 0.5, 1]);
  const { values, vectors } = symmetricEigen(Float64Array.from(A), 3); // a copy: the solver destroys its input
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += vectors[r * 3 + k] * values[k] * vectors[c * 3 + k];
      assert.ok(Math.abs(s - A[r * 3 + c]) < 1e-10);
    }
  }
});

test('the SGD power approximation is within 1e-6 of Math.pow over the distances it sees', async () => {
  const { powPositive } = await import('../../src/pipeline/umap/optimize');
  for (let i = 0; i <= 2000; i++) {
    const x = Math.exp(-30 + (60 * i) / 2000);
    for (const b of [0.7905, 0.895, 1.33]) {
      const want = Math.pow(x, b);
      assert.ok(Math.abs(powPositive(x, b) - want) / want < 1e-6, `${x}^${b}`);
    }
  }
  assert.equal(powPositive(0, 0.79), 0);
});

test('tabulated gradient coefficients match the exact formulas within 2e-5', async () => {
  const { GradientTables } = await import('../../src/pipeline/umap/optimize');
  const t = new GradientTables(1.932808, 0.790495, 1);
  for (let i = 0; i <= 5000; i++) {
    const d2 = Math.exp(-25 + (40 * i) / 5000);
    const b = 0.790495, a = 1.932808;
    const att = (-2 * a * b * Math.pow(d2, b - 1)) / (1 + a * Math.pow(d2, b));
    const rep = (2 * b) / ((0.001 + d2) * (1 + a * Math.pow(d2, b)));
    assert.ok(Math.abs(t.attractive(d2) / att - 1) < 2e-5, `attractive at ${d2}`);
    assert.ok(Math.abs(t.repulsive(d2) / rep - 1) < 2e-5, `repulsive at ${d2}`);
  }
});

test('an already-aborted signal stops umapFit before any work', async () => {
  const { X } = blobs(50, 10, 8);
  const ctrl = new AbortController();
  ctrl.abort();
  await assert.rejects(umapFit(X, { ...base, nComponents: 5, seed: 1, signal: ctrl.signal }), (e: Error) => e.name === 'CancelledError' || e.name === 'AbortError');
});

test('the unrolled 5-d and 2-d SGD kernels follow the generic epoch to float32 rounding', async () => {
  const { runEpoch, GradientTables, epochsPerSample: eps } = await import('../../src/pipeline/umap/optimize');
  const { runEpoch5, runEpoch2 } = await import('../../src/pipeline/umap/sgd-kernels');
  const { X } = blobs(40, 10, 9);
  const g = await fitGraph(X, { nNeighbors: 10, seed: 1, metric: 'euclidean' });
  const head = new Int32Array(g.vals.length);
  for (let i = 0; i < g.n; i++) head.fill(i, g.rowPtr[i], g.rowPtr[i + 1]);
  const e = eps(g.vals, 50);
  for (const [dim, kernel] of [[5, runEpoch5], [2, runEpoch2]] as const) {
    const make = () => {
      const r = mulberry32(3);
      return {
        emb: Float32Array.from({ length: g.n * dim }, () => r() * 10), head, tail: g.cols, eps: e,
        epsNeg: Float64Array.from(e, (x) => x / 5), nextSample: Float64Array.from(e), nextNeg: Float64Array.from(e, (x) => x / 5),
        n: g.n, dim, a: 1.93, b: 0.79, gamma: 1, rng: mulberry32(4), coeffs: new GradientTables(1.93, 0.79, 1),
      };
    };
    const s1 = make(), s2 = make();
    // Epoch 1 is the first that samples edges (epoch 0 only waits). After one epoch rounding differences (float64
    // locals vs float32 stores) stay near rounding size; over many epochs the SGD amplifies them like any perturbation.
    for (const ep of [0, 1]) {
      runEpoch(s1, ep, 1);
      kernel(s2, ep, 1);
    }
    let worst = 0, moved = 0;
    for (let i = 0; i < s1.emb.length; i++) {
      worst = Math.max(worst, Math.abs(s1.emb[i] - s2.emb[i]));
      moved = Math.max(moved, Math.abs(s1.emb[i] - make().emb[i]));
    }
    assert.ok(moved > 0.1, 'the epochs moved points');
    assert.ok(worst < 1e-4, `${dim}-d kernel differs by ${worst}`);
  }
});
