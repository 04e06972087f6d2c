// Inter-coder agreement statistics for nominal codes: percent agreement, Cohen's κ, Scott's π, Krippendorff's α, and
// the assignment that aligns two coders' category names. Pure functions over counts, so the chunk-level units (many
// chunks share a topic, hence a weight) cost no more than the topics.
//
// Definitions: Cohen (1960) "A coefficient of agreement for nominal scales"; Scott (1955); Krippendorff (2011)
// "Computing Krippendorff's Alpha-Reliability" (coincidence matrices, any number of coders, missing values).

/** A square table of counts: rows coder A's categories, columns coder B's, in the same category order. */
export type Confusion = number[][];

/** Category index per unit for two coders, with an optional weight per unit (identical units counted once). */
export function confusionMatrix(a: number[], b: number[], categories: number, weights?: number[]): Confusion {
  if (a.length !== b.length) throw new Error('agreement: the two codings cover different numbers of units');
  const m = Array.from({ length: categories }, () => new Array<number>(categories).fill(0));
  a.forEach((x, i) => { m[x][b[i]] += weights ? weights[i] : 1; });
  return m;
}

const total = (m: Confusion) => m.reduce((s, r) => s + r.reduce((t, x) => t + x, 0), 0);

export function percentAgreement(m: Confusion): number {
  const n = total(m);
  return n === 0 ? NaN : m.reduce((s, r, i) => s + r[i], 0) / n;
}

/** Chance agreement from the two coders' own marginals (κ) or their pooled marginals (π). */
function chance(m: Confusion, pooled: boolean): number {
  const n = total(m);
  let pe = 0;
  for (let i = 0; i < m.length; i++) {
    const row = m[i].reduce((s, x) => s + x, 0) / n;
    const col = m.reduce((s, r) => s + r[i], 0) / n;
    pe += pooled ? ((row + col) / 2) ** 2 : row * col;
  }
  return pe;
}

/**
 * Cohen's κ = (p_o − p_e) / (1 − p_e). NaN when chance agreement is 1 (both coders used one and the same category
 * throughout): κ is 0/0 there, and reporting 1 would claim a reliability the data cannot show.
 */
export function cohenKappa(m: Confusion): number {
  const po = percentAgreement(m), pe = chance(m, false);
  return pe === 1 ? NaN : (po - pe) / (1 - pe);
}

/** Scott's π: like κ, with chance agreement from the pooled marginals. */
export function scottPi(m: Confusion): number {
  const po = percentAgreement(m), pe = chance(m, true);
  return pe === 1 ? NaN : (po - pe) / (1 - pe);
}

/**
 * Krippendorff's α for nominal data: rows are units, each a list of the codes the coders gave it (null = not coded),
 * with an optional weight per unit. Units coded by fewer than two coders are not pairable and drop out. NaN when the
 * expected disagreement is 0 (one category throughout).
 */
export function krippendorffAlpha(units: Array<Array<number | null>>, weights?: number[]): number {
  const o = new Map<string, number>(); // coincidences "c,k"
  const nc = new Map<number, number>();
  let n = 0;
  units.forEach((codes, u) => {
    const vals = codes.filter((x): x is number => x !== null);
    const mu = vals.length;
    if (mu < 2) return;
    const w = weights ? weights[u] : 1;
    for (let i = 0; i < mu; i++) {
      for (let j = 0; j < mu; j++) {
        if (i === j) continue;
        const key = `${vals[i]},${vals[j]}`;
        o.set(key, (o.get(key) ?? 0) + w / (mu - 1));
      }
      nc.set(vals[i], (nc.get(vals[i]) ?? 0) + w);
    }
    n += mu * w;
  });
  let observed = 0;
  for (const [key, v] of o) {
    const [c, k] = key.split(',');
    if (c !== k) observed += v;
  }
  let expected = 0;
  const counts = [...nc.values()];
  for (let i = 0; i < counts.length; i++) for (let j = 0; j < counts.length; j++) if (i !== j) expected += counts[i] * counts[j];
  if (expected === 0) return NaN;
  return 1 - ((n - 1) * observed) / expected;
}

/** α for two coders who both coded every unit, from their confusion table. */
export function alphaFromConfusion(m: Confusion): number {
  const units: Array<[number, number]> = [];
  const weights: number[] = [];
  m.forEach((row, i) => row.forEach((x, j) => { if (x > 0) { units.push([i, j]); weights.push(x); } }));
  return krippendorffAlpha(units, weights);
}

/**
 * Maximum-weight assignment of rows to columns (Hungarian method, Kuhn–Munkres with potentials, O(n³)) on a
 * rectangular matrix of non-negative scores. Returns, per row, the column it is assigned to or -1. Written here
 * rather than taken from npm: the packages for it are unmaintained, and this is 40 lines checked against brute force.
 */
export function maxAssignment(score: number[][]): number[] {
  const rows = score.length, cols = rows ? score[0].length : 0;
  const n = Math.max(rows, cols);
  if (n === 0) return [];
  const max = Math.max(0, ...score.flat());
  // Minimise cost = max − score on the square matrix padded with zeros of score.
  const cost = (i: number, j: number) => max - (i < rows && j < cols ? score[i][j] : 0);
  const u = new Array<number>(n + 1).fill(0), v = new Array<number>(n + 1).fill(0);
  const p = new Array<number>(n + 1).fill(0), way = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(n + 1).fill(Infinity);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity, j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) { u[p[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const out = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j] - 1 < rows && j - 1 < cols) out[p[j] - 1] = j - 1;
  return out;
}
