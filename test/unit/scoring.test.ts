import { test } from 'node:test';
import assert from 'node:assert/strict';
import { npmiCoherence, topicDiversity } from '../../src/pipeline/scoring';

test('topicDiversity: unique words over total, lists cut to topK', () => {
  assert.equal(topicDiversity([['a', 'b'], ['b', 'c']]), 3 / 4);
  assert.equal(topicDiversity([['a', 'b', 'x'], ['a', 'b', 'y']], 2), 2 / 4);
  assert.equal(topicDiversity([]), 0);
});

test('npmiCoherence: document co-occurrence, ε, unseen words score −1', () => {
  const texts = ['Apple banana.', 'apple, banana', 'apple cherry', 'durian'];
  const eps = 1e-12;
  const ab = Math.log((0.5 + eps) / (0.75 * 0.5)) / -Math.log(0.5 + eps);
  const ad = Math.log(eps / (0.75 * 0.25)) / -Math.log(eps);
  const { perTopic, overall } = npmiCoherence(texts, [['apple', 'banana'], ['apple', 'durian'], ['apple', 'zebra'], ['apple banana', 'banana']]);
  assert.ok(Math.abs(perTopic[0] - ab) < 1e-12);
  assert.ok(Math.abs(perTopic[1] - ad) < 1e-12);
  assert.equal(perTopic[2], -1);
  // The bigram occurs in the same two documents as "banana": perfectly associated.
  assert.ok(Math.abs(perTopic[3] - 1) < 1e-9);
  assert.ok(Math.abs(overall - (ab + ad - 1 + perTopic[3]) / 4) < 1e-12);
  // Only the first topK words count.
  assert.ok(Math.abs(npmiCoherence(texts, [['apple', 'banana', 'zebra']], { topK: 2 }).overall - ab) < 1e-12);
});
