// Single-linkage tree from MST edges, in scipy's linkage format as hdbscan's `label()` builds it: row i merges the
// clusters left[i] and right[i] (ids < n are points, n + j is the cluster row j made) at dist[i], size[i] points.
import { numpyArgsort } from '../numpy-argsort';

export interface SingleLinkage {
  n: number;
  left: Int32Array;
  right: Int32Array;
  dist: Float64Array;
  size: Int32Array;
}

/** Edges are taken by increasing weight in the order numpy's argsort gives hdbscan, ties included. */
export function singleLinkage(n: number, a: Int32Array, b: Int32Array, w: Float64Array): SingleLinkage {
  const m = w.length;
  const order = numpyArgsort(w);

  const left = new Int32Array(m), right = new Int32Array(m), size = new Int32Array(m);
  const dist = new Float64Array(m);
  const total = 2 * n - 1;
  const parent = new Int32Array(total).fill(-1);
  const ufSize = new Int32Array(total);
  for (let i = 0; i < n; i++) ufSize[i] = 1;
  let next = n;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== -1) r = parent[r];
    while (parent[x] !== -1 && parent[x] !== r) {
      const p = parent[x];
      parent[x] = r;
      x = p;
    }
    return r;
  };
  for (let i = 0; i < m; i++) {
    const e = order[i];
    const aa = find(a[e]), bb = find(b[e]);
    left[i] = aa;
    right[i] = bb;
    dist[i] = w[e];
    size[i] = ufSize[aa] + ufSize[bb];
    parent[aa] = next;
    parent[bb] = next;
    ufSize[next] = size[i];
    next++;
  }
  return { n, left, right, dist, size };
}
