// Sentence embeddings with transformers.js (ONNX Runtime for Node): feature extraction, mean pooling over the
// attention mask, L2 normalisation — what sentence-transformers does for all-MiniLM-L6-v2. transformers.js keeps its
// configuration in a process-global `env`; every load sets each field it depends on, so one run's settings never leak
// into the next (the extension host, a worker and tests all reuse one module instance).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Transformers from './transformers-lib';
import { PipelineError, throwIfAborted } from '../errors';
import { CharEta } from './eta';

export interface TransformersConfig {
  model: string;
  localModelPath?: string;
  remoteHost?: string;
  threads?: number;
  dtype: 'q8' | 'fp32' | 'fp16';
  /** Where downloaded models are kept (the caller's cache dir + '/models'). */
  modelCacheDir?: string;
}

export interface LoadControl {
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

interface Tensor {
  data: Float32Array;
  dims: number[];
}
type Extractor = ((texts: string[], opts: { pooling: 'mean'; normalize: boolean }) => Promise<Tensor>) & {
  dispose(): Promise<void>;
  tokenizer?: { model_max_length?: number };
};

export interface LoadedModel {
  extractor: Extractor;
  /**
   * What the model is, for the run metadata (committed in the taxonomy): the hub id, or a local folder's name — never
   * its absolute path, which would leak a home folder and differ on every colleague's clone.
   */
  label: string;
  /** Changes when the model's weights could have changed (local folders: file sizes and times). */
  fingerprint: string;
  threads: number;
}

interface Library {
  tf: typeof Transformers;
  defaults: Pick<typeof Transformers.env, 'remoteHost' | 'localModelPath' | 'cacheDir'>;
}
let library: Promise<Library> | undefined;

/**
 * transformers.js is loaded on first use, not with this module: loading it loads onnxruntime-node's native binary,
 * which an installation may lack (a platform without a build, a VSIX for another platform) — then a run in 'auto'
 * must still fall back to LSA instead of the whole worker failing to start — and which LSA-only runs never need.
 * The promise is kept, so a failed load fails every later call the same way (a half-initialised bundle module would not).
 */
export function transformersLibrary(): Promise<Library> {
  library ??= import('./transformers-lib').then((tf) => ({
    tf,
    defaults: { remoteHost: tf.env.remoteHost, localModelPath: tf.env.localModelPath, cacheDir: tf.env.cacheDir },
  }));
  return library;
}

// sentence-transformers truncates these models at 256 word pieces (max_seq_length), although their tokenizer config
// allows 512; follow the library whose vectors BERTopic users know.
const SENTENCE_TRANSFORMERS_MAX_TOKENS: ReadonlyArray<[RegExp, number]> = [
  [/(^|\/)(all|paraphrase|multi-qa)-MiniLM-L\d+-v\d$/i, 256],
  [/(^|\/)all-mpnet-base-v2$/i, 384],
];

/** Accepts only an http(s) URL and returns it with a trailing slash (transformers.js joins paths onto it). */
export function normalizeRemoteHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new PipelineError(`The model mirror "${host}" is not a URL: set an http:// or https:// address (setting: remote host).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PipelineError(`The model mirror "${host}" must be an http:// or https:// address (setting: remote host).`);
  }
  return url.href.endsWith('/') ? url.href : url.href + '/';
}

