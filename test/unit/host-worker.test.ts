// The host's side of a run without VS Code: the forked pipeline worker maps a folder, a cancel ends it within a
// second with no process left, a crashing worker is reported as such, and the mirror setting accepts only http(s).
// With `taxonomy` in its data the worker builds the file itself, from the bytes the host gives it when it asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { liveWorkerCount, startWorkerRun } from '../../src/host/worker-client';
import { validateMirror } from '../../src/host/mirror-url';
import { embeddedBy } from '../../src/host/embedded-by';
import { resolveSettings } from '../../src/pipeline/settings';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { startMockEmbeddingServer } from '../support/mock-embedding-server';
import type { ProgressEvent } from '../../src/pipeline/types';
import { carryOver } from '../../src/taxonomy/carry-over';
import { ArtifactStore } from '../../src/taxonomy/artifact-store';
import { renameTopic } from '../../src/taxonomy/operations';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';

const WORKER = path.resolve('dist/worker.js');
const haveWorker = fs.existsSync(WORKER);
const settings = resolveSettings({ chunkTokens: 40, hdbscan: { minClusterSize: 5 }, umap: { nNeighbors: 10 }, embedding: { backend: 'lsa' } });

function corpus(): string {
  return writeSyntheticCorpus(fs.mkdtempSync(path.join(os.tmpdir(), 'lm-host-worker-')), { filesPerSubject: 4, paragraphsPerFile: 6 });
}

test('the forked worker maps a folder and hands back typed arrays', { skip: !haveWorker && 'dist/worker.js is not built (npm run build)' }, async () => {
  const events: string[] = [];
  const run = startWorkerRun(WORKER, { input: { kind: 'folder', root: corpus() }, settings }, { progress: (e) => events.push(e.stage) });
  const out = await run.done;
  assert.equal(out.kind, 'done', JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'done') return;
  assert.ok(out.result.topics.length >= 2);
  assert.ok(out.result.assignments instanceof Int32Array);
  assert.ok(out.result.coords2d instanceof Float32Array);
  assert.ok(events.includes('embed') && events.includes('cluster'));
  assert.equal(liveWorkerCount(), 0);
});

test('with data.taxonomy the worker asks for the file once the run is done and sends it built, checked and with its run data stored', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const root = corpus();
  const artifactDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-run-data-'));
  const where = { artifactDir, fileName: path.join(root, 'taxonomy.json') };
  const plain = await startWorkerRun(WORKER, { input: { kind: 'folder', root }, settings }, {}).done;
  assert.equal(plain.kind, 'done');
  if (plain.kind !== 'done') return;

  let asked = 0;
  const first = await startWorkerRun(WORKER, { input: { kind: 'folder', root }, settings, taxonomy: where }, { previous: () => (asked++, null) }).done;
  assert.equal(first.kind, 'built', JSON.stringify(first).slice(0, 300));
  if (first.kind !== 'built') return;
  assert.equal(asked, 1);
  // Exactly what the CLI writes for the same run.
  const inline = carryOver(plain.result, undefined, undefined);
  assert.equal(first.taxonomy.text, serializeTaxonomy(inline.taxonomy));
  assert.deepEqual(first.taxonomy.taxonomy, (parseTaxonomy(first.taxonomy.text, 'x') as { taxonomy: unknown }).taxonomy);
  assert.equal(first.run.chunkCount, plain.result.chunks.length);
  assert.ok(!('chunks' in first.run), 'no per-chunk data in the message');
  const stored = await new ArtifactStore(artifactDir).load(first.taxonomy.taxonomy.run.artifact);
  assert.equal(stored?.chunks.length, inline.artifact.chunks.length, 'the run data is stored under the key the file names');
  assert.deepEqual(stored?.topicOf, inline.artifact.topicOf);

  // A second run carries the curation of the bytes it is given.
  const renamed = renameTopic(first.taxonomy.taxonomy, first.taxonomy.taxonomy.topics[0].id, 'Kept by hand');
  const second = await startWorkerRun(WORKER, { input: { kind: 'folder', root }, settings, taxonomy: where }, { previous: () => serializeTaxonomy(renamed) }).done;
  assert.equal(second.kind, 'built');
  if (second.kind !== 'built') return;
  assert.equal(second.taxonomy.taxonomy.topics.find((t) => t.id === renamed.topics[0].id)?.label, 'Kept by hand');
  assert.equal(second.report.kept.length, renamed.topics.length);
  assert.equal(liveWorkerCount(), 0);
});

test('a cancel while the worker waits for the file ends the run as cancelled, with no process left', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const where = { artifactDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lm-run-data-')), fileName: 'taxonomy.json' };
  const run: ReturnType<typeof startWorkerRun> = startWorkerRun(WORKER, { input: { kind: 'folder', root: corpus() }, settings, taxonomy: where }, {
    // Cancelled instead of answered: the worker is left waiting for the file.
    previous: () => { run.cancel(); throw new Error('not answered'); },
  });
  assert.equal((await run.done).kind, 'cancelled');
  assert.equal(liveWorkerCount(), 0);
});

test('a host that cannot answer the worker\'s question fails the run instead of leaving it waiting', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const where = { artifactDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lm-run-data-')), fileName: 'taxonomy.json' };
  const out = await startWorkerRun(WORKER, { input: { kind: 'folder', root: corpus() }, settings, taxonomy: where }, {
    previous: () => { throw new Error('no store'); },
  }).done;
  assert.equal(out.kind, 'failed');
  if (out.kind === 'failed') assert.match(out.message, /no store/);
  assert.equal(liveWorkerCount(), 0);
});

