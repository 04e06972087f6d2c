// GLOSH outlier scores (Campello et al. 2015): 1 − λ_p / λ_max, where λ_p is the density at which the point left its
// cluster and λ_max the highest density reached anywhere in that cluster's subtree.
// hdbscan 0.8.33 meant to propagate λ_max up the tree but stops at the first point row of its argsort (an unstable
// sort), so it usually only uses the cluster's own rows; we propagate over the whole subtree as the paper defines.
import type { CondensedTree } from './condense';

export function gloshScores(t: CondensedTree): Float32Array {
  const n = t.n, K = t.clusters;
  const scores = new Float32Array(n);
  if (t.length === 0) return scores;
  const deaths = new Float64Array(K);
  const parentOf = new Int32Array(K).fill(-1);
  for (let i = 0; i < t.length; i++) {
    const p = t.parent[i] - n;
    if (t.lambda[i] > deaths[p]) deaths[p] = t.lambda[i];
    if (t.child[i] >= n) parentOf[t.child[i] - n] = p;
  }
  // Children have larger ids than their parents: a descending sweep carries each subtree's maximum upward.
  for (let c = K - 1; c > 0; c--) if (deaths[c] > deaths[parentOf[c]]) deaths[parentOf[c]] = deaths[c];
  for (let i = 0; i < t.length; i++) {
    const point = t.child[i];
    if (point >= n) continue;
    const lmax = deaths[t.parent[i] - n];
    const lam = t.lambda[i];
    scores[point] = lmax === 0 || !Number.isFinite(lam) ? 0 : (lmax - lam) / lmax;
  }
  return scores;
}
