import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import {
  TaxonomyOpError, assignTopic, createTheme, deleteTheme, dismissVanished, mergeTopics, moveTheme, newThemeId, renameTheme,
  renameTopic, resetTopicLabel, setIrrelevant, setThemeColor, setThemeDescription, setTopicNote,
} from '../../src/taxonomy/operations';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';
import { describeTopics } from '../../src/pipeline/representation';
import { fakeDescribe, makeRun, many } from '../support/taxonomy-runs';
import { assertValid } from '../support/valid-taxonomy';

function fresh() {
  return taxonomyFromRun(makeRun([
    { path: 'a.txt', chunks: [...many(0, 5), ...many(1, 3), -1] },
    { path: 'b.txt', chunks: [...many(2, 4), ...many(1, 1), ...many(3, 2)] },
  ]));
}

const throwsOp = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: unknown) => e instanceof TaxonomyOpError && e.message === message);

test('createTheme: deterministic id, appended, validated', () => {
  const { taxonomy: t0 } = fresh();
  const before = serializeTaxonomy(t0);
  const id = newThemeId(t0, 'Policy');
  const t1 = createTheme(t0, { name: '  Policy ', description: 'What governments do', color: 'charts.blue' });
  assert.equal(serializeTaxonomy(t0), before, 'input not mutated');
  assert.deepEqual(t1.themes, [{ id, name: 'Policy', description: 'What governments do', color: 'charts.blue', topics: [] }]);
  assert.match(id, /^th-[0-9a-f]{8}$/);
  assert.equal(createTheme(t0, { name: 'Policy' }).themes[0].id, id, 'same name + same ids → same id');
  const t2 = createTheme(t1, { name: 'Health', id: 'th-0000abcd' });
  assert.deepEqual(t2.themes.map((th) => th.id), [id, 'th-0000abcd']);
  throwsOp(() => createTheme(t1, { name: '   ' }), 'A theme name cannot be empty');
  throwsOp(() => createTheme(t1, { name: 'policy' }), 'A theme named "Policy" already exists');
  throwsOp(() => createTheme(t1, { name: 'X', id: 'th-1' }), '"th-1" is not a theme id ("th-" and 8 hex digits)');
  throwsOp(() => createTheme(t1, { name: 'X', id }), `A theme with id "${id}" already exists`);
  throwsOp(() => createTheme(t1, { name: 'X', color: 'blue; background: red' }), '"blue; background: red" is not a colour: use "#rrggbb" or a theme colour id such as "charts.blue"');
  assertValid(t2);
});

test('renameTheme, setThemeDescription, setThemeColor', () => {
  let t = createTheme(createTheme(fresh().taxonomy, { name: 'A' }), { name: 'B' });
  const [a, b] = t.themes.map((th) => th.id);
  t = renameTheme(t, a, 'Alpha');
  t = setThemeDescription(t, a, 'first');
  t = setThemeColor(t, a, '#112233');
  assert.deepEqual(t.themes[0], { id: a, name: 'Alpha', description: 'first', color: '#112233', topics: [] });
  assert.equal(setThemeColor(t, a, undefined).themes[0].color, undefined);
  assert.equal(renameTheme(t, a, 'alpha').themes[0].name, 'alpha', 'a theme may change the case of its own name');
  throwsOp(() => renameTheme(t, a, 'b'), 'A theme named "B" already exists');
  throwsOp(() => renameTheme(t, 'th-00000000', 'C'), 'No theme with id "th-00000000"');
  throwsOp(() => setThemeDescription(t, b, 3 as unknown as string), 'A theme description must be text');
});

