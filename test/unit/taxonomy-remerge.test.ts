// Merges by hand survive re-runs: recorded on the merged topic (mergedFrom), matched part by part against the run data
// the file names (run.artifact), and applied again. And the report's counts add up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { reconcile, type ReconcileReport } from '../../src/taxonomy/reconcile';
import { assignTopic, createTheme, mergeTopics, renameTopic, setIrrelevant, setTopicNote } from '../../src/taxonomy/operations';
import { viewArtifact } from '../../src/taxonomy/artifact-store';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';
import { fakeDescribe, makeRun, many, type FileSpec } from '../support/taxonomy-runs';
import { assertValid } from '../support/valid-taxonomy';

const base: FileSpec[] = [
  { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 2), -1] },
  { path: 'b.txt', chunks: [...many(1, 4), ...many(2, 5)] },
  { path: 'c.vtt', chunks: [...many(3, 4), 0, ...many(5, 3)] },
];

function addsUp(r: ReconcileReport, prev: Taxonomy, next: Taxonomy): void {
  assert.equal(r.kept.length + r.splitOff.length + r.new.length, next.topics.length, `kept + split off + new = topics (${JSON.stringify(r)})`);
  assert.equal(r.kept.length + r.absorbed.length + r.vanished.length, prev.topics.length, `kept + absorbed + vanished = previous topics (${JSON.stringify(r)})`);
}

/** Curated (themes, a label, a note, an irrelevant mark) and then two topics merged by hand. */
function curatedAndMerged() {
  const first = taxonomyFromRun(makeRun(base));
  let t = first.taxonomy;
  const [climate, school, health, trade, farm] = t.topics.map((tp) => tp.id);
  t = createTheme(t, { name: 'Planet' });
  t = createTheme(t, { name: 'People' });
  const [planet, people] = t.themes.map((th) => th.id);
  t = assignTopic(t, climate, planet);
  t = assignTopic(t, farm, planet);
  t = assignTopic(t, school, people);
  t = assignTopic(t, health, people);
  t = renameTopic(t, school, 'Education');
  t = setTopicNote(t, health, 'hospitals and care');
  t = setIrrelevant(t, trade, true);
  const beforeMerge = t;
  t = mergeTopics(t, [school, health], { artifact: viewArtifact(first.artifact, t.run.artifact, t)!, describe: fakeDescribe }).taxonomy;
  return { beforeMerge, taxonomy: t, artifact: first.artifact, ids: { climate, school, health, trade, farm, planet, people } };
}

test('a merge by hand is recorded part by part and leaves the run data as it was', () => {
  const m = curatedAndMerged();
  const merged = m.taxonomy.topics.find((tp) => tp.id === m.ids.school)!;
  assert.deepEqual(merged.mergedFrom!.map((p) => p.id), [m.ids.school, m.ids.health]);
  assert.deepEqual(merged.mergedFrom![1].keywords, ['health', 'hospital', 'doctors', 'patients', 'care']);
  assert.equal(m.taxonomy.run.artifact, m.beforeMerge.run.artifact, 'the file still names the same run data');
  const view = viewArtifact(m.artifact, m.taxonomy.run.artifact, m.taxonomy)!;
  assert.equal(view.topicOf.filter((x) => x === m.ids.school).length, merged.size, 'the view maps both parts onto the merged topic');
  assert.ok(!view.topicOf.includes(m.ids.health));
  assertValid(m.taxonomy);
});

test('re-run with unchanged inputs after a merge: identical bytes, the merge counted as re-applied, nothing vanished', () => {
  const m = curatedAndMerged();
  const r = reconcile(m.taxonomy, m.artifact, taxonomyFromRun(makeRun(base)), { describe: fakeDescribe });
  assert.equal(serializeTaxonomy(r.taxonomy), serializeTaxonomy(m.taxonomy));
  assert.deepEqual(r.report.remerged, [m.ids.school]);
  assert.deepEqual(r.report.vanished, []);
  assert.deepEqual(r.report.new, []);
  addsUp(r.report, m.taxonomy, r.taxonomy);
  // And again from the result: a fixed point.
  const again = reconcile(r.taxonomy, r.artifact, taxonomyFromRun(makeRun(base)), { describe: fakeDescribe });
  assert.equal(serializeTaxonomy(again.taxonomy), serializeTaxonomy(m.taxonomy));
});

