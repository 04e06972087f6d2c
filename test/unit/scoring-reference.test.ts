// The reference scorer's figures on BERTopic's own topics: our metrics must reproduce them to ±0.0005.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { npmiCoherence, topicDiversity } from '../../src/pipeline/scoring';
import { REFERENCE_DIR, referenceMissing } from '../support/reference';

const REF = REFERENCE_DIR;
const skip = referenceMissing('topics.json', 'paragraphs.json', 'score.json');

test('score: diversity@25 = 0.6118 and NPMI@10 = 0.2725 on the reference topics', { skip, timeout: 60_000 }, () => {
  const texts = (JSON.parse(fs.readFileSync(path.join(REF, 'paragraphs.json'), 'utf8')).paragraphs as Array<{ text: string }>).map((p) => p.text);
  const topics = (JSON.parse(fs.readFileSync(path.join(REF, 'topics.json'), 'utf8')).topics as Array<{ topic: number; words: string[] }>).filter((t) => t.topic !== -1);
  const refScore = JSON.parse(fs.readFileSync(path.join(REF, 'score.json'), 'utf8')) as { npmi_per_topic: Record<string, number> };
  const words = topics.map((t) => t.words);
  const t0 = Date.now();
  const diversity = topicDiversity(words, 25);
  const npmi = npmiCoherence(texts, words, { topK: 10, ngramRange: [1, 2] });
  console.log(`score: diversity@25 = ${diversity.toFixed(4)}, NPMI@10 = ${npmi.overall.toFixed(4)} (${topics.length} topics, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  assert.ok(Math.abs(diversity - 0.6118) <= 0.0005, `diversity ${diversity}`);
  assert.ok(Math.abs(npmi.overall - 0.2725) <= 0.0005, `npmi ${npmi.overall}`);
  let worst = 0;
  topics.forEach((t, i) => (worst = Math.max(worst, Math.abs(npmi.perTopic[i] - refScore.npmi_per_topic[String(t.topic)]))));
  assert.ok(worst < 1e-6, `per-topic NPMI differs by up to ${worst}`);
});
