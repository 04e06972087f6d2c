import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excerptOf, taxonomyFromRun } from '../../src/taxonomy/build';
import { reconcile } from '../../src/taxonomy/reconcile';
import { assignTopic, createTheme, renameTopic, setIrrelevant, setTopicNote } from '../../src/taxonomy/operations';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';
import { makeRun, many, type FileSpec } from '../support/taxonomy-runs';
import { assertValid } from '../support/valid-taxonomy';

const base: FileSpec[] = [
  { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 2), -1] },
  { path: 'b.txt', chunks: [...many(1, 4), ...many(2, 5)] },
  { path: 'c.vtt', chunks: [...many(3, 4), 0] },
];

/** The first run, curated: themes, a custom label, a note, an irrelevant topic. */
function curated() {
  const first = taxonomyFromRun(makeRun(base));
  let t = first.taxonomy;
  const [climate, school, health, trade] = t.topics.map((tp) => tp.id);
  t = createTheme(t, { name: 'Planet', description: 'environment' });
  t = createTheme(t, { name: 'People' });
  const [planet, people] = t.themes.map((th) => th.id);
  t = assignTopic(t, climate, planet);
  t = assignTopic(t, school, people);
  t = assignTopic(t, health, people);
  t = renameTopic(t, school, 'Education');
  t = setTopicNote(t, climate, 'key topic');
  t = setIrrelevant(t, trade, true);
  return { taxonomy: t, artifact: first.artifact, ids: { climate, school, health, trade, planet, people } };
}

test('taxonomyFromRun: deterministic ids and bytes, default labels, counts, no machine paths', () => {
  const run = makeRun(base);
  const a = taxonomyFromRun(run), b = taxonomyFromRun(makeRun(base));
  assert.equal(serializeTaxonomy(a.taxonomy), serializeTaxonomy(b.taxonomy));
  const t = a.taxonomy;
  assert.deepEqual(t.topics.map((tp) => tp.size), [7, 6, 5, 4]);
  assert.equal(t.topics[0].label, 'climate, carbon, emissions');
  assert.deepEqual(t.topics[0].keywords[0], ['climate', 0.5]);
  assert.ok(t.topics.every((tp) => /^t-[0-9a-f]{8}$/.test(tp.id)));
  assert.deepEqual(t.sources.map((s) => s.path), ['a.txt', 'b.txt', 'c.vtt']);
  assert.deepEqual(t.sources[0].topicCounts, { '-1': 1, [t.topics[0].id]: 6, [t.topics[1].id]: 2 });
  assert.equal(t.run.corpus.outliers, 1);
  assert.equal(t.run.quality.diversity, 0.9123);
  assert.equal((t.run.settings.embedding as Record<string, unknown>).localModelPath, undefined);
  assert.deepEqual(t.topics[3].representative[0].time, [0, 9.25]);
  assert.equal(a.artifact.topicOf.length, run.chunks.length);
  assert.equal(a.artifact.topicOf[8], null);
  assert.doesNotMatch(serializeTaxonomy(t), /20\d\d-\d\d-\d\dT/, 'no timestamps');
  assertValid(t);
});

test('excerpts: ≤ 200 characters, whitespace collapsed, cut at a word', () => {
  const long = 'word '.repeat(100);
  const e = excerptOf(long);
  assert.ok(e.length <= 200);
  assert.ok(e.endsWith('word…'));
  assert.equal(excerptOf('  a\n\n b  '), 'a b');
  assert.ok(excerptOf('😀'.repeat(150)).length <= 200);
  assert.doesNotMatch(excerptOf('😀'.repeat(150)), /[\uD800-\uDBFF]…$/, 'no lone surrogate before the ellipsis');
});

test('re-run with unchanged inputs: identical bytes', () => {
  const prev = curated();
  const before = serializeTaxonomy(prev.taxonomy);
  const r = reconcile(prev.taxonomy, prev.artifact, taxonomyFromRun(makeRun(base)));
  assert.equal(serializeTaxonomy(r.taxonomy), before);
  assert.deepEqual(r.report.new, []);
  assert.deepEqual(r.report.vanished, []);
  assert.equal(r.report.kept.length, 4);
  // And again from the reconciled result (ids that no longer equal the member hash still hold).
  const r2 = reconcile(r.taxonomy, r.artifact, taxonomyFromRun(makeRun(base)));
  assert.equal(serializeTaxonomy(r2.taxonomy), before);
  // Without the artifact (lost cache) the fallback rule gives the same answer on an unchanged run.
  const r3 = reconcile(prev.taxonomy, undefined, taxonomyFromRun(makeRun(base)));
  assert.equal(serializeTaxonomy(r3.taxonomy), before);
});

test('one file added: labels, notes, themes of untouched topics preserved; the new topic is flagged new', () => {
  const prev = curated();
  const next = taxonomyFromRun(makeRun([...base, { path: 'd.txt', chunks: [...many(4, 5), 2] }]));
  const r = reconcile(prev.taxonomy, prev.artifact, next);
  const t = r.taxonomy;
  const { climate, school, health, trade, planet, people } = prev.ids;
  const byId = new Map(t.topics.map((tp) => [tp.id, tp]));
  assert.equal(byId.get(climate)!.note, 'key topic');
  assert.equal(byId.get(school)!.label, 'Education');
  assert.equal(byId.get(school)!.customLabel, true);
  assert.equal(byId.get(trade)!.irrelevant, true);
  assert.equal(byId.get(health)!.size, 6, 'figures come from the new run');
  assert.equal(byId.get(health)!.status, 'kept');
  assert.equal(byId.get(climate)!.status, 'new', 'an unchanged topic keeps its status');
  assert.deepEqual(t.themes.map((th) => [th.id, th.name, th.description, th.topics]), [
    [planet, 'Planet', 'environment', [climate]],
    [people, 'People', '', [school, health]],
  ]);
  assert.equal(r.report.new.length, 1);
  const added = byId.get(r.report.new[0])!;
  assert.equal(added.label, 'army, veterans, service');
  assert.equal(added.status, 'new');
  assert.deepEqual(t.unassigned, [added.id]);
  assert.deepEqual(t.sources.map((s) => s.path), ['a.txt', 'b.txt', 'c.vtt', 'd.txt']);
  assert.equal(t.sources[3].topicCounts[health], 1, 'per-source counts use the carried ids');
  assert.ok(r.artifact.topicOf.includes(health) && r.artifact.topicOf.includes(added.id));
  assertValid(t);
});

