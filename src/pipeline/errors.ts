// Errors the user should read as they are (bad input, too little text, a missing model). Anything else that escapes
// the pipeline is a bug and is reported with its stack in the log.
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('The run was cancelled.');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export function isCancelled(e: unknown): boolean {
  return e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');
}
