// The endpoint client and backend against loopback mock servers of each request shape (TEI, Ollama, OpenAI), with
// the faults real servers produce under load injected; the vectors of a faulty run must equal those of a clean run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describeEndpoint, embedWithEndpoint, type EndpointOptions, type RetryPolicy } from '../../src/pipeline/embedding/endpoint-client';
import { embedChunks } from '../../src/pipeline/embedding';
import { resolveSettings } from '../../src/pipeline/settings';
import { shortHash } from '../../src/pipeline/hash';
import { settingsRecord } from '../../src/taxonomy/build';
import { closedPort } from '../support/mock-hub';
import { mockVector, startMockEmbeddingServer, type Fault, type MockServer, type Shape } from '../support/mock-embedding-server';

const SHAPES: Shape[] = ['tei', 'ollama', 'openai'];
const TEXTS = Array.from({ length: 37 }, (_, i) => `chunk ${i}: ${'word '.repeat(1 + (i % 5))}about topic ${i % 4}`);

let tmp: string;
const servers: MockServer[] = [];
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-endpoint-'));
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function server(o: Parameters<typeof startMockEmbeddingServer>[0]): Promise<MockServer> {
  const s = await startMockEmbeddingServer(o);
  servers.push(s);
  return s;
}

function unit(v: number[]): Float32Array {
  const f = Float32Array.from(v);
  const n = Math.sqrt(f.reduce((a, x) => a + x * x, 0));
  return f.map((x) => x / n);
}

