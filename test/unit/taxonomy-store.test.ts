import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TaxonomyForeignError, TaxonomyInvalidError, TaxonomyReadOnlyError, TaxonomyStore, TaxonomyWriteError } from '../../src/taxonomy/store';
import { mergeTaxonomies } from '../../src/taxonomy/merge3';
import { inThreadCodec, type TaxonomyCodec } from '../../src/taxonomy/codec';
import fc from 'fast-check';
import { assignTopic, createTheme, deleteTheme, moveTheme, renameTheme, renameTopic, setIrrelevant, setThemeDescription, setTopicNote } from '../../src/taxonomy/operations';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';

const fixtures = path.resolve(process.cwd(), 'test/fixtures/taxonomy');
import { validText, parsed, THEME, CLIMATE, SCHOOL } from '../support/valid-taxonomy';

function tempFile(t: { after: (fn: () => void) => void }, text: string | null = validText, name = 'taxonomy.json'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-store-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  if (text !== null) fs.writeFileSync(file, text);
  return file;
}

/** What a person does in an editor: change the file's bytes in place. */
function handEdit(file: string, edit: (t: Taxonomy) => Taxonomy): void {
  fs.writeFileSync(file, serializeTaxonomy(edit(parsed(fs.readFileSync(file, 'utf8')))));
}

test('apply writes our serializer\'s bytes within 200 ms; our own write is not echoed as external', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  assert.equal(store.state?.themes[0].name, 'Environment');
  assert.deepEqual(store.problems, []);
  const seen: string[] = [];
  store.onDidChange((_tx, origin) => seen.push(origin));
  const started = performance.now();
  const result = await store.apply((x) => setThemeDescription(x, THEME, 'Everything about the planet'), 'describe');
  const ms = performance.now() - started;
  assert.ok(ms < 200, `edit took ${ms.toFixed(1)} ms`);
  assert.equal(result.themes[0].description, 'Everything about the planet');
  const onDisk = fs.readFileSync(file, 'utf8');
  assert.equal(onDisk, serializeTaxonomy(result));
  assert.equal(onDisk, validText.replace('"Climate and energy"', '"Everything about the planet"'), 'a one-field edit is a one-line diff');
  assert.deepEqual(seen, ['self']);
  assert.deepEqual(await store.reloadFromDisk(), { changed: false, conflicts: [] });
  assert.deepEqual(seen, ['self']);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['taxonomy.json'], 'no temp file left behind');
});

test('writes are queued: concurrent applies all land, in order', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  await Promise.all(['one', 'two', 'three'].map((n) => store.apply((x) => setTopicNote(x, SCHOOL, `${x.topics[1].note}${n};`))));
  assert.equal(parsed(fs.readFileSync(file, 'utf8')).topics[1].note, 'one;two;three;');
});

test('an external edit is picked up by reloadFromDisk and reported as external', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  const seen: Array<[string, string | undefined]> = [];
  store.onDidChange((tx, origin) => seen.push([origin, tx?.themes[0].name]));
  handEdit(file, (x) => renameTheme(x, THEME, 'Nature'));
  assert.deepEqual(await store.reloadFromDisk(), { changed: true, conflicts: [] });
  assert.equal(store.state?.themes[0].name, 'Nature');
  assert.deepEqual(seen, [['external', 'Nature']]);
  // A change of bytes that does not change the taxonomy (re-indented by hand) is not a change.
  fs.writeFileSync(file, JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))));
  assert.deepEqual(await store.reloadFromDisk(), { changed: false, conflicts: [] });
});

test('three-way merge: disjoint edits are both kept', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  // The file changes on disk and, before the watcher delivers it, we edit another field.
  handEdit(file, (x) => renameTheme(x, THEME, 'Nature'));
  await store.apply((x) => renameTopic(x, SCHOOL, 'Schools'));
  const onDisk = parsed(fs.readFileSync(file, 'utf8'));
  assert.equal(onDisk.themes[0].name, 'Nature', 'their edit kept');
  assert.equal(onDisk.topics[1].label, 'Schools', 'our edit kept');
  assert.deepEqual(store.state, onDisk);
  assert.deepEqual(await store.reloadFromDisk(), { changed: false, conflicts: [] });
});

