// Which merges ask first, and what the question says; and what restoring a vanished topic as a note writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeWarning } from '../../src/host/merge-confirm';
import { assignTopic, createTheme, dismissVanished, restoreVanishedAsNote, setIrrelevant } from '../../src/taxonomy/operations';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { makeRun, many } from '../support/taxonomy-runs';

function curated() {
  let t = taxonomyFromRun(makeRun([{ path: 'a.txt', chunks: [...many(0, 6), ...many(1, 5), ...many(2, 4), ...many(3, 3), ...many(4, 2)] }])).taxonomy;
  const ids = t.topics.map((tp) => tp.id);
  t = createTheme(t, { name: 'Planet' });
  t = createTheme(t, { name: 'People' });
  t = assignTopic(t, ids[0], t.themes[0].id);
  t = assignTopic(t, ids[1], t.themes[1].id);
  t = assignTopic(t, ids[2], t.themes[1].id);
  t = setIrrelevant(t, ids[4], true);
  return { t, ids };
}

test('a merge of a few topics of one theme (or none) does not ask', () => {
  const { t, ids } = curated();
  assert.equal(mergeWarning(t, [ids[1], ids[2]]), undefined);
  assert.equal(mergeWarning(t, [ids[0], ids[3]]), undefined, 'an unassigned topic joining a theme is not destructive');
});

test('many topics, topics from several themes, irrelevant topics: asked first, with counts and names', () => {
  const { t, ids } = curated();
  const all = mergeWarning(t, ids)!;
  assert.equal(all.message, 'Merge 5 topics into one?');
  assert.equal(all.action, 'Merge 5 Topics');
  assert.match(all.detail, /^Merging 5 topics, topics from 2 themes \("Planet", "People"\), 1 topic marked irrelevant \("army, veterans, service"\) into one topic of 20 chunks, keeping the id of "climate, carbon, emissions"\./);
  assert.match(all.detail, /The merged topic goes in theme "Planet"; it leaves "People"\./);
  assert.match(all.detail, /undo/);
  assert.match(mergeWarning(t, [ids[0], ids[1]])!.detail, /topics from 2 themes/);
  assert.match(mergeWarning(t, [ids[3], ids[4]])!.detail, /1 topic marked irrelevant/);
});

test('restoreVanishedAsNote appends what the topic held to a theme description or a topic note, then dismisses it', () => {
  const { t, ids } = curated();
  const withVanished = { ...t, vanished: [{ id: 't-0000beef', label: 'Old topic', keywords: ['alpha', 'beta'], size: 12, themes: [t.themes[0].id], note: 'Check this.' }] };
  const onTheme = restoreVanishedAsNote(withVanished, 't-0000beef', { kind: 'theme', id: t.themes[0].id });
  assert.equal(onTheme.themes[0].description, 'Vanished topic "Old topic" (12 chunks; alpha, beta): Check this.');
  assert.deepEqual(onTheme.vanished, []);
  const onTopic = restoreVanishedAsNote(withVanished, 't-0000beef', { kind: 'topic', id: ids[0] });
  assert.equal(onTopic.topics[0].note, 'Vanished topic "Old topic" (12 chunks; alpha, beta): Check this.');
  assert.throws(() => restoreVanishedAsNote(withVanished, 't-00000000', { kind: 'topic', id: ids[0] }), /No vanished topic/);
  assert.deepEqual(dismissVanished(withVanished, ['t-0000beef']).vanished, []);
});