test('cancel ends the run within a second and leaves no process', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const run = startWorkerRun(WORKER, { input: { kind: 'folder', root: corpus() }, settings }, {});
  const t0 = Date.now();
  run.cancel();
  const out = await run.done;
  assert.equal(out.kind, 'cancelled');
  assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
  assert.equal(liveWorkerCount(), 0);
});

test('cancel at every stage ends the run as cancelled, with no process left', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const root = corpus();
  const stages = ['read', 'chunk', 'embed', 'reduce', 'cluster', 'describe'] as const;
  for (const stage of stages) {
    let seen = false;
    // progress arrives asynchronously, after `run` is assigned
    const run: ReturnType<typeof startWorkerRun> = startWorkerRun(WORKER, { input: { kind: 'folder', root }, settings }, {
      progress: (e) => { if (e.stage === stage && !seen) { seen = true; run.cancel(); } },
    });
    const out = await run.done;
    assert.ok(seen, `the run reached ${stage}`);
    assert.equal(out.kind, 'cancelled', `cancel during ${stage}`);
    assert.equal(liveWorkerCount(), 0, `no process left after a cancel during ${stage}`);
  }
});

test('a worker that dies is reported as a crash, with its exit code', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-crash-'));
  const script = path.join(dir, 'crash.js');
  fs.writeFileSync(script, "process.on('message', () => { process.stderr.write('native abort'); process.exit(134); });\n");
  const out = await startWorkerRun(script, { input: { kind: 'folder', root: dir }, settings }, {}).done;
  assert.equal(out.kind, 'failed');
  if (out.kind !== 'failed') return;
  assert.equal(out.reason, 'crash');
  assert.match(out.message, /exit code 134/);
  assert.match(out.stack ?? '', /native abort/);
  assert.equal(liveWorkerCount(), 0);
});

test('a pipeline error reaches the host as the user-facing message', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-empty-'));
  const out = await startWorkerRun(WORKER, { input: { kind: 'folder', root: empty }, settings }, {}).done;
  assert.equal(out.kind, 'failed');
  if (out.kind === 'failed') {
    assert.equal(out.reason, 'pipeline');
    assert.match(out.message, /No readable transcripts/);
  }
});

test('the mirror setting accepts only http(s) URLs', () => {
  validateMirror('https://hf-mirror.example.org');
  validateMirror('http://127.0.0.1:8080/models/');
  for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,x', '/local/path', 'ftp://x.org', 'https://user:pw@x.org']) {
    assert.throws(() => validateMirror(bad), /mirror/, bad);
  }
});

test('the endpoint setting is checked like the mirror, and a key in its URL is refused with a pointer to the keychain', () => {
  validateMirror('http://127.0.0.1:8080', 'embedding.endpoint.url');
  assert.throws(() => validateMirror('https://me:sk-123@api.example.org/v1', 'embedding.endpoint.url'),
    /The setting embedding\.endpoint\.url must not carry a user name or password \(set an API key with "Literature Map: Set Embedding API Key"\)/);
  assert.throws(() => validateMirror('file:///tmp/x', 'embedding.endpoint.url'), /embedding\.endpoint\.url must be an http/);
});

test('the worker gets the API key in its environment only, embeds through the server with progress, and says which backend ran', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const server = await startMockEmbeddingServer({ shape: 'tei', apiKey: 'sk-worker', modelSha: 'beef' });
  try {
    const s = resolveSettings({ ...settings, embedding: { backend: 'endpoint', endpointUrl: server.url, batchSize: 8 } });
    const embed: ProgressEvent[] = [];
    const data = { input: { kind: 'folder' as const, root: corpus() }, settings: s };
    const run = startWorkerRun(WORKER, data, { progress: (e) => { if (e.stage === 'embed') embed.push(e); } }, undefined, { LITERATURE_MAP_API_KEY: 'sk-worker' });
    const out = await run.done;
    assert.equal(out.kind, 'done', JSON.stringify(out).slice(0, 300));
    if (out.kind !== 'done') return;
    assert.deepEqual(out.result.meta.embedding, { backend: 'endpoint', model: 'mock/tei-model', dim: 8, revision: 'beef' });
    assert.ok(!JSON.stringify(data).includes('sk-worker'), 'the key is not in the run data');
    assert.ok(server.authorizations.every((a) => a === 'Bearer sk-worker'));
    const counted = embed.filter((e) => e.total);
    assert.ok(counted.length >= 3 && counted[counted.length - 1].done === counted[counted.length - 1].total, 'counts up to the total');
    assert.ok(counted.some((e) => e.etaSeconds !== undefined), 'with an ETA');
    assert.equal(embeddedBy(out.result.meta.embedding), 'Embedded by the inference server (mock/tei-model).');
  } finally {
    await server.close();
  }
});

test('a cancel while the server is slow ends the run as cancelled, with no process left', { skip: !haveWorker && 'dist/worker.js is not built' }, async () => {
  const server = await startMockEmbeddingServer({ shape: 'tei', fault: (n) => (n > 1 ? { kind: 'hang' } : undefined) });
  try {
    const s = resolveSettings({ ...settings, embedding: { backend: 'endpoint', endpointUrl: server.url, batchSize: 8 } });
    const run: ReturnType<typeof startWorkerRun> = startWorkerRun(WORKER, { input: { kind: 'folder', root: corpus() }, settings: s }, {
      progress: (e) => { if (e.stage === 'embed' && (e.done ?? 0) > 0) run.cancel(); },
    });
    assert.equal((await run.done).kind, 'cancelled');
    assert.equal(liveWorkerCount(), 0);
  } finally {
    await server.close();
  }
});
