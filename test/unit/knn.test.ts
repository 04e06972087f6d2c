import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestNeighbors, nearestNeighborsAsync } from '../../src/pipeline/knn';
import { mulberry32, gaussian } from '../../src/pipeline/random';
import type { Matrix } from '../../src/pipeline/types';
import { referenceFile, referenceMissing } from '../support/reference';

/** n points around `clusters` random centres in `dim` dimensions, with per-point noise. */
function clustered(n: number, dim: number, clusters: number, seed: number, spread = 0.6): Matrix {
  const g = gaussian(mulberry32(seed));
  const centres = Float32Array.from({ length: clusters * dim }, () => g() * 3);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    for (let d = 0; d < dim; d++) data[i * dim + d] = centres[c * dim + d] + spread * g();
  }
  return { data, rows: n, dim };
}

function recall(approx: Int32Array, exact: Int32Array, n: number, k: number): number {
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const truth = new Set(exact.subarray(i * k, (i + 1) * k));
    for (let j = 0; j < k; j++) if (truth.has(approx[i * k + j])) hit++;
  }
  return hit / (n * k);
}

test('NN-descent recall against brute force is at least 0.95 on 3k × 64 clustered data, sub-quadratically', () => {
  const X = clustered(3000, 64, 12, 1);
  const exact = nearestNeighbors(X, 15, { seed: 1, exactBelow: Infinity });
  const stats = { distanceEvaluations: 0 };
  const approx = nearestNeighbors(X, 15, { seed: 1, exactBelow: 0, stats });
  const r = recall(approx.indices, exact.indices, X.rows, 15);
  assert.ok(r >= 0.95, `recall ${r.toFixed(4)}`);
  // Regression guard without timing: brute force is n(n−1)/2 evaluations; NN-descent must stay well below.
  assert.ok(stats.distanceEvaluations < 0.6 * (X.rows * (X.rows - 1)) / 2, `${stats.distanceEvaluations} evaluations`);
});

test('each row starts with the point itself at distance 0 and ascends; cosine distances are 1 − cos', () => {
  const X = clustered(500, 16, 4, 2);
  for (const exactBelow of [0, Infinity]) {
    const g = nearestNeighbors(X, 10, { seed: 3, metric: 'cosine', exactBelow });
    assert.equal(g.k, 10);
    for (let i = 0; i < X.rows; i++) {
      assert.equal(g.indices[i * 10], i);
      assert.equal(g.distances[i * 10], 0);
      for (let j = 1; j < 10; j++) assert.ok(g.distances[i * 10 + j] >= g.distances[i * 10 + j - 1]);
    }
    // Check one pair against a direct cosine computation.
    const i = 7, q = g.indices[i * 10 + 3];
    let dot = 0, ni = 0, nq = 0;
    for (let d = 0; d < 16; d++) {
      const a = X.data[i * 16 + d], b = X.data[q * 16 + d];
      dot += a * b;
      ni += a * a;
      nq += b * b;
    }
    assert.ok(Math.abs(g.distances[i * 10 + 3] - (1 - dot / Math.sqrt(ni * nq))) < 1e-4);
  }
});

test('euclidean distances are true distances and brute force is exact', () => {
  const X = clustered(300, 8, 3, 4);
  const g = nearestNeighbors(X, 5, { seed: 1, metric: 'euclidean' });
  for (let i = 0; i < X.rows; i++) {
    const all: number[] = [];
    for (let j = 0; j < X.rows; j++) {
      let s = 0;
      for (let d = 0; d < 8; d++) s += (X.data[i * 8 + d] - X.data[j * 8 + d]) ** 2;
      all.push(Math.sqrt(s));
    }
    all.sort((a, b) => a - b);
    for (let j = 0; j < 5; j++) assert.ok(Math.abs(g.distances[i * 5 + j] - all[j]) < 1e-4);
  }
});

