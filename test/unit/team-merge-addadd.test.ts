// The merge driver's add/add case (both branches added the taxonomy file, git passes an empty ancestor): two curations
// of one run merge on the file as the run wrote it (src/taxonomy/fresh-base.ts), as if that file had been committed.
import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { mergeTaxonomyFiles } from '../../src/taxonomy/merge-file';
import { assignTopic, createTheme, renameTheme, renameTopic, setIrrelevant, setThemeDescription, setTopicNote } from '../../src/taxonomy/operations';
import { parseTaxonomy, serializeTaxonomy as ser } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';
import { parsed } from '../support/valid-taxonomy';
import { conflictSides as sides, mergeInBase, teamBase } from '../support/team-taxonomy';
import { makeRun, many } from '../support/taxonomy-runs';

const b = teamBase();
const fresh = b.fresh;
const T = b.topic;

const addAdd = (o: Taxonomy, t: Taxonomy) => mergeTaxonomyFiles('', ser(o), ser(t), 'taxonomy.json');
/** The same merge had the fresh file been committed before the two branches parted. */
const threeWay = (o: Taxonomy, t: Taxonomy) => mergeTaxonomyFiles(ser(fresh), ser(o), ser(t), 'taxonomy.json');

const themeId = (t: Taxonomy, name: string) => t.themes.find((x) => x.name === name)!.id;
function filed(t: Taxonomy, name: string, ...topics: string[]): Taxonomy {
  let out = t.themes.some((x) => x.name === name) ? t : createTheme(t, { name });
  for (const id of topics) out = assignTopic(out, id, themeId(out, name));
  return out;
}

test('different curation on each side of an add/add merges cleanly, as against the committed fresh file', () => {
  const ours = renameTopic(filed(fresh, 'Environment', T[0], T[5]), T[0], 'Climate');
  const theirs = setTopicNote(setIrrelevant(filed(fresh, 'Society', T[1], T[2]), T[4], true), T[3], 'check with the PI');
  const r = addAdd(ours, theirs);
  assert.equal(r.kind, 'clean', r.kind === 'conflict' ? r.conflicts.join('\n') : '');
  if (r.kind !== 'clean') return;
  assert.deepEqual(r, threeWay(ours, theirs));
  const m = parsed(r.text);
  assert.equal(r.text, ser(m), 'canonical serialisation');
  assert.deepEqual(m.themes.map((x) => [x.name, x.topics]), [['Environment', [T[0], T[5]]], ['Society', [T[1], T[2]]]]);
  assert.equal(m.topics.find((x) => x.id === T[0])!.label, 'Climate');
  assert.equal(m.topics.find((x) => x.id === T[4])!.irrelevant, true);
  assert.equal(m.topics.find((x) => x.id === T[3])!.note, 'check with the PI');
  assert.deepEqual(m.unassigned, [T[3]]);
});

test('an empty or whitespace-only ancestor is add/add; identical sides give the same bytes', () => {
  const cur = renameTopic(fresh, T[1], 'Schools');
  for (const base of ['', '\n', '  \r\n ']) {
    const r = mergeTaxonomyFiles(base, ser(cur), ser(cur), 'taxonomy.json');
    assert.deepEqual(r, { kind: 'clean', text: ser(cur) });
  }
});

test('the same topic renamed differently on both sides conflicts, explained on the marker, each side a valid file', () => {
  const ours = renameTopic(filed(fresh, 'Environment', T[0]), T[1], 'Schools');
  const theirs = renameTopic(filed(fresh, 'Society', T[2]), T[1], 'Education');
  const r = addAdd(ours, theirs);
  assert.equal(r.kind, 'conflict');
  if (r.kind !== 'conflict') return;
  // Named by its label in the fresh file: the one both researchers started from.
  assert.deepEqual(r.conflicts, [`topic ${T[1]} ("school, teachers, students"): label changed on both sides (ours "Schools", theirs "Education")`]);
  assert.deepEqual(r.text.split('\n').filter((l) => l.startsWith('<<<<<<<')), [`<<<<<<< ours (literature-map: ${r.conflicts[0]})`]);
  const s = sides(r.text);
  const o = parsed(s.ours), t = parsed(s.theirs);
  assert.equal(o.topics.find((x) => x.id === T[1])!.label, 'Schools');
  assert.equal(t.topics.find((x) => x.id === T[1])!.label, 'Education');
  // Everything else is merged on both sides of the block.
  for (const side of [o, t]) assert.deepEqual(side.themes.map((x) => x.name), ['Environment', 'Society']);
  const p = parseTaxonomy(r.text, 'taxonomy.json');
  assert.ok(!p.ok, 'the parser reports the block');
});