/** A sleep that returns at once and records what it was asked to wait. */
function recordingSleep(): { delays: number[]; sleep: NonNullable<RetryPolicy['sleep']> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

async function embedAll(s: MockServer, shape: Shape, extra: Partial<EndpointOptions> = {}) {
  const opts: EndpointOptions = { url: s.url, model: shape === 'tei' ? undefined : 'mock-model', concurrency: 3, timeoutMs: 5000, batchSize: 8, ...extra };
  const info = await describeEndpoint(opts);
  const out: Float32Array[] = new Array(TEXTS.length);
  const progress: number[] = [];
  await embedWithEndpoint(info, TEXTS, {
    ...opts,
    sink: { onBatch: (idx, vs) => idx.forEach((i, r) => (out[i] = vs[r])), onProgress: (d) => progress.push(d) },
  });
  return { info, out, progress };
}

for (const shape of SHAPES) {
  test(`${shape}: a base URL is recognised, every text embedded once, vectors unit length and in input order`, async () => {
    const s = await server({ shape, maxBatch: shape === 'tei' ? 4 : undefined });
    const { info, out, progress } = await embedAll(s, shape);
    assert.equal(info.api, shape);
    TEXTS.forEach((t, i) => assert.deepEqual(out[i], unit(mockVector(t)), `text ${i}`));
    assert.deepEqual([...s.answered.values()], TEXTS.map(() => 1));
    assert.equal(progress[progress.length - 1], TEXTS.length);
    if (shape === 'tei') {
      // /info's max_client_batch_size (4) wins over the configured 8, so the server never had to refuse a batch.
      assert.ok(s.requests.every((r) => r.length <= 4));
      assert.equal(info.modelId, 'mock/tei-model');
      assert.equal(info.modelSha, '0123abcd');
    } else {
      assert.equal(info.modelId, 'mock-model');
      assert.ok(s.requests.some((r) => r.length === 8));
    }
  });

  test(`${shape}: 429 (with and without Retry-After), 503, 502, 413, 422 and dropped answers are retried; vectors equal a clean run's, each text answered once`, async () => {
    const clean = await embedAll(await server({ shape }), shape);
    const faults: Record<number, Fault> = {
      1: { kind: 'status', status: 429, retryAfter: '2' },
      2: { kind: 'status', status: 429 },
      3: { kind: 'status', status: 503 },
      4: { kind: 'status', status: 503, retryAfter: '0' },
      5: { kind: 'truncate' },
      6: { kind: 'status', status: 502 },
    };
    let splits = 0;
    let k = 0;
    const s = await server({
      shape,
      fault: (_n, inputs) => {
        // The first two requests of more than 2 texts are "too large": the batch must be halved, twice.
        if (inputs.length > 2 && splits < 2) return { kind: 'status', status: splits++ === 0 ? 413 : 422 };
        return faults[++k];
      },
    });
    const { delays, sleep } = recordingSleep();
    // A generous deadline: no answer here may time out, so an answered text is never asked for again.
    const faulty = await embedAll(s, shape, { timeoutMs: 60_000, retry: { sleep, baseDelayMs: 100 } });
    assert.deepEqual(faulty.out, clean.out, 'same vectors as the clean run');
    assert.deepEqual([...s.answered.values()], TEXTS.map(() => 1), 'every text answered exactly once');
    assert.equal(s.answered.size, TEXTS.length);
    assert.ok(delays.includes(2000), `Retry-After: 2 honoured (delays ${delays})`);
    assert.ok(delays.includes(0), 'Retry-After: 0 honoured');
    assert.ok(delays.some((d) => d >= 75 && d <= 125), 'exponential back-off without Retry-After starts at the base delay');
    // Unsplit, 37 texts go as 8, 8, 8, 8, 5: requests of 4 exist only because refused batches of 8 were halved.
    assert.equal(s.requests[0].length, 8);
    assert.ok(s.requests.some((r) => r.length === 4), 'batches halved');
  });

  test(`${shape}: a request the server never answers times out and is sent again; vectors equal a clean run's`, async () => {
    const clean = await embedAll(await server({ shape }), shape);
    const s = await server({ shape, fault: (n) => (n === 2 ? { kind: 'hang' } : undefined) });
    const { sleep } = recordingSleep();
    const logs: string[] = [];
    const faulty = await embedAll(s, shape, { timeoutMs: 1000, retry: { sleep }, onLog: (l) => logs.push(l) });
    assert.deepEqual(faulty.out, clean.out);
    assert.ok(TEXTS.every((t) => (s.answered.get(t) ?? 0) >= 1), 'every text answered');
    assert.ok(logs.some((l) => /no answer within 1 s, trying again/.test(l)), logs.join('\n'));
  });
}

test('answers that cannot be vectors stop the run with one line naming the endpoint', async () => {
  const cases: Array<[Fault, RegExp]> = [
    [{ kind: 'nonjson' }, /not JSON: <html>/],
    [{ kind: 'cut-json' }, /not JSON/],
    [{ kind: 'wrong-dim' }, /7-dimensional vector where the others have 8/],
    [{ kind: 'empty-vector' }, /an empty vector/],
    [{ kind: 'missing-vector' }, /returned 7 vectors for 8 texts/],
    [{ kind: 'status', status: 400, body: 'input too long' }, /HTTP 400 for model "mock-model": .*input too long/],
  ];
  for (const shape of SHAPES) {
    for (const [fault, re] of cases) {
      const s = await server({ shape, fault: (n) => (n === 2 ? fault : undefined) });
      await assert.rejects(embedAll(s, shape, { concurrency: 1 }), (e: Error) => {
        assert.equal(e.name, 'PipelineError');
        assert.ok(!e.message.includes('\n'), 'one line');
        const where = shape === 'tei' ? '/embed' : shape === 'ollama' ? '/api/embed' : '/v1/embeddings';
        assert.ok(e.message.includes(s.url + where), `names the endpoint: ${e.message}`);
        assert.match(e.message, shape === 'tei' ? new RegExp(re.source.replace(' for model "mock-model"', '')) : re);
        return true;
      });
    }
  }
});

test('a chunk the server refuses even on its own (413 at batch size 1) stops the run, quoting the chunk', async () => {
  const s = await server({ shape: 'tei', fault: (_n, inputs) => (inputs.includes(TEXTS[9]) ? { kind: 'status', status: 413, body: 'Input validation error' } : undefined) });
  await assert.rejects(embedAll(s, 'tei', { concurrency: 2 }),
    /rejects the chunk "chunk 9: word word word word word about…" even on its own \(HTTP 413: .*Input validation error.*\); lower the chunk size/);
  assert.ok(s.requests.some((r) => r.length === 1 && r[0] === TEXTS[9]), 'halved down to the one chunk');
});

test('vectors of another size than the cached ones stop the run (a different model behind the same URL)', async () => {
  const s = await server({ shape: 'openai' });
  const opts: EndpointOptions = { url: s.url, model: 'm', concurrency: 1, timeoutMs: 5000, batchSize: 8 };
  const info = await describeEndpoint(opts);
  await assert.rejects(embedWithEndpoint(info, TEXTS, { ...opts, expectDim: 384, sink: { onBatch: () => {}, onProgress: () => {} } }),
    /8-dimensional vector where the others have 384/);
});

test('a server that keeps failing stops after the configured tries; an unreachable one at once', async () => {
  const s = await server({ shape: 'tei', fault: () => ({ kind: 'status', status: 503 }) });
  const { sleep } = recordingSleep();
  await assert.rejects(embedAll(s, 'tei', { concurrency: 2, retry: { sleep, maxAttempts: 3 } }), /still failing after 3 tries \(HTTP 503\)/);
  const port = await closedPort();
  await assert.rejects(describeEndpoint({ url: `http://127.0.0.1:${port}`, concurrency: 1, timeoutMs: 2000, batchSize: 8 }),
    new RegExp(`Cannot reach the embedding endpoint http://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`));
  await assert.rejects(describeEndpoint({ url: 'ftp://example.org', concurrency: 1, timeoutMs: 2000, batchSize: 8 }), /must be an http/);
});

test('Ollama and OpenAI shapes need a model name; explicit paths pick the shape without probing', async () => {
  const o = await server({ shape: 'ollama' });
  await assert.rejects(describeEndpoint({ url: o.url, concurrency: 1, timeoutMs: 2000, batchSize: 8 }), /Ollama\) needs a model name: --model NAME/);
  const a = await server({ shape: 'openai' });
  const info = await describeEndpoint({ url: `${a.url}/v1/embeddings`, model: 'x', concurrency: 1, timeoutMs: 2000, batchSize: 8 });
  assert.equal(info.api, 'openai');
  assert.equal(info.embedUrl, `${a.url}/v1/embeddings`);
  const t = await server({ shape: 'tei' });
  const ti = await describeEndpoint({ url: `${t.url}/embed`, concurrency: 1, timeoutMs: 2000, batchSize: 8 });
  assert.equal(ti.api, 'tei');
  assert.equal(ti.modelSha, '0123abcd', '/info is read beside an explicit /embed');
});

