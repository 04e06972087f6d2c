// Host side of the pipeline worker: forks dist/worker.js (one process per run), relays progress and log lines, answers
// its question for the taxonomy file (a run that builds it), and turns the worker's end (result, error, crash, cancel)
// into one settled promise. `done` settles only after the process has exited, so a cancel or a crash never leaves a
// process behind.
import { fork } from 'node:child_process';
import type { ProgressEvent, RunResult } from '../pipeline/types';
import type { HostToWorker, RunSummary, WorkerRunData, WorkerToHost } from '../pipeline/worker-protocol';
import type { EncodedTaxonomy } from '../taxonomy/codec';
import type { ReconcileReport } from '../taxonomy/reconcile';

export type RunOutcome =
  | { kind: 'done'; result: RunResult }
  /** A run with `data.taxonomy`: the worker built the file (its run data is in the artifact folder). */
  | { kind: 'built'; run: RunSummary; taxonomy: EncodedTaxonomy; report: ReconcileReport }
  | { kind: 'cancelled' }
  /** pipeline: a message for the user as it is; internal/crash: a bug or a dead worker (details in the log). */
  | { kind: 'failed'; reason: 'pipeline' | 'internal' | 'crash'; message: string; stack?: string };

export interface WorkerRun {
  /** Settles once the worker process has exited. */
  readonly done: Promise<RunOutcome>;
  cancel(): void;
}

let live = 0;
/** Worker processes started and not yet exited (tests assert 0 after a cancel). */
export function liveWorkerCount(): number {
  return live;
}

export function startWorkerRun(
  script: string,
  data: WorkerRunData,
  on: {
    progress?: (e: ProgressEvent) => void;
    log?: (line: string) => void;
    /** The taxonomy file's bytes now, for a run with `data.taxonomy` (null: none). */
    previous?: () => string | null;
  },
  /** How long a cancelled worker may take to stop by itself before it is killed. */
  graceMs = 250,
  /** Extra environment for the worker (the embedding API key: a secret travels in the environment, never in data). */
  env: Record<string, string> = {},
): WorkerRun {
  // ELECTRON_RUN_AS_NODE: in desktop VS Code process.execPath is the editor binary; this makes it a plain Node.
  // 'advanced' serialization keeps typed arrays typed (structured clone) instead of JSON objects.
  const child = fork(script, [], {
    env: { ...process.env, ...env, ELECTRON_RUN_AS_NODE: '1' },
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  live++;
  let outcome: RunOutcome | undefined;
  let cancelled = false;
  let graceTimer: NodeJS.Timeout | undefined;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => { live--; resolve({ code, signal }); });
  });
  const kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };

  const answerPrevious = () => {
    let text: string | null;
    try {
      text = on.previous?.() ?? null;
    } catch (e) {
      // Unanswered, the worker would wait for ever.
      outcome ??= { kind: 'failed', reason: 'internal', message: `Could not hand the taxonomy file to the worker: ${e instanceof Error ? e.message : String(e)}` };
      kill();
      return;
    }
    try { child.send({ type: 'previous', text } satisfies HostToWorker); } catch { /* gone: its exit settles the run */ }
  };
  child.on('message', (m: WorkerToHost) => {
    if (m.type === 'progress') { if (!cancelled) on.progress?.(m.event); }
    else if (m.type === 'log') on.log?.(m.line);
    else if (m.type === 'result') outcome ??= { kind: 'done', result: m.result };
    else if (m.type === 'taxonomy') outcome ??= { kind: 'built', run: m.run, taxonomy: m.taxonomy, report: m.report };
    else if (m.type === 'previous') answerPrevious();
    else if (m.type === 'error') {
      outcome ??= m.kind === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', reason: m.kind, message: m.message, ...(m.stack ? { stack: m.stack } : {}) };
    }
  });
  // The worker disconnects after its last message; anything still running in it (native threads) is not our business.
  child.on('disconnect', () => setTimeout(kill, 1000).unref());
  child.on('error', (e) => {
    outcome ??= { kind: 'failed', reason: 'crash', message: `The topic model worker could not run: ${e.message}` };
    kill();
  });
  child.send({ type: 'run', data } satisfies HostToWorker);

  const done = exited.then(({ code, signal }): RunOutcome => {
    if (graceTimer) clearTimeout(graceTimer);
    // A cancel wins over a result that raced it: the user was told the run stops, so nothing is applied.
    if (cancelled) return { kind: 'cancelled' };
    return outcome ?? {
      kind: 'failed', reason: 'crash',
      message: `The topic model worker stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}).`,
      ...(stderr ? { stack: stderr } : {}),
    };
  });

  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      try { child.send({ type: 'cancel' } satisfies HostToWorker); } catch { /* already gone */ }
      graceTimer = setTimeout(kill, graceMs);
    },
  };
}