test('a theme created on both sides with one name is one theme (ours\' id) even when the ids differ; its topics merge', () => {
  // Theme ids come from the name and the ids already in the file: "Methods" created second on our side gets another id.
  const ours = setThemeDescription(filed(filed(fresh, 'Theory', T[3]), 'Methods', T[1]), themeId(filed(filed(fresh, 'Theory'), 'Methods'), 'Methods'), 'How studies were run');
  const theirs = filed(fresh, 'methods', T[2]);
  assert.notEqual(themeId(ours, 'Methods'), themeId(theirs, 'methods'));
  const r = addAdd(ours, filed(renameTheme(theirs, themeId(theirs, 'methods'), 'Methods'), 'Methods', T[5]));
  assert.equal(r.kind, 'clean', r.kind === 'conflict' ? r.conflicts.join('\n') : '');
  if (r.kind !== 'clean') return;
  const m = parsed(r.text);
  assert.deepEqual(m.themes.map((x) => [x.id, x.name, x.description, x.topics]), [
    [themeId(ours, 'Theory'), 'Theory', '', [T[3]]],
    [themeId(ours, 'Methods'), 'Methods', 'How studies were run', [T[1], T[2], T[5]]],
  ]);
  // Names that differ only in case are still one theme, and the spelling is a conflict to decide.
  const c = addAdd(ours, theirs);
  assert.equal(c.kind, 'conflict');
  if (c.kind === 'conflict') assert.deepEqual(c.conflicts, [`theme ${themeId(ours, 'Methods')} ("Methods"): name changed on both sides (ours "Methods", theirs "methods")`]);
});

test('the same theme created on both sides with one id: filing different topics is no conflict, the same topic elsewhere is', () => {
  const ours = filed(fresh, 'Health', T[2]), theirs = filed(fresh, 'Health', T[3]);
  assert.equal(themeId(ours, 'Health'), themeId(theirs, 'Health'));
  const r = addAdd(ours, theirs);
  assert.equal(r.kind, 'clean');
  if (r.kind === 'clean') assert.deepEqual(parsed(r.text).themes[0].topics, [T[2], T[3]]);
  const c = addAdd(filed(ours, 'Care', T[4]), filed(theirs, 'Health', T[4]));
  assert.equal(c.kind, 'conflict');
  if (c.kind === 'conflict') assert.ok(c.conflicts.some((x) => x.includes('filed differently on both sides (ours theme "Care", theirs theme "Health")')), c.conflicts.join('\n'));
});

test('a merge of topics on one side is rebuilt from the other: clean with a rename elsewhere, a conflict with a rename of a merged topic', () => {
  const ours = mergeInBase(b, fresh, [T[1], T[2]]);
  const theirs = renameTopic(filed(fresh, 'Economy', T[3]), T[4], 'Army');
  const r = addAdd(ours, theirs);
  assert.equal(r.kind, 'clean', r.kind === 'conflict' ? r.conflicts.join('\n') : '');
  if (r.kind !== 'clean') return;
  assert.deepEqual(r, threeWay(ours, theirs));
  const m = parsed(r.text);
  assert.equal(m.topics.length, 5);
  assert.deepEqual(m.topics.find((x) => x.id === T[1])!.previous, [T[2]]);
  assert.ok(m.sources.every((s) => !(T[2] in s.topicCounts)), 'the merged-away topic\'s counts are folded on both sides');
  // Their rename of the topic our side merged away: deleted on ours, edited on theirs.
  const c = addAdd(ours, renameTopic(fresh, T[2], 'Hospitals'));
  assert.equal(c.kind, 'conflict');
  if (c.kind === 'conflict') {
    assert.deepEqual(c, threeWay(ours, renameTopic(fresh, T[2], 'Hospitals')));
    assert.ok(c.conflicts.some((x) => x.startsWith(`topic ${T[2]} ("health, hospital, doctors"): deleted on our side, edited on theirs`)), c.conflicts.join('\n'));
  }
});