test('the API key goes in the Authorization header and nowhere on disk or in the recorded settings', async () => {
  const s = await server({ shape: 'openai', apiKey: 'sk-test-secret' });
  const settings = resolveSettings({ embedding: { backend: 'endpoint', endpointUrl: s.url, endpointModel: 'mock-model' } }).embedding;
  const chunks = TEXTS.map((text) => ({ text, textHash: shortHash(text) }));
  const cacheDir = path.join(tmp, 'key');
  await assert.rejects(embedChunks(chunks, settings, { cacheDir, seed: 42 }), /refused the request \(HTTP 401\): set its API key in the environment variable LITERATURE_MAP_API_KEY/);
  const r = await embedChunks(chunks, settings, { cacheDir, seed: 42, apiKey: 'sk-test-secret' });
  assert.equal(r.backend, 'endpoint');
  assert.ok(s.authorizations.includes('Bearer sk-test-secret'));
  const files = fs.readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  assert.ok(files.length > 0);
  for (const f of files) assert.ok(!fs.readFileSync(path.join(f.parentPath, f.name)).includes('sk-test-secret'), `${f.name} holds no key`);
  const record = JSON.stringify(settingsRecord(resolveSettings({ embedding: settings })));
  assert.ok(!record.includes(s.url), 'the endpoint URL (machine-specific) is not recorded');
  assert.match(record, /"endpointModel":"mock-model"/);
});

