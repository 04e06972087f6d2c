import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32, deriveSeed } from '../../src/pipeline/random';
import { resolveSettings } from '../../src/pipeline/settings';

test('mulberry32 is deterministic per seed and differs across seeds', () => {
  const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43);
  const xs = [a(), a(), a()];
  assert.deepEqual(xs, [b(), b(), b()]);
  assert.notDeepEqual(xs, [c(), c(), c()]);
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('deriveSeed separates streams by label', () => {
  assert.notEqual(deriveSeed(42, 'umap'), deriveSeed(42, 'svd'));
  assert.equal(deriveSeed(42, 'umap'), deriveSeed(42, 'umap'));
});

test('resolveSettings overlays nested values and keeps defaults', () => {
  const s = resolveSettings({ seed: 7, hdbscan: { minClusterSize: 15 } });
  assert.equal(s.seed, 7);
  assert.equal(s.hdbscan.minClusterSize, 15);
  assert.equal(s.hdbscan.method, 'eom');
  assert.equal(s.umap.nNeighbors, 15);
});
