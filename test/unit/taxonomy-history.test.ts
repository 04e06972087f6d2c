// Undo/redo of taxonomy file changes: exact bytes back, redo, persistence, and undos that meet a newer external edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { History } from '../../src/taxonomy/history';
import { TaxonomyStore } from '../../src/taxonomy/store';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { viewArtifact } from '../../src/taxonomy/artifact-store';
import { assignTopic, createTheme, deleteTheme, mergeTopics, renameTheme, renameTopic, setIrrelevant, setTopicNote } from '../../src/taxonomy/operations';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';
import { fakeDescribe, makeRun, many } from '../support/taxonomy-runs';

const run = taxonomyFromRun(makeRun([
  { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 3), -1] },
  { path: 'b.txt', chunks: [...many(2, 4), ...many(3, 5)] },
  { path: 'c.txt', chunks: [...many(4, 3), ...many(5, 3)] },
]));

async function open(t: { after: (fn: () => void) => void }, text: string): Promise<{ file: string; store: TaxonomyStore }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-history-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'taxonomy.json');
  fs.writeFileSync(file, text);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  return { file, store };
}

type Op = (t: Taxonomy) => Taxonomy;
/** Curation edits by number, each valid on any state (or a no-op), merges and bulk edits included. */
function opFor(kind: number, i: number, j: number): [string, Op] {
  const topic = (t: Taxonomy, k: number) => t.topics[k % t.topics.length].id;
  switch (kind) {
    case 0: return ['create theme', (t) => (t.themes.some((th) => th.name === `Theme ${i % 4}`) ? t : createTheme(t, { name: `Theme ${i % 4}` }))];
    case 1: return ['rename theme', (t) => (t.themes.length ? renameTheme(t, t.themes[i % t.themes.length].id, `Renamed ${i}-${j}`) : t)];
    case 2: return ['assign', (t) => (t.themes.length ? assignTopic(t, topic(t, i), t.themes[j % t.themes.length].id) : t)];
    case 3: return ['rename topic', (t) => renameTopic(t, topic(t, i), `Label ${j}`)];
    case 4: return ['note', (t) => setTopicNote(t, topic(t, i), `note ${j}`)];
    case 5: return ['irrelevant', (t) => setIrrelevant(t, topic(t, i), j % 2 === 0)];
    case 6: return ['delete theme', (t) => (t.themes.length ? deleteTheme(t, t.themes[i % t.themes.length].id) : t)];
    case 7: return ['bulk: mark three irrelevant', (t) => [i, i + 1, i + 2].reduce((x, k) => setIrrelevant(x, topic(x, k), true), t)];
    default: return ['merge', (t) => {
      const [a, b] = [topic(t, i), topic(t, j)];
      return a === b ? t : mergeTopics(t, [a, b], { artifact: viewArtifact(run.artifact, t.run.artifact, t)!, describe: fakeDescribe }).taxonomy;
    }];
  }
}

test('property: any sequence of edits followed by as many undos restores the original bytes; as many redos the final bytes', async (t) => {
  // The original is hand-formatted (not our serializer's layout): an undo restores bytes, not just the taxonomy.
  const original = JSON.stringify(JSON.parse(serializeTaxonomy(run.taxonomy)), null, 4) + '\n';
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.nat(20), fc.nat(20)), { minLength: 1, maxLength: 8 }), async (ops) => {
    const { file, store } = await open(t, original);
    const h = new History();
    for (const [k, i, j] of ops) {
      const [name, op] = opFor(k, i, j);
      h.record(name, await store.edit(op));
    }
    const final = fs.readFileSync(file, 'utf8');
    // Persisted and restored between the edits and the undos, as across a window reload.
    // pack() (what the extension saves, compressed off its thread) is toJSON() with the same texts.
    const packed = await h.pack();
    assert.deepEqual(packed, h.toJSON());
    const saved = JSON.parse(JSON.stringify(packed)) as unknown;
    const back = await History.unpack(saved);
    assert.deepEqual(back.toJSON(), packed, 'unpack() restores what pack() saved');
    let undone = 0;
    while (back.canUndo) {
      const r = await back.undo(store);
      assert.ok(r.ok, !r.ok ? r.message : '');
      assert.equal(r.merged, false);
      undone++;
    }
    assert.ok(undone <= ops.length);
    assert.equal(fs.readFileSync(file, 'utf8'), original);
    while (back.canRedo) assert.ok((await back.redo(store)).ok);
    assert.equal(fs.readFileSync(file, 'utf8'), final);
    store.dispose();
  }), { numRuns: 40 });
});

