// Messages between the extension host and the pipeline worker (a forked process; or a worker thread, which gets its
// run as workerData). After `run` the host only ever sends `cancel`. No vscode import: the worker is plain Node.
import type { RunInput } from './orchestrator';
import type { PipelineSettings, ProgressEvent, RunResult } from './types';

export interface WorkerRunData {
  input: RunInput;
  settings: PipelineSettings;
  cacheDir?: string;
}

export type HostToWorker = { type: 'run'; data: WorkerRunData } | { type: 'cancel' };

export type WorkerToHost =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'log'; line: string }
  | { type: 'result'; result: RunResult }
  /** `kind` lets the host tell a cancel and a user-facing PipelineError from a bug (whose stack goes to the log). */
  | { type: 'error'; message: string; kind: 'cancelled' | 'pipeline' | 'internal'; stack?: string };

/** The buffers of a result's typed arrays, each once (a buffer listed twice makes postMessage throw). */
export function transferablesOf(result: RunResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of [result.assignments, result.probabilities, result.coords2d, result.layout]) {
    if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  }
  return [...out];
}
