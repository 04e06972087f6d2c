// The one Jacobi eigen-solver, shared by the randomized SVD (the l × l Gram matrix of the range sketch) and UMAP's
// spectral start (the p × p Rayleigh–Ritz matrix). Both need small dense symmetric matrices solved exactly and
// deterministically; the stopping rule is relative so it holds at any scale (Gram matrices of raw TF-IDF counts and
// Ritz matrices with eigenvalues in [−1, 1] alike).

/**
 * Eigen-decomposition of a symmetric l × l matrix (row-major, destroyed) by cyclic Jacobi rotations.
 * Returns eigenvalues descending and eigenvectors as the columns of a row-major l × l matrix.
 */
export function symmetricEigen(a: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < l; i++) {
      diag += a[i * l + i] * a[i * l + i];
      for (let j = i + 1; j < l; j++) off += a[i * l + j] * a[i * l + j];
    }
    // Rounding keeps off-diagonal entries near ε·|λ|, so stop at a relative off-norm of 1e-12 (eigenvalue error is
    // its square) instead of waiting for zeros that never come.
    if (off <= 1e-24 * diag || off === 0) break;
    for (let p = 0; p < l - 1; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q];
        if (apq === 0) continue;
        const app = a[p * l + p], aqq = a[q * l + q];
        if (Math.abs(apq) <= 1e-17 * Math.sqrt(Math.abs(app * aqq))) {
          a[p * l + q] = a[q * l + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p], akq = a[k * l + q];
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k], aqk = a[q * l + k];
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p], vkq = v[k * l + q];
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((x, y) => a[y * l + y] - a[x * l + x] || x - y);
  const values = new Float64Array(l);
  const vectors = new Float64Array(l * l);
  order.forEach((src, dst) => {
    values[dst] = a[src * l + src];
    for (let k = 0; k < l; k++) vectors[k * l + dst] = v[k * l + src];
  });
  return { values, vectors };
}