test('assignTopic: one theme per topic, positions, unassign, errors', () => {
  let t = createTheme(createTheme(fresh().taxonomy, { name: 'A' }), { name: 'B' });
  const [a, b] = t.themes.map((th) => th.id);
  const [x, y, z] = t.topics.map((tp) => tp.id);
  t = assignTopic(t, x, a);
  t = assignTopic(t, y, a);
  t = assignTopic(t, z, a, 0);
  assert.deepEqual(t.themes[0].topics, [z, x, y]);
  t = assignTopic(t, x, b);
  assert.deepEqual(t.themes.map((th) => th.topics), [[z, y], [x]], 'moving takes it out of the old theme');
  t = assignTopic(t, y, a, 0);
  assert.deepEqual(t.themes[0].topics, [y, z], 'reorder within a theme');
  t = assignTopic(t, z, null);
  assert.deepEqual(t.themes[0].topics, [y]);
  assert.ok(t.unassigned.includes(z) && !t.unassigned.includes(x));
  throwsOp(() => assignTopic(t, 't-00000000', a), 'No topic with id "t-00000000"');
  throwsOp(() => assignTopic(t, z, 'th-00000000'), 'No theme with id "th-00000000"');
  throwsOp(() => assignTopic(t, z, a, 5), 'Cannot put the topic at position 5 of theme "A": positions go from 0 to 1');
  assertValid(t);
});

test('deleteTheme unassigns its topics; moveTheme reorders', () => {
  let t = createTheme(createTheme(createTheme(fresh().taxonomy, { name: 'A' }), { name: 'B' }), { name: 'C' });
  const [a, b, c] = t.themes.map((th) => th.id);
  const x = t.topics[0].id;
  t = assignTopic(t, x, b);
  t = moveTheme(t, c, 0);
  assert.deepEqual(t.themes.map((th) => th.id), [c, a, b]);
  t = moveTheme(t, c, 2);
  assert.deepEqual(t.themes.map((th) => th.id), [a, b, c]);
  throwsOp(() => moveTheme(t, a, 3), 'Cannot move a theme to position 3: positions go from 0 to 2');
  throwsOp(() => moveTheme(t, a, 1.5), 'Cannot move a theme to position 1.5: positions go from 0 to 2');
  t = deleteTheme(t, b);
  assert.deepEqual(t.themes.map((th) => th.id), [a, c]);
  assert.ok(t.unassigned.includes(x));
  assert.ok(t.topics.some((tp) => tp.id === x), 'the topic itself is kept');
  throwsOp(() => deleteTheme(t, b), `No theme with id "${b}"`);
});

test('renameTopic sets a custom label; resetTopicLabel goes back to keywords; notes', () => {
  let t = fresh().taxonomy;
  const x = t.topics[0].id;
  t = renameTopic(t, x, ' Climate ');
  assert.deepEqual([t.topics[0].label, t.topics[0].customLabel], ['Climate', true]);
  t = setTopicNote(t, x, 'see 1998 speech');
  assert.equal(t.topics[0].note, 'see 1998 speech');
  t = resetTopicLabel(t, x);
  assert.deepEqual([t.topics[0].label, t.topics[0].customLabel], ['climate, carbon, emissions', false]);
  throwsOp(() => renameTopic(t, x, ''), 'A topic label cannot be empty');
  throwsOp(() => setTopicNote(t, 't-00000000', 'n'), 'No topic with id "t-00000000"');
});

test('setIrrelevant takes the topic out of its theme; assigning clears the mark', () => {
  let t = createTheme(fresh().taxonomy, { name: 'A' });
  const a = t.themes[0].id, x = t.topics[0].id;
  t = assignTopic(t, x, a);
  t = setIrrelevant(t, x, true);
  assert.deepEqual(t.themes[0].topics, []);
  assert.equal(t.topics[0].irrelevant, true);
  assert.ok(!t.unassigned.includes(x), 'irrelevant topics are not listed as unassigned');
  t = assignTopic(t, x, a);
  assert.equal(t.topics[0].irrelevant, false);
  throwsOp(() => setIrrelevant(t, x, 'yes' as unknown as boolean), '"irrelevant" must be true or false');
});