test('an undo after a newer edit of other fields merges; of the same field it is refused and the file is untouched', async (t) => {
  const { file, store } = await open(t, serializeTaxonomy(run.taxonomy));
  const [a, b] = run.taxonomy.topics.map((tp) => tp.id);
  const h = new History();
  h.record('Rename topic', await store.edit((x) => renameTopic(x, a, 'Mine')));
  // A colleague's change arrives by git: another topic renamed.
  const edited = (f: (x: Taxonomy) => Taxonomy) => {
    const p = parseTaxonomy(fs.readFileSync(file, 'utf8'), file);
    assert.ok(p.ok);
    fs.writeFileSync(file, serializeTaxonomy(f(p.taxonomy)));
  };
  edited((x) => renameTopic(x, b, 'Theirs'));
  const r = await h.undo(store);
  assert.deepEqual(r, { ok: true, description: 'Rename topic', merged: true });
  const now = parseTaxonomy(fs.readFileSync(file, 'utf8'), file);
  assert.ok(now.ok);
  assert.equal(now.taxonomy.topics.find((x) => x.id === a)!.customLabel, false, 'our rename undone');
  assert.equal(now.taxonomy.topics.find((x) => x.id === b)!.label, 'Theirs', 'their rename kept');

  // Redo, then a newer edit of the same label: undo refuses and says why.
  assert.ok((await h.redo(store)).ok);
  edited((x) => renameTopic(x, a, 'Someone else'));
  const before = fs.readFileSync(file, 'utf8');
  const refused = await h.undo(store);
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.message : '', /^Cannot undo "Rename topic": taxonomy\.json changed since "Rename topic" and the newer change touched the same field \(topics\[t-[0-9a-f]{8}\]\.label/);
  assert.equal(fs.readFileSync(file, 'utf8'), before, 'nothing clobbered');
  assert.equal(h.canUndo, 'Rename topic', 'still there to undo once resolved');
});

test('a new edit after an undo drops the redo branch; the history keeps a bounded number of entries', async (t) => {
  const { store } = await open(t, serializeTaxonomy(run.taxonomy));
  const h = new History();
  const id = run.taxonomy.topics[0].id;
  h.record('one', await store.edit((x) => setTopicNote(x, id, '1')));
  h.record('two', await store.edit((x) => setTopicNote(x, id, '2')));
  await h.undo(store);
  assert.equal(h.canRedo, 'two');
  h.record('three', await store.edit((x) => setTopicNote(x, id, '3')));
  assert.equal(h.canRedo, null);
  assert.equal(h.canUndo, 'three');
  for (let i = 0; i < 60; i++) h.record(`n${i}`, await store.edit((x) => setTopicNote(x, id, `n${i}`)));
  assert.equal(h.toJSON().entries.length, 50);
  assert.equal(Object.keys(h.toJSON().texts).length, 51, 'each text stored once');
  assert.equal((await History.unpack({ version: 1, entries: [], index: 0, texts: { x: 'not gzip' } })).canUndo, null, 'damaged state starts afresh');
  const damaged = { ...h.toJSON(), texts: { ...h.toJSON().texts, [Object.keys(h.toJSON().texts)[0]]: 'not gzip' } };
  assert.equal((await History.unpack(damaged)).canUndo, null, 'damaged state starts afresh when unpacked too');
  assert.equal((await History.unpack(h.toJSON())).canUndo, h.canUndo);
});

test('undos asked for in quick succession take one step each, in order (each picks its entry when its turn comes)', async (t) => {
  const { file, store } = await open(t, serializeTaxonomy(run.taxonomy));
  const original = fs.readFileSync(file, 'utf8');
  const h = new History();
  const id = run.taxonomy.topics[0].id;
  for (const n of ['a', 'b', 'c']) h.record(n, await store.edit((x) => setTopicNote(x, id, n)));
  const results = await Promise.all([h.undo(store), h.undo(store), h.undo(store)]);
  assert.deepEqual(results.map((r) => r.ok && r.description), ['c', 'b', 'a']);
  assert.ok(results.every((r) => r.ok && !r.merged), 'each undo found the file as the one before left it');
  assert.equal(fs.readFileSync(file, 'utf8'), original);
  const redone = await Promise.all([h.redo(store), h.redo(store)]);
  assert.deepEqual(redone.map((r) => r.ok && r.description), ['a', 'b']);
});
