import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embedChunks } from '../../src/pipeline/embedding';
import { unloadModel } from '../../src/pipeline/embedding/transformers';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings';
import { shortHash } from '../../src/pipeline/hash';
import type { Matrix, PipelineSettings } from '../../src/pipeline/types';
import { writeTinyBert } from '../support/tiny-bert';
import { closedPort, startMockHub } from '../support/mock-hub';

const HIDDEN = 32;
let tmp: string;
let modelDir: string;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-embedding-'));
  modelDir = path.join(tmp, 'models', 'tiny-bert');
  writeTinyBert(modelDir, { hidden: HIDDEN, layers: 1 });
});
after(async () => {
  await unloadModel();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const chunksOf = (texts: string[]) => texts.map((text) => ({ text, textHash: shortHash(text) }));
const settings = (o: Partial<PipelineSettings['embedding']>): PipelineSettings['embedding'] => ({ ...DEFAULT_SETTINGS.embedding, threads: 1, ...o });
const row = (m: Matrix, i: number) => m.data.subarray(i * m.dim, (i + 1) * m.dim);
const norm = (v: Float32Array) => Math.hypot(...v);
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

const TEXTS = [
  'the bank raised the interest rate on every loan',
  'the team won the match with a late goal',
  'the band played a new song at the concert',
  'software bug in the server code',
];
const LONG = Array.from({ length: 40 }, (_, i) => TEXTS[i % TEXTS.length]).join(' ');

test('transformers backend on a local folder: one normalised vector of the hidden size per chunk, deterministic', async () => {
  const s = settings({ backend: 'transformers', localModelPath: modelDir, dtype: 'fp32' });
  const a = await embedChunks(chunksOf(TEXTS), s, { seed: 1 });
  assert.equal(a.backend, 'transformers');
  assert.equal(a.dim, HIDDEN);
  assert.equal(a.matrix.rows, TEXTS.length);
  assert.equal(a.matrix.dim, HIDDEN);
  assert.equal(a.model, path.basename(modelDir), 'a local model is recorded by its folder name, never its absolute path');
  assert.equal(a.notice, undefined);
  for (let i = 0; i < TEXTS.length; i++) assert.ok(Math.abs(norm(row(a.matrix, i)) - 1) < 1e-5, `row ${i} has norm ${norm(row(a.matrix, i))}`);
  assert.ok(maxDiff(row(a.matrix, 0), row(a.matrix, 1)) > 1e-3, 'different texts give different vectors');
  const b = await embedChunks(chunksOf(TEXTS), s, { seed: 2 });
  assert.deepEqual(b.matrix.data, a.matrix.data);
});

test('mean pooling ignores padding: a text alone and batched with a much longer one give the same vector', async () => {
  const s = settings({ backend: 'transformers', localModelPath: modelDir, dtype: 'fp32', batchSize: 8 });
  const alone = await embedChunks(chunksOf([TEXTS[1]]), s, { seed: 1 });
  const batched = await embedChunks(chunksOf([LONG, TEXTS[1]]), s, { seed: 1 });
  assert.ok(maxDiff(row(alone.matrix, 0), row(batched.matrix, 1)) < 1e-5);
  // Input order is restored after sorting by length.
  assert.ok(maxDiff(row(alone.matrix, 0), row(batched.matrix, 0)) > 1e-3);
});

test('the q8 model loads by default dtype and stays close to fp32', async () => {
  const q8 = await embedChunks(chunksOf(TEXTS), settings({ backend: 'transformers', localModelPath: modelDir }), { seed: 1 });
  const fp = await embedChunks(chunksOf(TEXTS), settings({ backend: 'transformers', localModelPath: modelDir, dtype: 'fp32' }), { seed: 1 });
  assert.equal(q8.dim, HIDDEN);
  assert.ok(maxDiff(q8.matrix.data, fp.matrix.data) > 0, 'a different graph ran');
  for (let i = 0; i < TEXTS.length; i++) {
    let dot = 0;
    for (let c = 0; c < HIDDEN; c++) dot += row(q8.matrix, i)[c] * row(fp.matrix, i)[c];
    assert.ok(dot > 0.9, `q8 and fp32 vectors of row ${i} agree (cos ${dot})`);
  }
});

test('q8 vectors depend slightly on their batch (dynamic quantisation scales per batch), fp32 ones do not', async () => {
  const s = settings({ backend: 'transformers', localModelPath: modelDir, batchSize: 8 });
  const alone = await embedChunks(chunksOf([TEXTS[1]]), s, { seed: 1 });
  const batched = await embedChunks(chunksOf([LONG, TEXTS[1]]), s, { seed: 1 });
  const a = row(alone.matrix, 0), b = row(batched.matrix, 1);
  let dot = 0;
  for (let c = 0; c < HIDDEN; c++) dot += a[c] * b[c];
  assert.ok(maxDiff(a, b) > 0, 'if this fails, q8 became batch-independent: the cache note in index.ts can go');
  assert.ok(dot > 0.99, `cos ${dot}`);
});

test('progress is reported up to the total, and an aborted signal stops the run', async () => {
  const s = settings({ backend: 'transformers', localModelPath: modelDir, dtype: 'fp32', batchSize: 2 });
  const seen: Array<[number, number]> = [];
  await embedChunks(chunksOf(TEXTS), s, { seed: 1, onProgress: (d, t) => seen.push([d, t]) });
  assert.deepEqual(seen.at(-1), [TEXTS.length, TEXTS.length]);
  assert.ok(seen.some(([d]) => d > 0 && d < TEXTS.length), 'intermediate progress between batches');
  const ac = new AbortController();
  let batches = 0;
  await assert.rejects(
    embedChunks(chunksOf(TEXTS), s, { seed: 1, signal: ac.signal, onProgress: (d) => { if (d > 0 && ++batches === 1) ac.abort(); } }),
    (e: Error) => e.name === 'CancelledError',
  );
});

test('download path: the first run fetches from the mirror into the cache dir, the second works with the mirror gone', async () => {
  const hub = await startMockHub({ 'test-org/tiny-bert': modelDir });
  const cacheDir = path.join(tmp, 'cache-download');
  const s = settings({ backend: 'transformers', model: 'test-org/tiny-bert', remoteHost: hub.url });
  const logs: string[] = [];
  let first;
  try {
    first = await embedChunks(chunksOf(TEXTS), s, { seed: 1, cacheDir, onLog: (l) => logs.push(l) });
  } finally {
    await hub.close();
  }
  assert.equal(first.backend, 'transformers');
  assert.equal(first.model, 'test-org/tiny-bert');
  assert.ok(hub.served.includes('/test-org/tiny-bert/resolve/main/onnx/model_quantized.onnx'), hub.requests.join(', '));
  assert.ok(hub.served.includes('/test-org/tiny-bert/resolve/main/tokenizer.json'));
  assert.ok(fs.existsSync(path.join(cacheDir, 'models', 'test-org', 'tiny-bert', 'onnx', 'model_quantized.onnx')));
  assert.ok(logs.some((l) => l.includes('model_quantized.onnx')), 'download progress is logged');

  const before = hub.requests.length;
  await unloadModel(); // a fresh process would have no model in memory
  const second = await embedChunks(chunksOf([...TEXTS, 'a new text about music']), s, { seed: 1, cacheDir });
  assert.equal(hub.requests.length, before);
  assert.equal(second.backend, 'transformers');
  assert.equal(second.cacheHits, TEXTS.length);
  assert.deepEqual(second.matrix.data.subarray(0, TEXTS.length * HIDDEN), first.matrix.data);
});

test('a truncated model in the cache (an interrupted download) is fetched again instead of failing every run', async () => {
  const hub = await startMockHub({ 'test-org/tiny-bert': modelDir });
  const cacheDir = path.join(tmp, 'cache-truncated');
  const s = settings({ backend: 'transformers', model: 'test-org/tiny-bert', remoteHost: hub.url, dtype: 'fp32' });
  try {
    const good = await embedChunks(chunksOf(TEXTS), s, { seed: 1, cacheDir });
    await unloadModel();
    const onnxFile = path.join(cacheDir, 'models', 'test-org', 'tiny-bert', 'onnx', 'model.onnx');
    fs.truncateSync(onnxFile, Math.floor(fs.statSync(onnxFile).size / 2));
    const served = hub.served.length;
    const logs: string[] = [];
    const again = await embedChunks(chunksOf(TEXTS), s, { seed: 1, cacheDir, onLog: (l) => logs.push(l) });
    assert.ok(hub.served.slice(served).includes('/test-org/tiny-bert/resolve/main/onnx/model.onnx'), 'downloaded again');
    assert.ok(logs.some((l) => /does not load/.test(l)));
    assert.deepEqual(again.matrix.data, good.matrix.data);
  } finally {
    await hub.close();
  }
});

test('auto falls back to LSA with a one-line notice when the hub is unreachable', async () => {
  const port = await closedPort();
  const s = settings({ backend: 'auto', model: 'test-org/absent-model', remoteHost: `http://127.0.0.1:${port}/` });
  const r = await embedChunks(chunksOf([...TEXTS, ...TEXTS.map((t) => t + ' again')]), s, { seed: 1, cacheDir: path.join(tmp, 'cache-auto') });
  assert.equal(r.backend, 'lsa');
  assert.ok(r.notice, 'a notice explains the fallback');
  assert.match(r.notice, /LSA/);
  assert.match(r.notice, /test-org\/absent-model/);
  assert.ok(!r.notice.includes('\n'));
  assert.equal(r.matrix.rows, TEXTS.length * 2);
});

test("'transformers' without a model fails with a message naming the model and what to do", async () => {
  const port = await closedPort();
  await assert.rejects(
    embedChunks(chunksOf(TEXTS), settings({ backend: 'transformers', model: 'test-org/absent-model', remoteHost: `http://127.0.0.1:${port}/` }), { seed: 1, cacheDir: path.join(tmp, 'cache-none') }),
    (e: Error) => e.name === 'PipelineError' && /absent-model/.test(e.message) && /cannot reach/.test(e.message) && /local model folder/.test(e.message),
  );
  await assert.rejects(
    embedChunks(chunksOf(TEXTS), settings({ backend: 'transformers', localModelPath: path.join(tmp, 'no-such-folder') }), { seed: 1 }),
    (e: Error) => e.name === 'PipelineError' && /no-such-folder/.test(e.message) && /config\.json/.test(e.message),
  );
});

test('a mirror that is not an http(s) URL is rejected, even in auto', async () => {
  for (const remoteHost of ['ftp://mirror.example/', 'not a url']) {
    await assert.rejects(embedChunks(chunksOf(TEXTS), settings({ backend: 'auto', remoteHost }), { seed: 1 }), /http:\/\/ or https:\/\//);
  }
});
