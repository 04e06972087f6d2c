import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agglomerate, leavesOf, sparseCosineDistances, cosineDistances } from '../../src/pipeline/refine/linkage';
import { topicHierarchy } from '../../src/pipeline/refine/hierarchy';
import { reduceTopics, unitCoordinates } from '../../src/pipeline/refine/reduce';
import type { CsrMatrix } from '../../src/pipeline/vectorizer';
import type { Matrix } from '../../src/pipeline/types';
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR, referenceMissing } from '../support/reference';

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

// scipy.cluster.hierarchy.linkage(squareform(1 − cosine(c-TF-IDF rows)), 'ward') — what BERTopic's
// hierarchical_topics computes — on the reference topics (leaf i = topic i): [left, right, distance] per merge.
const SCIPY_WARD_REFERENCE: Array<[number, number, number]> = [[39, 84, 0.45325], [30, 57, 0.466156], [24, 64, 0.485723], [28, 74, 0.552359], [51, 54, 0.56098], [46, 65, 0.563557], [17, 32, 0.586462], [52, 100, 0.596834], [4, 70, 0.600859], [62, 88, 0.61172], [29, 60, 0.614332], [16, 93, 0.614824], [8, 11, 0.615386], [27, 42, 0.623574], [5, 22, 0.629997], [35, 94, 0.634562], [40, 77, 0.636778], [43, 105, 0.646144], [3, 19, 0.646674], [20, 73, 0.6477], [14, 101, 0.649118], [34, 67, 0.660947], [6, 7, 0.661556], [9, 23, 0.66223], [2, 37, 0.677641], [44, 75, 0.682747], [45, 79, 0.686276], [48, 83, 0.686612], [0, 119, 0.701395], [55, 85, 0.706491], [59, 95, 0.726932], [63, 118, 0.729219], [108, 116, 0.730438], [12, 36, 0.733186], [41, 113, 0.745757], [15, 38, 0.750177], [10, 109, 0.752572], [76, 103, 0.756798], [13, 33, 0.757059], [1, 50, 0.758868], [49, 110, 0.766565], [26, 107, 0.769338], [71, 80, 0.773058], [58, 68, 0.781608], [18, 115, 0.784572], [56, 91, 0.788804], [21, 69, 0.789821], [81, 117, 0.793361], [47, 131, 0.801226], [124, 130, 0.805784], [66, 121, 0.818236], [72, 134, 0.822096], [133, 141, 0.825707], [86, 142, 0.838646], [31, 53, 0.840157], [99, 123, 0.848186], [25, 139, 0.857626], [82, 129, 0.8624], [112, 126, 0.863643], [89, 114, 0.868467], [143, 144, 0.872135], [87, 145, 0.881804], [78, 128, 0.886853], [146, 149, 0.88826], [106, 120, 0.897475], [90, 136, 0.898017], [61, 137, 0.913581], [92, 138, 0.919981], [151, 154, 0.945373], [122, 155, 0.950513], [157, 158, 0.971706], [97, 104, 0.973799], [127, 164, 0.991225], [102, 111, 0.998155], [148, 159, 1.000352], [135, 140, 1.007776], [96, 160, 1.01823], [98, 132, 1.025814], [147, 162, 1.026677], [161, 163, 1.049671], [156, 165, 1.062249], [172, 175, 1.093893], [152, 171, 1.096281], [125, 150, 1.117219], [169, 173, 1.17335], [170, 177, 1.17932], [176, 179, 1.236888], [166, 174, 1.288136], [168, 180, 1.387653], [153, 182, 1.393719], [178, 183, 1.402669], [167, 181, 1.477338], [184, 185, 1.797443], [186, 187, 1.955925]];

const REF = REFERENCE_DIR;
const skip = referenceMissing('assignments.json', 'paragraphs.json');

test('reference: the topic hierarchy equals scipy\'s Ward linkage merge for merge', { skip, timeout: 60_000 }, () => {
  const paragraphs = (JSON.parse(fs.readFileSync(path.join(REF, 'paragraphs.json'), 'utf8')).paragraphs as Array<{ text: string }>).map((p) => p.text);
  const assigned = Int32Array.from(JSON.parse(fs.readFileSync(path.join(REF, 'assignments.json'), 'utf8')).topics as number[]);
  const t0 = Date.now();
  const h = topicHierarchy(paragraphs, assigned, { vectorizer: { ngramRange: [1, 2], minDf: 2 } });
  console.log(`hierarchy: ${h.merges.length} merges in ${((Date.now() - t0) / 1000).toFixed(1)} s; first: topics ${h.merges[0].topics.join('+')} at ${h.merges[0].distance.toFixed(3)} (${h.merges[0].keywords.slice(0, 4).map((k) => k.word).join(', ')})`);
  assert.equal(h.merges.length, SCIPY_WARD_REFERENCE.length);
  h.merges.forEach((m, i) => {
    const [a, b, dist] = SCIPY_WARD_REFERENCE[i];
    assert.deepEqual([m.left, m.right], [a, b], `merge ${i}`);
    assert.ok(Math.abs(m.distance - dist) < 1e-5, `merge ${i} distance ${m.distance} vs ${dist}`);
  });
});
