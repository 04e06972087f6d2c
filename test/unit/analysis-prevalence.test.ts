import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computePrevalence } from '../../src/analysis/prevalence';
import { loadFixture } from './export-fixture.helper';

// Hand-computed from the fixture's sources[].topicCounts (5 sources, 30 chunks, 7 outliers):
//   a1 = 4 + 1 = 5 chunks in s1, s2;  a2 = 2 + 3 = 5 in s1, s3;  b1 = 1 + 3 = 4 in s1, s2;  c1 = 2 + 4 = 6 in s3, s4;
//   d1 (irrelevant, in theme 2) = 2 in s2;  d2 (irrelevant, no theme) = 1 in s5;  outliers 3 + 3 + 1 = 7 in s1, s3, s5.
test('prevalence of topics and themes matches the hand-computed figures', () => {
  const p = computePrevalence(loadFixture());
  assert.deepEqual(p.totals, { chunks: 30, outliers: 7, nonOutlierChunks: 23, sources: 5 });

  const [costs, ops, empty] = p.themes;
  assert.deepEqual(p.themes.map((t) => t.id), ['th-00000001', 'th-00000002', 'th-00000003'], 'themes in file order');
  assert.deepEqual(costs.topics.map((t) => t.id), ['t-000000a1', 't-000000a2'], 'topics in theme order');
  assert.equal(costs.chunks, 10);
  assert.equal(costs.share, 10 / 30);
  assert.equal(costs.shareNonOutlier, 10 / 23);
  assert.equal(costs.sources, 3, 's1, s2 and s3 each count once for the theme');
  assert.equal(costs.sourceShare, 3 / 5);
  assert.deepEqual(costs.topics.map((t) => [t.chunks, t.sources]), [[5, 2], [5, 2]]);
  assert.equal(costs.topics[1].share, 5 / 30);

  // The irrelevant topic d1 sits in this theme but counts in no theme total.
  assert.deepEqual(ops.topics.map((t) => t.id), ['t-000000b1']);
  assert.deepEqual([ops.chunks, ops.sources, ops.sourceShare], [4, 2, 2 / 5]);
  assert.deepEqual([empty.chunks, empty.sources, empty.share, empty.topics.length], [0, 0, 0, 0]);

  assert.deepEqual(p.unassigned.topics.map((t) => t.id), ['t-000000c1']);
  assert.deepEqual([p.unassigned.id, p.unassigned.chunks, p.unassigned.sources], [null, 6, 2]);
  assert.deepEqual(p.irrelevant.topics.map((t) => [t.id, t.chunks, t.sources, t.themeId]), [
    ['t-000000d1', 2, 1, 'th-00000002'], ['t-000000d2', 1, 1, null],
  ]);
  assert.deepEqual([p.irrelevant.chunks, p.irrelevant.sources], [3, 2]);
  assert.deepEqual([p.outliers.chunks, p.outliers.sources, p.outliers.share], [7, 3, 7 / 30]);

  // Every chunk is in exactly one place: themes + unassigned + irrelevant + outliers = all chunks.
  const sum = p.themes.reduce((n, t) => n + t.chunks, 0) + p.unassigned.chunks + p.irrelevant.chunks + p.outliers.chunks;
  assert.equal(sum, p.totals.chunks);
});

test('an empty corpus gives zero shares, not NaN', () => {
  const t = loadFixture();
  const p = computePrevalence({ ...t, sources: [] });
  assert.deepEqual(p.totals, { chunks: 0, outliers: 0, nonOutlierChunks: 0, sources: 0 });
  for (const f of [p.themes[0], p.themes[0].topics[0], p.unassigned, p.outliers]) {
    assert.deepEqual([f.share, f.shareNonOutlier, f.sourceShare], [0, 0, 0]);
  }
});

test('counts under topic ids the file does not list stay in the denominator only', () => {
  const t = loadFixture();
  t.sources = [{ path: 'x.txt', contentHash: '0'.repeat(64), chunks: 4, topicCounts: { 't-000000a1': 1, 't-0000ffff': 3 } }];
  const p = computePrevalence(t);
  assert.equal(p.themes[0].topics[0].share, 1 / 4);
  assert.equal(p.unassigned.chunks, 0);
  assert.equal(p.totals.nonOutlierChunks, 4);
});
