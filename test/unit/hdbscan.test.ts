// Behaviour of our HDBSCAN on small constructed data: what the issue asks it to get right where hdbscan-ts failed,
// the two selection methods, probabilities, GLOSH, determinism, cancellation and bad arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hdbscan, renumberBySize } from '../../src/pipeline/hdbscan';
import { heapArgsort, numpyArgsort } from '../../src/pipeline/numpy-argsort';
import { buildKdTree } from '../../src/pipeline/hdbscan/kdtree';
import { kNearest } from '../../src/pipeline/hdbscan/core-distances';
import { boruvkaMst } from '../../src/pipeline/hdbscan/mst';
import { CancelledError, PipelineError } from '../../src/pipeline/errors';
import { gaussian, mulberry32 } from '../../src/pipeline/random';
import type { Matrix } from '../../src/pipeline/types';

/** Isotropic 2-d Gaussian blobs: [centre x, centre y, sd, count]. */
function blobs(specs: Array<[number, number, number, number]>, seed: number): Matrix {
  const g = gaussian(mulberry32(seed));
  const out: number[] = [];
  for (const [cx, cy, sd, m] of specs) for (let i = 0; i < m; i++) out.push(cx + sd * g(), cy + sd * g());
  return { data: new Float32Array(out), rows: out.length / 2, dim: 2 };
}

function counts(labels: Int32Array): Map<number, number> {
  const c = new Map<number, number>();
  for (const l of labels) c.set(l, (c.get(l) ?? 0) + 1);
  return c;
}

test('two clean 100-point blobs, min_cluster_size 10 → two clusters of 100, no noise', () => {
  const X = blobs([[0, 0, 0.5, 100], [10, 10, 0.5, 100]], 1);
  const { labels } = hdbscan(X, { minClusterSize: 10 });
  assert.deepEqual([...counts(labels).entries()].sort(), [[0, 100], [1, 100]]);
  // Each blob is one cluster: the first 100 share a label, the last 100 the other.
  assert.ok(labels.subarray(0, 100).every((l) => l === labels[0]));
  assert.ok(labels.subarray(100).every((l) => l === labels[100]));
  assert.notEqual(labels[0], labels[100]);
});

test('points far from every cluster are noise (-1) with high outlier scores', () => {
  const X = blobs([[0, 0, 0.5, 100], [10, 10, 0.5, 100], [50, -40, 0, 1], [-60, 30, 0, 1], [40, 80, 0, 1]], 2);
  const { labels, probabilities, outlierScores } = hdbscan(X, { minClusterSize: 10 });
  for (const i of [200, 201, 202]) {
    assert.equal(labels[i], -1, `point ${i}`);
    assert.equal(probabilities[i], 0);
    assert.ok(outlierScores[i] > 0.9, `outlier score ${outlierScores[i]}`);
  }
  assert.equal(counts(labels).get(-1), 3);
  let inlier = 0;
  for (let i = 0; i < 200; i++) inlier += outlierScores[i];
  assert.ok(inlier / 200 < 0.5, `mean inlier outlier score ${inlier / 200}`);
});

test('leaf and eom differ on nested structure; every leaf cluster lies inside one eom cluster', () => {
  // A broad blob with two tight cores in it, and a far blob: eom keeps the far blob whole, leaf splits it.
  const X = blobs([[0, 0, 0.05, 100], [0.6, 0, 0.05, 100], [0.3, 0, 0.5, 100], [10, 0, 0.3, 150]], 3);
  const eom = hdbscan(X, { minClusterSize: 10, method: 'eom' }).labels;
  const leaf = hdbscan(X, { minClusterSize: 10, method: 'leaf' }).labels;
  assert.notDeepEqual(eom, leaf);
  const nEom = Math.max(...eom) + 1, nLeaf = Math.max(...leaf) + 1;
  assert.ok(nLeaf > nEom, `leaf ${nLeaf} clusters, eom ${nEom}`);
  const far = new Set(eom.subarray(300));
  far.delete(-1);
  assert.equal(far.size, 1, 'eom: the far blob is one cluster');
  const inside = new Map<number, number>();
  for (let i = 0; i < X.rows; i++) {
    if (leaf[i] < 0) continue;
    assert.ok(eom[i] >= 0, `point ${i} is in a leaf cluster but eom noise`);
    const prev = inside.get(leaf[i]);
    if (prev === undefined) inside.set(leaf[i], eom[i]);
    else assert.equal(prev, eom[i], `leaf cluster ${leaf[i]} spans two eom clusters`);
  }
});