test('the file restored from git (before the merge) re-runs to itself: the run data is found by key, nothing vanishes', () => {
  const m = curatedAndMerged();
  // git checkout taxonomy.json: the pre-merge bytes are back, the run data (never changed by the merge) still fits.
  const restored = parseTaxonomy(serializeTaxonomy(m.beforeMerge), 't.json');
  assert.ok(restored.ok);
  const view = viewArtifact(m.artifact, restored.taxonomy.run.artifact, restored.taxonomy)!;
  for (const tp of restored.taxonomy.topics) assert.equal(view.topicOf.filter((x) => x === tp.id).length, tp.size, `${tp.label}: its chunks are where the file says`);
  const r = reconcile(restored.taxonomy, m.artifact, taxonomyFromRun(makeRun(base)), { describe: fakeDescribe });
  assert.equal(serializeTaxonomy(r.taxonomy), serializeTaxonomy(m.beforeMerge));
  assert.deepEqual([r.report.vanished, r.report.new, r.report.remerged], [[], [], []]);
});

test('re-run with one source added: the merge is applied again, curation kept, the new topic is new', () => {
  const m = curatedAndMerged();
  const more: FileSpec[] = [
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 2), -1] },
    { path: 'b.txt', chunks: [...many(1, 4), ...many(2, 5)] },
    { path: 'c.vtt', chunks: [...many(3, 4), 0, ...many(5, 3)] },
    { path: 'd.txt', chunks: [...many(4, 5), 2, 2] },
  ];
  const r = reconcile(m.taxonomy, m.artifact, taxonomyFromRun(makeRun(more)), { describe: fakeDescribe });
  const t = r.taxonomy;
  const merged = t.topics.find((tp) => tp.id === m.ids.school)!;
  assert.ok(merged, 'the merged topic keeps its id');
  assert.equal(t.topics.find((tp) => tp.id === m.ids.health), undefined, 'its parts are one topic again');
  assert.equal(merged.label, 'Education');
  assert.equal(merged.customLabel, true);
  assert.equal(merged.note, 'hospitals and care', 'the note once, not once per part');
  assert.equal(merged.size, 6 + 7, 'school (6) + health (5 + 2 new chunks)');
  assert.deepEqual(merged.mergedFrom!.map((p) => p.id), [m.ids.school, m.ids.health]);
  assert.equal(merged.status, 'merged');
  assert.deepEqual(t.themes.find((th) => th.id === m.ids.people)!.topics, [m.ids.school]);
  assert.deepEqual(t.themes.find((th) => th.id === m.ids.planet)!.topics, [m.ids.climate, m.ids.farm]);
  assert.equal(t.topics.find((tp) => tp.id === m.ids.trade)!.irrelevant, true);
  assert.ok(merged.keywords.some(([w]) => w === 'health'), 'keywords recomputed on the merged chunks (the larger part alone has none of these)');
  assert.equal(r.report.new.length, 1);
  assert.deepEqual(r.report.vanished, []);
  assert.deepEqual(t.vanished, []);
  assert.deepEqual(r.report.remerged, [m.ids.school]);
  addsUp(r.report, m.taxonomy, t);
  // The counts a source holds are the merged topic's.
  assert.equal(t.sources.find((s) => s.path === 'd.txt')!.topicCounts[m.ids.school], 2);
  const view = viewArtifact(r.artifact, t.run.artifact, t)!;
  assert.equal(view.topicOf.filter((x) => x === m.ids.school).length, merged.size);
  assertValid(t);
});

