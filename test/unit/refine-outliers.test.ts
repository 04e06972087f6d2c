import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { reduceOutliers } from '../../src/pipeline/refine/outliers';
import { describeTopics } from '../../src/pipeline/representation';
import { npmiCoherence, topicDiversity } from '../../src/pipeline/scoring';
import type { Matrix } from '../../src/pipeline/types';
import { REFERENCE_DIR, referenceMissing } from '../support/reference';

const texts = [
  'gold silver currency banks', 'gold silver coinage currency', 'tariff duties imports wool', 'tariff duties revenue imports',
  'the banks and the currency of gold', 'wool imports and tariff', 'weather rain snow',
];
const labels = Int32Array.from([0, 0, 1, 1, -1, -1, -1]);
const vectorizer = { ngramRange: [1, 1] as [number, number], minDf: 1 };

test('c-tf-idf strategy: outliers join the most similar topic; no shared vocabulary stays -1; only -1 changes', () => {
  const out = reduceOutliers('c-tf-idf', texts, labels, { vectorizer });
  assert.deepEqual([...out], [0, 0, 1, 1, 0, 1, -1]);
  // A threshold above every similarity keeps them all outliers.
  assert.deepEqual([...reduceOutliers('c-tf-idf', texts, labels, { vectorizer, threshold: 0.999 })], [...labels]);
});

test('distributions strategy: sliding-window similarities summed per chunk', () => {
  const out = reduceOutliers('distributions', texts, labels, { vectorizer });
  assert.deepEqual([...out], [0, 0, 1, 1, 0, 1, -1]);
});

test('embeddings strategy: nearest topic centroid by cosine, threshold respected', () => {
  const rows = [[1, 0], [1, 0.2], [0, 1], [0.2, 1], [0.9, 0.1], [0.1, 0.9], [-1, -1]];
  const e: Matrix = { data: Float32Array.from(rows.flat()), rows: rows.length, dim: 2 };
  assert.deepEqual([...reduceOutliers('embeddings', texts, labels, { embeddings: e })], [0, 0, 1, 1, 0, 1, -1]);
  assert.deepEqual([...reduceOutliers('embeddings', texts, labels, { embeddings: e, threshold: 0.99999 })], [...labels]);
});

test('probabilities strategy: argmax when its probability reaches the threshold', () => {
  const p: Matrix = { data: Float32Array.from([1, 0, 1, 0, 0, 1, 0, 1, 0.6, 0.4, 0.3, 0.7, 0.5, 0.5]), rows: 7, dim: 2 };
  assert.deepEqual([...reduceOutliers('probabilities', texts, labels, { probabilities: p, threshold: 0.6 })], [0, 0, 1, 1, 0, 1, -1]);
  assert.throws(() => reduceOutliers('probabilities', texts, labels, {}), /probability matrix/);
});

const REF = REFERENCE_DIR;
const skip = referenceMissing('assignments.json', 'paragraphs.json');

test('reference: c-tf-idf outlier reduction takes BERTopic\'s 42% outliers under 10%', { skip, timeout: 60_000 }, () => {
  const paragraphs = (JSON.parse(fs.readFileSync(path.join(REF, 'paragraphs.json'), 'utf8')).paragraphs as Array<{ text: string }>).map((p) => p.text);
  const before = Int32Array.from(JSON.parse(fs.readFileSync(path.join(REF, 'assignments.json'), 'utf8')).topics as number[]);
  const opts = { ngramRange: [1, 2] as [number, number], minDf: 2, topN: 25, representativeCount: 0 };
  const quality = (l: Int32Array) => {
    const words = describeTopics(paragraphs, l, opts).topics.map((t) => t.keywords.map((k) => k.word));
    const outliers = l.filter((x) => x === -1).length / l.length;
    return { outliers, npmi: npmiCoherence(paragraphs, words).overall, diversity: topicDiversity(words, 25) };
  };
  const t0 = Date.now();
  const after = reduceOutliers('c-tf-idf', paragraphs, before, { vectorizer: { ngramRange: [1, 2], minDf: 2 } });
  const seconds = (Date.now() - t0) / 1000;
  const q0 = quality(before), q1 = quality(after);
  const f = (q: typeof q0) => `outliers ${(100 * q.outliers).toFixed(1)}%, NPMI@10 ${q.npmi.toFixed(4)}, diversity@25 ${q.diversity.toFixed(4)}`;
  console.log(`outlier reduction (c-tf-idf, threshold 0, ${seconds.toFixed(1)} s): before ${f(q0)}; after ${f(q1)}`);
  assert.ok(q0.outliers > 0.4);
  assert.ok(q1.outliers < 0.1, `outliers after: ${q1.outliers}`);
  for (let i = 0; i < before.length; i++) if (before[i] !== -1) assert.equal(after[i], before[i]);
});
