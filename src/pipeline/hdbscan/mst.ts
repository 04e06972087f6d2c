// Exact minimum spanning tree of the mutual-reachability graph by Borůvka rounds over the k-d tree, following
// hdbscan's KDTreeBoruvkaAlgorithm (approx_min_span_tree=False): round one is read off the core-distance neighbour
// lists, later rounds search the tree per point for the nearest point of another component. Memory is O(n): the
// graph is never materialised, subtrees that lie wholly in the query's component or cannot beat its current best
// edge are pruned.
import { throwIfAborted } from '../errors';
import { minDistSqToNode, type KdTree } from './kdtree';
import type { Neighbours } from './core-distances';

export interface SpanningTree {
  /** Edge i joins a[i] and b[i] (original indices) at mutual-reachability distance w[i]; n − 1 edges. */
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
  distanceEvaluations: number;
}

/** hdbscan's BoruvkaUnionFind: union by rank, path halving; the root ids decide the order edges are added in. */
class BoruvkaUnionFind {
  readonly parent: Int32Array;
  readonly rank: Uint8Array;
  readonly isComponent: Uint8Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.rank = new Uint8Array(n);
    this.isComponent = new Uint8Array(n).fill(1);
  }
  find(x: number): number {
    const p = this.parent;
    let xp = p[x];
    while (xp !== x) {
      const g = p[xp];
      p[x] = g;
      x = xp;
      xp = g;
    }
    return x;
  }
  union(x: number, y: number): void {
    const xr = this.find(x), yr = this.find(y);
    if (xr === yr) return;
    if (this.rank[xr] < this.rank[yr]) {
      this.parent[xr] = yr;
      this.isComponent[xr] = 0;
    } else if (this.rank[xr] > this.rank[yr]) {
      this.parent[yr] = xr;
      this.isComponent[yr] = 0;
    } else {
      this.rank[xr]++;
      this.parent[yr] = xr;
      this.isComponent[yr] = 0;
    }
  }
  components(): Int32Array {
    let c = 0;
    for (let i = 0; i < this.isComponent.length; i++) c += this.isComponent[i];
    const out = new Int32Array(c);
    for (let i = 0, j = 0; i < this.isComponent.length; i++) if (this.isComponent[i]) out[j++] = i;
    return out;
  }
}

export function boruvkaMst(t: KdTree, nb: Neighbours, minSamples: number, signal?: AbortSignal): SpanningTree {
  const { n, dim, pts, idx, nNodes, firstLeaf, start, end } = t;
  const a = new Int32Array(Math.max(0, n - 1));
  const b = new Int32Array(Math.max(0, n - 1));
  const w = new Float64Array(Math.max(0, n - 1));
  let numEdges = 0;
  let evals = 0;
  if (n < 2) return { a, b, w, distanceEvaluations: 0 };

  const uf = new BoruvkaUnionFind(n);
  const coreSq = nb.coreSq;
  const corePos = new Float64Array(n);
  for (let j = 0; j < n; j++) corePos[j] = coreSq[idx[j]];
  const minCoreOfNode = new Float64Array(nNodes);
  for (let node = nNodes - 1; node >= 0; node--) {
    if (node >= firstLeaf) {
      let m = Infinity;
      for (let j = start[node]; j < end[node]; j++) if (corePos[j] < m) m = corePos[j];
      minCoreOfNode[node] = m;
    } else {
      minCoreOfNode[node] = Math.min(minCoreOfNode[2 * node + 1], minCoreOfNode[2 * node + 2]);
    }
  }

  const candDist = new Float64Array(n).fill(Infinity);
  const candP = new Int32Array(n).fill(-1);
  const candQ = new Int32Array(n).fill(-1);
  const compPos = new Int32Array(n);
  const compOfNode = new Int32Array(nNodes);
  let components: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) components[i] = i;

  // Round one: a point's cheapest edge costs its own core distance, reached by the first of its core neighbours whose
  // core distance is not larger.
  const k = nb.k;
  const ms = Math.min(minSamples, k - 1);
  for (let p = 0; p < n; p++) {
    for (let i = 1; i <= ms; i++) {
      const m = nb.indices[p * k + i];
      if (coreSq[m] <= coreSq[p]) {
        candP[p] = p;
        candQ[p] = m;
        candDist[p] = coreSq[p];
        break;
      }
    }
  }

  const updateComponents = (): number => {
    for (let ci = 0; ci < components.length; ci++) {
      const c = components[ci];
      const source = candP[c], sink = candQ[c];
      if (source === -1 || sink === -1) continue;
      if (uf.find(source) === uf.find(sink)) {
        candP[c] = -1; candQ[c] = -1; candDist[c] = Infinity;
        continue;
      }
      a[numEdges] = source;
      b[numEdges] = sink;
      w[numEdges] = Math.sqrt(candDist[c]);
      numEdges++;
      uf.union(source, sink);
      candDist[c] = Infinity;
      if (numEdges === n - 1) {
        components = uf.components();
        return components.length;
      }
    }
    for (let j = 0; j < n; j++) compPos[j] = uf.find(idx[j]);
    for (let node = nNodes - 1; node >= 0; node--) {
      if (node >= firstLeaf) {
        const c0 = compPos[start[node]];
        let same = true;
        for (let j = start[node] + 1; j < end[node]; j++) if (compPos[j] !== c0) { same = false; break; }
        compOfNode[node] = same ? c0 : -1;
      } else {
        const l = compOfNode[2 * node + 1];
        compOfNode[node] = l >= 0 && l === compOfNode[2 * node + 2] ? l : -1;
      }
    }
    components = uf.components();
    return components.length;
  };

  let qPos = 0, qOff = 0, qComp = 0, qCore = 0;
  const search = (node: number) => {
    if (compOfNode[node] === qComp) return;
    let best = candDist[qComp];
    if (minCoreOfNode[node] >= best) return;
    if (node >= firstLeaf) {
      for (let j = start[node], e = end[node]; j < e; j++) {
        if (compPos[j] === qComp) continue;
        const cq = corePos[j];
        if (cq >= best) continue;
        const jo = j * dim;
        let s = 0;
        for (let d = 0; d < dim; d++) {
          const v = pts[qOff + d] - pts[jo + d];
          s += v * v;
        }
        evals++;
        const mr = s > qCore ? (s > cq ? s : cq) : (qCore > cq ? qCore : cq);
        if (mr < best) {
          best = mr;
          candDist[qComp] = mr;
          candP[qComp] = idx[qPos];
          candQ[qComp] = idx[j];
        }
      }
      return;
    }
    const l = 2 * node + 1, r = l + 1;
    const dl = minDistSqToNode(t, pts, qOff, l);
    const dr = minDistSqToNode(t, pts, qOff, r);
    if (dl <= dr) {
      if (dl < candDist[qComp]) search(l);
      if (dr < candDist[qComp]) search(r);
    } else {
      if (dr < candDist[qComp]) search(r);
      if (dl < candDist[qComp]) search(l);
    }
  };

  let numComponents = updateComponents();
  while (numComponents > 1) {
    throwIfAborted(signal);
    for (qPos = 0; qPos < n; qPos++) {
      if ((qPos & 4095) === 0) throwIfAborted(signal);
      qComp = compPos[qPos];
      qCore = corePos[qPos];
      if (qCore >= candDist[qComp]) continue;
      qOff = qPos * dim;
      search(0);
    }
    numComponents = updateComponents();
  }
  return { a, b, w, distanceEvaluations: evals };
}
