// Messages between the extension host and the pipeline worker (a forked process; or a worker thread, which gets its
// run as workerData). After `run` the host only sends `cancel`, and `previous` when the worker asks for it. No vscode
// import: the worker is plain Node.
import type { EncodedTaxonomy } from '../taxonomy/codec';
import type { ReconcileReport } from '../taxonomy/reconcile';
import type { RunInput } from './orchestrator';
import type { PipelineSettings, ProgressEvent, RunResult } from './types';

export interface WorkerRunData {
  input: RunInput;
  settings: PipelineSettings;
  cacheDir?: string;
  /**
   * Set by the extension: the worker also builds the taxonomy file. Once the run is done it asks for the file as it is
   * then (`previous`), carries its curation over, stores the run data in `artifactDir` and sends the taxonomy
   * serialized and checked (`taxonomy`): at 15k chunks that work holds a thread for a good second, and the extension
   * host thread is shared by every extension.
   */
  taxonomy?: { artifactDir: string; fileName: string };
}

/** A run without its per-chunk data (which went to the run data store): what the host reports and keeps. */
export type RunSummary = Omit<RunResult, 'chunks' | 'assignments' | 'probabilities' | 'coords2d'> & { chunkCount: number };

export type HostToWorker =
  | { type: 'run'; data: WorkerRunData }
  | { type: 'cancel' }
  /** The taxonomy file's bytes now (null: none, or unreadable), answering `previous`. */
  | { type: 'previous'; text: string | null };

export type WorkerToHost =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'log'; line: string }
  | { type: 'result'; result: RunResult }
  | { type: 'previous' }
  /** The file to write: its run data is stored under `taxonomy.taxonomy.run.artifact` in the artifact folder. */
  | { type: 'taxonomy'; run: RunSummary; taxonomy: EncodedTaxonomy; report: ReconcileReport }
  /** `kind` lets the host tell a cancel and a user-facing PipelineError from a bug (whose stack goes to the log). */
  | { type: 'error'; message: string; kind: 'cancelled' | 'pipeline' | 'internal'; stack?: string };

/** The buffers of a result's typed arrays, each once (a buffer listed twice makes postMessage throw). */
export function summaryOf(result: RunResult): RunSummary {
  const { chunks, assignments: _a, probabilities: _p, coords2d: _c, ...rest } = result;
  return { ...rest, chunkCount: chunks.length };
}

export function transferablesOf(result: Partial<Pick<RunResult, 'assignments' | 'probabilities' | 'coords2d' | 'layout'>>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of [result.assignments, result.probabilities, result.coords2d, result.layout]) {
    if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  }
  return [...out];
}
