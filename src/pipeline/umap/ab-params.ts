// umap-learn's find_ab_params: fit 1 / (1 + a·x^(2b)) to the piecewise curve (1 below min_dist, exp(−(x − min_dist)
// / spread) above) on 300 points of [0, 3·spread] by least squares. scipy's curve_fit runs Levenberg–Marquardt from
// (1, 1); the same damped Gauss–Newton here reaches the same minimum. Checked against scipy 1.x curve_fit:
// min_dist 0.1 → a 1.576943, b 0.895061 (umap-js hard-codes these); min_dist 0 → a 1.932808, b 0.790495.

export function findAbParams(spread: number, minDist: number): { a: number; b: number } {
  const m = 300;
  const xs = new Float64Array(m), ys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const x = (spread * 3 * i) / (m - 1);
    xs[i] = x;
    ys[i] = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
  }
  const cost = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const r = 1 / (1 + a * Math.pow(xs[i], 2 * b)) - ys[i];
      s += r * r;
    }
    return s;
  };
  let a = 1, b = 1, lambda = 1e-3;
  let c = cost(a, b);
  for (let iter = 0; iter < 500; iter++) {
    // Jacobian of the model with respect to (a, b); x = 0 contributes nothing (x^(2b) = 0 and its derivative 0).
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < m; i++) {
      const x = xs[i];
      if (x === 0) continue;
      const p = Math.pow(x, 2 * b);
      const den = 1 + a * p;
      const f = 1 / den;
      const r = f - ys[i];
      const da = -p / (den * den);
      const db = (-a * p * 2 * Math.log(x)) / (den * den);
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const A = jaa * (1 + lambda), B = jab, D = jbb * (1 + lambda);
      const det = A * D - B * B;
      const stepA = -(D * ga - B * gb) / det, stepB = -(A * gb - B * ga) / det;
      const na = a + stepA, nb = b + stepB;
      const nc = cost(na, nb);
      if (Number.isFinite(nc) && nc < c) {
        const rel = (c - nc) / Math.max(c, 1e-300);
        a = na;
        b = nb;
        c = nc;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = rel > 1e-15;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}