test('three-way merge: the same field changed on both sides → the disk wins and the field is reported', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  handEdit(file, (x) => setTopicNote(renameTheme(x, THEME, 'Nature'), CLIMATE, 'theirs'));
  await store.apply((x) => setTopicNote(renameTheme(x, THEME, 'Planet'), SCHOOL, 'ours'));
  const onDisk = parsed(fs.readFileSync(file, 'utf8'));
  assert.equal(onDisk.themes[0].name, 'Nature');
  assert.equal(onDisk.topics[0].note, 'theirs');
  assert.equal(onDisk.topics[1].note, 'ours');
  assert.deepEqual(await store.reloadFromDisk(), { changed: false, conflicts: [`themes[${THEME}].name`] });
});

test('merge rule details: items added on both sides, deletions, one theme per topic', () => {
  const base = parsed(validText);
  const ours = createTheme(assignTopic(base, SCHOOL, THEME), { name: 'Ours', id: 'th-0000000a' });
  const theirs = assignTopic(createTheme(base, { name: 'Theirs', id: 'th-0000000b' }), SCHOOL, 'th-0000000b');
  const { taxonomy, conflicts } = mergeTaxonomies(base, ours, theirs);
  assert.deepEqual(taxonomy.themes.map((th) => [th.name, th.topics]), [['Environment', [CLIMATE]], ['Ours', []], ['Theirs', [SCHOOL]]]);
  assert.deepEqual(conflicts, [`themes[${THEME}].topics (topic ${SCHOOL} is in another theme on disk)`]);
  // Deleted on disk, edited by us: the deletion wins and is reported.
  const gone = { ...base, themes: [] };
  const edited = renameTheme(base, THEME, 'Edited');
  const r = mergeTaxonomies(base, edited, gone);
  assert.deepEqual(r.taxonomy.themes, []);
  assert.deepEqual(r.conflicts, [`Theme "Environment" (${THEME}) was deleted on disk; your rename of it to "Edited" was dropped`]);
  const p = parseTaxonomy(serializeTaxonomy(taxonomy), 'm.json');
  assert.ok(p.ok);
});

test('an invalid or conflicted file on disk is never overwritten', async (t) => {
  for (const name of ['conflicted.taxonomy.json', 'syntax-error.taxonomy.json', 'schema-errors.taxonomy.json']) {
    const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
    const file = tempFile(t, text);
    const store = await TaxonomyStore.open(file);
    assert.ok(store.problems.length > 0, name);
    assert.equal(store.state, undefined);
    await assert.rejects(store.apply((x) => renameTheme(x, THEME, 'Nope')), TaxonomyReadOnlyError);
    await assert.rejects(store.replace(parsed(validText)), TaxonomyReadOnlyError);
    assert.equal(fs.readFileSync(file, 'utf8'), text, `${name} bytes unchanged`);
    store.dispose();
  }
});

test('a file that turns invalid after opening: last good state served read-only, writes refused until fixed', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  const conflicted = fs.readFileSync(path.join(fixtures, 'conflicted.taxonomy.json'), 'utf8');
  fs.writeFileSync(file, conflicted); // e.g. `git merge` left markers; the watcher has not fired yet
  await assert.rejects(store.apply((x) => renameTheme(x, THEME, 'Nope')), (e: unknown) =>
    e instanceof TaxonomyReadOnlyError && /^taxonomy\.json cannot be edited until it is fixed \(line 58, column 1: Git merge conflict marker/.test(e.message));
  assert.equal(fs.readFileSync(file, 'utf8'), conflicted);
  assert.equal(store.state?.themes[0].name, 'Environment', 'last good state still served');
  assert.equal(store.problems[0].line, 58);
  // Fixed by hand → writable again.
  fs.writeFileSync(file, validText);
  assert.deepEqual(await store.reloadFromDisk(), { changed: true, conflicts: [] });
  assert.deepEqual(store.problems, []);
  await store.apply((x) => renameTheme(x, THEME, 'Fine'));
  assert.equal(parsed(fs.readFileSync(file, 'utf8')).themes[0].name, 'Fine');
});

