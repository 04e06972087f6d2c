// A k-d tree in flat typed arrays, laid out like scikit-learn's BinaryTree (node i has children 2i+1 and 2i+2, every
// leaf at the same depth, splits at the middle of the index range), so the core-distance kNN and the Borůvka MST can
// prune by bounding box without any per-node objects.

export interface KdTree {
  readonly n: number;
  readonly dim: number;
  /** Points in tree order: row `pos` is the point `idx[pos]`; contiguous per leaf for cache-friendly scans. */
  readonly pts: Float64Array;
  /** Tree position → original point index. */
  readonly idx: Int32Array;
  readonly nNodes: number;
  /** First node index that is a leaf (all nodes ≥ this are leaves). */
  readonly firstLeaf: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Per node bounding box, `dim` values per node. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** Leaf size 13 = hdbscan's Borůvka tree (leaf_size 40 // 3): the same depth, so the same point sets per node. */
export function buildKdTree(data: Float32Array | Float64Array, n: number, dim: number, leafSize = 13): KdTree {
  const levels = n <= leafSize ? 1 : 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)));
  const nNodes = 2 ** levels - 1;
  const firstLeaf = (nNodes - 1) >> 1;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const start = new Int32Array(nNodes);
  const end = new Int32Array(nNodes);
  const lo = new Float64Array(nNodes * dim);
  const hi = new Float64Array(nNodes * dim);
  start[0] = 0;
  end[0] = n;
  for (let node = 0; node < nNodes; node++) {
    const s = start[node], e = end[node];
    const o = node * dim;
    for (let d = 0; d < dim; d++) {
      lo[o + d] = Infinity;
      hi[o + d] = -Infinity;
    }
    for (let i = s; i < e; i++) {
      const p = idx[i] * dim;
      for (let d = 0; d < dim; d++) {
        const v = data[p + d];
        if (v < lo[o + d]) lo[o + d] = v;
        if (v > hi[o + d]) hi[o + d] = v;
      }
    }
    if (node >= firstLeaf) continue;
    let best = 0, spread = -1;
    for (let d = 0; d < dim; d++) {
      const w = hi[o + d] - lo[o + d];
      if (w > spread) { spread = w; best = d; }
    }
    const mid = s + ((e - s) >> 1);
    quickselect(idx, data, dim, best, s, e - 1, mid);
    const l = 2 * node + 1;
    start[l] = s; end[l] = mid;
    start[l + 1] = mid; end[l + 1] = e;
  }
  const pts = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const p = idx[i] * dim;
    for (let d = 0; d < dim; d++) pts[i * dim + d] = data[p + d];
  }
  return { n, dim, pts, idx, nNodes, firstLeaf, start, end, lo, hi };
}

/** Reorders idx[left..right] so that idx[k] holds the point with the k-th smallest coordinate `d`. */
function quickselect(idx: Int32Array, data: ArrayLike<number>, dim: number, d: number, left: number, right: number, k: number): void {
  while (right > left) {
    const pivot = data[idx[(left + right) >> 1] * dim + d];
    let i = left, j = right;
    while (i <= j) {
      while (data[idx[i] * dim + d] < pivot) i++;
      while (data[idx[j] * dim + d] > pivot) j--;
      if (i <= j) {
        const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
        i++; j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** Squared distance from the point at pts[off..off+dim) to node's bounding box (0 inside). */
export function minDistSqToNode(t: KdTree, pts: Float64Array, off: number, node: number): number {
  const dim = t.dim, o = node * dim, lo = t.lo, hi = t.hi;
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const v = pts[off + d];
    const a = lo[o + d] - v;
    if (a > 0) s += a * a;
    else {
      const b = v - hi[o + d];
      if (b > 0) s += b * b;
    }
  }
  return s;
}