test('probabilities are in [0, 1], 0 for noise, and each cluster has core points at 1', () => {
  const X = blobs([[0, 0, 1, 150], [8, 0, 0.5, 80], [0, 9, 1.5, 120], [30, 30, 10, 40]], 4);
  const { labels, probabilities, outlierScores } = hdbscan(X, { minClusterSize: 15 });
  const k = Math.max(...labels) + 1;
  assert.ok(k >= 3, `${k} clusters`);
  const hasCore = new Uint8Array(k);
  for (let i = 0; i < X.rows; i++) {
    const p = probabilities[i];
    assert.ok(p >= 0 && p <= 1, `probability ${p}`);
    assert.ok(outlierScores[i] >= 0 && outlierScores[i] <= 1, `outlier score ${outlierScores[i]}`);
    if (labels[i] < 0) assert.equal(p, 0);
    else {
      assert.ok(p > 0);
      if (p === 1) hasCore[labels[i]] = 1;
    }
  }
  assert.ok(hasCore.every((x) => x === 1), 'a cluster without any probability-1 point');
});

test('deterministic: the same input gives identical output', () => {
  const X = blobs([[0, 0, 1, 300], [5, 1, 1, 300], [2, 6, 0.7, 200]], 5);
  const a = hdbscan(X, { minClusterSize: 12, minSamples: 5 });
  const b = hdbscan({ ...X, data: X.data.slice() }, { minClusterSize: 12, minSamples: 5 });
  assert.deepEqual(a.labels, b.labels);
  assert.deepEqual(a.probabilities, b.probabilities);
  assert.deepEqual(a.outlierScores, b.outlierScores);
  assert.equal(a.stats.distanceEvaluations, b.stats.distanceEvaluations);
});

test('allowSingleCluster lets the root win; epsilon merges clusters split below it', () => {
  // Two overlapping blobs: without the root as a candidate eom picks pieces, with it the whole. As in hdbscan 0.8.33,
  // a single root cluster keeps only points at least as dense as the root's last split.
  const one = blobs([[0, 0, 0.3, 200], [0.8, 0, 0.3, 200]], 6);
  const pieces = hdbscan(one, { minClusterSize: 20 }).labels;
  const single = hdbscan(one, { minClusterSize: 20, allowSingleCluster: true }).labels;
  assert.ok(Math.max(...pieces) >= 1, 'several clusters without allowSingleCluster');
  assert.equal(Math.max(...single), 0);
  const largestPiece = Math.max(...[...counts(pieces)].filter(([l]) => l >= 0).map(([, c]) => c));
  assert.ok(single.filter((l) => l === 0).length > largestPiece);

  const X = blobs([[0, 0, 0.2, 100], [1.5, 0, 0.2, 100], [30, 0, 0.2, 100]], 7);
  const plain = hdbscan(X, { minClusterSize: 10, method: 'leaf' }).labels;
  const merged = hdbscan(X, { minClusterSize: 10, method: 'leaf', epsilon: 5 }).labels;
  assert.equal(Math.max(...plain) + 1, 3);
  assert.equal(Math.max(...merged) + 1, 2);
  assert.equal(merged[0], merged[100], 'the two near blobs merge under epsilon');
  assert.notEqual(merged[0], merged[200]);
});

test('no quadratic work: distance evaluations on 4,000 points stay far below n²/2', () => {
  const X = blobs([[0, 0, 1, 1500], [6, 0, 1, 1500], [3, 5, 1.5, 1000]], 8);
  const { stats } = hdbscan(X, { minClusterSize: 15 });
  const n = X.rows;
  assert.ok(stats.distanceEvaluations > 0);
  assert.ok(stats.distanceEvaluations < (n * n) / 20, `${stats.distanceEvaluations} evaluations for n = ${n}`);
});

test('bad arguments are PipelineErrors; an aborted signal cancels', () => {
  const X = blobs([[0, 0, 1, 50]], 9);
  assert.throws(() => hdbscan(X, { minClusterSize: 1 }), PipelineError);
  assert.throws(() => hdbscan(X, { minClusterSize: 5, minSamples: 0 }), PipelineError);
  assert.throws(() => hdbscan(X, { minClusterSize: 5, epsilon: -1 }), PipelineError);
  const bad = { data: Float32Array.from([0, 0, NaN, 1]), rows: 2, dim: 2 };
  assert.throws(() => hdbscan(bad, { minClusterSize: 2 }), PipelineError);
  const ctl = new AbortController();
  ctl.abort();
  assert.throws(() => hdbscan(X, { minClusterSize: 5, signal: ctl.signal }), CancelledError);
});

test('degenerate inputs: 0 and 1 points are noise; duplicate points cluster without NaN', () => {
  assert.equal(hdbscan({ data: new Float32Array(0), rows: 0, dim: 3 }, { minClusterSize: 5 }).labels.length, 0);
  assert.deepEqual(Array.from(hdbscan({ data: new Float32Array(3), rows: 1, dim: 3 }, { minClusterSize: 5 }).labels), [-1]);
  // Identical points: zero distances, infinite λ — no NaN may leak into labels or probabilities.
  const dup = { data: new Float32Array(40), rows: 20, dim: 2 };
  const r = hdbscan(dup, { minClusterSize: 5, allowSingleCluster: true });
  assert.deepEqual(Array.from(r.labels), new Array(20).fill(0));
  assert.deepEqual(Array.from(r.probabilities), new Array(20).fill(1));
  assert.ok(hdbscan(dup, { minClusterSize: 5 }).labels.every((l) => l === -1));
  const twoPiles = { data: Float32Array.from({ length: 80 }, (_, i) => (i < 40 ? 0 : 10)), rows: 40, dim: 2 };
  assert.deepEqual(Array.from(hdbscan(twoPiles, { minClusterSize: 5 }).labels), [...new Array(20).fill(0), ...new Array(20).fill(1)]);
});