test('an edit that would make the file invalid is refused and nothing is written', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  const twoThemes = (x: Taxonomy): Taxonomy => ({ ...x, themes: [...x.themes, { id: 'th-00000001', name: 'Dup', description: '', topics: [CLIMATE] }] });
  await assert.rejects(store.apply(twoThemes), (e: unknown) => e instanceof TaxonomyInvalidError && /a topic belongs to at most one theme/.test(e.message));
  assert.equal(fs.readFileSync(file, 'utf8'), validText);
  assert.deepEqual(store.problems, [], 'the file itself is still fine');
});

test('a write interrupted between temp file and rename leaves the old file intact', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  const rename = mock.method(fsp, 'rename', async () => {
    throw Object.assign(new Error('EIO: simulated crash before rename'), { code: 'EIO' });
  });
  try {
    await assert.rejects(store.apply((x) => renameTheme(x, THEME, 'Lost?')), (e: unknown) =>
      e instanceof TaxonomyWriteError && e.message === 'Could not save taxonomy.json (EIO); the file on disk is unchanged');
    assert.ok(rename.mock.callCount() >= 1, 'the rename was attempted');
  } finally {
    rename.mock.restore();
  }
  assert.equal(fs.readFileSync(file, 'utf8'), validText);
  assert.equal(store.state?.themes[0].name, 'Environment', 'state not advanced past what is on disk');
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['taxonomy.json'], 'temp file cleaned up');
  // The next edit works.
  await store.apply((x) => renameTheme(x, THEME, 'Saved'));
  assert.equal(parsed(fs.readFileSync(file, 'utf8')).themes[0].name, 'Saved');
});

test('fsync of the temp file fails (EIO): the write is refused, the old file intact, no temp file left', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  const realOpen = fsp.open;
  const synced: string[] = [];
  const open = mock.method(fsp, 'open', async (p: fs.PathLike, flags?: string) => {
    const h = await realOpen(p, flags);
    if (String(p).endsWith('.tmp')) h.sync = async () => { throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }); };
    return h;
  });
  try {
    await assert.rejects(store.apply((x) => renameTheme(x, THEME, 'Lost?')), (e: unknown) =>
      e instanceof TaxonomyWriteError && e.message === 'Could not save taxonomy.json (EIO); the file on disk is unchanged');
  } finally {
    open.mock.restore();
  }
  assert.equal(fs.readFileSync(file, 'utf8'), validText);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['taxonomy.json'], 'temp file cleaned up');
  // A successful write syncs the temp file and then the folder (where the platform allows opening one).
  const spy = mock.method(fsp, 'open', async (p: fs.PathLike, flags?: string) => {
    const h = await realOpen(p, flags);
    const sync = h.sync.bind(h);
    h.sync = async () => { synced.push(path.basename(String(p))); return sync(); };
    return h;
  });
  try {
    await store.apply((x) => renameTheme(x, THEME, 'Saved'));
  } finally {
    spy.mock.restore();
  }
  assert.match(synced[0], /^\.taxonomy\.json\..*\.tmp$/);
  if (process.platform !== 'win32') assert.equal(synced[1], path.basename(path.dirname(file)), 'the folder is fsync\'d after the rename');
  assert.equal(parsed(fs.readFileSync(file, 'utf8')).themes[0].name, 'Saved');
});

test('disk full while writing the temp file: the old file is intact and the edit is reported as not saved', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  const writeFile = mock.method(fsp, 'writeFile', async () => {
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  });
  try {
    await assert.rejects(store.apply((x) => renameTheme(x, THEME, 'Lost?')), (e: unknown) =>
      e instanceof TaxonomyWriteError && e.message === 'Could not save taxonomy.json (ENOSPC); the file on disk is unchanged');
  } finally {
    writeFile.mock.restore();
  }
  assert.equal(fs.readFileSync(file, 'utf8'), validText);
  assert.equal(store.state?.themes[0].name, 'Environment');
});