test('one part gone: the other carries the merged topic on (no merge left to apply, nothing vanished)', () => {
  const m = curatedAndMerged();
  const noHealth: FileSpec[] = [
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 2), -1] },
    { path: 'b.txt', chunks: [...many(1, 4), ...many(-1, 5)] },
    { path: 'c.vtt', chunks: [...many(3, 4), 0, ...many(5, 3)] },
  ];
  const r = reconcile(m.taxonomy, m.artifact, taxonomyFromRun(makeRun(noHealth)), { describe: fakeDescribe });
  const t = r.taxonomy;
  const school = t.topics.find((tp) => tp.id === m.ids.school)!;
  assert.equal(school.label, 'Education');
  assert.equal(school.note, 'hospitals and care');
  assert.equal(school.mergedFrom, undefined);
  assert.deepEqual(r.report.vanished, []);
  assert.deepEqual(t.vanished, [], 'a part of a topic that carries on is not a vanished topic');
  addsUp(r.report, m.taxonomy, t);
});

test('every part gone: the merged topic vanishes once, with what it held', () => {
  const m = curatedAndMerged();
  const neither: FileSpec[] = [
    { path: 'a.txt', chunks: [...many(0, 6), ...many(-1, 2), -1] },
    { path: 'b.txt', chunks: [...many(-1, 4), ...many(-1, 5)] },
    { path: 'c.vtt', chunks: [...many(3, 4), 0, ...many(5, 3)] },
  ];
  const r = reconcile(m.taxonomy, m.artifact, taxonomyFromRun(makeRun(neither)), { describe: fakeDescribe });
  assert.deepEqual(r.report.vanished, [m.ids.school]);
  assert.deepEqual(r.taxonomy.vanished.map((v) => [v.id, v.label, v.themes, v.note]), [[m.ids.school, 'Education', [m.ids.people], 'hospitals and care']]);
  addsUp(r.report, m.taxonomy, r.taxonomy);
});

test('run data of another run is ignored, never read as "every topic vanished"', () => {
  const m = curatedAndMerged();
  const other = taxonomyFromRun(makeRun([{ path: 'z.txt', chunks: many(0, 9) }])).artifact;
  const r = reconcile(m.beforeMerge, other, taxonomyFromRun(makeRun(base)), { describe: fakeDescribe });
  assert.deepEqual(r.report.vanished, []);
  assert.equal(r.report.kept.length, m.beforeMerge.topics.length);
  assert.equal(r.taxonomy.topics.find((tp) => tp.id === m.ids.school)!.label, 'Education');
});

test('without run data (another machine) the merge is still applied again, by the parts\' keywords', () => {
  const m = curatedAndMerged();
  const r = reconcile(m.taxonomy, undefined, taxonomyFromRun(makeRun(base)), { describe: fakeDescribe });
  const merged = r.taxonomy.topics.find((tp) => tp.id === m.ids.school)!;
  assert.deepEqual(merged.mergedFrom!.map((p) => p.id), [m.ids.school, m.ids.health]);
  assert.equal(merged.label, 'Education');
  assert.deepEqual(r.report.vanished, []);
  addsUp(r.report, m.taxonomy, r.taxonomy);
});

test('property: the report adds up for any curated file, merges included, and any next run', () => {
  const spec = fc.array(fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 });
  fc.assert(fc.property(spec, spec, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), (a, b, merges) => {
    const files = (s: number[][]): FileSpec[] => s.map((chunks, i) => ({ path: `f${i}.txt`, chunks }));
    const first = taxonomyFromRun(makeRun(files(a)));
    let t = first.taxonomy;
    for (const [i, j] of merges) {
      const ids = t.topics.map((tp) => tp.id);
      if (ids.length < 2 || ids[i % ids.length] === ids[j % ids.length]) continue;
      const art: RunArtifact = viewArtifact(first.artifact, t.run.artifact, t)!;
      t = mergeTopics(t, [ids[i % ids.length], ids[j % ids.length]], { artifact: art, describe: fakeDescribe }).taxonomy;
    }
    assertValid(t);
    const r = reconcile(t, first.artifact, taxonomyFromRun(makeRun(files(b))), { describe: fakeDescribe });
    addsUp(r.report, t, r.taxonomy);
    assertValid(r.taxonomy);
    const same = reconcile(t, first.artifact, taxonomyFromRun(makeRun(files(a))), { describe: fakeDescribe });
    assert.equal(serializeTaxonomy(same.taxonomy), serializeTaxonomy(t), 'unchanged inputs: same bytes');
  }), { numRuns: 150 });
});
