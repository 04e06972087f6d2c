// Parity with real BERTopic on the reference corpus: same texts + same topic assignments → same top-10 words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeTopics } from '../../src/pipeline/representation';
import { REFERENCE_DIR, referenceMissing } from '../support/reference';

const REF = REFERENCE_DIR;
const skip = referenceMissing('topics.json', 'assignments.json', 'paragraphs.json');

interface RefTopic { topic: number; size: number; words: string[]; scores: number[] }

test('describe: top-10 words per topic match BERTopic topics.json for ≥ 95% of words', { skip, timeout: 60_000 }, () => {
  const texts = (JSON.parse(fs.readFileSync(path.join(REF, 'paragraphs.json'), 'utf8')).paragraphs as Array<{ text: string }>).map((p) => p.text);
  const labels = Int32Array.from(JSON.parse(fs.readFileSync(path.join(REF, 'assignments.json'), 'utf8')).topics as number[]);
  const ref = JSON.parse(fs.readFileSync(path.join(REF, 'topics.json'), 'utf8')).topics as RefTopic[];
  const t0 = Date.now();
  const out = describeTopics(texts, labels, { ngramRange: [1, 2], minDf: 2, topN: 25, representativeCount: 3, seed: 42 });
  const seconds = (Date.now() - t0) / 1000;
  const ours = new Map(out.topics.map((t) => [t.id, t.keywords.map((k) => k.word)]));
  if (out.outlierKeywords) ours.set(-1, out.outlierKeywords.map((k) => k.word));
  let matched = 0, total = 0, exactOrder = 0, scoreErr = 0;
  for (const r of ref) {
    const all = ours.get(r.topic) ?? [];
    const mine = all.slice(0, 10);
    const want = r.words.slice(0, 10);
    total += want.length;
    matched += want.filter((w) => mine.includes(w)).length;
    // Stronger than the issue asks: all 25 words in BERTopic's order, ties included.
    if (r.words.every((w, i) => all[i] === w)) exactOrder++;
    const mineScores = new Map((r.topic === -1 ? out.outlierKeywords ?? [] : out.topics.find((t) => t.id === r.topic)?.keywords ?? []).map((k) => [k.word, k.score]));
    want.forEach((w, i) => { if (mineScores.has(w)) scoreErr = Math.max(scoreErr, Math.abs((mineScores.get(w) as number) - r.scores[i])); });
  }
  const pct = (100 * matched) / total;
  console.log(`describe parity: ${matched}/${total} top-10 words match (${pct.toFixed(2)}%), ${exactOrder}/${ref.length} topics with all 25 words in identical order, max |score diff| ${scoreErr.toExponential(2)}, ${seconds.toFixed(1)} s`);
  assert.equal(out.topics.length, ref.filter((r) => r.topic !== -1).length);
  for (const t of out.topics) assert.equal(t.size, ref.find((r) => r.topic === t.id)?.size);
  assert.ok(pct >= 95, `only ${pct.toFixed(2)}% of top-10 words match`);
  assert.equal(exactOrder, ref.length, 'every topic\'s 25 words in BERTopic\'s order');
  assert.ok(scoreErr < 1e-6, `scores differ by up to ${scoreErr}`);
  for (const t of out.topics) {
    assert.equal(t.representative.length, 3);
    for (const d of t.representative) assert.equal(labels[d], t.id);
  }
});