test('the backend records model id and model_sha, and a second run is served from the cache', async () => {
  const s = await server({ shape: 'tei', modelSha: 'feedc0de' });
  const settings = resolveSettings({ embedding: { backend: 'endpoint', endpointUrl: s.url } }).embedding;
  const chunks = TEXTS.map((text) => ({ text, textHash: shortHash(text) }));
  const cacheDir = path.join(tmp, 'sha');
  const first = await embedChunks(chunks, settings, { cacheDir, seed: 42 });
  assert.equal(first.model, 'mock/tei-model');
  assert.equal(first.revision, 'feedc0de');
  assert.equal(first.cacheHits, 0);
  const second = await embedChunks(chunks, settings, { cacheDir, seed: 42 });
  assert.equal(second.cacheHits, TEXTS.length);
  assert.deepEqual(second.matrix, first.matrix);
  assert.deepEqual([...s.answered.values()], TEXTS.map(() => 1));
});

test('a run killed mid-way (SIGKILL) resumes from the cache with no chunk embedded twice', async () => {
  const answeredBeforeKill = 3;
  let answeredRequests = 0;
  let holding = true;
  // The first 3 requests are answered; later ones hang until the child is killed.
  const s = await server({ shape: 'tei', maxBatch: 4, fault: () => (holding && ++answeredRequests > answeredBeforeKill ? { kind: 'hang' } : undefined) });
  const chunks = TEXTS.map((text) => ({ text, textHash: shortHash(text) }));
  const cacheDir = path.join(tmp, 'killed');
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'endpoint-child.js'), JSON.stringify({ url: s.url, cacheDir, chunks, concurrency: 2 })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, sig) => resolve(sig)));
  // Progress is printed after each answer has been appended to the cache: once 3 × 4 texts are reported, kill.
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    if (line === `progress ${answeredBeforeKill * 4}`) {
      child.kill('SIGKILL');
      break;
    }
    assert.ok(!line.startsWith('error') && line !== 'finished', `child ended early: ${line}`);
  }
  assert.equal(await exited, 'SIGKILL');
  holding = false;

  const settings = resolveSettings({ embedding: { backend: 'endpoint', endpointUrl: s.url, batchSize: 4 } }).embedding;
  const resumed = await embedChunks(chunks, settings, { cacheDir, seed: 42 });
  assert.equal(resumed.cacheHits, answeredBeforeKill * 4, 'the killed run\'s answers came from the cache');
  assert.equal(s.answered.size, TEXTS.length);
  assert.deepEqual([...s.answered.values()], TEXTS.map(() => 1), 'no chunk embedded twice');
  const expected = new Float32Array(TEXTS.flatMap((t) => [...unit(mockVector(t))]));
  assert.deepEqual(resumed.matrix.data, expected);
});

test('cancelling stops a run that is waiting on a slow server', async () => {
  const s = await server({ shape: 'tei', fault: (n) => (n > 1 ? { kind: 'hang' } : undefined) });
  const ac = new AbortController();
  const settings = resolveSettings({ embedding: { backend: 'endpoint', endpointUrl: s.url, batchSize: 4 } }).embedding;
  const chunks = TEXTS.map((text) => ({ text, textHash: shortHash(text) }));
  const run = embedChunks(chunks, settings, {
    seed: 42,
    onProgress: (done) => {
      if (done >= 4) ac.abort();
    },
    signal: ac.signal,
  });
  await assert.rejects(run, (e: Error) => e.name === 'CancelledError');
});
