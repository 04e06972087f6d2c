// Issue 8, cancellation and crashes: a cancel at any stage stops the run promptly with CancelledError and writes
// nothing; an embedding cache cut short by a cancel is still sound; the worker (thread or forked process, as the host
// runs it) ends within 2 s of a cancel, and an internal error inside it arrives as an error message, not a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runTopicModel, type RunInput } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import { CancelledError } from '../../src/pipeline/errors';
import type { WorkerRunData, WorkerToHost } from '../../src/pipeline/worker-protocol';
import type { PipelineSettings, ProgressEvent, RunResult, StageName } from '../../src/pipeline/types';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { writeTinyBert } from '../support/tiny-bert';
import { assertTaxonomyUntouched, bin, folderState, goodRun, mapArgs, repo, tmpDir } from '../support/reliability-fixtures';
import { liveWorkerCount, startWorkerRun } from '../../src/host/worker-client';

const STAGES: StageName[] = ['read', 'chunk', 'embed', 'reduce', 'cluster', 'describe', 'layout'];
const workerJs = path.join(repo, 'dist', 'worker.js');
const noWorker = fs.existsSync(workerJs) ? false : `${workerJs} is missing: run npm run build`;

let root: string;
let corpus: string;
let settings: PipelineSettings;
let reference: RunResult;
before(async () => {
  root = tmpDir('cancel');
  corpus = writeSyntheticCorpus(path.join(root, 'corpus'), { filesPerSubject: 5, paragraphsPerFile: 6 });
  settings = resolveSettings({ embedding: { backend: 'lsa' }, hdbscan: { minClusterSize: 5 } });
  reference = await runTopicModel({ kind: 'folder', root: corpus }, settings, { cacheDir: path.join(root, 'cache') });
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** Everything under a folder, recursively, with file hashes: "nothing written" means this does not change. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const [name, h] of Object.entries(folderState(d))) {
      out[rel + name] = h;
      if (h === 'dir') walk(path.join(d, name), `${rel}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

// At each stage's first report, and part-way through the long iterative ones (UMAP epochs): promptness there is
// what a user waiting on Cancel feels.
const CANCEL_AT: Array<{ stage: StageName; mid: boolean }> = [
  ...STAGES.map((stage) => ({ stage, mid: false })),
  { stage: 'reduce', mid: true },
  { stage: 'layout', mid: true },
];
for (const { stage, mid } of CANCEL_AT) {
  test(`cancel when the run reports "${stage}"${mid ? ' part-way' : ''}: CancelledError promptly, no later stage, nothing written`, async (t) => {
    const before = tree(root);
    const ac = new AbortController();
    let abortedAt = 0;
    const after: ProgressEvent[] = [];
    const started = performance.now();
    const err = await runTopicModel({ kind: 'folder', root: corpus }, settings, {
      signal: ac.signal,
      cacheDir: path.join(root, 'cache'),
      onProgress: (e) => {
        if (ac.signal.aborted) after.push(e);
        else if (e.stage === stage && (!mid || (e.done !== undefined && e.done > 0))) {
          ac.abort();
          abortedAt = performance.now();
        }
      },
    }).then(() => undefined, (e: unknown) => e);
    const ms = performance.now() - abortedAt;
    assert.ok(abortedAt > 0, `the run reported the ${stage} stage`);
    assert.ok(err instanceof CancelledError, `${stage}: expected CancelledError, got ${String(err)}`);
    assert.equal(err.message, 'The run was cancelled.');
    const later = after.filter((e) => STAGES.indexOf(e.stage) > STAGES.indexOf(stage) || e.stage === 'done');
    assert.deepEqual(later.map((e) => e.stage), [], `${stage}: no later stage starts after the cancel`);
    // Prompt: well under the whole run, which takes a few hundred ms on this corpus.
    assert.ok(ms < 1000, `${stage}: stopped ${ms.toFixed(0)} ms after the cancel (run so far ${(abortedAt - started).toFixed(0)} ms)`);
    assert.deepEqual(tree(root), before, `${stage}: nothing written`);
    t.diagnostic(`${stage}${mid ? ' (part-way)' : ''}: stopped ${ms.toFixed(1)} ms after the cancel`);
  });
}

test('cancel in the middle of embedding (transformer model): completed vectors are kept and the next run is exact', async () => {
  const dir = tmpDir('cancel-embed');
  try {
    const model = path.join(dir, 'model');
    writeTinyBert(model);
    const tSettings = resolveSettings({
      embedding: { backend: 'transformers', localModelPath: model, threads: 1, dtype: 'fp32', batchSize: 2 },
      hdbscan: { minClusterSize: 5 },
    });
    const input: RunInput = { kind: 'folder', root: corpus };
    const cache = path.join(dir, 'cache');
    const ac = new AbortController();
    let doneAtAbort = 0;
    await assert.rejects(runTopicModel(input, tSettings, {
      signal: ac.signal, cacheDir: cache,
      onProgress: (e) => {
        if (e.stage === 'embed' && e.done !== undefined && e.total !== undefined && e.done >= 20 && e.done < e.total && !ac.signal.aborted) {
          doneAtAbort = e.done;
          ac.abort();
        }
      },
    }), CancelledError);
    assert.ok(doneAtAbort > 0, 'aborted part-way through embedding');
    const logs: string[] = [];
    const resumed = await runTopicModel(input, tSettings, { cacheDir: cache, onLog: (l) => logs.push(l) });
    assert.ok(resumed.meta.cacheHits! >= doneAtAbort, `${resumed.meta.cacheHits} cache hits, ${doneAtAbort} embedded before the cancel`);
    assert.ok(resumed.meta.cacheHits! < resumed.chunks.length, 'the rest was embedded now');
    assert.equal(logs.filter((l) => /damaged bytes/.test(l)).length, 0, 'no damaged cache records');
    const fresh = await runTopicModel(input, tSettings, { cacheDir: path.join(dir, 'fresh-cache') });
    assert.deepEqual([...resumed.assignments], [...fresh.assignments], 'resumed run = uninterrupted run');
    assert.deepEqual(resumed.topics.map((t) => t.keywords.map((k) => k.word)), fresh.topics.map((t) => t.keywords.map((k) => k.word)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('after every cancel, a run with the same cache gives the uninterrupted result', async () => {
  const again = await runTopicModel({ kind: 'folder', root: corpus }, settings, { cacheDir: path.join(root, 'cache') });
  assert.deepEqual([...again.assignments], [...reference.assignments]);
  assert.deepEqual(again.topics, reference.topics);
});

// ---- the worker, as the host runs it ----

interface Ended { messages: WorkerToHost[]; exitMs: number; code: number | null }

/** A worker thread given its run by message; `cancelOn` decides when to send the cancel. */
function threadRun(data: unknown, cancelOn?: (m: WorkerToHost) => boolean): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerJs);
    const messages: WorkerToHost[] = [];
    let cancelledAt = 0;
    const guard = setTimeout(() => { void w.terminate(); reject(new Error(`worker hung: ${JSON.stringify(messages.map((m) => m.type))}`)); }, 20_000);
    w.on('message', (m: WorkerToHost) => {
      messages.push(m);
      if (cancelOn && !cancelledAt && cancelOn(m)) {
        cancelledAt = performance.now();
        w.postMessage({ type: 'cancel' });
      }
    });
    w.on('error', (e) => { clearTimeout(guard); reject(e); });
    w.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ messages, exitMs: cancelledAt ? performance.now() - cancelledAt : 0, code });
    });
    w.postMessage({ type: 'run', data });
  });
}

/** The same through a forked process with the host's options (advanced serialisation, IPC). */
function processRun(data: unknown, cancelOn?: (m: WorkerToHost) => boolean): Promise<Ended & { pid: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(workerJs, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    const messages: WorkerToHost[] = [];
    let cancelledAt = 0;
    const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('worker process hung')); }, 20_000);
    child.on('message', (m: WorkerToHost) => {
      messages.push(m);
      if (cancelOn && !cancelledAt && cancelOn(m)) {
        cancelledAt = performance.now();
        // With a callback a send to a worker that already finished (the race the "layout" case accepts) reports EPIPE
        // there instead of as the child's 'error' event; the host's worker-client ignores it the same way.
        child.send({ type: 'cancel' }, () => undefined);
      }
    });
    child.on('error', (e) => { clearTimeout(guard); reject(e); });
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ messages, exitMs: cancelledAt ? performance.now() - cancelledAt : 0, code, pid: child.pid! });
    });
    child.send({ type: 'run', data });
  });
}

const runData = (): WorkerRunData => ({ input: { kind: 'folder', root: corpus }, settings, cacheDir: path.join(root, 'cache') });
const errorOf = (e: Ended) => e.messages.find((m): m is Extract<WorkerToHost, { type: 'error' }> => m.type === 'error');
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

// Only one worker thread per process: onnxruntime-node (loaded by the worker bundle) cannot be loaded by a second
// thread ("Module did not self-register", sometimes a heap abort) — which is why the host forks a process per run.
test('worker thread: run then cancel at "reduce" → a cancelled message and the thread exits within 2 s', { skip: noWorker }, async () => {
  const r = await threadRun(runData(), (m) => m.type === 'progress' && m.event.stage === 'reduce');
  assert.ok(r.exitMs > 0, 'the cancel was sent');
  assert.equal(errorOf(r)?.kind, 'cancelled', JSON.stringify(r.messages.filter((m) => m.type !== 'progress' && m.type !== 'log')));
  assert.equal(r.messages.some((m) => m.type === 'result'), false, 'no result after a cancel');
  assert.ok(r.exitMs < 2000, `exited ${r.exitMs.toFixed(0)} ms after the cancel`);
});

for (const stage of ['read', 'embed', 'reduce', 'cluster'] as StageName[]) {
  test(`worker process (as the host forks it): cancel at "${stage}" → cancelled, exits within 2 s, no process left behind`, { skip: noWorker }, async (t) => {
    const r = await processRun(runData(), (m) => m.type === 'progress' && m.event.stage === stage);
    assert.ok(r.exitMs > 0, 'the cancel was sent');
    assert.equal(errorOf(r)?.kind, 'cancelled', JSON.stringify(r.messages.filter((m) => m.type !== 'progress' && m.type !== 'log')));
    assert.equal(r.messages.some((m) => m.type === 'result'), false, 'no result after a cancel');
    assert.ok(r.exitMs < 2000, `exited ${r.exitMs.toFixed(0)} ms after the cancel`);
    t.diagnostic(`worker process, cancel at ${stage}: exited ${r.exitMs.toFixed(0)} ms after the cancel`);
    assert.equal(r.code, 0);
    assert.equal(alive(r.pid), false, 'no orphan process');
  });
}

// The 2-d map is laid out in a thread of the worker process (dist/layout-worker.js) while the main thread lays out
// 5-d, clusters and describes.
const mapInThread = (r: Ended) => r.messages.some((m) => m.type === 'log' && /map layout: in a worker thread/.test(m.line));

test('worker process: cancel while the map thread is mid-layout (during the 5-d layout) → cancelled, exits within 2 s, no process left behind', { skip: noWorker }, async () => {
  const r = await processRun(runData(), (m) => m.type === 'progress' && /Layout \(5-d\): epoch/.test(m.event.message));
  assert.ok(r.exitMs > 0, 'the cancel was sent');
  assert.ok(mapInThread(r), 'the map was being laid out in a thread');
  assert.equal(errorOf(r)?.kind, 'cancelled');
  assert.equal(r.messages.some((m) => m.type === 'result'), false, 'no result after a cancel');
  assert.ok(r.exitMs < 2000, `exited ${r.exitMs.toFixed(0)} ms after the cancel`);
  assert.equal(r.code, 0);
  assert.equal(alive(r.pid), false, 'no orphan process');
});

// By the time the main thread reports "layout" the map thread has usually finished (the 2-d layout is cheaper than
// 5-d + cluster + describe), so the worker's result may already be on its way when the cancel lands. The worker then
// sends exactly one outcome; the host (worker-client.ts) lets the cancel win, so the user always gets "cancelled" and
// nothing is applied — that is the outcome asserted, not "either".
test('cancel at "layout": the worker sends exactly one outcome and exits clean; the host always reports cancelled', { skip: noWorker }, async () => {
  const r = await processRun(runData(), (m) => m.type === 'progress' && m.event.stage === 'layout');
  assert.ok(r.exitMs > 0, 'the cancel was sent');
  assert.ok(mapInThread(r));
  const outcomes = r.messages.filter((m) => m.type === 'result' || m.type === 'error');
  assert.equal(outcomes.length, 1, JSON.stringify(outcomes.map((m) => m.type)));
  assert.ok(r.exitMs < 2000, `exited ${r.exitMs.toFixed(0)} ms after the cancel`);
  assert.equal(r.code, 0);
  assert.equal(alive(r.pid), false, 'no orphan process');

  let seen = false;
  const run: ReturnType<typeof startWorkerRun> = startWorkerRun(workerJs, runData(), {
    progress: (e) => { if (e.stage === 'layout' && !seen) { seen = true; run.cancel(); } },
  });
  const out = await run.done;
  assert.ok(seen, 'the run reached layout');
  assert.equal(out.kind, 'cancelled');
  assert.equal(liveWorkerCount(), 0, 'no process left');
});

test('an internal error inside the worker (malformed run input) arrives as an error message with its stack, then the worker exits', { skip: noWorker }, async () => {
  const bad = { input: { kind: 'precomputed', texts: null, embeddings: { data: new Float32Array(4), rows: 2, dim: 2 } }, settings };
  for (const r of [await processRun(bad)]) {
    const e = errorOf(r);
    assert.ok(e, `an error message: ${JSON.stringify(r.messages)}`);
    assert.equal(e.kind, 'internal');
    assert.match(e.message, /null/);
    assert.match(e.stack ?? '', /at /, 'the stack travels to the host log');
    assert.equal(r.messages.some((m) => m.type === 'result'), false);
  }
});

test('a user-facing failure inside the worker (too little text) arrives as a pipeline error with its message', { skip: noWorker }, async () => {
  const dir = path.join(root, 'tiny');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'a.txt'), 'One short line.\n');
  const r = await processRun({ input: { kind: 'folder', root: dir }, settings });
  const e = errorOf(r);
  assert.equal(e?.kind, 'pipeline');
  assert.match(e!.message, /^Too little text: 1 chunk from 1 file; topic modelling needs at least 5 /);
  assert.equal(e!.stack, undefined, 'no stack for a message meant for the user');
});

test('a stage that throws on impossible settings (UMAP with 0 components) is reported, not hung', { skip: noWorker }, async () => {
  const broken = { ...settings, umap: { ...settings.umap, nComponents: 0 } };
  const r = await processRun({ input: { kind: 'folder', root: corpus }, settings: broken });
  const e = errorOf(r);
  const result = r.messages.find((m) => m.type === 'result');
  // Either the stage refuses (error message) or copes; what must never happen is silence or a hang.
  assert.ok(e || result, `the worker answered: ${JSON.stringify(r.messages.map((m) => m.type))}`);
  if (e) assert.notEqual(e.kind, 'cancelled');
  assert.equal(alive(r.pid), false);
});

test('an onnxruntime failure in the worker (corrupt model file) is reported as a message; in auto the run falls back to LSA', { skip: noWorker }, async () => {
  const dir = tmpDir('corrupt-model');
  try {
    const model = path.join(dir, 'model');
    writeTinyBert(model);
    for (const f of ['model.onnx', 'model_quantized.onnx']) fs.writeFileSync(path.join(model, 'onnx', f), Buffer.from('not an onnx graph \u0000\u0001\u0002'));
    const embedding = { ...settings.embedding, localModelPath: model, threads: 1, dtype: 'fp32' as const };
    const strict = await processRun({ input: { kind: 'folder', root: corpus }, settings: { ...settings, embedding: { ...embedding, backend: 'transformers' } }, cacheDir: path.join(dir, 'cache') });
    const e = errorOf(strict);
    assert.equal(e?.kind, 'pipeline', JSON.stringify(strict.messages.filter((m) => m.type !== 'progress')));
    assert.match(e!.message, /^Could not load the embedding model /);
    assert.equal(alive(strict.pid), false);
    const auto = await processRun({ input: { kind: 'folder', root: corpus }, settings: { ...settings, embedding: { ...embedding, backend: 'auto' } }, cacheDir: path.join(dir, 'cache') });
    const result = auto.messages.find((m): m is Extract<WorkerToHost, { type: 'result' }> => m.type === 'result');
    assert.ok(result, `auto falls back: ${JSON.stringify(auto.messages.filter((m) => m.type === 'error'))}`);
    assert.equal(result.result.meta.embedding.backend, 'lsa');
    assert.ok(auto.messages.some((m) => m.type === 'log' && /Could not load the embedding model/.test(m.line)), 'the reason is in the log');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI interrupted (SIGINT) in the middle of a run: the previous taxonomy keeps its bytes, no temp file', async () => {
  const g = goodRun(path.join(root, 'sigint'));
  const child = spawn(process.execPath, [bin, ...mapArgs(g.corpus, g.taxonomy, g.cacheDir, ['--seed', '9']).filter((a) => a !== '--quiet')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (/\[reduce\]/.test(err)) resolve();
    });
    void ended.then(() => resolve());
  });
  child.kill('SIGINT');
  const end = await ended;
  assert.ok(end.signal === 'SIGINT' || end.code !== 0, `the run did not finish normally: ${JSON.stringify(end)}\n${err}`);
  assertTaxonomyUntouched(g, 'SIGINT');
});
