// Fetches a model's files from the Hugging Face hub (or a mirror) once, into the cache folder's models/<id>/ — the
// layout transformers.js uses for the built-in embedder's model. Each file is written to a temporary name and renamed
// when complete, so an interrupted download never leaves a truncated file that a later run would trust.
import fs from 'node:fs';
import path from 'node:path';
import { CancelledError, PipelineError } from '../errors';

export const DEFAULT_HUB = 'https://huggingface.co/';

export interface HubFetch {
  /** Hub root with a trailing slash (normalizeRemoteHost). */
  remoteHost: string;
  /** The caller's cache dir + '/models'. */
  modelsDir: string;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

/** A hub id as a path under modelsDir, refusing anything that could step outside it. */
function modelDir(modelsDir: string, id: string): string {
  if (!/^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/.test(id) || id.split('/').some((p) => p === '..' || p === '.')) {
    throw new PipelineError(`"${id}" is not a Hugging Face model id (owner/name) nor an absolute path to a model folder.`);
  }
  return path.join(modelsDir, ...id.split('/'));
}

/** The folder holding all `files` of model `id`, downloading those not there yet. */
export async function hubModelFiles(id: string, files: readonly string[], opts: HubFetch): Promise<string> {
  const dir = modelDir(opts.modelsDir, id);
  for (const file of files) {
    const dest = path.join(dir, file);
    if (fs.existsSync(dest)) continue;
    const url = `${opts.remoteHost}${id}/resolve/main/${file}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: opts.signal });
    } catch (e) {
      if (opts.signal?.aborted) throw new CancelledError();
      const cause = e instanceof Error && e.cause instanceof Error ? ((e.cause as NodeJS.ErrnoException).code ?? e.cause.message) : String(e);
      throw new PipelineError(`Could not download the static model ${id}: cannot reach ${opts.remoteHost} (${cause}). Download it once while online, set a mirror, or use a local model folder.`);
    }
    if (res.status !== 200) {
      throw new PipelineError(`Could not download the static model ${id}: ${file} answered HTTP ${res.status} at ${opts.remoteHost}. Check the model id (a model2vec model has ${files.join(', ')}).`);
    }
    let body: Buffer;
    try {
      body = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      if (opts.signal?.aborted) throw new CancelledError();
      throw new PipelineError(`Could not download the static model ${id}: ${file} was cut off (${e instanceof Error ? e.message : e}); run again to retry.`);
    }
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${dest}.${process.pid}.part`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, dest);
    opts.onLog?.(`model: ${id}/${file} ready (${(body.length / 1e6).toFixed(1)} MB)`);
  }
  return dir;
}
