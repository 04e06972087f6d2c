// The worker_threads entry (dist/worker.js): runs one topic model and exits. It keeps the extension host's thread free
// and gives cancel a hard stop: the host posts `cancel` (aborts between steps) and terminates the thread if that is not
// enough within its grace period.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runTopicModel } from './orchestrator';
import { PipelineError, isCancelled } from './errors';
import { transferablesOf, type HostToWorker, type WorkerRunData, type WorkerToHost } from './worker-protocol';

if (!parentPort) throw new Error('worker.js must run in a worker thread');
const port: MessagePort = parentPort;
const post = (m: WorkerToHost, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const abort = new AbortController();
port.on('message', (m: HostToWorker) => {
  if (m?.type === 'cancel') abort.abort();
});

async function main(): Promise<void> {
  const { input, settings, cacheDir } = workerData as WorkerRunData;
  try {
    const result = await runTopicModel(input, settings, {
      signal: abort.signal,
      cacheDir,
      onProgress: (event) => post({ type: 'progress', event }),
      onLog: (line) => post({ type: 'log', line }),
    });
    post({ type: 'result', result }, transferablesOf(result));
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const kind = isCancelled(err) || abort.signal.aborted ? 'cancelled' : err instanceof PipelineError ? 'pipeline' : 'internal';
    post({ type: 'error', message: err.message, kind, ...(kind === 'internal' && err.stack ? { stack: err.stack } : {}) });
  } finally {
    port.close();
  }
}

void main();
