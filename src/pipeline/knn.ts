// Approximate k-nearest neighbours for UMAP: random-projection trees seed an NN-descent graph, as pynndescent does
// for umap-learn. Typed arrays only, O(n·k) memory; brute force below a size where it is cheap and exact.
import type { Matrix } from './types';
import { mulberry32, deriveSeed, type Rng } from './random';
import { throwIfAborted } from './errors';
import { rowStore, type RowStore } from './row-store';

type Dot = RowStore['dot'];

export interface KnnGraph {
  /** Row-major n × k: row i's neighbours, itself first, ascending distance. */
  indices: Int32Array;
  distances: Float32Array;
  k: number;
}

export interface KnnOptions {
  seed: number;
  metric?: 'euclidean' | 'cosine';
  signal?: AbortSignal;
  /** Brute force when rows ≤ this (default 4096): exact, and at that size no slower than NN-descent. */
  exactBelow?: number;
  /** Counts distance evaluations, for the regression guard that NN-descent stays sub-quadratic. */
  stats?: { distanceEvaluations: number };
  /** Overrides of pynndescent's sizing (trees, candidates per round, rounds), for the bench's recall/time trade-off. */
  tuning?: { trees?: number; maxCandidates?: number; iterations?: number };
}

/** Synchronous kNN; the signal is checked between NN-descent rounds, which only helps when aborted from elsewhere. */
export function nearestNeighbors(X: Matrix, k: number, opts: KnnOptions): KnnGraph {
  const steps = knnSteps(X, k, opts);
  for (;;) {
    throwIfAborted(opts.signal);
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Same result as nearestNeighbors, yielding to the event loop between rounds so cancellation lands promptly. */
export async function nearestNeighborsAsync(X: Matrix, k: number, opts: KnnOptions): Promise<KnnGraph> {
  const steps = knnSteps(X, k, opts);
  for (;;) {
    throwIfAborted(opts.signal);
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(opts.signal);
  }
}

function* knnSteps(X: Matrix, kIn: number, opts: KnnOptions): Generator<void, KnnGraph, void> {
  const n = X.rows, dim = X.dim;
  // k counts the point itself (umap-learn's convention), so k ≤ n.
  const k = Math.max(1, Math.min(Math.floor(kIn), n));
  const cosine = opts.metric === 'cosine';
  // Cosine on unit vectors orders neighbours exactly as euclidean does, so both run on squared euclidean distances.
  const store = rowStore(n, dim);
  if (cosine) normalizeInto(X, store.data);
  else store.data.set(X.data.subarray(0, n * dim));
  const data = store.data, dot = store.dot;
  const stats = opts.stats;
  const norms = squaredNorms(data, n, dim);
  // pynndescent's cosine puts a zero vector (LSA: a chunk of stop words only) at 1 from every other vector and at 0
  // from another zero vector. Taking its squared norm as 1 puts it at squared distance 2 (cosine 1) from unit vectors
  // in every search below; finish() gives zero rows their zero-vector neighbours and those distances.
  let zero: Uint8Array | undefined;
  if (cosine) {
    for (let i = 0; i < n; i++) {
      if (norms[i] > 0) continue;
      zero ??= new Uint8Array(n);
      zero[i] = 1;
      norms[i] = 1;
    }
  }
  const heap = new NeighborHeap(n, k);
  const finish = (h: NeighborHeap, c: boolean) => finishGraph(h, c, zero);
  if (n === 0) return finish(heap, cosine);
  if (n <= (opts.exactBelow ?? 4096)) {
    yield* bruteForce(dot, norms, n, dim, heap, stats);
    return finish(heap, cosine);
  }
  const rng = mulberry32(deriveSeed(opts.seed, 'knn'));
  for (let i = 0; i < n; i++) heap.push(i, 0, i, 0);
  const nTrees = opts.tuning?.trees ?? Math.min(64, 5 + Math.round(Math.sqrt(n) / 20));
  const leafSize = Math.max(10, k);
  const order = new Int32Array(n);
  let evals = 0;
  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) order[i] = i;
    evals += rpTreeLeaves(store, norms, dim, order, leafSize, rng, heap);
    yield;
  }
  // Leaves smaller than k leave gaps; random points fill them so every row ends with k entries.
  for (let i = 0; i < n; i++) {
    let guard = 0;
    while (heap.size(i) < k && guard++ < 4 * k) {
      const q = Math.floor(rng() * n);
      heap.push(i, sqDist(dot, norms, i, q, dim), q, 1);
      evals++;
    }
  }
  const nIters = opts.tuning?.iterations ?? Math.max(5, Math.round(Math.log2(n)));
  const maxCandidates = opts.tuning?.maxCandidates ?? 60;
  const newCand = new Int32Array(n * maxCandidates), oldCand = new Int32Array(n * maxCandidates);
  const newPri = new Float32Array(n * maxCandidates), oldPri = new Float32Array(n * maxCandidates);
  const newCount = new Int32Array(n), oldCount = new Int32Array(n);
  for (let iter = 0; iter < nIters; iter++) {
    buildCandidates(heap, n, k, maxCandidates, rng, newCand, newPri, newCount, oldCand, oldPri, oldCount);
    yield;
    let updates = 0;
    // The join runs in a plain function per block of rows: V8 optimises it far better than a loop inside a generator.
    for (let i0 = 0; i0 < n; i0 += 1024) {
      const i1 = Math.min(n, i0 + 1024);
      const r = localJoin(dot, norms, dim, heap, i0, i1, maxCandidates, newCand, newCount, oldCand, oldCount);
      updates += r[0];
      evals += r[1];
      if (i1 < n) yield;
    }
    if (updates <= 0.001 * k * n) break;
  }
  if (stats) stats.distanceEvaluations += evals;
  return finish(heap, cosine);
}

