// Edits of ours that the three-way merge drops because their target was deleted on disk (a re-run removed the topic,
// a hand edit deleted the theme) must be reported in a sentence, not lost silently or as a bare path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mergeTaxonomies } from '../../src/taxonomy/merge3';
import { TaxonomyStore } from '../../src/taxonomy/store';
import { assignTopic, createTheme, deleteTheme, renameTheme, renameTopic, setIrrelevant, setThemeDescription, setTopicNote } from '../../src/taxonomy/operations';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';

import { validText, parsed, THEME, CLIMATE, SCHOOL } from '../support/valid-taxonomy';
const SCHOOL_NAME = `t-831e950d ("school, teachers, students")`;

/** What a re-run that no longer finds a topic writes: the topic gone, with its theme entries and source counts. */
function withoutTopic(t: Taxonomy, id: string): Taxonomy {
  return {
    ...t,
    themes: t.themes.map((th) => ({ ...th, topics: th.topics.filter((x) => x !== id) })),
    topics: t.topics.filter((x) => x.id !== id),
    sources: t.sources.map((s) => ({ ...s, topicCounts: Object.fromEntries(Object.entries(s.topicCounts).filter(([k]) => k !== id)) })),
  };
}

const valid = (t: Taxonomy) => assert.ok(parseTaxonomy(serializeTaxonomy(t), 'm.json').ok);

test('store: a re-run removed a topic while the user moved it to a theme → the dropped move is reported by name', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-merge-lost-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'taxonomy.json');
  fs.writeFileSync(file, validText);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  fs.writeFileSync(file, serializeTaxonomy(withoutTopic(parsed(validText), SCHOOL)));
  await store.apply((x) => assignTopic(x, SCHOOL, THEME));
  const onDisk = parsed(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(onDisk.themes[0].topics, [CLIMATE], 'no dangling reference');
  assert.deepEqual(await store.reloadFromDisk(), {
    changed: false,
    conflicts: [`Topic ${SCHOOL_NAME} was removed on disk; your move of it to theme "Environment" was dropped`],
  });
});

test('a topic removed on disk: every edit of ours to it is named, including a move to a theme we created', () => {
  const base = parsed(validText);
  const theirs = withoutTopic(base, SCHOOL);
  let ours = setIrrelevant(setTopicNote(renameTopic(base, SCHOOL, 'Schools'), SCHOOL, 'check'), SCHOOL, true);
  let r = mergeTaxonomies(base, ours, theirs);
  valid(r.taxonomy);
  assert.deepEqual(r.conflicts, [
    `Topic ${SCHOOL_NAME} was removed on disk; your rename of it to "Schools", your note on it and your marking it irrelevant were dropped`,
  ]);
  ours = assignTopic(createTheme(base, { name: 'Education', id: 'th-0000000e' }), SCHOOL, 'th-0000000e');
  r = mergeTaxonomies(base, ours, theirs);
  valid(r.taxonomy);
  assert.deepEqual(r.taxonomy.themes.map((th) => [th.name, th.topics]), [['Environment', [CLIMATE]], ['Education', []]]);
  assert.deepEqual(r.conflicts, [`Topic ${SCHOOL_NAME} was removed on disk; your move of it to theme "Education" was dropped`]);
});

test('a theme deleted on disk: our rename, description and topic moves into it are named; where the topic is now', () => {
  const base = parsed(validText);
  const theirs = deleteTheme(base, THEME);
  const ours = assignTopic(setThemeDescription(renameTheme(base, THEME, 'Nature'), THEME, 'New text'), SCHOOL, THEME);
  const r = mergeTaxonomies(base, ours, theirs);
  valid(r.taxonomy);
  assert.deepEqual(r.taxonomy.themes, []);
  assert.deepEqual(r.taxonomy.unassigned, [CLIMATE, SCHOOL]);
  assert.deepEqual(r.conflicts, [
    `Theme "Environment" (${THEME}) was deleted on disk; your rename of it to "Nature", your change to its description and ` +
      `your move of topic ${SCHOOL_NAME} to it (it is unassigned) were dropped`,
  ]);
});

test('a theme we deleted was changed on disk: it comes back and that is said', () => {
  const base = parsed(validText);
  const r = mergeTaxonomies(base, deleteTheme(base, THEME), renameTheme(base, THEME, 'Nature'));
  valid(r.taxonomy);
  assert.deepEqual(r.taxonomy.themes.map((th) => th.name), ['Nature']);
  assert.deepEqual(r.conflicts, [`Theme "Nature" (${THEME}) was changed on disk; your deletion of it was dropped, so it is back`]);
});

test('nothing of ours lost → nothing reported (both deleted, unassigning a removed topic, emptying a deleted theme)', () => {
  const base = parsed(validText);
  assert.deepEqual(mergeTaxonomies(base, deleteTheme(base, THEME), deleteTheme(base, THEME)).conflicts, []);
  const assigned = assignTopic(base, SCHOOL, THEME);
  assert.deepEqual(mergeTaxonomies(assigned, assignTopic(assigned, SCHOOL, null), withoutTopic(assigned, SCHOOL)).conflicts, []);
  assert.deepEqual(mergeTaxonomies(base, assignTopic(base, CLIMATE, null), deleteTheme(base, THEME)).conflicts, []);
  // A disjoint edit next to a removal on disk is kept without a report.
  const r = mergeTaxonomies(base, renameTopic(base, CLIMATE, 'Climate'), withoutTopic(base, SCHOOL));
  assert.deepEqual(r.conflicts, []);
  assert.deepEqual(r.taxonomy.topics.map((x) => x.label), ['Climate']);
});
