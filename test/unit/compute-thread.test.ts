// The extension host's compute thread (dist/compute-worker.js, built by npm run build): a merge's keywords and the
// topic hierarchy computed there are the ones the pipeline computes inline, with the chunk texts sent once (in
// slices) per chunk array and requests carrying only labels. The taxonomy store's codec there gives exactly the in-thread
// results.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ComputeThread } from '../../src/host/compute-thread';
import { buildHierarchy, buildHierarchyWith } from '../../src/host/panel/state';
import { describeTopics } from '../../src/pipeline/representation';
import { mergeTopics, planMerge, renameTopic } from '../../src/taxonomy/operations';
import { decodeTaxonomyText, encodeTaxonomy } from '../../src/taxonomy/codec';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';
import { TaxonomyInvalidError, TaxonomyStore } from '../../src/taxonomy/store';
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

test('the taxonomy codec on the compute thread gives exactly what the in-thread one gives, problems included', async () => {
  const encoded = await compute.encode(taxonomy, 'taxonomy.json');
  assert.deepEqual(encoded, encodeTaxonomy(taxonomy, 'taxonomy.json'));
  assert.equal(encoded.text, serializeTaxonomy(taxonomy));
  assert.deepEqual(encoded.parsed, decodeTaxonomyText(encoded.text, 'x').parsed, 'the checked bytes parse to what is returned');
  assert.deepEqual(await compute.decode(encoded.text, 'taxonomy.json'), decodeTaxonomyText(encoded.text, 'taxonomy.json'));
  const broken = encoded.text.replace('"schemaVersion": 1', '"schemaVersion": "one"');
  assert.notEqual(broken, encoded.text);
  const refused = await compute.decode(broken, 'taxonomy.json');
  assert.equal(refused.parsed.ok, false);
  assert.deepEqual(refused, decodeTaxonomyText(broken, 'taxonomy.json'));
  // A taxonomy that does not validate is reported, not written: the store turns this into TaxonomyInvalidError.
  const invalid = await compute.encode({ ...taxonomy, themes: [{ id: 'not-an-id', name: 'x', description: '', topics: [] }] }, 'taxonomy.json');
  assert.equal(invalid.parsed.ok, false);
});

test('a store whose codec is the compute thread writes the same bytes as the in-thread store and refuses what does not validate', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-codec-'));
  const [a, b] = [path.join(dir, 'a.json'), path.join(dir, 'b.json')];
  const [viaThread, inline] = [await TaxonomyStore.open(a, compute), await TaxonomyStore.open(b)];
  await viaThread.replace(taxonomy);
  await inline.replace(taxonomy);
  await viaThread.apply((t) => renameTopic(t, t.topics[0].id, 'Renamed'));
  await inline.apply((t) => renameTopic(t, t.topics[0].id, 'Renamed'));
  assert.equal(fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8'));
  await assert.rejects(viaThread.apply((t) => ({ ...t, schemaVersion: 99 as 1 })), TaxonomyInvalidError);
  fs.writeFileSync(a, '{ "schemaVersion": 1, "run": 3 }\n');
  await viaThread.reloadFromDisk();
  assert.ok(viaThread.problems.length > 0, 'a damaged file on disk is reported, read through the thread');
  assert.equal(viaThread.state?.topics[0].label, 'Renamed', 'the last good state is kept');
  viaThread.dispose();
  inline.dispose();
});
