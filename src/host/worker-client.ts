// Host side of the pipeline worker: starts dist/worker.js, relays progress and log lines, and turns the worker's end
// (result, error, crash, cancel) into one settled promise. Every worker started here is terminated before `done`
// settles, so a cancel or a crash never leaves a thread behind.
import { Worker } from 'node:worker_threads';
import type { ProgressEvent, RunResult } from '../pipeline/types';
import type { HostToWorker, WorkerRunData, WorkerToHost } from '../pipeline/worker-protocol';

export type RunOutcome =
  | { kind: 'done'; result: RunResult }
  | { kind: 'cancelled' }
  /** pipeline: a message for the user as it is; internal/crash: a bug or a dead worker (details in the log). */
  | { kind: 'failed'; reason: 'pipeline' | 'internal' | 'crash'; message: string; stack?: string };

export interface WorkerRun {
  /** Settles once the worker thread has exited. */
  readonly done: Promise<RunOutcome>;
  cancel(): void;
}

let live = 0;
/** Worker threads started and not yet exited (tests assert 0 after a cancel). */
export function liveWorkerCount(): number {
  return live;
}

export function startWorkerRun(
  script: string,
  data: WorkerRunData,
  on: { progress?: (e: ProgressEvent) => void; log?: (line: string) => void },
  /** How long a cancelled worker may take to stop by itself before it is terminated. */
  graceMs = 250,
): WorkerRun {
  const worker = new Worker(script, { workerData: data, stdout: false, stderr: false });
  live++;
  let outcome: RunOutcome | undefined;
  let cancelled = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<number>((resolve) => worker.once('exit', (code) => { live--; resolve(code); }));

  worker.on('message', (m: WorkerToHost) => {
    if (m.type === 'progress') { if (!cancelled) on.progress?.(m.event); }
    else if (m.type === 'log') on.log?.(m.line);
    else if (m.type === 'result') { outcome ??= { kind: 'done', result: m.result }; void worker.terminate(); }
    else if (m.type === 'error') {
      outcome ??= m.kind === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', reason: m.kind, message: m.message, ...(m.stack ? { stack: m.stack } : {}) };
      void worker.terminate();
    }
  });
  worker.on('error', (e) => {
    outcome ??= { kind: 'failed', reason: 'crash', message: `The topic model worker crashed: ${e.message}`, ...(e.stack ? { stack: e.stack } : {}) };
  });

  const done = exited.then((code): RunOutcome => {
    if (graceTimer) clearTimeout(graceTimer);
    // A cancel wins over a result that raced it: the user was told the run stops, so nothing is applied.
    if (cancelled) return { kind: 'cancelled' };
    return outcome ?? { kind: 'failed', reason: 'crash', message: `The topic model worker stopped unexpectedly (exit code ${code}).` };
  });

  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      try { worker.postMessage({ type: 'cancel' } satisfies HostToWorker); } catch { /* already gone */ }
      graceTimer = setTimeout(() => void worker.terminate(), graceMs);
    },
  };
}
