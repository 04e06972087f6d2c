// The taxonomy merge driver's merge (src/taxonomy/merge-file.ts): by ids, classification per topic, conflicts as
// explained marker blocks whose either side is a valid file.
import assert from 'node:assert/strict';
import test from 'node:test';
import { mergeTaxonomyFiles } from '../../src/taxonomy/merge-file';
import { assignTopic, createTheme, deleteTheme, renameTheme, renameTopic, setIrrelevant, setTopicNote } from '../../src/taxonomy/operations';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';
import { parsed } from '../support/valid-taxonomy';
import { conflictSides as sides, mergeInBase, teamBase } from '../support/team-taxonomy';

const b = teamBase();
const base = b.taxonomy;
const T = b.topic;
const ser = serializeTaxonomy;

function merge(o: Taxonomy, t: Taxonomy) {
  return mergeTaxonomyFiles(ser(base), ser(o), ser(t), 'taxonomy.json');
}

test('edits of different themes and topics merge cleanly, every edit kept, bytes canonical', () => {
  const ours = renameTheme(renameTopic(base, T[1], 'Schools'), b.env, 'Nature');
  const theirs = setTopicNote(assignTopic(base, T[3], b.society), T[2], 'check with the PI');
  const r = merge(ours, theirs);
  assert.equal(r.kind, 'clean');
  if (r.kind !== 'clean') return;
  const m = parsed(r.text);
  assert.equal(r.text, ser(m), 'canonical serialisation');
  assert.equal(m.topics.find((x) => x.id === T[1])!.label, 'Schools');
  assert.equal(m.themes.find((x) => x.id === b.env)!.name, 'Nature');
  assert.deepEqual(m.themes.find((x) => x.id === b.society)!.topics, [T[1], T[2], T[3]]);
  assert.equal(m.topics.find((x) => x.id === T[2])!.note, 'check with the PI');
});

test('two people filing different topics into one theme is no conflict (membership is per topic)', () => {
  const r = merge(assignTopic(base, T[3], b.env), assignTopic(base, T[4], b.env));
  assert.equal(r.kind, 'clean');
  if (r.kind === 'clean') {
    const m = parsed(r.text);
    assert.deepEqual(m.themes.find((x) => x.id === b.env)!.topics, [T[0], T[5], T[3], T[4]]);
    assert.equal(m.topics.find((x) => x.id === T[4])!.irrelevant, false, 'filing an irrelevant topic into a theme clears the mark');
  }
});

test('one side deletes a theme, the other files another topic elsewhere: clean, the deleted theme\'s topics unassigned', () => {
  const r = merge(deleteTheme(base, b.env), assignTopic(base, T[3], b.society));
  assert.equal(r.kind, 'clean');
  if (r.kind === 'clean') {
    const m = parsed(r.text);
    assert.deepEqual(m.themes.map((x) => x.id), [b.society]);
    assert.deepEqual(m.unassigned, [T[0], T[5]]);
    assert.deepEqual(m.themes[0].topics, [T[1], T[2], T[3]]);
  }
});

test('the same label changed both ways: a conflict, explained on the marker, both values kept, each side valid', () => {
  const r = merge(renameTopic(base, T[1], 'Schools'), renameTopic(base, T[1], 'Education'));
  assert.equal(r.kind, 'conflict');
  if (r.kind !== 'conflict') return;
  assert.equal(r.conflicts.length, 1);
  assert.match(r.conflicts[0], new RegExp(`^topic ${T[1]} \\("school, teachers, students"\\): label changed on both sides \\(ours "Schools", theirs "Education"\\)$`));
  const open = r.text.split('\n').filter((l) => l.startsWith('<<<<<<<'));
  assert.deepEqual(open, [`<<<<<<< ours (literature-map: ${r.conflicts[0]})`]);
  const { ours, theirs } = sides(r.text);
  assert.equal(parsed(ours).topics.find((x) => x.id === T[1])!.label, 'Schools');
  assert.equal(parsed(theirs).topics.find((x) => x.id === T[1])!.label, 'Education');
  // The parser reports the block with the explanation.
  const p = parseTaxonomy(r.text, 'taxonomy.json');
  assert.ok(!p.ok);
  if (!p.ok) assert.match(p.errors[0].message, /conflict the taxonomy merge driver left for you: topic t-[0-9a-f]{8} \("school, teachers, students"\): label changed on both sides/);
});