test('renumberBySize: 0 = largest, ties to the smaller original label, -1 kept', () => {
  const out = renumberBySize(Int32Array.from([2, 2, 0, 1, 1, -1, 3, 3, 3]));
  // sizes: 3→3, 1→2, 2→2, 0→1 ⇒ 3→0, 1→1, 2→2, 0→3
  assert.deepEqual(Array.from(out), [2, 2, 3, 1, 1, -1, 0, 0, 0]);
});

test('numpyArgsort sorts like numpy (ties in its order); its heapsort fallback sorts', () => {
  const g = mulberry32(10);
  const v = Float64Array.from({ length: 5000 }, () => Math.floor(g() * 50));
  const o = numpyArgsort(v);
  assert.deepEqual(Array.from(o).sort((a, b) => a - b), Array.from({ length: 5000 }, (_, i) => i));
  for (let i = 1; i < o.length; i++) assert.ok(v[o[i - 1]] <= v[o[i]]);
  // numpy 1.23: np.argsort(np.array([3., 1., 2., 1., 3., 0.])) → [5 1 3 2 0 4]
  assert.deepEqual(Array.from(numpyArgsort(Float64Array.from([3, 1, 2, 1, 3, 0]))), [5, 1, 3, 2, 0, 4]);
  const t = Int32Array.from({ length: 1000 }, (_, i) => i);
  heapArgsort(v, t, 0, 1000);
  for (let i = 1; i < 1000; i++) assert.ok(v[t[i - 1]] <= v[t[i]]);
});

/** O(n²) reference: core distances by sorting all distances, MST weight by dense Prim on mutual reachability. */
function bruteForceMst(X: Matrix, minSamples: number): { core: Float64Array; weight: number } {
  const n = X.rows, dim = X.dim;
  const dist = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (X.data[i * dim + d] - X.data[j * dim + d]) ** 2;
    return Math.sqrt(s);
  };
  const core = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ds = Array.from({ length: n }, (_, j) => dist(i, j)).sort((a, b) => a - b);
    core[i] = ds[minSamples]; // k = min_samples + 1 neighbours, the point itself included
  }
  const inTree = new Uint8Array(n), best = new Float64Array(n).fill(Infinity);
  let weight = 0, cur = 0;
  inTree[0] = 1;
  for (let step = 1; step < n; step++) {
    let next = -1;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const mr = Math.max(dist(cur, j), core[cur], core[j]);
      if (mr < best[j]) best[j] = mr;
      if (next < 0 || best[j] < best[next]) next = j;
    }
    weight += best[next];
    inTree[next] = 1;
    cur = next;
  }
  return { core, weight };
}

test('core distances and the Borůvka MST are exact (brute force), with ties and duplicate points', () => {
  const g = mulberry32(11);
  // Integer grid coordinates make mutual-reachability ties everywhere; some points repeat exactly.
  const grid = Float32Array.from({ length: 600 * 3 }, () => Math.floor(g() * 8));
  const cases: Array<[Matrix, number]> = [
    [blobs([[0, 0, 1, 250], [4, 1, 0.5, 250], [20, 20, 8, 100]], 12), 5],
    [blobs([[0, 0, 1, 250], [4, 1, 0.5, 250], [20, 20, 8, 100]], 12), 15],
    [{ data: grid, rows: 600, dim: 3 }, 4],
  ];
  for (const [X, ms] of cases) {
    const ref = bruteForceMst(X, ms);
    const tree = buildKdTree(X.data, X.rows, X.dim);
    const nb = kNearest(tree, ms + 1);
    for (let i = 0; i < X.rows; i++) assert.ok(Math.abs(Math.sqrt(nb.coreSq[i]) - ref.core[i]) < 1e-9, `core distance of ${i}`);
    const mst = boruvkaMst(tree, nb, ms);
    let weight = 0;
    const root = Int32Array.from({ length: X.rows }, (_, i) => i);
    const find = (x: number): number => (root[x] === x ? x : (root[x] = find(root[x])));
    for (let e = 0; e < mst.w.length; e++) {
      weight += mst.w[e];
      const ra = find(mst.a[e]), rb = find(mst.b[e]);
      assert.notEqual(ra, rb, `edge ${e} closes a cycle`);
      root[ra] = rb;
    }
    assert.equal(mst.w.length, X.rows - 1, 'n - 1 acyclic edges: a spanning tree');
    assert.ok(Math.abs(weight - ref.weight) < 1e-9 * Math.max(1, ref.weight), `MST weight ${weight} vs ${ref.weight}`);
  }
});
