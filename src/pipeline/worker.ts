// The pipeline's process entry (dist/worker.js): the host forks it once per run, so the extension host's thread stays
// free, a cancel can always end in a hard kill, and a crash (onnxruntime, out of memory) takes down only this process.
// A process rather than a worker thread: a native addon (onnxruntime-node) cannot be loaded again in a second worker
// thread of the same process ("Module did not self-register"), so every second run would fail.
// It also runs as a worker thread (parentPort), for callers that want one run per process anyway.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { runTopicModel } from './orchestrator';
import { PipelineError, isCancelled } from './errors';
import { API_KEY_ENV } from './embedding/endpoint-client';
import { carryOverToFile } from '../taxonomy/carry-over';
import { summaryOf, transferablesOf, type HostToWorker, type WorkerRunData, type WorkerToHost } from './worker-protocol';

interface Channel {
  post(m: WorkerToHost, transfer?: ArrayBuffer[]): void;
  onMessage(cb: (m: HostToWorker | { type: 'run'; data: WorkerRunData }) => void): void;
  close(): void;
}

function channel(): Channel {
  const port = parentPort;
  if (port) {
    return {
      post: (m, transfer = []) => port.postMessage(m, transfer),
      onMessage: (cb) => port.on('message', cb),
      close: () => port.close(),
    };
  }
  if (process.send) {
    // Disconnect only once the last message has been handed over, or the result could be lost on the way out.
    let flushed: Promise<unknown> = Promise.resolve();
    return {
      post: (m) => { flushed = new Promise((resolve) => process.send!(m, undefined, {}, resolve)); },
      onMessage: (cb) => process.on('message', cb as (m: unknown) => void),
      close: () => void flushed.then(() => process.disconnect()),
    };
  }
  throw new Error('worker.js runs as a forked process or a worker thread');
}

const ch = channel();
const abort = new AbortController();
let started = false;
let previous: ((text: string | null) => void) | undefined;
ch.onMessage((m) => {
  if (m?.type === 'cancel') abort.abort();
  else if (m?.type === 'run' && !started) void run(m.data);
  else if (m?.type === 'previous') previous?.(m.text);
});

/** The taxonomy file as the host has it now (asked only once the run is done, so edits made meanwhile count). */
function askPrevious(): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const cancelled = () => reject(abort.signal.reason ?? new Error('cancelled'));
    if (abort.signal.aborted) return cancelled();
    abort.signal.addEventListener('abort', cancelled, { once: true });
    previous = (text) => {
      abort.signal.removeEventListener('abort', cancelled);
      resolve(text);
    };
    ch.post({ type: 'previous' });
  });
}
// A worker thread gets its run as workerData; a forked process gets it as the first message.
if (parentPort && workerData) void run(workerData as WorkerRunData);

async function run(data: WorkerRunData): Promise<void> {
  started = true;
  const { input, settings, cacheDir } = data;
  try {
    const result = await runTopicModel(input, settings, {
      signal: abort.signal,
      cacheDir,
      // Bundled beside this file (dist/): the 2-d map overlaps clustering in a thread of this process.
      layoutWorker: path.join(__dirname, 'layout-worker.js'),
      // The host puts the key (from SecretStorage) in this process's environment, never in the run's settings.
      embeddingApiKey: process.env[API_KEY_ENV] || undefined,
      // The panel offers the granularity options of every run.
      sweep: true,
      onProgress: (event) => ch.post({ type: 'progress', event }),
      onLog: (line) => ch.post({ type: 'log', line }),
    });
    if (data.taxonomy) {
      const built = await carryOverToFile(result, await askPrevious(), data.taxonomy);
      const run = summaryOf(result);
      ch.post({ type: 'taxonomy', run, ...built }, transferablesOf(run));
    } else {
      ch.post({ type: 'result', result }, transferablesOf(result));
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const kind = isCancelled(err) || abort.signal.aborted ? 'cancelled' : err instanceof PipelineError ? 'pipeline' : 'internal';
    ch.post({ type: 'error', message: err.message, kind, ...(kind === 'internal' && err.stack ? { stack: err.stack } : {}) });
  } finally {
    ch.close();
  }
}
