import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTopics, topicKeywordsForSubset } from '../../src/pipeline/representation';
import type { Matrix } from '../../src/pipeline/types';

const base = { ngramRange: [1, 1] as [number, number], topN: 10, representativeCount: 2, seed: 1 };

test('min_df counts topics (one joined document per topic), not chunks; the outlier class takes part', () => {
  const texts = ['gold silver mint', 'gold silver coinage', 'tariff duties gold', 'tariff duties', 'tariff weather'];
  const labels = Int32Array.from([0, 0, 1, 1, -1]);
  const two = describeTopics(texts, labels, { ...base, minDf: 2 });
  assert.deepEqual(two.topics.map((t) => t.id), [0, 1]);
  assert.deepEqual(two.topics.map((t) => t.size), [2, 2]);
  // "silver" is in two chunks but one topic: dropped at min_df 2. "tariff" is in topic 1 and the outliers: kept.
  assert.deepEqual(two.topics[0].keywords.map((k) => k.word), ['gold']);
  assert.deepEqual(two.topics[1].keywords.map((k) => k.word).sort(), ['gold', 'tariff']);
  assert.deepEqual(two.outlierKeywords?.map((k) => k.word), ['tariff']);
  const one = describeTopics(texts, labels, { ...base, minDf: 1 });
  assert.ok(one.topics[0].keywords.some((k) => k.word === 'silver'));
});

test('keyword scores are c-TF-IDF values; equal scores fall in the order numpy leaves them in BERTopic', () => {
  const texts = ['alpha beta', 'alpha beta', 'gamma delta'];
  const out = describeTopics(texts, Int32Array.from([0, 1, 2]), { ...base, minDf: 1 });
  // words per class: 2 each → A = 2; alpha f = 2 → idf log 2; tf 1/2.
  assert.deepEqual(out.topics[0].keywords.map((k) => k.word), ['alpha', 'beta']);
  assert.ok(Math.abs(out.topics[0].keywords[0].score - 0.5 * Math.log(2)) < 1e-12);
  assert.deepEqual(out.topics[2].keywords.map((k) => k.word), ['delta', 'gamma']);
  assert.ok(Math.abs(out.topics[2].keywords[0].score - 0.5 * Math.log(3)) < 1e-12);
});

test('representative chunks: members of the topic, most similar first, deterministic per seed', () => {
  const texts = ['gold gold gold silver', 'gold weather', 'weather rain', 'gold silver silver', 'tariff duties', 'tariff'];
  const labels = Int32Array.from([0, 0, 0, 0, 1, 1]);
  const a = describeTopics(texts, labels, { ...base, minDf: 1, representativeCount: 3 });
  const b = describeTopics(texts, labels, { ...base, minDf: 1, representativeCount: 3 });
  assert.deepEqual(a.topics.map((t) => t.representative), b.topics.map((t) => t.representative));
  assert.equal(a.topics[0].representative.length, 3);
  for (const d of a.topics[0].representative) assert.equal(labels[d], 0);
  assert.ok(!a.topics[0].representative.includes(2), 'the off-topic chunk is least similar');
});

function mmrCorpus() {
  const texts = [
    'united states congress', 'united states congress', 'united states nation', 'united states army',
    'gold coinage', 'silver mint', 'tariff duties', 'tariff duties wool',
  ];
  return { texts, labels: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1]) };
}

test('MMR: diversity 0 keeps the c-TF-IDF list; raising it swaps redundant words for others', () => {
  const { texts, labels } = mmrCorpus();
  const opts = { ...base, ngramRange: [1, 2] as [number, number], minDf: 1, topN: 3 };
  const plain = describeTopics(texts, labels, opts).topics[0].keywords.map((k) => k.word);
  assert.deepEqual(plain.slice().sort(), ['states', 'united', 'united states']);
  assert.deepEqual(describeTopics(texts, labels, { ...opts, mmrDiversity: 0 }).topics[0].keywords.map((k) => k.word), plain);
  const diverse = describeTopics(texts, labels, { ...opts, mmrDiversity: 0.9 }).topics[0].keywords.map((k) => k.word);
  assert.notDeepEqual(diverse, plain);
  assert.equal(diverse.filter((w) => ['states', 'united', 'united states'].includes(w)).length, 1);
  assert.equal(diverse.length, 3);
});

test('MMR and KeyBERT-inspired re-ranking with embeddings use embedding similarity', () => {
  const { texts, labels } = mmrCorpus();
  // 2-D embeddings: the "united states" chunks point one way, gold/silver another.
  const rows = [[1, 0], [1, 0], [1, 0.1], [1, 0.1], [0, 1], [0.1, 1], [-1, 0], [-1, 0.1]];
  const embeddings: Matrix = { data: Float32Array.from(rows.flat()), rows: rows.length, dim: 2 };
  const opts = { ...base, ngramRange: [1, 1] as [number, number], minDf: 1, topN: 4, representativeCount: 2, embeddings };
  const kb = describeTopics(texts, labels, { ...opts, keybert: true }).topics[0].keywords;
  assert.equal(kb.length, 4);
  for (let i = 1; i < kb.length; i++) assert.ok(kb[i - 1].score >= kb[i].score);
  assert.ok(kb.every((k) => k.score <= 1 && k.score >= -1));
  const diverse = describeTopics(texts, labels, { ...opts, topN: 2, mmrDiversity: 1 }).topics[0].keywords.map((k) => k.word);
  assert.equal(diverse.filter((w) => ['gold', 'coinage', 'silver', 'mint'].includes(w)).length, 1, diverse.join(','));
});

test('topicKeywordsForSubset describes merged topics as describeTopics does on the relabelled assignment', () => {
  const { texts, labels } = mmrCorpus();
  const three = Int32Array.from([0, 0, 2, 2, 0, 0, 1, 1]);
  const opts = { ...base, ngramRange: [1, 2] as [number, number], minDf: 1, topN: 5 };
  const merged = topicKeywordsForSubset(texts, three, [0, 2], opts);
  assert.deepEqual(merged, describeTopics(texts, labels, opts).topics[0].keywords);
});