test('a topic split in two: both halves flagged, curation kept on the larger', () => {
  const prev = curated();
  const { school, people } = prev.ids;
  // School (6 chunks: a.txt 2, b.txt 4) splits: b.txt's 4 stay one topic, a.txt's 2 + 1 new chunk become another.
  const split: FileSpec[] = [
    { path: 'a.txt', chunks: [...many(0, 6), { topic: 5, like: 1 }, { topic: 5, like: 1 }, { topic: 5, like: -1 }] },
    { path: 'b.txt', chunks: [...many(1, 4), ...many(2, 5)] },
    { path: 'c.vtt', chunks: [...many(3, 4), 0] },
  ];
  const r = reconcile(prev.taxonomy, prev.artifact, taxonomyFromRun(makeRun(split)));
  const t = r.taxonomy;
  const larger = t.topics.find((tp) => tp.id === school)!;
  assert.equal(larger.size, 4);
  assert.equal(larger.label, 'Education');
  assert.equal(larger.status, 'split');
  assert.equal(r.report.split.length, 2);
  const smaller = t.topics.find((tp) => tp.id === r.report.split.find((id) => id !== school))!;
  assert.equal(smaller.status, 'split');
  assert.deepEqual(smaller.previous, [school]);
  assert.equal(smaller.customLabel, false);
  assert.equal(smaller.label, 'farm, crops, rain', 'keywords of the new run');
  assert.equal(smaller.note, '');
  assert.deepEqual(t.themes.find((th) => th.id === people)!.topics, [school, smaller.id, prev.ids.health], 'the smaller half follows the larger in its theme');
  assert.deepEqual(r.report.new, []);
  assert.deepEqual(r.report.vanished, []);
  assertValid(t);
});

test('a topic that disappears is listed as vanished with what it held; two topics merging are flagged', () => {
  const prev = curated();
  const { climate, trade, health, planet } = prev.ids;
  // Trade (c.vtt) disappears into outliers; health absorbs... nothing; climate unchanged.
  const gone: FileSpec[] = [
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 2), -1] },
    { path: 'b.txt', chunks: [...many(1, 4), ...many(2, 5)] },
    { path: 'c.vtt', chunks: [...Array.from({ length: 4 }, () => ({ topic: -1, like: 3 })), 0] },
  ];
  const r = reconcile(prev.taxonomy, prev.artifact, taxonomyFromRun(makeRun(gone)));
  assert.deepEqual(r.report.vanished, [trade]);
  assert.deepEqual(r.taxonomy.vanished, [{ id: trade, label: 'trade, tariffs, exports', keywords: ['trade', 'tariffs', 'exports', 'markets', 'jobs'], size: 4, themes: [], note: '' }]);
  // Re-running the same again keeps the vanished list (an unchanged re-run changes nothing).
  const again = reconcile(r.taxonomy, r.artifact, taxonomyFromRun(makeRun(gone)));
  assert.equal(serializeTaxonomy(again.taxonomy), serializeTaxonomy(r.taxonomy));

  // Climate and health (in different themes) merge into one topic.
  const merged: FileSpec[] = [
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 2), -1] },
    { path: 'b.txt', chunks: [...many(1, 4), ...Array.from({ length: 5 }, () => ({ topic: 0, like: 2 }))] },
    { path: 'c.vtt', chunks: [...many(3, 4), 0] },
  ];
  const m = reconcile(prev.taxonomy, prev.artifact, taxonomyFromRun(makeRun(merged)));
  const big = m.taxonomy.topics.find((tp) => tp.id === climate)!;
  assert.equal(big.status, 'merged');
  assert.deepEqual(big.previous, [health]);
  assert.deepEqual(m.report.merged, [climate]);
  assert.deepEqual(m.report.vanished, []);
  assert.deepEqual(m.taxonomy.vanished.map((v) => [v.id, v.themes]), [[health, [prev.ids.people]]], 'what the absorbed topic held is kept');
  assert.deepEqual(m.taxonomy.themes.find((th) => th.id === planet)!.topics, [climate]);
  assertValid(m.taxonomy);
});

test('first run (no previous file): everything is new', () => {
  const next = taxonomyFromRun(makeRun(base));
  const r = reconcile(undefined, undefined, next);
  assert.equal(r.report.new.length, 4);
  assert.equal(serializeTaxonomy(r.taxonomy), serializeTaxonomy(next.taxonomy));
});

test('without the artifact, topics match by excerpts and keywords', () => {
  const prev = curated();
  const next = taxonomyFromRun(makeRun([...base, { path: 'd.txt', chunks: many(4, 5) }]));
  const r = reconcile(prev.taxonomy, undefined, next);
  assert.equal(r.taxonomy.topics.find((tp) => tp.id === prev.ids.school)!.label, 'Education');
  assert.equal(r.report.new.length, 1);
  assert.equal(r.report.kept.length, 4);
});