test('one topic filed into two different themes (or irrelevant) conflicts; either side is a valid file', () => {
  for (const [o, t, expect] of [
    [assignTopic(base, T[3], b.env), assignTopic(base, T[3], b.society), 'ours theme "Environment", theirs theme "Society"'],
    [setIrrelevant(base, T[1], true), assignTopic(base, T[1], b.env), 'ours irrelevant, theirs theme "Environment"'],
  ] as const) {
    const r = merge(o, t);
    assert.equal(r.kind, 'conflict');
    if (r.kind !== 'conflict') continue;
    assert.ok(r.conflicts.some((c) => c.includes(`filed differently on both sides (${expect})`)), r.conflicts.join('\n'));
    const s = sides(r.text);
    assert.equal(ser(parsed(s.ours)), ser(o), 'ours side = our file');
    assert.equal(ser(parsed(s.theirs)), ser(t), 'theirs side = their file');
  }
});

test('a theme deleted on one side and renamed on the other conflicts, and nothing is lost', () => {
  const r = merge(deleteTheme(base, b.env), renameTheme(base, b.env, 'Nature'));
  assert.equal(r.kind, 'conflict');
  if (r.kind !== 'conflict') return;
  assert.ok(r.conflicts.some((c) => c.startsWith(`theme ${b.env} ("Environment"): deleted on our side, edited on theirs`)), r.conflicts.join('\n'));
  const s = sides(r.text);
  assert.equal(parsed(s.ours).themes.length, 1);
  assert.equal(parsed(s.theirs).themes.find((x) => x.id === b.env)!.name, 'Nature');
});

test('merging topics on one side and renaming another on the other merges cleanly', () => {
  const ours = mergeInBase(b, base, [T[1], T[2]]);
  const theirs = renameTopic(createTheme(base, { name: 'Economy' }), T[3], 'Trade');
  const r = merge(ours, theirs);
  assert.equal(r.kind, 'clean');
  if (r.kind === 'clean') {
    const m = parsed(r.text);
    assert.equal(m.topics.length, 5);
    assert.equal(m.topics.find((x) => x.id === T[3])!.label, 'Trade');
    assert.ok(m.themes.some((x) => x.name === 'Economy'));
    assert.deepEqual(m.topics.find((x) => x.id === T[1])!.previous, [T[2]]);
  }
});

test('unknown newer fields of items merge by id too (generic over fields)', () => {
  // A keyed list a newer schema might add: merged item by item without being named in merge3.
  const withList = (t: Taxonomy, items: Array<{ id: string; v: number }>) => ({ ...t, run: { ...t.run, refinements: items } }) as Taxonomy;
  const b0 = withList(base, [{ id: 'x', v: 1 }, { id: 'y', v: 1 }]);
  const r = mergeTaxonomyFiles(ser(b0), ser(withList(base, [{ id: 'x', v: 2 }, { id: 'y', v: 1 }])), ser(withList(base, [{ id: 'x', v: 1 }, { id: 'y', v: 3 }])), 'taxonomy.json');
  assert.equal(r.kind, 'clean');
  if (r.kind === 'clean') assert.deepEqual(parsed(r.text).run.refinements, [{ id: 'x', v: 2 }, { id: 'y', v: 3 }]);
});

test('input that is not a taxonomy is reported as unparseable (the driver then merges line by line)', () => {
  const r = mergeTaxonomyFiles(ser(base), '<<<<<<< HEAD\n', ser(base), 'taxonomy.json');
  assert.equal(r.kind, 'unparseable');
  if (r.kind === 'unparseable') assert.match(r.reason, /^taxonomy\.json \(ours\):1:1: Git merge conflict marker/);
});

test('theme suggestions (a list keyed by id that merge3 does not name) added on both sides merge item by item', () => {
  const provenance = { provider: 'openai-compatible', endpoint: 'localhost', model: 'm', parameters: { temperature: 0, maxTokens: 100 }, template: 'themes/1', promptHash: 'a'.repeat(64), chunks: [], keywords: [], at: '2026-01-01T00:00:00Z' };
  const suggest = (t: Taxonomy, id: string, name: string): Taxonomy => ({ ...t, themeSuggestions: [...(t.themeSuggestions ?? []), { id, name, description: '', topics: [T[3]], status: 'pending', provenance }] });
  const start = suggest(base, 'ts-00000001', 'Economy');
  const ours = suggest(start, 'ts-00000002', 'Trade');
  const theirs = { ...suggest(start, 'ts-00000003', 'Markets'), themeSuggestions: suggest(start, 'ts-00000003', 'Markets').themeSuggestions!.map((s) => (s.id === 'ts-00000001' ? { ...s, status: 'rejected' as const } : s)) };
  const r = mergeTaxonomyFiles(ser(start), ser(ours), ser(theirs), 'taxonomy.json');
  assert.equal(r.kind, 'clean', r.kind === 'conflict' ? r.conflicts.join('\n') : '');
  if (r.kind === 'clean') assert.deepEqual(parsed(r.text).themeSuggestions!.map((s) => [s.id, s.status]), [['ts-00000001', 'rejected'], ['ts-00000002', 'pending'], ['ts-00000003', 'pending']]);
});
