import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classTfidf, fitClassTfidf } from '../../src/pipeline/ctfidf';
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