const joinResult: [number, number] = [0, 0];

/** NN-descent's local join for rows [i0, i1): every new×new and new×old candidate pair updates both heaps. */
function localJoin(
  dot: Dot, norms: Float64Array, dim: number, heap: NeighborHeap, i0: number, i1: number, maxC: number,
  newCand: Int32Array, newCount: Int32Array, oldCand: Int32Array, oldCount: Int32Array,
): [number, number] {
  let updates = 0, evals = 0;
  for (let i = i0; i < i1; i++) {
    const nb = i * maxC, nc = newCount[i], oc = oldCount[i];
    for (let a = 0; a < nc; a++) {
      const p = newCand[nb + a];
      for (let b = a + 1; b < nc; b++) {
        const q = newCand[nb + b];
        const d = sqDist(dot, norms, p, q, dim);
        evals++;
        if (d < heap.worst(p)) updates += heap.push(p, d, q, 1);
        if (d < heap.worst(q)) updates += heap.push(q, d, p, 1);
      }
      for (let b = 0; b < oc; b++) {
        const q = oldCand[nb + b];
        if (q === p) continue;
        const d = sqDist(dot, norms, p, q, dim);
        evals++;
        if (d < heap.worst(p)) updates += heap.push(p, d, q, 1);
        if (d < heap.worst(q)) updates += heap.push(q, d, p, 1);
      }
    }
  }
  joinResult[0] = updates;
  joinResult[1] = evals;
  return joinResult;
}

/** All pairs within one RP-tree leaf seed both heaps; returns the distance evaluations. */
function leafJoin(dot: Dot, norms: Float64Array, dim: number, heap: NeighborHeap, order: Int32Array, start: number, end: number): number {
  let e = 0;
  for (let a = start; a < end; a++) {
    const p = order[a];
    for (let b = a + 1; b < end; b++) {
      const q = order[b];
      const d = sqDist(dot, norms, p, q, dim);
      e++;
      if (d < heap.worst(p)) heap.push(p, d, q, 1);
      if (d < heap.worst(q)) heap.push(q, d, p, 1);
    }
  }
  return e;
}

/**
 * pynndescent's new_build_candidates: each point's new and old neighbours, plus the reverse edges, sampled down to
 * maxCandidates by random priority; neighbours picked as "new" are marked old so the next round skips them.
 */
function buildCandidates(
  heap: NeighborHeap, n: number, k: number, maxC: number, rng: Rng,
  newCand: Int32Array, newPri: Float32Array, newCount: Int32Array,
  oldCand: Int32Array, oldPri: Float32Array, oldCount: Int32Array,
): void {
  newCount.fill(0);
  oldCount.fill(0);
  const idx = heap.idx, flag = heap.flag;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const q = idx[i * k + j];
      if (q < 0 || q === i) continue;
      const pri = rng();
      if (flag[i * k + j]) {
        candidatePush(newCand, newPri, newCount, maxC, i, q, pri);
        candidatePush(newCand, newPri, newCount, maxC, q, i, pri);
      } else {
        candidatePush(oldCand, oldPri, oldCount, maxC, i, q, pri);
        candidatePush(oldCand, oldPri, oldCount, maxC, q, i, pri);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const base = i * maxC, c = newCount[i];
    for (let j = 0; j < k; j++) {
      const q = idx[i * k + j];
      if (!flag[i * k + j]) continue;
      for (let a = 0; a < c; a++) {
        if (newCand[base + a] === q) {
          flag[i * k + j] = 0;
          break;
        }
      }
    }
  }
}

