// The extension host's compute thread (dist/compute-worker.js, built by npm run build): a merge's keywords and the
// topic hierarchy computed there are the ones the pipeline computes inline, with the chunk texts sent once (in
// slices) per chunk array and requests carrying only labels.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { ComputeThread } from '../../src/host/compute-thread';
import { buildHierarchy, buildHierarchyWith } from '../../src/host/panel/state';
import { describeTopics } from '../../src/pipeline/representation';
import { mergeTopics, planMerge } from '../../src/taxonomy/operations';
import { makeFixture } from '../support/panel-fixture';

const script = path.resolve(__dirname, '..', '..', '..', 'dist', 'compute-worker.js');
const compute = new ComputeThread(script);
after(() => compute.dispose());
const { taxonomy, artifact } = makeFixture();
const vectorizer = { ngramRange: [1, 2] as [number, number], minDf: 1, extraStopWords: [] };

test('a merge planned on the host and described on the compute thread equals the inline merge', async () => {
  const ids = [taxonomy.topics[0].id, taxonomy.topics[1].id];
  const { labels } = planMerge(taxonomy, ids, artifact);
  const described = await compute.describe(artifact.chunks, labels, vectorizer, 10);
  const inline = (texts: string[], l: Int32Array) => describeTopics(texts, l, { ...vectorizer, topN: 10, representativeCount: 3 }).topics;
  const viaThread = mergeTopics(taxonomy, ids, { artifact, describe: () => described });
  const direct = mergeTopics(taxonomy, ids, { artifact, describe: inline });
  assert.deepEqual(viaThread, direct);
  assert.notDeepEqual(direct.taxonomy.topics, taxonomy.topics, 'the merge changed something');
});

test('the hierarchy from the compute thread equals the inline one', async () => {
  const viaThread = await buildHierarchyWith(artifact, taxonomy, (c, l, v, n) => compute.hierarchy(c, l, v, n));
  assert.ok(viaThread);
  assert.deepEqual(viaThread, buildHierarchy(artifact, taxonomy));
});

test('texts larger than one slice arrive whole; a new chunk array replaces the old one; errors reject', async () => {
  const big = artifact.chunks.map((c, i) => ({ ...c, text: `${c.text} ${'padding'.repeat(400)} token${i}` }));
  const labels = Int32Array.from(artifact.topicOf, (id) => (id === null ? -1 : taxonomy.topics.findIndex((t) => t.id === id)));
  const got = await compute.describe(big, labels, vectorizer, 5);
  const want = describeTopics(big.map((c) => c.text), labels, { ...vectorizer, topN: 5, representativeCount: 3 }).topics;
  assert.deepEqual(got, want.map((t) => ({ id: t.id, keywords: t.keywords })));
  await assert.rejects(compute.describe(artifact.chunks, labels.subarray(1), vectorizer, 5), /labels for/);
});