test('dismissVanished', () => {
  const t = { ...fresh().taxonomy, vanished: [{ id: 't-00000001', label: 'old', keywords: [], size: 1, themes: [], note: '' }] };
  assert.deepEqual(dismissVanished(t, ['t-00000001']).vanished, []);
  throwsOp(() => dismissVanished(t, ['t-00000002']), 'No vanished topic with id "t-00000002"');
});

test('mergeTopics: keeps the largest id, custom label, theme; concatenates notes; recomputes keywords', () => {
  const { taxonomy, artifact } = fresh();
  let t = createTheme(createTheme(taxonomy, { name: 'A' }), { name: 'B' });
  const [a, b] = t.themes.map((th) => th.id);
  const [big, mid, small] = t.topics.map((tp) => tp.id); // sizes 5, 4, 4
  t = assignTopic(t, small, a);
  t = assignTopic(t, mid, b);
  t = renameTopic(t, mid, 'Schools');
  t = setTopicNote(t, big, 'big note');
  t = setTopicNote(t, mid, 'mid note');
  const sizes = t.topics.map((tp) => tp.size);
  const r = mergeTopics(t, [mid, big], { artifact, describe: fakeDescribe });
  const merged = r.taxonomy.topics.find((tp) => tp.id === big)!;
  assert.equal(r.taxonomy.topics.length, t.topics.length - 1);
  assert.ok(!r.taxonomy.topics.some((tp) => tp.id === mid));
  assert.equal(merged.size, sizes[0] + sizes[1]);
  assert.equal(merged.label, 'Schools');
  assert.equal(merged.customLabel, true);
  assert.equal(merged.note, 'big note\n\nmid note');
  assert.equal(merged.status, 'merged');
  assert.deepEqual(merged.previous, [mid]);
  assert.equal(merged.npmi, undefined);
  // Keywords recomputed on the merged chunks: each climate word is 5 of the 45 counted words now (was 5 of 25).
  assert.deepEqual(merged.keywords[0], ['carbon', 0.1111]);
  assert.equal(merged.keywords.length, 5, 'as many keywords as the topic had');
  // The largest had no theme, so it goes where the merged one was.
  assert.deepEqual(r.taxonomy.themes.map((th) => th.topics), [[small], [big]]);
  // Artifact and per-source counts follow.
  assert.ok(!r.artifact.topicOf.includes(mid));
  assert.equal(r.artifact.topicOf.filter((x) => x === big).length, sizes[0] + sizes[1]);
  assert.equal(r.taxonomy.sources.find((s) => s.path === 'a.txt')!.topicCounts[big], 8);
  assert.equal(artifact.topicOf.filter((x) => x === mid).length, sizes[1], 'input artifact not mutated');
  assertValid(r.taxonomy);

  throwsOp(() => mergeTopics(t, [big], { artifact, describe: fakeDescribe }), 'Merging needs at least two different topics');
  throwsOp(() => mergeTopics(t, [big, big], { artifact, describe: fakeDescribe }), 'Merging needs at least two different topics');
  throwsOp(() => mergeTopics(t, [big, 't-00000000'], { artifact, describe: fakeDescribe }), 'No topic with id "t-00000000"');
  throwsOp(() => mergeTopics(t, [big, mid], { artifact: { ...artifact, corpusFingerprint: 'other' }, describe: fakeDescribe }),
    'The run data kept for this taxonomy is from a different run of the corpus; re-run the map before merging');
});

