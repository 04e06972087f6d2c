// The static (model2vec) backend on a generated tiny model: vectors checked against a by-hand computation (split into
// words, look the known ones up, average, normalise — no tokenizer code), truncation as model2vec does it, the
// safetensors reader's errors, download once from a loopback hub, and the cache.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadStaticModel } from '../../src/pipeline/embedding/model2vec';
import { readSafetensors } from '../../src/pipeline/embedding/safetensors';
import { embedChunks } from '../../src/pipeline/embedding';
import { resolveSettings } from '../../src/pipeline/settings';
import { shortHash } from '../../src/pipeline/hash';
import { startMockHub } from '../support/mock-hub';
import { safetensorsBytes, writeTinyModel2Vec, type TinyModel2Vec } from '../support/tiny-model2vec';

let tmp: string;
let modelDir: string;
let tiny: TinyModel2Vec;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-static-'));
  modelDir = path.join(tmp, 'tiny-m2v');
  tiny = writeTinyModel2Vec(modelDir);
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** model2vec by hand: lower-case words and punctuation, the known ones' rows averaged, then L2-normalised. */
function byHand(text: string, m: TinyModel2Vec, normalize = true, maxTokens = 512): Float32Array {
  const ids = (text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? []).map((w) => m.vocab.indexOf(w)).filter((i) => i >= 4).slice(0, maxTokens);
  const v = new Float64Array(m.dim);
  for (const id of ids) for (let k = 0; k < m.dim; k++) v[k] += m.table[id * m.dim + k] / ids.length;
  const n = normalize ? Math.sqrt(v.reduce((a, x) => a + x * x, 0)) : 1;
  return Float32Array.from(v, (x) => (ids.length ? x / n : 0));
}

function close(a: Float32Array, b: Float32Array, tol = 1e-6): void {
  assert.equal(a.length, b.length);
  for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k] - b[k]) <= tol, `component ${k}: ${a[k]} vs ${b[k]}`);
}

const SENTENCES = [
  'The nation and the people.',
  'Congress passed the budget; the president signed the tax law!',
  'Music, film and code: data for the model of the network?',
  'Zebras quietly graze in unknown pastures with war and peace.',
  'the the the money',
];

test('vectors equal look-up + mean + normalise done by hand; special tokens and unknown words are left out', async () => {
  const model = await loadStaticModel(modelDir);
  assert.equal(model.dim, tiny.dim);
  for (const s of SENTENCES) close(model.encode(s), byHand(s, tiny));
  // Only unknown words: the zero vector, as model2vec gives.
  assert.deepEqual(model.encode('Zebras graze quietly'), new Float32Array(tiny.dim));
  // Case does not matter (the BERT normaliser lower-cases).
  assert.deepEqual(model.encode('PEACE AND WAR'), model.encode('peace and war'));
});

test('long texts are cut at 512 tokens (and 512 × the median token length in characters), as model2vec does', async () => {
  const model = await loadStaticModel(modelDir);
  const words = ['war', 'peace'];
  // 700 known tokens: only the first 512 count. "war" comes first 512 times in a row, then "peace".
  const long = [...Array(512).fill(words[0]), ...Array(188).fill(words[1])].join(' ');
  close(model.encode(long), byHand(long, tiny));
  close(model.encode(long), byHand('war', tiny));
  // The character cut: the vocabulary's median token length is 4 here (its words and specials), so 2,048 characters.
  const lens = tiny.vocab.map((t) => t.length).sort((a, b) => a - b);
  const median = Math.floor((lens[(lens.length >> 1) - 1] + lens[lens.length >> 1]) / 2);
  const cut = 512 * median;
  const padded = 'x'.repeat(cut - 4) + ' war peace';
  close(model.encode(padded), byHand(padded.slice(0, cut), tiny));
});

test('a model whose config does not normalise gives the raw mean; the backend still hands the pipeline unit vectors', async () => {
  const dir = path.join(tmp, 'raw');
  const raw = writeTinyModel2Vec(dir, { normalize: false, seed: 3 });
  const model = await loadStaticModel(dir);
  close(model.encode(SENTENCES[1]), byHand(SENTENCES[1], raw, false));
  const settings = resolveSettings({ embedding: { backend: 'static', staticModel: dir } }).embedding;
  const r = await embedChunks([{ text: SENTENCES[1], textHash: 'a' }], settings, { seed: 42 });
  close(r.matrix.data, byHand(SENTENCES[1], raw, true));
});

