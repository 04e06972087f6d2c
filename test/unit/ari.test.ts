import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from '../../src/pipeline/ari';

test('ARI is 1 for identical partitions, whatever the label names', () => {
  assert.equal(adjustedRandIndex([0, 0, 1, 1, -1], [5, 5, 7, 7, 2]), 1);
  assert.equal(adjustedRandIndex(new Int32Array([3, 3, 3]), [1, 1, 1]), 1);
});

test('ARI matches scikit-learn on a hand-checked example', () => {
  // sklearn.metrics.adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) - 0.5714285714285715) < 1e-12);
  // adjusted_rand_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.24242424242424246
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 0.24242424242424246) < 1e-12);
});

test('ARI treats outliers (-1) as one cluster and is symmetric', () => {
  const a = [-1, -1, 0, 0, 1, 1, 1];
  const b = [-1, 0, 0, 0, 1, 1, -1];
  assert.equal(adjustedRandIndex(a, b), adjustedRandIndex(b, a));
  assert.ok(adjustedRandIndex(a, b) < 1);
  // All points in one cluster vs a real split carries no agreement beyond chance.
  assert.equal(adjustedRandIndex([0, 0, 0, 0], [0, 0, 1, 1]), 0);
});

test('ARI rejects labelings of different lengths', () => {
  assert.throws(() => adjustedRandIndex([0, 1], [0]), /differ in length/);
});
