import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agglomerate, leavesOf, sparseCosineDistances, cosineDistances } from '../../src/pipeline/refine/linkage';
import { topicHierarchy } from '../../src/pipeline/refine/hierarchy';
import { reduceTopics, unitCoordinates } from '../../src/pipeline/refine/reduce';
import type { CsrMatrix } from '../../src/pipeline/vectorizer';
import type { Matrix } from '../../src/pipeline/types';

// Points 0, 1, 3, 7, 7.5 on a line; expected rows from scipy.cluster.hierarchy.linkage(pdist(X), method).
const xs = [0, 1, 3, 7, 7.5];
const dist = Float64Array.from(xs.flatMap((a) => xs.map((b) => Math.abs(a - b))));
const scipy: Record<string, number[][]> = {
  ward: [[3, 4, 0.5, 2], [0, 1, 1, 2], [2, 6, 2.8867513459481287, 3], [5, 7, 9.166060586024221, 5]],
  average: [[3, 4, 0.5, 2], [0, 1, 1, 2], [2, 6, 2.5, 3], [5, 7, 5.916666666666667, 5]],
  complete: [[3, 4, 0.5, 2], [0, 1, 1, 2], [2, 6, 3, 3], [5, 7, 7.5, 5]],
  single: [[3, 4, 0.5, 2], [0, 1, 1, 2], [2, 6, 2, 3], [5, 7, 4, 5]],
};

test('agglomerate reproduces scipy linkage matrices (ward, average, complete, single)', () => {
  for (const [method, want] of Object.entries(scipy)) {
    const got = agglomerate(dist, 5, method as 'ward').map((m) => [m.left, m.right, m.distance, m.size]);
    got.forEach((row, i) => {
      assert.deepEqual(row.slice(0, 2), want[i].slice(0, 2), method);
      assert.ok(Math.abs(row[2] - want[i][2]) < 1e-12, `${method} row ${i}`);
      assert.equal(row[3], want[i][3]);
    });
  }
  assert.deepEqual(leavesOf(agglomerate(dist, 5, 'ward'), 5).slice(5), [[3, 4], [0, 1], [0, 1, 2], [0, 1, 2, 3, 4]]);
  assert.equal(agglomerate(dist, 5, 'average', 3).length, 2);
});

test('sparse and dense cosine distances agree; unit coordinates preserve them', () => {
  const rows = [[1, 0, 2], [0, 3, 0], [1, 1, 1]];
  const m: CsrMatrix = {
    rows: 3, cols: 3, indptr: Int32Array.from([0, 2, 3, 6]), indices: Int32Array.from([0, 2, 1, 0, 1, 2]), data: Float64Array.from([1, 2, 3, 1, 1, 1]),
  };
  const dense = cosineDistances(rows);
  const sparse = sparseCosineDistances(m, [0, 1, 2]);
  dense.forEach((v, i) => assert.ok(Math.abs(v - sparse[i]) < 1e-12));
  assert.ok(Math.abs(dense[0 * 3 + 2] - (1 - 3 / Math.sqrt(15))) < 1e-12);
  const X = unitCoordinates(dense, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let k = 0; k < 3; k++) s += (X.data[i * 3 + k] - X.data[j * 3 + k]) ** 2;
    assert.ok(Math.abs(s - 2 * dense[i * 3 + j]) < 1e-5);
  }
});

const texts = [
  'gold silver currency', 'gold currency banks', 'silver coinage currency', 'silver gold coinage',
  'tariff duties imports', 'tariff wool imports', 'mexico texas war', 'texas mexico annexation', 'weather',
];
const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3, -1]);
const vectorizer = { ngramRange: [1, 1] as [number, number], minDf: 1 };

test('topicHierarchy: the two money topics merge first; every merge lists its topics and keywords', () => {
  const h = topicHierarchy(texts, labels, { vectorizer, topN: 3 });
  assert.deepEqual(h.topicIds, [0, 1, 2, 3]);
  assert.equal(h.merges.length, 3);
  assert.deepEqual(h.merges[0].topics, [0, 1]);
  assert.deepEqual([h.merges[0].left, h.merges[0].right, h.merges[0].id], [0, 1, 4]);
  assert.ok(h.merges[0].keywords.some((k) => k.word === 'currency'));
  assert.deepEqual(h.merges[2].topics, [0, 1, 2, 3]);
  for (let i = 1; i < h.merges.length; i++) assert.ok(h.merges[i].distance >= h.merges[i - 1].distance);
});

test('reduceTopics: to N (outlier class counted, as BERTopic), renumbered by size; auto merges clustered topics', () => {
  const bigger = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3, -1]);
  const r = reduceTopics(texts, bigger, 4, { vectorizer });
  // 4 including -1 → 3 real topics: the money topics merge into the largest, new id 0.
  assert.deepEqual([...r.labels], [0, 0, 0, 0, 1, 1, 2, 2, -1]);
  assert.equal(r.mapping.get(1), 0);
  const r2 = reduceTopics(texts, bigger, 3, { vectorizer, countOutlierClass: false });
  assert.equal(new Set(r2.labels).size, 4);
  const rows = [[1, 0], [1, 0.1], [0.9, 0.1], [1, 0.05], [0, 1], [0.1, 1], [-1, 0], [-1, 0.1], [0, -1]];
  const embeddings: Matrix = { data: Float32Array.from(rows.flat()), rows: 9, dim: 2 };
  const viaEmbeddings = reduceTopics(texts, bigger, 4, { embeddings });
  assert.deepEqual([...viaEmbeddings.labels], [0, 0, 0, 0, 1, 1, 2, 2, -1]);
  // A stand-in clusterer that groups topics 0 and 1 (what HDBSCAN with min_cluster_size 2 finds here).
  let seen: Matrix | undefined;
  const auto = reduceTopics(texts, bigger, 'auto', { vectorizer, cluster: (X) => { seen = X; return Int32Array.from([0, 0, -1, -1]); } });
  assert.equal(seen?.rows, 4);
  assert.deepEqual([...auto.labels], [0, 0, 0, 0, 1, 1, 2, 2, -1]);
  assert.throws(() => reduceTopics(texts, bigger, 'auto', { vectorizer }), /clusterer/);
});
