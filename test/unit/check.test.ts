import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCheck } from '../../src/cli/check';
import { sha256Hex } from '../../src/pipeline/hash';
import { corpusFingerprint } from '../../src/pipeline/fingerprint';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { SourceFile } from '../../src/pipeline/types';

const fixtures = path.resolve(process.cwd(), 'test/fixtures/taxonomy');

/** A minimal corpus reader (every file but the taxonomy), standing in for the pipeline's readCorpus. */
async function readFingerprint(folder: string) {
  const files: SourceFile[] = fs.readdirSync(folder).filter((n) => !n.endsWith('.json')).sort().map((n) => ({
    path: n, format: 'txt', contentHash: sha256Hex(fs.readFileSync(path.join(folder, n))), bytes: 0,
  }));
  return { fingerprint: corpusFingerprint(files), sources: files.map((f) => ({ path: f.path, contentHash: f.contentHash })) };
}

/** A copy of the fixture corpus with a taxonomy that is up to date for it. */
async function setup(t: { after: (fn: () => void) => void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-check-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(fixtures, 'corpus'), dir, { recursive: true });
  const r = parseTaxonomy(fs.readFileSync(path.join(fixtures, 'valid.taxonomy.json'), 'utf8'), 'v');
  assert.ok(r.ok);
  const now = await readFingerprint(dir);
  const tx = r.taxonomy;
  tx.run.corpus.fingerprint = now.fingerprint;
  tx.sources = now.sources.map((s, i) => ({ ...s, chunks: 1, topicCounts: { [tx.topics[i % 2].id]: 1 } }));
  const file = path.join(dir, 'taxonomy.json');
  fs.writeFileSync(file, serializeTaxonomy(tx));
  return { dir, file, settings: tx.run.settings };
}

test('check exits 0 when the taxonomy matches the folder', async (t) => {
  const { dir, file, settings } = await setup(t);
  assert.deepEqual(await runCheck(dir, file, { readFingerprint, settings }), { code: 0, lines: [`${file}: up to date (2 sources)`] });
});

test('check exits 1 with the added, changed and removed sources', async (t) => {
  const { dir, file } = await setup(t);
  fs.writeFileSync(path.join(dir, 'c.txt'), 'new talk');
  fs.appendFileSync(path.join(dir, 'a.txt'), 'one more line\n');
  fs.unlinkSync(path.join(dir, 'b.vtt'));
  const r = await runCheck(dir, file, { readFingerprint });
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    `${file}: stale for ${dir} — re-run \`literature-map map\` to update it`,
    '  changed: a.txt',
    '  added:   c.txt',
    '  removed: b.vtt',
  ]);
  // Long lists are cut short.
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `n${i}.txt`), String(i));
  const short = await runCheck(dir, file, { readFingerprint, maxListed: 3 });
  assert.equal(short.lines.length, 5);
  assert.equal(short.lines[4], '  … and 5 more');
});

test('check exits 1 when the settings differ', async (t) => {
  const { dir, file, settings } = await setup(t);
  const changed = { ...settings, hdbscan: { ...(settings.hdbscan as object), minClusterSize: 15 } };
  const r = await runCheck(dir, file, { readFingerprint, settings: changed });
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines.slice(1), ['  setting hdbscan.minClusterSize: 10 → 15']);
});

test('check exits 2 on an invalid or missing taxonomy file, with the problem line', async (t) => {
  const { dir, file } = await setup(t);
  fs.copyFileSync(path.join(fixtures, 'conflicted.taxonomy.json'), file);
  const r = await runCheck(dir, file, { readFingerprint });
  assert.equal(r.code, 2);
  assert.match(r.lines[0], new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:58:1: Git merge conflict marker "<<<<<<<"`));
  fs.copyFileSync(path.join(fixtures, 'syntax-error.taxonomy.json'), file);
  assert.deepEqual(await runCheck(dir, file, { readFingerprint }), {
    code: 2, lines: [`${file}:140:18: Invalid JSON: Unexpected ',': expected a property name in double quotes`],
  });
  const missing = path.join(dir, 'none.json');
  assert.deepEqual(await runCheck(dir, missing, { readFingerprint }), { code: 2, lines: [`${missing}: no taxonomy file (map the folder first)`] });
});