test('merge: their reorder of themes and our new theme are both kept', () => {
  const base = createTheme(createTheme(parsed(validText), { name: 'B', id: 'th-0000000b' }), { name: 'C', id: 'th-0000000c' });
  const ours = createTheme(base, { name: 'D', id: 'th-0000000d' });
  const theirs = { ...base, themes: [base.themes[2], base.themes[0], base.themes[1]] };
  const r = mergeTaxonomies(base, ours, theirs);
  assert.deepEqual(r.taxonomy.themes.map((th) => th.name), ['C', 'Environment', 'B', 'D']);
  assert.deepEqual(r.conflicts, []);
  // Our reorder, their new theme: ours order, theirs addition after its predecessor.
  const ours2 = { ...base, themes: [base.themes[1], base.themes[0], base.themes[2]] };
  const theirs2 = createTheme(base, { name: 'E', id: 'th-0000000e' });
  assert.deepEqual(mergeTaxonomies(base, ours2, theirs2).taxonomy.themes.map((th) => th.name), ['B', 'Environment', 'C', 'E']);
});

test('no file yet: replace creates it; a deleted file is not silently recreated by an edit', async (t) => {
  const file = tempFile(t, null);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  assert.equal(store.state, undefined);
  await assert.rejects(store.apply((x) => x), TaxonomyReadOnlyError);
  assert.deepEqual(await store.replace(parsed(validText)), []);
  assert.equal(fs.readFileSync(file, 'utf8'), validText);
  fs.unlinkSync(file);
  assert.deepEqual(await store.reloadFromDisk(), { changed: true, conflicts: [] });
  assert.equal(store.state, undefined);
  await assert.rejects(store.apply((x) => x), TaxonomyReadOnlyError);
  assert.equal(fs.existsSync(file), false);
});

test('replace with a base merges edits made while the run was going', async (t) => {
  const file = tempFile(t);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  const base = store.state!;
  // While the run goes, the user renames a topic; the run's result changes keywords and quality.
  await store.apply((x) => renameTopic(x, SCHOOL, 'Schools'));
  const runResult: Taxonomy = { ...base, run: { ...base.run, quality: { ...base.run.quality, npmi: 0.2 } } };
  assert.deepEqual(await store.replace(runResult, base), []);
  const onDisk = parsed(fs.readFileSync(file, 'utf8'));
  assert.equal(onDisk.topics[1].label, 'Schools');
  assert.equal(onDisk.run.quality.npmi, 0.2);
});

test('property: merging any two edit sequences of the same base gives a valid taxonomy keeping disjoint edits', () => {
  const start = parsed(validText);
  const op = fc.oneof(
    fc.record({ k: fc.constant('create' as const), name: fc.constantFrom('A', 'B', 'C') }),
    fc.record({ k: fc.constant('rename' as const), i: fc.nat(5), name: fc.constantFrom('X', 'Y', 'Environment') }),
    fc.record({ k: fc.constant('delete' as const), i: fc.nat(5) }),
    fc.record({ k: fc.constant('move' as const), i: fc.nat(5), to: fc.nat(5) }),
    fc.record({ k: fc.constant('assign' as const), i: fc.nat(5), j: fc.integer({ min: -1, max: 5 }) }),
    fc.record({ k: fc.constant('label' as const), i: fc.nat(5), name: fc.constantFrom('L1', 'L2') }),
    fc.record({ k: fc.constant('irrelevant' as const), i: fc.nat(5), on: fc.boolean() }),
  );
  const run = (t0: Taxonomy, ops: Array<{ k: string; i?: number; j?: number; to?: number; name?: string; on?: boolean }>): Taxonomy => {
    let t = t0;
    for (const o of ops) {
      const theme = (i: number) => t.themes[i % Math.max(1, t.themes.length)]?.id ?? 'th-00000000';
      const topic = (i: number) => t.topics[i % t.topics.length].id;
      try {
        if (o.k === 'create') t = createTheme(t, { name: o.name! });
        else if (o.k === 'rename') t = renameTheme(t, theme(o.i!), o.name!);
        else if (o.k === 'delete') t = deleteTheme(t, theme(o.i!));
        else if (o.k === 'move') t = moveTheme(t, theme(o.i!), o.to! % Math.max(1, t.themes.length));
        else if (o.k === 'assign') t = assignTopic(t, topic(o.i!), o.j! < 0 ? null : theme(o.j!));
        else if (o.k === 'label') t = renameTopic(t, topic(o.i!), o.name!);
        else if (o.k === 'irrelevant') t = setIrrelevant(t, topic(o.i!), o.on!);
      } catch {
        // Invalid operations are refused; the sequence goes on.
      }
    }
    return t;
  };
  fc.assert(fc.property(fc.array(op, { maxLength: 8 }), fc.array(op, { maxLength: 8 }), (a, b) => {
    const ours = run(start, a), theirs = run(start, b);
    const { taxonomy, conflicts } = mergeTaxonomies(start, ours, theirs);
    const p = parseTaxonomy(serializeTaxonomy(taxonomy), 'm.json');
    if (!p.ok) assert.fail(JSON.stringify(p.errors));
    if (conflicts.length === 0) {
      // Nothing conflicted: every topic label either side changed is there.
      for (const tp of taxonomy.topics) {
        const o = ours.topics.find((x) => x.id === tp.id)!, t = theirs.topics.find((x) => x.id === tp.id)!;
        const base = start.topics.find((x) => x.id === tp.id)!;
        assert.equal(tp.label, o.label !== base.label ? o.label : t.label);
      }
    }
    // Merging with nothing changed on our side gives exactly theirs.
    assert.equal(serializeTaxonomy(mergeTaxonomies(start, start, theirs).taxonomy), serializeTaxonomy(theirs));
  }), { numRuns: 200 });
});