export function defaultThreads(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

function modelFileFingerprint(dir: string): string {
  const parts: string[] = [];
  for (const rel of ['config.json', 'tokenizer.json', 'onnx']) {
    const p = path.join(dir, rel);
    try {
      const st = fs.statSync(p);
      const files = st.isDirectory() ? fs.readdirSync(p).sort().map((f) => path.join(p, f)) : [p];
      for (const f of files) {
        const s = fs.statSync(f);
        parts.push(`${path.relative(dir, f)}:${s.size}:${Math.round(s.mtimeMs)}`);
      }
    } catch {
      parts.push(`${rel}:missing`);
    }
  }
  return parts.join(',');
}

let loaded: { key: string; model: Promise<LoadedModel> } | undefined;

/** Loads (or reuses, for identical settings) a feature-extraction pipeline. Errors are PipelineErrors naming the cause. */
export async function loadModel(cfg: TransformersConfig, ctl: LoadControl = {}): Promise<LoadedModel> {
  const mirror = cfg.remoteHost ? normalizeRemoteHost(cfg.remoteHost) : undefined;
  const threads = Math.max(1, Math.floor(cfg.threads ?? defaultThreads()));
  let modelId = cfg.model;
  let label = cfg.model;
  let where = cfg.model;
  let fingerprint: string | undefined;
  let localRoot: string | undefined;
  if (cfg.localModelPath) {
    const dir = path.resolve(cfg.localModelPath);
    if (!fs.existsSync(path.join(dir, 'config.json'))) {
      throw new PipelineError(`No model in the local model folder ${dir} (config.json is missing): point the local model path setting at a folder holding config.json, tokenizer.json and onnx/.`);
    }
    localRoot = path.dirname(dir);
    modelId = path.basename(dir);
    label = modelId;
    where = dir;
    fingerprint = `local:${modelFileFingerprint(dir)}`;
  }
  const key = JSON.stringify([modelId, localRoot, mirror, cfg.modelCacheDir, cfg.dtype, threads, fingerprint]);
  if (loaded?.key !== key) {
    const previous = loaded?.model;
    loaded = { key, model: create() };
    previous?.then((m) => m.extractor.dispose()).catch(() => undefined);
    loaded.model.catch(() => {
      if (loaded?.key === key) loaded = undefined;
    });
  }
  return abortable(loaded.model, ctl.signal);

  async function create(): Promise<LoadedModel> {
    let lib: Library;
    try {
      lib = await transformersLibrary();
    } catch (e) {
      throw new PipelineError(`Could not load the embedding model ${label}: ${describeRuntimeError(e)}`);
    }
    const { env, pipeline } = lib.tf;
    const DEFAULTS = lib.defaults;
    const remoteHost = mirror ?? DEFAULTS.remoteHost;
    fingerprint ??= `hub:${remoteHost}`;
    const loadError = (e: unknown) =>
      new PipelineError(`Could not load the embedding model ${where} (${cfg.dtype}): ${describeLoadError(e, remoteHost, !!localRoot)}`);
    env.remoteHost = remoteHost;
    env.cacheDir = cfg.modelCacheDir ?? DEFAULTS.cacheDir;
    env.useFSCache = true;
    if (localRoot) {
      env.localModelPath = localRoot + path.sep;
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
    } else {
      // Hub ids are not looked up in the package's own folder: only the cache and the remote host.
      env.localModelPath = DEFAULTS.localModelPath;
      env.allowLocalModels = false;
      env.allowRemoteModels = true;
    }
    const log = downloadLogger(ctl.onLog);
    const open = async () =>
      (await pipeline('feature-extraction', modelId, {
        dtype: cfg.dtype,
        device: 'cpu',
        session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
        progress_callback: log,
      })) as unknown as Extractor;
    let extractor: Extractor;
    try {
      extractor = await open();
    } catch (e) {
      // transformers.js streams downloads straight into the cache file, so an interrupted download leaves a truncated
      // model that would fail every later run. A cached copy that does not parse is dropped and fetched once more.
      const cached = cfg.modelCacheDir && !localRoot ? path.join(cfg.modelCacheDir, ...modelId.split('/')) : undefined;
      const unreadable = /protobuf|pars(e|ing)|JSON|unexpected end|invalid|corrupt/i.test(e instanceof Error ? e.message : String(e));
      if (!cached || !unreadable || !fs.existsSync(cached)) throw loadError(e);
      ctl.onLog?.(`model: the cached copy in ${cached} does not load (${firstLine(e)}); downloading it again`);
      fs.rmSync(cached, { recursive: true, force: true });
      try {
        extractor = await open();
      } catch (e2) {
        throw loadError(e2);
      }
    }
    const cap = SENTENCE_TRANSFORMERS_MAX_TOKENS.find(([re]) => re.test(modelId))?.[1];
    const tok = extractor.tokenizer;
    if (cap && tok && (tok.model_max_length === undefined || tok.model_max_length > cap)) tok.model_max_length = cap;
    return { extractor, label, fingerprint: `${fingerprint}|max:${tok?.model_max_length ?? ''}`, threads };
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Why transformers.js itself did not load: almost always onnxruntime-node's native binary for this platform. */
export function describeRuntimeError(e: unknown): string {
  const msg = firstLine(e);
  if (/onnxruntime|napi-v\d|\.node\b|\.so\b|\.dylib\b|\.dll\b/i.test(msg)) {
    return `ONNX Runtime (onnxruntime-node) is not installed or has no build for ${process.platform}-${process.arch} (${msg}).`;
  }
  return msg;
}

function describeLoadError(e: unknown, remoteHost: string, local: boolean): string {
  const msg = e instanceof Error ? e.message : String(e);
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : '';
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|network/i.test(msg + ' ' + cause)) {
    return `cannot reach ${remoteHost} (${cause || msg}). Download it once while online, set a mirror, or set a local model folder.`;
  }
  if (local) return `${msg.split('\n')[0]}. The local model folder needs config.json, tokenizer.json and onnx/model*.onnx for this dtype.`;
  return msg.split('\n')[0];
}

/** Turns transformers.js's per-file download events into a few log lines (start, every 25%, done). */
function downloadLogger(onLog?: (line: string) => void) {
  const lastQuarter = new Map<string, number>();
  return (p: { status: string; file?: string; progress?: number; loaded?: number; total?: number }) => {
    if (!onLog || !p.file) return;
    if (p.status === 'progress' && typeof p.progress === 'number') {
      const q = Math.floor(p.progress / 25);
      if (q > (lastQuarter.get(p.file) ?? -1) && q < 4) {
        lastQuarter.set(p.file, q);
        onLog(`model: ${p.file} ${Math.round(p.progress)}%` + (p.total ? ` of ${(p.total / 1e6).toFixed(1)} MB` : ''));
      }
    } else if (p.status === 'done') {
      onLog(`model: ${p.file} ready`);
    }
  };
}

function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      try {
        throwIfAborted(signal);
      } catch (e) {
        reject(e);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export interface EmbedControl {
  batchSize: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, etaSeconds?: number) => void;
  /** Called after each batch with the input indices it covered and their vectors (to cache them as they come). */
  onBatch?: (indices: number[], vectors: Float32Array[]) => void;
}

/**
 * Embeds texts in batches of similar length (longest first, so padding is small and the ETA starts pessimistic),
 * returning vectors in the input order. The signal is honoured between batches.
 */
export async function embedTexts(model: LoadedModel, texts: readonly string[], ctl: EmbedControl): Promise<Float32Array[]> {
  const n = texts.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => texts[b].length - texts[a].length || a - b);
  const out: Float32Array[] = new Array(n);
  const batch = Math.max(1, Math.floor(ctl.batchSize));
  const eta = new CharEta(texts);
  for (let b = 0; b < n; b += batch) {
    throwIfAborted(ctl.signal);
    const idx = order.slice(b, b + batch);
    const t = await model.extractor(idx.map((i) => texts[i]), { pooling: 'mean', normalize: true });
    const dim = t.dims[t.dims.length - 1];
    idx.forEach((i, r) => {
      out[i] = t.data.slice(r * dim, (r + 1) * dim);
      eta.add(texts[i]);
    });
    ctl.onBatch?.(idx, idx.map((i) => out[i]));
    ctl.onProgress?.(Math.min(n, b + batch), n, eta.seconds());
  }
  throwIfAborted(ctl.signal);
  return out;
}

/** Forgets the loaded model (tests, or a settings change that should free the session now). */
export async function unloadModel(): Promise<void> {
  const m = loaded?.model;
  loaded = undefined;
  if (m) await m.then((x) => x.extractor.dispose()).catch(() => undefined);
}
