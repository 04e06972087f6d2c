// `literature-map map` with the static and endpoint backends, as a user runs it (the built bin, a child process; the
// mock server answers from this process, so the child is spawned asynchronously).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { writeTinyModel2Vec } from '../support/tiny-model2vec';
import { startMockEmbeddingServer, type MockServer } from '../support/mock-embedding-server';

const bin = path.join(process.cwd(), 'bin', 'literature-map.js');
let tmp: string;
let corpus: string;
const servers: MockServer[] = [];
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-cli-emb-'));
  corpus = writeSyntheticCorpus(path.join(tmp, 'corpus'), { filesPerSubject: 4, paragraphsPerFile: 5 });
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d));
    p.stderr.on('data', (d: Buffer) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Run = { embedding: { backend: string; model: string; dim: number; revision?: string }; settings: { embedding: Record<string, unknown> } };

test('map --embedding endpoint: a TEI server, the key from the environment, model id and model_sha recorded, no URL or key in the file', async () => {
  const s = await startMockEmbeddingServer({ shape: 'tei', apiKey: 'sk-cli-secret', modelSha: 'c0ffee42', dim: 16 });
  servers.push(s);
  const out = path.join(tmp, 'endpoint.json');
  const r = await cli(['map', corpus, '--embedding', 'endpoint', '--endpoint', s.url, '--concurrency', '2', '--min-topic-size', '5', '--out', out, '--cache-dir', path.join(tmp, 'c1'), '--quiet'],
    { LITERATURE_MAP_API_KEY: 'sk-cli-secret' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /embedding endpoint mock\/tei-model @ c0ffee42 \(16 dims\)/);
  const text = fs.readFileSync(out, 'utf8');
  const run = (JSON.parse(text) as { run: Run }).run;
  assert.deepEqual(run.embedding, { backend: 'endpoint', model: 'mock/tei-model', dim: 16, revision: 'c0ffee42' });
  assert.equal(run.settings.embedding.backend, 'endpoint');
  assert.ok(!text.includes('sk-cli-secret') && !text.includes(s.url), 'neither the key nor the server address is written');
  assert.ok(s.authorizations.every((a) => a === 'Bearer sk-cli-secret'));

  // --api-key-env names another variable (e.g. OPENAI_API_KEY); without any key the server refuses, in one line.
  const other = await cli(['map', corpus, '--embedding', 'endpoint', '--endpoint', s.url, '--api-key-env', 'MY_KEY', '--out', path.join(tmp, 'e2.json'), '--cache-dir', path.join(tmp, 'c2'), '--quiet'],
    { MY_KEY: 'sk-cli-secret' });
  assert.equal(other.code, 0, other.stderr);
  const none = await cli(['map', corpus, '--embedding', 'endpoint', '--endpoint', s.url, '--out', path.join(tmp, 'e3.json'), '--cache-dir', path.join(tmp, 'c3'), '--quiet'],
    { LITERATURE_MAP_API_KEY: '' });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^literature-map map: The embedding endpoint http:\/\/127\.0\.0\.1:\d+\/embed refused the request \(HTTP 401\)/);
  assert.equal(none.stderr.trim().split('\n').length, 1);
});

test('map --embedding static --model DIR: a local model2vec folder, its weights hash recorded', async () => {
  const model = path.join(tmp, 'm2v');
  writeTinyModel2Vec(model, { dim: 12 });
  const out = path.join(tmp, 'static.json');
  const r = await cli(['map', corpus, '--embedding', 'static', '--model', model, '--min-topic-size', '5', '--out', out, '--cache-dir', path.join(tmp, 'c4'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const run = (JSON.parse(fs.readFileSync(out, 'utf8')) as { run: Run }).run;
  assert.equal(run.embedding.backend, 'static');
  assert.equal(run.embedding.dim, 12);
  assert.match(run.embedding.revision ?? '', /^sha256:[0-9a-f]{16}$/);
});