test('mergeTopics with the engine\'s c-TF-IDF (describeTopics) as the injected describe', () => {
  const chunk = (topic: number, text: string) => ({ topic, text });
  const { taxonomy, artifact } = taxonomyFromRun(makeRun([
    { path: 'a.txt', chunks: [chunk(0, 'climate carbon'), chunk(0, 'climate emissions'), chunk(0, 'carbon climate'), chunk(1, 'school teachers'), chunk(1, 'school pupils')] },
    { path: 'b.txt', chunks: [chunk(2, 'hospital doctors'), chunk(2, 'hospital nurses'), chunk(2, 'doctors care'), chunk(2, 'care hospital')] },
  ]));
  const big = taxonomy.topics.find((tp) => tp.size === 3 && tp.label.startsWith('climate'))!.id;
  const mid = taxonomy.topics.find((tp) => tp.size === 2)!.id;
  const r = mergeTopics(taxonomy, [big, mid], {
    artifact,
    describe: (texts, labels) => describeTopics(texts, labels, { ngramRange: [1, 1], minDf: 1, topN: 10, representativeCount: 3 }).topics,
  });
  const words = r.taxonomy.topics.find((tp) => tp.id === big)!.keywords.map(([w]) => w);
  assert.ok(words.includes('climate') && words.includes('school'), words.join(', '));
  assertValid(r.taxonomy);
});

test('property: any sequence of operations keeps the file schema-valid (or fails with TaxonomyOpError)', () => {
  const { taxonomy: start, artifact: startArtifact } = fresh();
  const names = fc.constantFrom('A', 'B', 'a', ' ', '', 'Ünïcode 主题', '<img src=x onerror=alert(1)>');
  const pick = fc.nat({ max: 20 });
  const op = fc.oneof(
    fc.record({ k: fc.constant('create'), name: names, color: fc.constantFrom(undefined, '#abcdef', 'bad color') }),
    fc.record({ k: fc.constant('rename'), i: pick, name: names }),
    fc.record({ k: fc.constant('describe'), i: pick, name: names }),
    fc.record({ k: fc.constant('delete'), i: pick }),
    fc.record({ k: fc.constant('move'), i: pick, to: fc.integer({ min: -1, max: 5 }) }),
    fc.record({ k: fc.constant('assign'), i: pick, j: fc.integer({ min: -1, max: 5 }), at: fc.option(fc.integer({ min: -1, max: 6 }), { nil: undefined }) }),
    fc.record({ k: fc.constant('label'), i: pick, name: names }),
    fc.record({ k: fc.constant('reset'), i: pick }),
    fc.record({ k: fc.constant('note'), i: pick, name: names }),
    fc.record({ k: fc.constant('irrelevant'), i: pick, on: fc.boolean() }),
    fc.record({ k: fc.constant('merge'), i: pick, j: pick }),
  );
  fc.assert(fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
    let t = start;
    let artifact = startArtifact;
    for (const o of ops) {
      const theme = (i: number) => t.themes[i % Math.max(1, t.themes.length)]?.id ?? 'th-00000000';
      const topic = (i: number) => t.topics[i % t.topics.length].id;
      try {
        switch (o.k) {
          case 'create': t = createTheme(t, { name: o.name, color: o.color }); break;
          case 'rename': t = renameTheme(t, theme(o.i), o.name); break;
          case 'describe': t = setThemeDescription(t, theme(o.i), o.name); break;
          case 'delete': t = deleteTheme(t, theme(o.i)); break;
          case 'move': t = moveTheme(t, theme(o.i), o.to); break;
          case 'assign': t = assignTopic(t, topic(o.i), o.j < 0 ? null : theme(o.j), o.at); break;
          case 'label': t = renameTopic(t, topic(o.i), o.name); break;
          case 'reset': t = resetTopicLabel(t, topic(o.i)); break;
          case 'note': t = setTopicNote(t, topic(o.i), o.name); break;
          case 'irrelevant': t = setIrrelevant(t, topic(o.i), o.on); break;
          case 'merge': ({ taxonomy: t, artifact } = mergeTopics(t, [topic(o.i), topic(o.j)], { artifact, describe: fakeDescribe })); break;
        }
      } catch (e) {
        if (!(e instanceof TaxonomyOpError)) throw e;
      }
      assertValid(t);
      assert.equal(artifact.topicOf.filter((x) => x !== null).length, t.topics.reduce((n, tp) => n + tp.size, 0));
    }
  }), { numRuns: 150 });
});
