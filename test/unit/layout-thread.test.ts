import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planLayouts, runLayoutPlan, type LayoutPlan } from '../../src/pipeline/umap/index';
import { startLayout } from '../../src/pipeline/umap/layout-thread';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import { CancelledError } from '../../src/pipeline/errors';
import { mulberry32, gaussian } from '../../src/pipeline/random';
import type { Matrix } from '../../src/pipeline/types';

// The 2-d map runs in a worker thread (dist/layout-worker.js, built by `npm test`'s build step) alongside clustering.
// Whether it ran there or in this thread must never change a result.
const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'dist', 'layout-worker.js');

function blobs(n: number, dim: number, seed: number): Matrix {
  const g = gaussian(mulberry32(seed));
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = (d === i % 4 ? 6 : 0) + g();
  return { data, rows: n, dim };
}

async function mapPlan(X: Matrix, nEpochs = 60): Promise<LayoutPlan> {
  const [, plan2] = await planLayouts(X, { nNeighbors: 10, nComponents: 5, minDist: 0, seed: 3, nEpochs, metric: 'cosine' }, [5, { nComponents: 2, minDist: 0.1 }]);
  return plan2;
}

test('the worker script exists (the build step makes it)', () => {
  assert.ok(fs.existsSync(SCRIPT), `${SCRIPT} is missing: run node scripts/build.mjs`);
});

test('a layout in the worker thread has the same bits as one laid out here, and progress comes through', async () => {
  const plan = await mapPlan(blobs(400, 12, 1));
  const here = await runLayoutPlan(plan);
  const bg = startLayout(plan, { script: SCRIPT });
  assert.equal(bg.where, 'thread');
  const seen: string[] = [];
  const there = await bg.result((m) => seen.push(m));
  await bg.closed;
  assert.equal(there.rows, here.rows);
  assert.equal(there.dim, 2);
  assert.deepEqual(Buffer.from(there.data.buffer, there.data.byteOffset, there.data.byteLength), Buffer.from(here.data.buffer, here.data.byteOffset, here.data.byteLength));
  assert.ok(seen.some((m) => /epoch 60 of 60/.test(m)), `last epoch reported: ${seen.at(-1)}`);
});

test('cancelling stops the thread and the result rejects with CancelledError', async () => {
  const plan = await mapPlan(blobs(3000, 16, 2), 2000);
  const ac = new AbortController();
  const bg = startLayout(plan, { script: SCRIPT, signal: ac.signal });
  const pending = bg.result((_m, done) => {
    if ((done ?? 0) >= 1) ac.abort();
  });
  await assert.rejects(pending, CancelledError);
  await bg.closed; // resolves only when the thread has exited
});

test('a thread that fails costs time, not the map: it is laid out here instead, and the log says why', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-layout-'));
  const broken = path.join(dir, 'broken.js');
  fs.writeFileSync(broken, "throw new Error('boom');\n");
  const plan = await mapPlan(blobs(200, 8, 3));
  const log: string[] = [];
  const bg = startLayout(plan, { script: broken, onLog: (l) => log.push(l) });
  const got = await bg.result();
  const want = await runLayoutPlan(plan);
  assert.deepEqual([...got.data], [...want.data]);
  assert.ok(log.some((l) => /map layout thread failed.*boom/.test(l)), log.join('\n'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a whole run gives the same result with the map in a thread as without', async () => {
  const X = blobs(600, 16, 4);
  const texts = Array.from({ length: X.rows }, (_, i) => ({ text: `subject ${i % 4} words ${['tariff duties', 'gold silver', 'indian tribes', 'mail postal'][i % 4]} item ${i}` }));
  const settings = resolveSettings({ seed: 5, hdbscan: { minClusterSize: 15 } });
  const input = { kind: 'precomputed' as const, texts, embeddings: X };
  const log: string[] = [];
  const a = await runTopicModel(input, settings, { layoutWorker: SCRIPT, onLog: (l) => log.push(l) });
  const b = await runTopicModel(input, settings, {});
  assert.ok(log.some((l) => /map layout: in a worker thread/.test(l)), log.join('\n'));
  assert.deepEqual([...a.coords2d], [...b.coords2d]);
  assert.deepEqual([...a.assignments], [...b.assignments]);
  assert.deepEqual(a.topics, b.topics);
});

test('a disconnected graph: each layout solves its own start where it runs (the map in its thread), same bits', async () => {
  const g = gaussian(mulberry32(9));
  const n = 300, dim = 8;
  const data = new Float32Array(n * dim);
  // Three far-apart groups: no kNN edge crosses between them.
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = (d === i % 3 ? 1000 : 0) + g();
  const X = { data, rows: n, dim };
  const [plan5, plan2] = await planLayouts(X, { nNeighbors: 10, nComponents: 5, minDist: 0, seed: 3, nEpochs: 50, metric: 'euclidean' }, [5, { nComponents: 2, minDist: 0.1 }]);
  assert.ok(plan5.kind === 'sgd' && plan5.initial && 'solveWith' in plan5.initial, 'the 5-d start is left to its layout');
  assert.ok(plan2.kind === 'sgd' && plan2.initial && 'solveWith' in plan2.initial);
  const here = await runLayoutPlan(plan2);
  const there = await startLayout(plan2, { script: SCRIPT }).result();
  assert.deepEqual([...there.data], [...here.data]);
});