/** Bounded candidate list keeping the lowest random priorities (a max-heap on priority, no duplicates). */
function candidatePush(cand: Int32Array, pri: Float32Array, count: Int32Array, maxC: number, i: number, q: number, p: number): void {
  const base = i * maxC, c = count[i];
  for (let a = 0; a < c; a++) if (cand[base + a] === q) return;
  if (c < maxC) {
    let pos = c;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (pri[base + parent] >= p) break;
      pri[base + pos] = pri[base + parent];
      cand[base + pos] = cand[base + parent];
      pos = parent;
    }
    pri[base + pos] = p;
    cand[base + pos] = q;
    count[i] = c + 1;
    return;
  }
  if (p >= pri[base]) return;
  siftDown(pri, cand, null, base, maxC, p, q, 0);
}

/** Replaces the root of the max-heap at base with (p, q) and restores heap order. */
function siftDown(pri: Float32Array, idx: Int32Array, flag: Uint8Array | null, base: number, size: number, p: number, q: number, f: number): void {
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1, r = l + 1;
    let swap = pos;
    let swapPri = p;
    if (l < size && pri[base + l] > swapPri) {
      swap = l;
      swapPri = pri[base + l];
    }
    if (r < size && pri[base + r] > swapPri) swap = r;
    if (swap === pos) break;
    pri[base + pos] = pri[base + swap];
    idx[base + pos] = idx[base + swap];
    if (flag) flag[base + pos] = flag[base + swap];
    pos = swap;
  }
  pri[base + pos] = p;
  idx[base + pos] = q;
  if (flag) flag[base + pos] = f;
}

/** n fixed-size max-heaps on squared distance: the root is each row's current worst neighbour. */
class NeighborHeap {
  readonly idx: Int32Array;
  readonly dist: Float32Array;
  readonly flag: Uint8Array;
  private readonly count: Int32Array;

  constructor(readonly n: number, readonly k: number) {
    this.idx = new Int32Array(n * k).fill(-1);
    this.dist = new Float32Array(n * k).fill(Infinity);
    this.flag = new Uint8Array(n * k);
    this.count = new Int32Array(n);
  }

  size(i: number): number {
    return this.count[i];
  }

  worst(i: number): number {
    return this.count[i] < this.k ? Infinity : this.dist[i * this.k];
  }

  /** Returns 1 when the heap changed. */
  push(i: number, d: number, q: number, f: number): number {
    const k = this.k, base = i * k, idx = this.idx, dist = this.dist;
    const c = this.count[i];
    for (let a = 0; a < c; a++) if (idx[base + a] === q) return 0;
    if (c < k) {
      let pos = c;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (dist[base + parent] >= d) break;
        dist[base + pos] = dist[base + parent];
        idx[base + pos] = idx[base + parent];
        this.flag[base + pos] = this.flag[base + parent];
        pos = parent;
      }
      dist[base + pos] = d;
      idx[base + pos] = q;
      this.flag[base + pos] = f;
      this.count[i] = c + 1;
      return 1;
    }
    if (d >= dist[base]) return 0;
    siftDown(dist, idx, this.flag, base, k, d, q, f);
    return 1;
  }
}

function* bruteForce(dot: Dot, norms: Float64Array, n: number, dim: number, heap: NeighborHeap, stats?: { distanceEvaluations: number }): Generator<void, void, void> {
  for (let i = 0; i < n; i++) heap.push(i, 0, i, 0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = sqDist(dot, norms, i, j, dim);
      if (d < heap.worst(i)) heap.push(i, d, j, 0);
      if (d < heap.worst(j)) heap.push(j, d, i, 0);
    }
    if ((i & 255) === 255) yield;
  }
  if (stats) stats.distanceEvaluations += (n * (n - 1)) / 2;
}

/**
 * Builds one random-projection tree by partitioning `order` in place (no per-node allocation) and calls `leaf` for
 * each leaf's pairs. The hyperplane bisects two random points of the node, as in pynndescent's euclidean split.
 */
