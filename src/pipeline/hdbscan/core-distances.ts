// Core distances: the distance from each point to its k-th nearest neighbour, the point itself counted (hdbscan's
// Borůvka queries k = min_samples + 1 and takes the last column). The neighbour lists are kept because the first
// Borůvka round can be read straight off them.
import { throwIfAborted } from '../errors';
import { minDistSqToNode, type KdTree } from './kdtree';

export interface Neighbours {
  k: number;
  /** k original indices per point (original order), nearest first; column 0 is the point itself or a duplicate. */
  indices: Int32Array;
  /** Squared core distance per point, as hdbscan compares them (the sqrt'ed distance squared again). */
  coreSq: Float64Array;
  distanceEvaluations: number;
}

export function kNearest(t: KdTree, k: number, signal?: AbortSignal): Neighbours {
  const { n, dim, pts, idx, firstLeaf, start, end } = t;
  k = Math.min(k, n);
  const indices = new Int32Array(n * k);
  const coreSq = new Float64Array(n);
  const hd = new Float64Array(k);
  const hp = new Int32Array(k);
  let evals = 0;
  let q = 0; // tree position of the query

  const push = (d: number, p: number) => {
    // Max-heap on (distance, position): replace the root, sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      let c = l;
      if (r < k && (hd[r] > hd[l] || (hd[r] === hd[l] && hp[r] > hp[l]))) c = r;
      if (hd[c] < d || (hd[c] === d && hp[c] < p)) break;
      hd[i] = hd[c]; hp[i] = hp[c];
      i = c;
    }
    hd[i] = d; hp[i] = p;
  };

  const search = (node: number) => {
    if (node >= firstLeaf) {
      const qo = q * dim;
      for (let j = start[node], e = end[node]; j < e; j++) {
        const jo = j * dim;
        let s = 0;
        for (let d = 0; d < dim; d++) {
          const v = pts[qo + d] - pts[jo + d];
          s += v * v;
        }
        if (s < hd[0]) push(s, j);
      }
      evals += end[node] - start[node];
      return;
    }
    const l = 2 * node + 1, r = l + 1;
    const dl = minDistSqToNode(t, pts, q * dim, l);
    const dr = minDistSqToNode(t, pts, q * dim, r);
    if (dl <= dr) {
      if (dl < hd[0]) search(l);
      if (dr < hd[0]) search(r);
    } else {
      if (dr < hd[0]) search(r);
      if (dl < hd[0]) search(l);
    }
  };

  const order = new Int32Array(k);
  for (q = 0; q < n; q++) {
    if ((q & 1023) === 0) throwIfAborted(signal);
    hd.fill(Infinity);
    hp.fill(-1);
    search(0);
    for (let i = 0; i < k; i++) order[i] = i;
    // Insertion sort of k entries by (distance, original index).
    for (let i = 1; i < k; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= 0 && (hd[order[j]] > hd[v] || (hd[order[j]] === hd[v] && idx[hp[order[j]]] > idx[hp[v]]))) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
    const p = idx[q];
    for (let i = 0; i < k; i++) indices[p * k + i] = idx[hp[order[i]]];
    const core = Math.sqrt(hd[order[k - 1]]);
    coreSq[p] = core * core;
  }
  return { k, indices, coreSq, distanceEvaluations: evals };
}
