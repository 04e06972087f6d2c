import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bertopicTopColumns, classTfidf, fitClassTfidf, npArgpartition } from '../../src/pipeline/ctfidf';
import { numpyArgsort as npArgsort } from '../../src/pipeline/numpy-argsort';
import type { CsrMatrix } from '../../src/pipeline/vectorizer';

// Two classes × three words: [[2, 0, 1], [0, 3, 1]].
const counts: CsrMatrix = {
  rows: 2, cols: 3, indptr: Int32Array.from([0, 2, 4]), indices: Int32Array.from([0, 2, 1, 2]), data: Float64Array.from([2, 1, 3, 1]),
};

test('idf = log(A / f(x) + 1), A = int(mean words per class), f(x) = total frequency of x', () => {
  // A = int(7 / 2) = 3; f = [2, 3, 2].
  const { idf } = fitClassTfidf(counts);
  assert.ok(Math.abs(idf[0] - Math.log(2.5)) < 1e-12);
  assert.ok(Math.abs(idf[1] - Math.log(2)) < 1e-12);
  assert.ok(Math.abs(idf[2] - Math.log(2.5)) < 1e-12);
});

test('rows are L1-normalised before idf weighting and not renormalised after', () => {
  const m = classTfidf(counts);
  const want = [(2 / 3) * Math.log(2.5), (1 / 3) * Math.log(2.5), (3 / 4) * Math.log(2), (1 / 4) * Math.log(2.5)];
  want.forEach((w, k) => assert.ok(Math.abs(m.data[k] - w) < 1e-12, `entry ${k}: ${m.data[k]} vs ${w}`));
  assert.notEqual(m.data[0] + m.data[1], 1);
  assert.deepEqual([...m.indices], [0, 2, 1, 2]);
});

test('a fitted model transforms other rows with the same idf', () => {
  const model = fitClassTfidf(counts);
  const one: CsrMatrix = { rows: 1, cols: 3, indptr: Int32Array.from([0, 1]), indices: Int32Array.from([1]), data: Float64Array.from([5]) };
  assert.ok(Math.abs(model.transform(one).data[0] - Math.log(2)) < 1e-12);
});

// Goldens from numpy's generic (non-SIMD) sort and select — what BERTopic's float64 rows went through on the
// reference machine (numpy 1.x, no AVX-512). numpy 2.x uses SIMD paths for float64 on AVX2, so these come from
// dtype=np.longdouble, which still takes the generic path.
const NUMPY_20 = [0, 15, 12, 18, 6, 9, 3, 4, 7, 10, 13, 1, 16, 19, 8, 11, 2, 14, 17, 5];
const NUMPY_PART = [67, 78, 34, 97, 86, 20, 53, 3, 9, 25, 80, 75, 28, 83, 72, 47, 6, 69, 31, 50, 17, 91, 64, 39, 94, 61, 14, 58, 36, 42];

test('npArgsort and npArgpartition reproduce numpy\'s tie order', () => {
  assert.deepEqual([...npArgsort(Float64Array.from([1, 0, 1, 0, 1]))], [1, 3, 0, 2, 4]);
  // np.argsort(np.array([i % 3 for i in range(20)], dtype=np.longdouble))
  const v = Float64Array.from({ length: 20 }, (_, i) => i % 3);
  const got = [...npArgsort(v)];
  assert.deepEqual(got.map((i) => v[i]), [...v].sort((a, b) => a - b));
  assert.deepEqual(got, NUMPY_20);
  // np.argpartition(np.array([(i * 7) % 11 for i in range(100)], dtype=np.longdouble), -30)[-30:]
  const w = Float64Array.from({ length: 100 }, (_, i) => (i * 7) % 11);
  assert.deepEqual([...npArgpartition(w, -30).slice(70)], NUMPY_PART);
});

test('bertopicTopColumns: best first, zero scores dropped, at most n', () => {
  const m: CsrMatrix = {
    rows: 1, cols: 6, indptr: Int32Array.from([0, 5]), indices: Int32Array.from([0, 1, 2, 3, 5]), data: Float64Array.from([0.1, 0.5, 0, 0.3, 0.5]),
  };
  const top = bertopicTopColumns(m, 0, 30);
  assert.equal(top.length, 4);
  assert.deepEqual(top.slice(2), [3, 0]);
  assert.deepEqual(top.slice(0, 2).sort(), [1, 5]);
  assert.equal(bertopicTopColumns(m, 0, 2).length, 2);
});