function rpTreeLeaves(
  store: RowStore, norms: Float64Array, dim: number, order: Int32Array, leafSize: number, rng: Rng, heap: NeighborHeap,
): number {
  const stack: number[] = [0, order.length];
  const { data, dot, normal, normalPtr, margin } = store;
  let evals = 0;
  while (stack.length) {
    const end = stack.pop() as number, start = stack.pop() as number;
    const size = end - start;
    if (size <= leafSize) {
      evals += leafJoin(dot, norms, dim, heap, order, start, end);
      continue;
    }
    const a = order[start + Math.floor(rng() * size)];
    let b = order[start + Math.floor(rng() * (size - 1))];
    if (b === a) b = order[end - 1];
    let offset = 0;
    for (let d = 0; d < dim; d++) {
      const x = data[a * dim + d], y = data[b * dim + d];
      normal[d] = x - y;
      offset -= (normal[d] * (x + y)) / 2;
    }
    let lo = start, hi = end - 1;
    while (lo <= hi) {
      const p = order[lo];
      const m = margin(p, dim, normalPtr, offset);
      const left = m > 1e-8 ? true : m < -1e-8 ? false : rng() < 0.5;
      if (left) lo++;
      else {
        order[lo] = order[hi];
        order[hi] = p;
        hi--;
      }
    }
    let mid = lo;
    // Duplicates or a degenerate plane put everything on one side; halve instead so the tree still terminates.
    if (mid === start || mid === end) mid = start + (size >> 1);
    stack.push(start, mid, mid, end);
  }
  return evals;
}

/**
 * Squared euclidean distance as |a|² + |b|² − 2a·b: a bare dot product is the cheapest inner loop (SIMD where the
 * runtime has it, see row-store.ts), and the cancellation error (≈1e-7 relative) is far below the gaps that decide
 * neighbour order in practice.
 */
function sqDist(dot: Dot, norms: Float64Array, p: number, q: number, dim: number): number {
  const r = norms[p] + norms[q] - 2 * dot(p, q, dim);
  return r > 0 ? r : 0;
}

function squaredNorms(x: Float32Array, n: number, dim: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += x[i * dim + d] * x[i * dim + d];
    out[i] = s;
  }
  return out;
}

function normalizeInto(X: Matrix, out: Float32Array): void {
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    const o = i * X.dim;
    for (let d = 0; d < X.dim; d++) s += X.data[o + d] * X.data[o + d];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < X.dim; d++) out[o + d] = X.data[o + d] * inv;
  }
}

/**
 * Sorts each row ascending, puts the point itself first, and converts squared euclidean to the metric's distance:
 * euclidean → sqrt; cosine → 1 − cos = d²/2 on unit vectors, which is what pynndescent hands umap-learn.
 */
function finishGraph(heap: NeighborHeap, cosine: boolean, zero?: Uint8Array): KnnGraph {
  const { n, k } = heap;
  const indices = new Int32Array(n * k), distances = new Float32Array(n * k);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * k;
    order.length = 0;
    for (let a = 0; a < k; a++) if (heap.idx[base + a] >= 0) order.push(a);
    order.sort((a, b) => heap.dist[base + a] - heap.dist[base + b] || heap.idx[base + a] - heap.idx[base + b]);
    const self = order.findIndex((a) => heap.idx[base + a] === i);
    if (self > 0) order.unshift(order.splice(self, 1)[0]);
    for (let a = 0; a < k; a++) {
      if (a >= order.length) {
        indices[base + a] = -1;
        distances[base + a] = Infinity;
        continue;
      }
      const d2 = a === 0 ? 0 : Math.max(0, heap.dist[base + order[a]]);
      indices[base + a] = heap.idx[base + order[a]];
      distances[base + a] = cosine ? d2 / 2 : Math.sqrt(d2);
      if (zero && a > 0 && (zero[i] || zero[indices[base + a]])) distances[base + a] = 1;
    }
  }
  if (zero) zeroNeighbours(indices, distances, k, zero);
  return { indices, distances, k };
}

/** Each zero row's neighbours: itself, the other zero rows (distance 0, by index), then what the search found (1). */
function zeroNeighbours(indices: Int32Array, distances: Float32Array, k: number, zero: Uint8Array): void {
  const zeros: number[] = [];
  for (let i = 0; i < zero.length; i++) if (zero[i]) zeros.push(i);
  for (const i of zeros) {
    const base = i * k;
    const found = Array.from(indices.subarray(base + 1, base + k)).filter((j) => j >= 0 && !zero[j]);
    const list = [i, ...zeros.filter((j) => j !== i).slice(0, k - 1), ...found].slice(0, k);
    for (let a = 0; a < k; a++) {
      indices[base + a] = a < list.length ? list[a] : -1;
      distances[base + a] = a < list.length ? (zero[list[a]] ? 0 : 1) : Infinity;
    }
  }
}
