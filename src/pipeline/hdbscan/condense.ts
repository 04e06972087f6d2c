// The condensed tree (hdbscan's condense_tree): walk the single-linkage tree breadth-first from the root; a split
// where both sides have ≥ min_cluster_size points makes two new clusters, otherwise the small side's points fall out
// of the current cluster at that λ = 1/distance. Cluster ids start at n (the root) and grow in visiting order, so a
// parent's id is always smaller than its children's — selection relies on that.
import type { SingleLinkage } from './linkage';

export interface CondensedTree {
  n: number;
  /** Number of clusters; cluster ids are n … n + clusters − 1, n is the root. */
  clusters: number;
  length: number;
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  childSize: Int32Array;
}

export function condenseTree(h: SingleLinkage, minClusterSize: number): CondensedTree {
  const n = h.n;
  const total = 2 * n - 1;
  const cap = n + 2 * n; // every point once, plus at most two rows per split
  const parent = new Int32Array(cap), child = new Int32Array(cap), childSize = new Int32Array(cap);
  const lambda = new Float64Array(cap);
  let len = 0;
  const push = (p: number, c: number, l: number, s: number) => {
    parent[len] = p; child[len] = c; lambda[len] = l; childSize[len] = s; len++;
  };
  if (n < 2) return { n, clusters: 1, length: 0, parent, child, lambda, childSize };

  const root = total - 1;
  const relabel = new Int32Array(total);
  const ignore = new Uint8Array(total);
  relabel[root] = n;
  let nextLabel = n + 1;
  const countOf = (node: number) => (node >= n ? h.size[node - n] : 1);

  // Breadth-first order of the whole hierarchy (hdbscan's bfs_from_hierarchy).
  const queue = new Int32Array(total);
  const sub = new Int32Array(total);
  let qLen = 0;
  queue[qLen++] = root;
  for (let qi = 0; qi < qLen; qi++) {
    const node = queue[qi];
    if (node >= n) {
      queue[qLen++] = h.left[node - n];
      queue[qLen++] = h.right[node - n];
    }
  }
  const dropSubtree = (top: number, into: number, lam: number) => {
    let sLen = 0;
    sub[sLen++] = top;
    for (let si = 0; si < sLen; si++) {
      const x = sub[si];
      ignore[x] = 1;
      if (x < n) push(into, x, lam, 1);
      else {
        sub[sLen++] = h.left[x - n];
        sub[sLen++] = h.right[x - n];
      }
    }
  };

  for (let qi = 0; qi < total; qi++) {
    const node = queue[qi];
    if (ignore[node] || node < n) continue;
    const row = node - n;
    const left = h.left[row], right = h.right[row];
    const d = h.dist[row];
    const lam = d > 0 ? 1 / d : Infinity;
    const lc = countOf(left), rc = countOf(right);
    const me = relabel[node];
    if (lc >= minClusterSize && rc >= minClusterSize) {
      relabel[left] = nextLabel++;
      push(me, relabel[left], lam, lc);
      relabel[right] = nextLabel++;
      push(me, relabel[right], lam, rc);
    } else if (lc < minClusterSize && rc < minClusterSize) {
      dropSubtree(left, me, lam);
      dropSubtree(right, me, lam);
    } else if (lc < minClusterSize) {
      relabel[right] = me;
      dropSubtree(left, me, lam);
    } else {
      relabel[left] = me;
      dropSubtree(right, me, lam);
    }
  }
  return { n, clusters: nextLabel - n, length: len, parent, child, lambda, childSize };
}
