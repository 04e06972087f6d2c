// Run data on disk: a compact encoding that round-trips exactly, a key that names the run, damaged files read as
// missing, and a bounded store that keeps the most recently used runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArtifactFormatError, artifactKey, decodeArtifact, encodeArtifact } from '../../src/taxonomy/artifact-codec';
import { ArtifactStore } from '../../src/taxonomy/artifact-store';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import type { RunArtifact } from '../../src/taxonomy/types';
import { makeRun, many } from '../support/taxonomy-runs';

function sample(salt = ''): RunArtifact {
  return taxonomyFromRun(makeRun([
    { path: 'a.txt', chunks: [...many(0, 5), -1, { topic: 1, text: `Ünïcödé 😀 ${salt}\n\ttabs` }] },
    { path: 'talks/b.vtt', chunks: [...many(1, 4), ...many(2, 3)] },
  ])).artifact;
}

test('encode → decode gives the same artifact, key included; JSON would be larger', async () => {
  const a = sample();
  const bytes = await encodeArtifact(a);
  const { key, artifact } = await decodeArtifact(bytes);
  assert.equal(key, artifactKey(a));
  assert.deepEqual(artifact, a);
  assert.ok(bytes.length < JSON.stringify(a).length, `${bytes.length} bytes vs ${JSON.stringify(a).length} as JSON`);
});

test('the key names chunk ids and run topics: the same run gives the same key, another topic assignment another', () => {
  const a = sample();
  assert.equal(artifactKey(a), artifactKey(sample()));
  assert.match(artifactKey(a), /^[0-9a-f]{16}$/);
  const moved = { ...a, topicOf: a.topicOf.map((x, i) => (i === 0 ? null : x)) };
  assert.notEqual(artifactKey(moved), artifactKey(a));
  const moved2: RunArtifact = { ...a, coords2d: a.coords2d.map((x) => x + 1) };
  assert.equal(artifactKey(moved2), artifactKey(a), 'the layout is not identity');
});

test('truncated, damaged or foreign bytes are refused with ArtifactFormatError', async () => {
  const bytes = await encodeArtifact(sample());
  await assert.rejects(decodeArtifact(bytes.subarray(0, bytes.length - 3)), ArtifactFormatError);
  const flipped = Uint8Array.from(bytes);
  flipped[flipped.length - 10] ^= 0xff;
  await assert.rejects(decodeArtifact(flipped), /checksum/);
  await assert.rejects(decodeArtifact(new TextEncoder().encode('{"chunks": []}')), ArtifactFormatError);
  await assert.rejects(decodeArtifact(new Uint8Array(0)), ArtifactFormatError);
});

test('store: saved under the key, loaded by it, damaged files removed, at most `keep` runs kept (least recently used go)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-artifacts-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = new ArtifactStore(dir, 2);
  const [a, b, c] = ['1', '2', '3'].map(sample);
  const ka = await store.save(a);
  assert.equal(ka, artifactKey(a));
  assert.deepEqual(await store.load(ka), a);
  assert.equal(await store.load('0000000000000000'), undefined);
  assert.equal(await store.load(undefined), undefined);
  const kb = await store.save(b);
  // a is used again after b was saved, so c's save prunes b.
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(store.fileOf(kb), old, old);
  await store.load(ka);
  const kc = await store.save(c);
  assert.deepEqual(fs.readdirSync(dir).sort(), [`${ka}.lmrun`, `${kc}.lmrun`].sort());
  assert.equal(await store.save(c), kc, 'saving again is a no-op');
  fs.writeFileSync(store.fileOf(kc), 'garbage');
  assert.equal(await store.load(kc), undefined);
  assert.ok(!fs.existsSync(store.fileOf(kc)), 'a damaged file is removed');
});