test('another tool\'s taxonomy.json (well-formed JSON without our schema marker) is left alone: no problems, never written', async (t) => {
  const foreignText = '{\n  "categories": ["a", "b"],\n  "version": 3\n}\n';
  const file = tempFile(t, foreignText);
  const store = await TaxonomyStore.open(file);
  t.after(() => store.dispose());
  assert.equal(store.foreign, true);
  assert.deepEqual(store.problems, [], 'no diagnostics on someone else\'s file');
  assert.equal(store.state, undefined);
  await assert.rejects(store.replace(parsed(validText)), (e: unknown) => e instanceof TaxonomyForeignError && /is not a Literature Map taxonomy/.test((e as Error).message));
  await assert.rejects(store.apply((x) => x), TaxonomyForeignError);
  assert.equal(fs.readFileSync(file, 'utf8'), foreignText, 'bytes unchanged');
  // A damaged file of ours (not JSON at all) is still ours: reported, not written over.
  fs.writeFileSync(file, '{ "schemaVersion": 1, "themes": [ oops');
  await store.reloadFromDisk();
  assert.equal(store.foreign, false);
  assert.ok(store.problems.length > 0);
  fs.writeFileSync(file, validText);
  await store.reloadFromDisk();
  assert.equal(store.foreign, false);
  assert.equal((store.state as Taxonomy | undefined)?.themes[0].name, 'Environment');
});

test('replace() with bytes encoded and checked elsewhere writes them as they are; an edit made meanwhile is still merged in', async (t) => {
  const file = tempFile(t);
  const encoded: Taxonomy[] = [];
  const codec: TaxonomyCodec = { ...inThreadCodec, encode: (x, f) => (encoded.push(x), inThreadCodec.encode(x, f)) };
  const store = await TaxonomyStore.open(file, codec);
  t.after(() => store.dispose());
  const base = store.state!;
  const next = renameTheme(base, THEME, 'Planet');
  const text = serializeTaxonomy(next);
  const parsedNext = parseTaxonomy(text, file);
  assert.ok(parsedNext.ok);
  await store.replace({ text, taxonomy: parsedNext.taxonomy }, base);
  assert.equal(fs.readFileSync(file, 'utf8'), text);
  assert.equal(encoded.length, 0, 'not serialized or checked again');
  assert.equal(store.state, parsedNext.taxonomy);

  // The next run was built from `again`'s base; a note written since is merged in (and that result is encoded).
  const again = store.state!;
  await store.apply((x) => setTopicNote(x, SCHOOL, 'written during the run'));
  const run = renameTheme(again, THEME, 'Earth');
  const runText = serializeTaxonomy(run);
  await store.replace({ text: runText, taxonomy: (parseTaxonomy(runText, file) as { taxonomy: Taxonomy }).taxonomy }, again);
  const onDisk = parsed(fs.readFileSync(file, 'utf8'));
  assert.equal(onDisk.themes[0].name, 'Earth');
  assert.equal(onDisk.topics.find((x) => x.id === SCHOOL)?.note, 'written during the run');
});