test('the static backend: a local folder, unit vectors, cached, the weights hash recorded as the revision', async () => {
  const settings = resolveSettings({ embedding: { backend: 'static', staticModel: modelDir } }).embedding;
  const chunks = SENTENCES.map((text) => ({ text, textHash: shortHash(text) }));
  const cacheDir = path.join(tmp, 'cache-local');
  const progress: number[] = [];
  const first = await embedChunks(chunks, settings, { cacheDir, seed: 42, onProgress: (d) => progress.push(d) });
  assert.equal(first.backend, 'static');
  assert.equal(first.model, modelDir);
  assert.match(first.revision ?? '', /^sha256:[0-9a-f]{16}$/);
  assert.equal(first.dim, tiny.dim);
  assert.equal(progress[progress.length - 1], chunks.length);
  SENTENCES.forEach((s, i) => close(first.matrix.data.subarray(i * tiny.dim, (i + 1) * tiny.dim), byHand(s, tiny)));
  const second = await embedChunks(chunks, settings, { cacheDir, seed: 42 });
  assert.equal(second.cacheHits, chunks.length);
  assert.deepEqual(second.matrix, first.matrix);
});

test('a hub id is downloaded once into the cache folder, then used with the hub gone', async () => {
  const hub = await startMockHub({ 'test-org/tiny-m2v': modelDir });
  const cacheDir = path.join(tmp, 'cache-hub');
  const settings = resolveSettings({ embedding: { backend: 'static', staticModel: 'test-org/tiny-m2v', remoteHost: hub.url } }).embedding;
  const chunks = SENTENCES.map((text) => ({ text, textHash: shortHash(text) }));
  const logs: string[] = [];
  try {
    const r = await embedChunks(chunks, settings, { cacheDir, seed: 42, onLog: (l) => logs.push(l) });
    assert.equal(r.model, 'test-org/tiny-m2v');
    assert.deepEqual(hub.served.sort(), ['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => `/test-org/tiny-m2v/resolve/main/${f}`));
    assert.ok(fs.existsSync(path.join(cacheDir, 'models', 'test-org', 'tiny-m2v', 'model.safetensors')));
    assert.ok(logs.some((l) => /tiny-m2v\/model\.safetensors ready/.test(l)));
  } finally {
    await hub.close();
  }
  const again = await embedChunks([{ text: 'peace and war', textHash: 'new' }], settings, { cacheDir, seed: 42 });
  close(again.matrix.data, byHand('peace and war', tiny));
});

test('a missing model and a hub that does not have it fail with a message saying what to do', async () => {
  const hub = await startMockHub({});
  try {
    const settings = resolveSettings({ embedding: { backend: 'static', staticModel: 'test-org/absent', remoteHost: hub.url } }).embedding;
    await assert.rejects(embedChunks([{ text: 'war', textHash: 'w' }], settings, { cacheDir: path.join(tmp, 'c2'), seed: 42 }),
      /static model test-org\/absent: config\.json answered HTTP 404/);
  } finally {
    await hub.close();
  }
  const settings = resolveSettings({ embedding: { backend: 'static', staticModel: path.join(tmp, 'nowhere') } }).embedding;
  await assert.rejects(embedChunks([{ text: 'war', textHash: 'w' }], settings, { seed: 42 }), /No model2vec model in .*nowhere \(model\.safetensors is missing\)/);
  const bad = resolveSettings({ embedding: { backend: 'static', staticModel: '../escape' } }).embedding;
  await assert.rejects(embedChunks([{ text: 'war', textHash: 'w' }], bad, { seed: 42 }), /not a Hugging Face model id/);
});

test('safetensors: f16 and bf16 tensors are widened, damaged files are refused naming the file', () => {
  const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]).buffer); // 1, -2, ~0.333, smallest subnormal
  const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc040]).buffer); // 1, -3
  const t = readSafetensors(safetensorsBytes({ a: { dtype: 'F16', shape: [4], data: f16 }, b: { dtype: 'BF16', shape: [2], data: bf16 } }), 'x.safetensors');
  assert.deepEqual([...t.get('a')!.data].map((x) => Number(x.toPrecision(4))), [1, -2, 0.3333, 5.96e-8]);
  assert.deepEqual([...t.get('b')!.data], [1, -3]);
  const good = safetensorsBytes({ embeddings: { dtype: 'F32', shape: [2, 2], data: new Uint8Array(16) } });
  assert.throws(() => readSafetensors(good.subarray(0, good.length - 4), 'm.safetensors'), /m\.safetensors: .*truncated/);
  assert.throws(() => readSafetensors(Buffer.from('not a model'), 'm.safetensors'), /m\.safetensors: not a readable safetensors file/);
  const odd = safetensorsBytes({ embeddings: { dtype: 'Q4', shape: [1], data: new Uint8Array(1) } });
  assert.throws(() => readSafetensors(odd, 'm.safetensors'), /unsupported dtype "Q4"/);
});

test('token weights or a vocabulary mapping (newer model2vec formats) are refused rather than misread', async () => {
  const dir = path.join(tmp, 'weighted');
  writeTinyModel2Vec(dir);
  const rows = new Uint8Array(4 * 16 * 4);
  fs.writeFileSync(path.join(dir, 'model.safetensors'), safetensorsBytes({
    embeddings: { dtype: 'F32', shape: [4, 16], data: rows },
    weights: { dtype: 'F32', shape: [4], data: new Uint8Array(16) },
  }));
  await assert.rejects(loadStaticModel(dir), /holds a "weights" tensor .* does not support/);
});
