// Runs a LayoutPlan in a worker thread (dist/layout-worker.js) so it overlaps with the main thread's work, or — when
// no worker script is given or the thread cannot run — in this thread when its result is asked for. Same plan, same
// code, same bits either way; only the wall time differs.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Matrix } from '../types';
import { CancelledError, throwIfAborted } from '../errors';
import { runLayoutPlan, type LayoutPlan } from './index';

export type LayoutThreadMessage =
  | { type: 'progress'; message: string; done?: number; total?: number }
  | { type: 'done'; data: Float32Array; rows: number; dim: number }
  | { type: 'error'; message: string };

type Progress = (message: string, done?: number, total?: number) => void;

export interface BackgroundLayout {
  /** The layout; progress from now on goes to onProgress (the latest event is replayed first). */
  result(onProgress?: Progress): Promise<Matrix>;
  /** Stops the thread; a pending result rejects with CancelledError. */
  cancel(): void;
  /** 'thread' while a worker runs it; 'here' when it runs (or will run) in this thread. */
  readonly where: 'thread' | 'here';
  /** Settles when the thread has exited (at once for 'here'). */
  readonly closed: Promise<void>;
}

export function startLayout(plan: LayoutPlan, opts: { script?: string; signal?: AbortSignal; onLog?: (line: string) => void }): BackgroundLayout {
  const { signal } = opts;
  const here = (): BackgroundLayout => ({
    where: 'here',
    result: (onProgress) => runLayoutPlan(plan, { signal, onProgress }),
    cancel: () => undefined,
    closed: Promise.resolve(),
  });
  if (plan.kind === 'trivial' || !opts.script || !fs.existsSync(opts.script)) return here();
  let worker: Worker;
  try {
    worker = new Worker(opts.script, { workerData: plan });
  } catch (e) {
    opts.onLog?.(`map layout runs after clustering: no worker thread (${e instanceof Error ? e.message : String(e)})`);
    return here();
  }
  const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let last: LayoutThreadMessage & { type: 'progress' } | undefined;
  let listener: Progress | undefined;
  let settled = false;
  const outcome = new Promise<Matrix>((resolve, reject) => {
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () => {
      void worker.terminate();
      finish(() => reject(new CancelledError()));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: LayoutThreadMessage) => {
      if (m.type === 'progress') {
        last = m;
        listener?.(m.message, m.done, m.total);
      } else if (m.type === 'done') finish(() => resolve({ data: m.data, rows: m.rows, dim: m.dim }));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`map layout thread exited (code ${code})`))));
  });
  // Not awaited until result(): keep an early failure from being reported as unhandled.
  outcome.catch(() => undefined);
  return {
    where: 'thread',
    closed,
    cancel: () => {
      void worker.terminate();
    },
    result: async (onProgress) => {
      listener = onProgress;
      if (last) onProgress?.(last.message, last.done, last.total);
      try {
        return await outcome;
      } catch (e) {
        if (e instanceof CancelledError || signal?.aborted) throw new CancelledError();
        // A thread that failed (out of memory, killed) costs time, not the result: lay it out here instead.
        opts.onLog?.(`map layout thread failed (${e instanceof Error ? e.message : String(e)}); laying it out here`);
        throwIfAborted(signal);
        return runLayoutPlan(plan, { signal, onProgress });
      }
    },
  };
}