test('NN-descent is deterministic per seed; the async variant gives the same graph', async () => {
  const X = clustered(2000, 32, 8, 5, 2);
  const a = nearestNeighbors(X, 15, { seed: 9, exactBelow: 0 });
  const b = nearestNeighbors(X, 15, { seed: 9, exactBelow: 0 });
  const c = await nearestNeighborsAsync(X, 15, { seed: 9, exactBelow: 0 });
  assert.deepEqual(a.indices, b.indices);
  assert.deepEqual(a.distances, b.distances);
  assert.deepEqual(a.indices, c.indices);
});

test('k is clamped to n, and tiny inputs do not crash', () => {
  for (const n of [0, 1, 2, 5]) {
    const X = clustered(n, 4, 1, 6);
    const g = nearestNeighbors(X, 15, { seed: 1 });
    assert.equal(g.k, Math.max(1, n));
    assert.equal(g.indices.length, n * g.k);
    for (let i = 0; i < n; i++) assert.equal(g.indices[i * g.k], i);
  }
});

test('an aborted signal stops the async search', async () => {
  const X = clustered(6000, 32, 8, 7);
  const ctrl = new AbortController();
  const p = nearestNeighborsAsync(X, 15, { seed: 1, exactBelow: 0, signal: ctrl.signal });
  setImmediate(() => ctrl.abort());
  await assert.rejects(p, (e: Error) => e.name === 'CancelledError' || e.name === 'AbortError');
});

test('on the 15,038 × 128 reference embeddings NN-descent recall is at least 0.93 (sampled rows)', { skip: referenceMissing('embeddings.f32') }, async () => {
  const fs = await import('node:fs');
  const file = referenceFile('embeddings.f32');
  const buf = fs.readFileSync(file);
  const X: Matrix = { data: new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4), rows: buf.byteLength / 512, dim: 128 };
  const g = nearestNeighbors(X, 15, { seed: 42, metric: 'cosine' });
  let hit = 0;
  const rows = 200;
  for (let s = 0; s < rows; s++) {
    const i = Math.floor((s * X.rows) / rows);
    const d = new Float64Array(X.rows);
    for (let j = 0; j < X.rows; j++) {
      let dot = 0;
      for (let c = 0; c < 128; c++) dot += X.data[i * 128 + c] * X.data[j * 128 + c];
      d[j] = 1 - dot;
    }
    const cut = Float64Array.from(d).sort()[14];
    for (let a = 0; a < 15; a++) if (d[g.indices[i * 15 + a]] <= cut + 1e-6) hit++;
  }
  // 0.947 measured against exact search; umap-learn's pynndescent uses the same recipe and sizing.
  assert.ok(hit / (rows * 15) >= 0.93, `recall ${(hit / (rows * 15)).toFixed(4)}`);
});

test('cosine with zero vectors (LSA: a chunk of stop words only) follows pynndescent: 1 to every other vector, 0 to another zero vector', () => {
  for (const exactBelow of [4096, 0]) {
    const n = 60, dim = 4;
    const g = gaussian(mulberry32(3));
    const data = new Float32Array(n * dim);
    const zeros = new Set([5, 17, 40]);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = zeros.has(i) ? 0 : g();
    const k = 8;
    const r = nearestNeighbors({ data, rows: n, dim }, k, { metric: 'cosine', seed: 1, exactBelow });
    for (let i = 0; i < n; i++) {
      assert.equal(r.indices[i * k], i);
      for (let a = 1; a < k; a++) {
        const j = r.indices[i * k + a];
        const d = r.distances[i * k + a];
        if (zeros.has(i) && zeros.has(j)) assert.equal(d, 0, `zero ${i} – zero ${j}`);
        else if (zeros.has(i) || zeros.has(j)) assert.equal(d, 1, `${i} – ${j} with a zero vector`);
        else assert.ok(d >= 0 && d <= 2);
        if (a > 1) assert.ok(d >= r.distances[i * k + a - 1], 'ascending');
      }
    }
    for (const z of zeros) {
      assert.deepEqual(new Set(Array.from(r.indices.subarray(z * k, z * k + 3))), zeros, 'a zero row\'s nearest are the other zero rows');
    }
  }
});
