import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddingCache, cacheKeyDir } from '../../src/pipeline/embedding/cache';
import { embedChunks } from '../../src/pipeline/embedding';
import { unloadModel } from '../../src/pipeline/embedding/transformers';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings';
import { shortHash } from '../../src/pipeline/hash';
import { writeTinyBert } from '../support/tiny-bert';

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-embcache-'));
});
after(async () => {
  await unloadModel();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const vec = (seed: number, dim = 8) => Float32Array.from({ length: dim }, (_, i) => Math.sin(seed * 7.1 + i));
const entries = (n: number, dim = 8) => Array.from({ length: n }, (_, i) => ({ textHash: `h${i}`, vector: vec(i, dim) }));

test('vectors round-trip through one log file, last write of a key wins, other dims are ignored', () => {
  const cache = new EmbeddingCache(path.join(tmp, 'rt'), ['transformers', 'm', 'q8']);
  assert.equal(cache.lookup(['h0']).found.size, 0, 'an empty cache finds nothing');
  assert.ok(cache.append(entries(50)));
  assert.ok(cache.append([{ textHash: 'h3', vector: vec(99) }, { textHash: 'odd', vector: vec(1, 4) }]));
  const { found, stats } = cache.lookup(['h0', 'h3', 'h49', 'missing', 'odd'], 8);
  assert.equal(stats.records, 52);
  assert.equal(stats.badBytes, 0);
  assert.deepEqual(found.get('h0'), vec(0));
  assert.deepEqual(found.get('h3'), vec(99));
  assert.deepEqual(found.get('h49'), vec(49));
  assert.ok(!found.has('missing'));
  assert.ok(!found.has('odd'));
  assert.equal(fs.readdirSync(cache.dir).filter((f) => f.endsWith('.log')).length, 1);
});

test('a corrupted or truncated log loses only the damaged records', () => {
  const cache = new EmbeddingCache(path.join(tmp, 'bad'), ['transformers', 'm', 'q8']);
  cache.append(entries(100));
  const file = cache.logFile;
  const bytes = fs.readFileSync(file);
  const record = bytes.length / 100;
  // Flip a byte inside record 10's vector, smash record 40's header, cut record 99 in half, prepend garbage.
  bytes[10 * record + 30] ^= 0xff;
  bytes.fill(0x4c, 40 * record, 40 * record + 6);
  const damaged = Buffer.concat([Buffer.from('LMe1garbage\x00\x00'), bytes.subarray(0, 99 * record + record / 2)]);
  fs.writeFileSync(file, damaged);
  const all = Array.from({ length: 100 }, (_, i) => `h${i}`);
  const { found, stats } = cache.lookup(all, 8);
  assert.equal(found.size, 97);
  for (const lost of ['h10', 'h40', 'h99']) assert.ok(!found.has(lost), lost);
  for (const i of [0, 9, 11, 39, 41, 98]) assert.deepEqual(found.get(`h${i}`), vec(i));
  assert.ok(stats.badBytes > 0);
  // Appending after a torn tail still yields readable records.
  cache.append([{ textHash: 'h99', vector: vec(99) }]);
  assert.deepEqual(cache.lookup(['h99'], 8).found.get('h99'), vec(99));
  // A file of pure noise is no cache, not an error.
  fs.writeFileSync(file, Buffer.alloc(5000, 0x4c));
  assert.equal(cache.lookup(all, 8).found.size, 0);
});

test('100k vectors live in one file and are looked up in bounded time', () => {
  const cache = new EmbeddingCache(path.join(tmp, 'big'), ['transformers', 'm', 'q8']);
  const dim = 16;
  for (let b = 0; b < 10; b++) cache.append(Array.from({ length: 10_000 }, (_, i) => ({ textHash: `k${b * 10_000 + i}`, vector: vec(i, dim) })));
  assert.deepEqual(fs.readdirSync(cache.dir).sort(), ['meta.json', 'vectors.log']);
  const { found, stats } = cache.lookup(['k0', 'k54321', 'k99999'], dim);
  assert.equal(stats.records, 100_000);
  assert.equal(found.size, 3);
  assert.deepEqual(found.get('k54321'), vec(4321, dim));
});

test('cache directory names are file-system safe and distinct per key', () => {
  const a = cacheKeyDir(['transformers', 'Xenova/all-MiniLM-L6-v2', 'q8']);
  const b = cacheKeyDir(['transformers', 'Xenova/all-MiniLM-L6-v2', 'fp32']);
  const c = cacheKeyDir(['transformers', 'C:\\models\\my model:v2', 'q8']);
  assert.match(a, /^[A-Za-z0-9._-]+$/);
  assert.match(c, /^[A-Za-z0-9._-]+$/);
  assert.notEqual(a, b);
});

test('a re-run after changing one chunk embeds only that chunk (n − 1 cache hits), and a damaged cache is tolerated', async () => {
  const modelDir = path.join(tmp, 'm', 'tiny-bert');
  writeTinyBert(modelDir);
  const cacheDir = path.join(tmp, 'run-cache');
  // fp32: q8's dynamic quantisation scales each batch as a whole, so only fp32 vectors are bit-identical across batches.
  const settings = { ...DEFAULT_SETTINGS.embedding, backend: 'transformers' as const, localModelPath: modelDir, threads: 1, dtype: 'fp32' as const };
  const texts = Array.from({ length: 12 }, (_, i) => `paragraph ${i} about the bank and the market and music`);
  const chunks = () => texts.map((text) => ({ text, textHash: shortHash(text) }));
  const cold = await embedChunks(chunks(), settings, { seed: 1, cacheDir });
  assert.equal(cold.cacheHits, 0);
  texts[5] = 'a changed paragraph about football';
  const warm = await embedChunks(chunks(), settings, { seed: 1, cacheDir });
  assert.equal(warm.cacheHits, texts.length - 1);
  assert.deepEqual(warm.matrix.data.subarray(0, 5 * warm.dim), cold.matrix.data.subarray(0, 5 * cold.dim));

  const log = path.join(cacheDir, 'embeddings', fs.readdirSync(path.join(cacheDir, 'embeddings'))[0], 'vectors.log');
  const bytes = fs.readFileSync(log);
  bytes.fill(0xee, 100, 140);
  fs.writeFileSync(log, bytes.subarray(0, bytes.length - 7));
  const lines: string[] = [];
  const after = await embedChunks(chunks(), settings, { seed: 1, cacheDir, onLog: (l) => lines.push(l) });
  assert.ok(after.cacheHits >= texts.length - 3 && after.cacheHits < texts.length, `hits ${after.cacheHits}`);
  assert.deepEqual(after.matrix.data, warm.matrix.data);
  assert.ok(lines.some((l) => /damaged/.test(l)));
});
