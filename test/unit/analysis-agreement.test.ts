// Agreement statistics (src/analysis/agreement.ts) against hand-computed textbook examples, and against each other on
// random data as the theory says they must relate.
import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { alphaFromConfusion, cohenKappa, confusionMatrix, krippendorffAlpha, maxAssignment, percentAgreement, scottPi } from '../../src/analysis/agreement';

const close = (a: number, b: number, eps = 5e-4) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('Krippendorff (2011), "Computing Krippendorff\'s Alpha-Reliability", example with two observers, binary data → α = 0.095', () => {
  // Units 1–10; observer A: 0 1 0 0 0 0 0 0 1 0, observer B: 1 1 1 0 0 1 0 0 0 0.
  // By hand: o00 = 10, o01 = o10 = 4, o11 = 2; n0 = 14, n1 = 6, n = 20; α = 1 − 19 · 4 / (14 · 6) = 0.0952.
  const A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
  close(krippendorffAlpha(A.map((a, i) => [a, B[i]])), 1 - (19 * 4) / (14 * 6));
  close(krippendorffAlpha(A.map((a, i) => [a, B[i]])), 0.095);
  const m = confusionMatrix(A, B, 2);
  assert.deepEqual(m, [[5, 3], [1, 1]]);
  close(alphaFromConfusion(m), 0.0952);
  // κ on the same data by hand: p_o = 0.6; p_e = 0.8·0.6 + 0.2·0.4 = 0.56; κ = 0.04 / 0.44 = 0.0909.
  close(cohenKappa(m), 0.04 / 0.44);
  // Scott's π: pooled p1 = 0.3, p_e = 0.49 + 0.09 = 0.58, π = 0.02 / 0.42.
  close(scottPi(m), 0.02 / 0.42);
});

test('Krippendorff (2011), example with four observers, nominal data with missing values → α = 0.743', () => {
  const _ = null;
  // Rows: observers A–D; columns: units 1–12 (Krippendorff's reliability data matrix).
  const data = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
  ];
  const units = data[0].map((_x, u) => data.map((row) => row[u]));
  close(krippendorffAlpha(units), 0.743);
});

test('Cohen\'s κ worked example (Wikipedia "Cohen\'s kappa", 50 grant proposals: 20 yes/yes, 5, 10, 15 no/no) → κ = 0.4', () => {
  const m = [[20, 5], [10, 15]];
  close(percentAgreement(m), 0.7);
  close(cohenKappa(m), 0.4, 1e-12);
});

test('degenerate data: one category throughout gives NaN (undefined), not a claimed reliability', () => {
  assert.ok(Number.isNaN(cohenKappa([[7, 0], [0, 0]])));
  assert.ok(Number.isNaN(alphaFromConfusion([[7, 0], [0, 0]])));
});

const codings = fc.integer({ min: 2, max: 5 }).chain((k) => fc.array(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })), { minLength: 2, maxLength: 60 }).map((pairs) => ({ k, pairs })));

test('property: identical codings (two or more categories used) give κ = α = π = 1', () => {
  fc.assert(fc.property(codings, ({ k, pairs }) => {
    const a = pairs.map((p) => p[0]);
    fc.pre(new Set(a).size > 1);
    const m = confusionMatrix(a, a, k);
    close(cohenKappa(m), 1, 1e-12);
    close(alphaFromConfusion(m), 1, 1e-12);
    close(scottPi(m), 1, 1e-12);
  }));
});

test('property: for two coders α = 1 − (1 − 1/2N)(1 − π) exactly, and κ ≥ π (own marginals never expect more chance agreement than pooled ones)', () => {
  fc.assert(fc.property(codings, ({ k, pairs }) => {
    const m = confusionMatrix(pairs.map((p) => p[0]), pairs.map((p) => p[1]), k);
    const pi = scottPi(m), kappa = cohenKappa(m), alpha = alphaFromConfusion(m);
    fc.pre(Number.isFinite(pi) && Number.isFinite(kappa));
    const n = pairs.length;
    close(alpha, 1 - (1 - 1 / (2 * n)) * (1 - pi), 1e-9);
    assert.ok(kappa >= pi - 1e-12, `κ ${kappa} < π ${pi}`);
    assert.ok(kappa <= 1 + 1e-12 && alpha <= 1 + 1e-12);
    // Unit order and weights are the same thing: counting a unit twice = weight 2.
    close(alphaFromConfusion(m), krippendorffAlpha(pairs.map((p) => [p[0], p[1]])), 1e-9);
  }));
});

test('property: κ and α do not depend on what the categories are called (a relabelling of both coders)', () => {
  fc.assert(fc.property(codings, fc.integer({ min: 1, max: 4 }), ({ k, pairs }, shift) => {
    const m = confusionMatrix(pairs.map((p) => p[0]), pairs.map((p) => p[1]), k);
    const r = confusionMatrix(pairs.map((p) => (p[0] + shift) % k), pairs.map((p) => (p[1] + shift) % k), k);
    const same = (x: number, y: number) => (Number.isNaN(x) ? assert.ok(Number.isNaN(y)) : close(x, y, 1e-9));
    same(cohenKappa(m), cohenKappa(r));
    same(alphaFromConfusion(m), alphaFromConfusion(r));
  }));
});

test('the Hungarian assignment finds the best total overlap (checked against brute force)', () => {
  const permutations = (n: number): number[][] => (n === 0 ? [[]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));
  fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 25, maxLength: 25 }), (rows, cols, cells) => {
    const score = Array.from({ length: rows }, (_, i) => cells.slice(i * 5, i * 5 + cols));
    const got = maxAssignment(score);
    assert.equal(new Set(got.filter((j) => j >= 0)).size, got.filter((j) => j >= 0).length, 'one-to-one');
    const value = got.reduce((s, j, i) => s + (j >= 0 ? score[i][j] : 0), 0);
    const n = Math.max(rows, cols);
    const best = Math.max(...permutations(n).map((p) => p.reduce((s, j, i) => s + (i < rows && j < cols ? score[i][j] : 0), 0)));
    assert.equal(value, best);
  }));
});