test('two files of different runs, or without a run key, are not merged by ids (the driver merges line by line)', () => {
  const other = taxonomyFromRun(makeRun([{ path: 'a.txt', chunks: [...many(0, 8), ...many(1, 6)] }], { fingerprintSalt: 'x' })).taxonomy;
  assert.notEqual(other.run.artifact, fresh.run.artifact);
  const r = addAdd(fresh, other);
  assert.equal(r.kind, 'unparseable');
  if (r.kind === 'unparseable') assert.equal(r.reason, `taxonomy.json: both branches added the file, but the two sides are different runs (run.artifact ${fresh.run.artifact} and ${other.run.artifact})`);
  const old = { ...fresh, run: { ...fresh.run } };
  delete old.run.artifact;
  const o = addAdd(fresh, old);
  assert.equal(o.kind, 'unparseable');
  if (o.kind === 'unparseable') assert.match(o.reason, /^taxonomy\.json: both branches added the file, but a side has no run\.artifact key/);
  const bad = mergeTaxonomyFiles('', ser(fresh), '{ "not": "a taxonomy" ', 'taxonomy.json');
  assert.equal(bad.kind, 'unparseable');
  if (bad.kind === 'unparseable') assert.match(bad.reason, /^taxonomy\.json \(theirs\):/);
});

// Independent curations of the fresh file: each side's operations, with its own theme names (a theme both sides create
// under one name is merged by name in add/add but is two themes of one name against the fresh file: tested above).
type Op = [kind: 'rename' | 'note' | 'irrelevant' | 'file', topic: number, arg: number];
const op: fc.Arbitrary<Op> = fc.tuple(fc.constantFrom('rename' as const, 'note' as const, 'irrelevant' as const, 'file' as const), fc.nat({ max: 5 }), fc.nat({ max: 2 }));
const curation = fc.record({ merge: fc.option(fc.uniqueArray(fc.nat({ max: 5 }), { minLength: 2, maxLength: 3 }), { nil: undefined }), ops: fc.array(op, { maxLength: 8 }) });

function curate(side: string, c: { merge?: number[]; ops: Op[] }): Taxonomy {
  let t = c.merge ? mergeInBase(b, fresh, c.merge.map((i) => T[i])) : fresh;
  for (const [kind, i, arg] of c.ops) {
    const id = T[i];
    if (!t.topics.some((x) => x.id === id)) continue; // merged away
    if (kind === 'rename') t = renameTopic(t, id, `${side} label ${arg}`);
    else if (kind === 'note') t = setTopicNote(t, id, `${side} note ${arg}`);
    else if (kind === 'irrelevant') t = setIrrelevant(t, id, arg > 0);
    else t = filed(t, `${side} theme ${arg}`, id);
  }
  return t;
}

test('property: the add/add merge of two independent curations equals their three-way merge on the fresh file', () => {
  fc.assert(fc.property(curation, curation, (o, t) => {
    const ours = curate('A', o), theirs = curate('B', t);
    const r = addAdd(ours, theirs), expected = threeWay(ours, theirs);
    const [mo, mt] = [new Set(o.merge ?? []), new Set(t.merge ?? [])];
    const overlap = [...mo].some((i) => mt.has(i));
    const sameMerge = mo.size === mt.size && overlap && [...mo].every((i) => mt.has(i));
    // A topic both sides merged differently is merged two-way (its run values are on neither side): a conflict, as
    // against the fresh file, though the blocks may be more.
    if (overlap && !sameMerge) {
      assert.equal(expected.kind, 'conflict');
      assert.equal(r.kind, 'conflict');
    } else {
      assert.deepEqual(r, expected);
    }
  }), { numRuns: 80 });
});
