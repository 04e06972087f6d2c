// Worker-thread entry (dist/layout-worker.js): lays out one LayoutPlan and posts the coordinates back. The pipeline
// runs the 2-d map here while the main thread lays out 5-d, clusters and describes — the map no longer waits for them.
import { parentPort, workerData } from 'node:worker_threads';
import { runLayoutPlan, type LayoutPlan } from './index';
import type { LayoutThreadMessage } from './layout-thread';

const port = parentPort;
if (port) {
  const post = (m: LayoutThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  runLayoutPlan(workerData as LayoutPlan, { onProgress: (message, done, total) => post({ type: 'progress', message, done, total }) })
    .then((m) => post({ type: 'done', data: m.data, rows: m.rows, dim: m.dim }, [m.data.buffer as ArrayBuffer]))
    .catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
}
