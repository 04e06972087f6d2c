// Cluster selection on the condensed tree, as hdbscan's compute_stability / get_clusters / do_labelling /
// get_probabilities: excess of mass (or leaves), optional cluster_selection_epsilon merging, labels numbered by
// ascending cluster id, membership probability = the point's λ (capped at its cluster's largest λ) over that λ.
import type { CondensedTree } from './condense';

export interface Selection {
  labels: Int32Array;
  probabilities: Float32Array;
}

export interface SelectOptions {
  method: 'eom' | 'leaf';
  epsilon: number;
  allowSingleCluster: boolean;
}

/** Per-cluster facts indexed by cluster id − n. */
interface ClusterInfo {
  parent: Int32Array; // parent cluster index, −1 for the root
  birth: Float64Array; // λ at which the cluster appears (0 for the root)
  stability: Float64Array;
  death: Float64Array; // largest λ among the cluster's own rows (hdbscan's max_lambdas)
  hasChildCluster: Uint8Array;
}

function clusterInfo(t: CondensedTree): ClusterInfo {
  const K = t.clusters, n = t.n;
  const parent = new Int32Array(K).fill(-1);
  const birth = new Float64Array(K);
  const stability = new Float64Array(K);
  const death = new Float64Array(K);
  const hasChildCluster = new Uint8Array(K);
  for (let i = 0; i < t.length; i++) {
    const c = t.child[i];
    if (c >= n) {
      parent[c - n] = t.parent[i] - n;
      birth[c - n] = t.lambda[i];
      hasChildCluster[t.parent[i] - n] = 1;
    }
  }
  for (let i = 0; i < t.length; i++) {
    const p = t.parent[i] - n;
    const l = t.lambda[i];
    stability[p] += (l - birth[p]) * t.childSize[i];
    if (l > death[p]) death[p] = l;
  }
  return { parent, birth, stability, death, hasChildCluster };
}

export function selectClusters(t: CondensedTree, opts: SelectOptions): Selection {
  const n = t.n, K = t.clusters;
  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float32Array(n);
  if (t.length === 0) return { labels, probabilities };
  const info = clusterInfo(t);
  const selected = new Uint8Array(K);
  const hasClusterTree = K > 1;

  if (opts.method === 'eom') {
    // Children have larger ids than parents, so a descending sweep sees every subtree before its root.
    const stab = Float64Array.from(info.stability);
    const childSum = new Float64Array(K);
    const kept = new Uint8Array(K);
    const last = opts.allowSingleCluster ? 0 : 1;
    for (let c = K - 1; c >= last; c--) {
      if (info.hasChildCluster[c] && childSum[c] > stab[c]) stab[c] = childSum[c];
      else kept[c] = 1;
      if (c > 0) childSum[info.parent[c]] += stab[c];
    }
    // A kept cluster is selected unless an ancestor was kept too (that ancestor's selection deselects it).
    const ancestorKept = new Uint8Array(K);
    for (let c = 0; c < K; c++) {
      const p = info.parent[c];
      if (p >= 0) ancestorKept[c] = ancestorKept[p] | kept[p];
      selected[c] = kept[c] && !ancestorKept[c] ? 1 : 0;
    }
    if (opts.epsilon !== 0 && hasClusterTree) {
      const eom: number[] = [];
      for (let c = 0; c < K; c++) if (selected[c]) eom.push(c);
      selected.fill(0);
      if (eom.length === 1 && eom[0] === 0) {
        if (opts.allowSingleCluster) selected[0] = 1;
      } else {
        for (const c of epsilonSearch(eom, info, opts.epsilon, opts.allowSingleCluster)) selected[c] = 1;
      }
    }
  } else {
    const leaves: number[] = [];
    for (let c = 1; c < K; c++) if (!info.hasChildCluster[c]) leaves.push(c);
    const chosen = opts.epsilon !== 0 ? epsilonSearch(leaves, info, opts.epsilon, opts.allowSingleCluster) : leaves;
    for (const c of chosen) selected[c] = 1;
  }

  // Label numbers follow ascending cluster id, as hdbscan's cluster_map does.
  const labelOf = new Int32Array(K).fill(-1);
  let numSelected = 0;
  for (let c = 0; c < K; c++) if (selected[c]) labelOf[c] = numSelected++;
  // Each cluster's nearest selected ancestor-or-self (0 = root when none).
  const target = new Int32Array(K);
  for (let c = 0; c < K; c++) target[c] = selected[c] || c === 0 ? c : target[info.parent[c]];

  const singleRoot = numSelected === 1 && selected[0] === 1 && opts.allowSingleCluster;
  for (let i = 0; i < t.length; i++) {
    const point = t.child[i];
    if (point >= n) continue;
    const lam = t.lambda[i];
    const c = target[t.parent[i] - n];
    let label = -1;
    if (c !== 0) label = labelOf[c];
    else if (singleRoot) {
      const threshold = opts.epsilon !== 0 ? 1 / opts.epsilon : info.death[0];
      if (lam >= threshold) label = labelOf[0];
    }
    labels[point] = label;
    if (label < 0) continue;
    const maxLambda = info.death[c];
    probabilities[point] = maxLambda === 0 || !Number.isFinite(lam) ? 1 : Math.min(lam, maxLambda) / maxLambda;
  }
  return { labels, probabilities };
}

/** cluster_selection_epsilon: a chosen cluster born below the threshold distance is replaced by its lowest ancestor
 * born above it (hdbscan's epsilon_search / traverse_upwards). */
function epsilonSearch(leaves: number[], info: ClusterInfo, epsilon: number, allowSingle: boolean): Set<number> {
  const out = new Set<number>();
  const processed = new Set<number>();
  const descendants = (top: number): number[] => {
    const res: number[] = [];
    for (let c = top + 1; c < info.parent.length; c++) {
      let p = info.parent[c];
      while (p > top) p = info.parent[p];
      if (p === top) res.push(c);
    }
    return res;
  };
  for (const leaf of leaves) {
    const eps = 1 / info.birth[leaf];
    if (eps < epsilon) {
      if (processed.has(leaf)) continue;
      let node = leaf;
      let chosen = -1;
      for (;;) {
        const parent = info.parent[node];
        if (parent === 0) {
          chosen = allowSingle ? 0 : node;
          break;
        }
        if (1 / info.birth[parent] > epsilon) {
          chosen = parent;
          break;
        }
        node = parent;
      }
      out.add(chosen);
      for (const d of descendants(chosen)) processed.add(d);
    } else {
      out.add(leaf);
    }
  }
  return out;
}
