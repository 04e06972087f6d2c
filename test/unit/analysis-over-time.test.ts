import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicsOverTime, yearOf } from '../../src/analysis/over-time';
import type { SourceEntry, Taxonomy } from '../../src/taxonomy/types';
import { loadFixture } from './export-fixture.helper';

test('yearOf reads ISO dates, year-months and years, nothing else', () => {
  assert.equal(yearOf('2019-05-01'), 2019);
  assert.equal(yearOf('2019-05'), 2019);
  assert.equal(yearOf('2019'), 2019);
  assert.equal(yearOf(' 2019 '), 2019);
  assert.equal(yearOf('2019-05-01T10:00:00Z'), 2019);
  for (const bad of [undefined, '', '19', '20190', '2019-13-01', '2019-05-32', 'May 2019', '2019/05/01']) {
    assert.equal(yearOf(bad), undefined, String(bad));
  }
});

test('years: one bucket per year from first to last, gaps kept, undated sources left out', () => {
  const o = topicsOverTime(loadFixture());
  assert.deepEqual(o.buckets.map((b) => b.period), ['2017', '2018', '2019', '2020', '2021']);
  assert.deepEqual(o.buckets.map((b) => b.report.totals.chunks), [2, 0, 16, 0, 8]);
  assert.deepEqual(o.undated, { sources: 1, chunks: 4, paths: ['interviews/untitled.vtt'] });
  // 2019 holds s1 (10 chunks) and s2 (6): theme 1 has a1 4 + 1 and a2 2 → 7 of 16.
  const y2019 = o.buckets[2].report;
  assert.equal(y2019.themes[0].chunks, 7);
  assert.equal(y2019.themes[0].share, 7 / 16);
  assert.equal(y2019.themes[0].sources, 2);
  assert.equal(y2019.themes[0].sourceShare, 1);
  assert.equal(y2019.outliers.chunks, 3);
  // 2021: s3 alone; unassigned c1 has 2 of its 8 chunks.
  assert.equal(o.buckets[4].report.unassigned.share, 2 / 8);
});

test('decades: 1998 and 2003 land in the 1990s and 2000s, with empty decades between kept', () => {
  const t = loadFixture();
  const src = (p: string, date: string | undefined, n: number): SourceEntry => ({
    path: p, contentHash: '0'.repeat(64), chunks: n, topicCounts: { 't-000000a1': n }, ...(date ? { date } : {}),
  });
  const tx: Taxonomy = { ...t, sources: [src('a', '1998-12-31', 2), src('b', '2003', 3), src('c', '2021-01-01', 5), src('d', 'soon', 1)] };
  const o = topicsOverTime(tx, 'decade');
  assert.deepEqual(o.buckets.map((b) => [b.period, b.report.totals.chunks]), [['1990s', 2], ['2000s', 3], ['2010s', 0], ['2020s', 5]]);
  assert.deepEqual(o.undated.paths, ['d']);
  assert.deepEqual(topicsOverTime(tx, 'year').buckets.length, 2021 - 1998 + 1);
});

test('no dated source: no buckets, everything undated', () => {
  const t = loadFixture();
  const o = topicsOverTime({ ...t, sources: t.sources.map(({ date: _d, ...s }) => s) });
  assert.equal(o.buckets.length, 0);
  assert.equal(o.undated.sources, 5);
  assert.equal(o.undated.chunks, 30);
});
