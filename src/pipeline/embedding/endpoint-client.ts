// A client for embedding inference servers: Hugging Face text-embeddings-inference (TEI: POST /embed, GET /info),
// Ollama (POST /api/embed) and OpenAI-compatible APIs (POST /v1/embeddings: vLLM, llama.cpp server, TEI, hosted
// services). Replicas behind a load balancer are the way to scale; this client's job is to keep them busy and to be
// robust against what servers do under load: a batch the server finds too large (413/422) is split in halves, an
// overloaded server (429/503) is waited for — as long as Retry-After says when it says — and slow or dropped answers
// are asked again. Answers that cannot be vectors (not JSON, empty, the wrong size) stop the run with one line naming
// the endpoint: a wrong model is a mistake to fix, not a fault to retry.
import http from 'node:http';
import https from 'node:https';
import { abortableSleep, retryAfterMs } from '../backoff';
import { CancelledError, PipelineError } from '../errors';
import { CharEta } from './eta';
import type { BatchSink } from './through-cache';

export type EndpointApi = 'tei' | 'ollama' | 'openai';

/** The environment variable the CLI and the extension's worker read the API key from (never a setting or a file). */
export const API_KEY_ENV = 'LITERATURE_MAP_API_KEY';

export interface EndpointOptions {
  url: string;
  /** The model to ask for; Ollama and OpenAI-compatible servers need it, TEI serves one and ignores it. */
  model?: string;
  apiKey?: string;
  concurrency: number;
  timeoutMs: number;
  /** Texts per request; TEI's /info max_client_batch_size lowers it. */
  batchSize: number;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  retry?: RetryPolicy;
}

export interface RetryPolicy {
  /** Tries of one request before the run stops (overload, timeouts, dropped connections, 5xx). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How to wait; tests pass one that records the delay and returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface EndpointInfo {
  api: EndpointApi;
  /** Where embeddings are requested. */
  embedUrl: string;
  /** The endpoint as messages name it: origin and path, never credentials or a query. */
  label: string;
  /** The served model: TEI's model_id, else the requested name. */
  modelId: string;
  /** TEI's model_sha: pins the weights, so a run can say exactly which model made its vectors. */
  modelSha?: string;
  maxBatch?: number;
  maxInputLength?: number;
}

// TEI's default payload limit is 2 MB; half of it leaves room for JSON escaping of unusual text.
const MAX_BODY_BYTES = 1_000_000;
const DEFAULTS = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 };
// A Retry-After beyond this is not a back-off but a maintenance window; wait this long and ask again.
const MAX_RETRY_AFTER_MS = 120_000;

function parseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PipelineError(`The embedding endpoint "${url}" is not a URL: set an http:// or https:// address (--endpoint, setting embedding.endpoint.url).`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new PipelineError(`The embedding endpoint "${url}" must be an http:// or https:// address.`);
  }
  return u;
}

const labelOf = (u: URL) => u.origin + u.pathname.replace(/\/+$/, '');

function joinPath(u: URL, rel: string): string {
  const base = new URL(u.href);
  base.search = '';
  base.hash = '';
  base.pathname = base.pathname.replace(/\/+$/, '') + '/' + rel;
  return base.href;
}

interface Answer {
  status: number;
  retryAfter?: string;
  body: string;
}

type Failure =
  | { kind: 'timeout' }
  | { kind: 'network'; detail: string };

/** Keep-alive connections for one run's requests; destroyed when the run ends, so nothing keeps the process alive. */
function agentsFor(keepAlive: boolean) {
  return { http: new http.Agent({ keepAlive }), https: new https.Agent({ keepAlive }) };
}
type Agents = ReturnType<typeof agentsFor>;

/**
 * One HTTP exchange with a deadline; network trouble and timeouts come back as values, a cancel as CancelledError.
 * node:http rather than fetch: about half the client's CPU per request, which is what lets it keep a fast server busy
 * (bench:embedding measured fetch at 2.5–4 ms and node:http at 1.3–1.6 ms per 32-vector answer, JSON included).
 */
async function exchange(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, timeoutMs: number, agents: Agents, signal?: AbortSignal): Promise<Answer | Failure> {
  if (signal?.aborted) throw new CancelledError();
  const deadline = AbortSignal.timeout(timeoutMs);
  const both = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  try {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const headers = init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
      const req = (secure ? https : http).request(u, { method: init.method, headers, agent: secure ? agents.https : agents.http, signal: both }, resolve);
      req.on('error', reject);
      req.end(init.body);
    });
    // Reading the body is inside the deadline too: a server that stalls mid-answer is a timeout, not a hang.
    const parts: Buffer[] = [];
    for await (const part of res) parts.push(part as Buffer);
    if (!res.complete) return { kind: 'network', detail: 'the connection closed before the whole answer arrived' };
    const ra = res.headers['retry-after'];
    return { status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), ...(typeof ra === 'string' ? { retryAfter: ra } : {}) };
  } catch (e) {
    if (signal?.aborted) throw new CancelledError();
    if (deadline.aborted) return { kind: 'timeout' };
    const err = e as NodeJS.ErrnoException;
    return { kind: 'network', detail: [err.code, err.message].filter(Boolean).join(': ') || String(e) };
  }
}

function isAnswer(x: Answer | Failure): x is Answer {
  return 'status' in x;
}

function headersFor(apiKey: string | undefined, json: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json' };
  if (json) h['content-type'] = 'application/json';
  if (apiKey) h.authorization = `Bearer ${apiKey}`;
  return h;
}

/** The start of a body for a message: one line, short (it is the server's text, shown as text only). */
function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? flat.slice(0, 80) + '…' : flat || '(empty)';
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** GETs a JSON document; undefined when the path is not served or the answer is not JSON (probing, not failing). */
async function probe(url: string, opts: EndpointOptions, agents: Agents): Promise<Record<string, unknown> | undefined> {
  const a = await exchange(url, { method: 'GET', headers: headersFor(opts.apiKey, false) }, opts.timeoutMs, agents, opts.signal);
  if (!isAnswer(a) || a.status !== 200) return undefined;
  const j = parseJson(a.body);
  return j && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
}

/**
 * Works out which API a URL speaks. A URL ending in /embed (TEI), /api/embed (Ollama) or /embeddings (OpenAI) is
 * taken as it is; a server's base URL is probed: GET /info answers on TEI, GET /api/version on Ollama, and anything
 * else is asked in the OpenAI shape at /v1/embeddings. An unreachable server fails here, before any chunk is sent.
 */
export async function describeEndpoint(opts: EndpointOptions): Promise<EndpointInfo> {
  const agents = agentsFor(false);
  try {
    return await describe(opts, agents);
  } finally {
    agents.http.destroy();
    agents.https.destroy();
  }
}

async function describe(opts: EndpointOptions, agents: Agents): Promise<EndpointInfo> {
  const u = parseUrl(opts.url);
  const path = u.pathname.replace(/\/+$/, '');
  const label = labelOf(u);
  const root = new URL(u.href);
  let api: EndpointApi | undefined;
  let embedUrl = u.href;
  if (/\/api\/embed$/.test(path)) {
    api = 'ollama';
  } else if (/\/embed$/.test(path)) {
    api = 'tei';
    root.pathname = path.replace(/\/embed$/, '');
  } else if (/\/embeddings$/.test(path)) {
    api = 'openai';
  }

  let info: Record<string, unknown> | undefined;
  if (api === undefined || api === 'tei') {
    // Reachability first, so "connection refused" is one clear line rather than three failed probes.
    const ping = await exchange(joinPath(root, 'info'), { method: 'GET', headers: headersFor(opts.apiKey, false) }, opts.timeoutMs, agents, opts.signal);
    if (!isAnswer(ping)) {
      throw new PipelineError(`Cannot reach the embedding endpoint ${label} (${ping.kind === 'timeout' ? `no answer within ${opts.timeoutMs / 1000} s` : ping.detail}).`);
    }
    const j = ping.status === 200 ? parseJson(ping.body) : undefined;
    if (j && typeof j === 'object' && !Array.isArray(j) && typeof (j as Record<string, unknown>).model_id === 'string') info = j as Record<string, unknown>;
    if (api === undefined && info) {
      api = 'tei';
      embedUrl = joinPath(root, 'embed');
    }
  }
  if (api === undefined && (await probe(joinPath(root, 'api/version'), opts, agents))?.version !== undefined) {
    api = 'ollama';
    embedUrl = joinPath(root, 'api/embed');
  }
  if (api === undefined) {
    api = 'openai';
    embedUrl = joinPath(root, /\/v1$/.test(path) ? 'embeddings' : 'v1/embeddings');
  }

  if (api !== 'tei' && !opts.model) {
    throw new PipelineError(`The embedding endpoint ${label} (${api === 'ollama' ? 'Ollama' : 'OpenAI-compatible'}) needs a model name: --model NAME or the setting embedding.endpoint.model.`);
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
  return {
    api, embedUrl, label: labelOf(new URL(embedUrl)),
    modelId: (typeof info?.model_id === 'string' && info.model_id) || opts.model || 'unknown',
    modelSha: typeof info?.model_sha === 'string' && info.model_sha ? info.model_sha : undefined,
    maxBatch: num(info?.max_client_batch_size),
    maxInputLength: num(info?.max_input_length),
  };
}

function requestBody(info: EndpointInfo, model: string | undefined, texts: readonly string[]): unknown {
  // truncate: a chunk longer than the model's window is cut by the server, as the built-in embedder cuts it.
  if (info.api === 'tei') return { inputs: texts, truncate: true, normalize: true };
  if (info.api === 'ollama') return { model, input: texts, truncate: true };
  return { model, input: texts, encoding_format: 'float' };
}

/** The vectors of an answer, in input order, or a reason they cannot be read. */
function vectorsOf(info: EndpointInfo, j: unknown): unknown[] | string {
  if (info.api === 'tei') return Array.isArray(j) ? j : 'the answer is not a list of vectors';
  if (info.api === 'ollama') {
    const e = (j as { embeddings?: unknown } | null)?.embeddings;
    return Array.isArray(e) ? e : 'the answer has no "embeddings" list';
  }
  const data = (j as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return 'the answer has no "data" list';
  const rows = data as Array<{ index?: unknown; embedding?: unknown }>;
  // OpenAI's data items carry their input index; servers may return them out of order.
  const ordered = rows.every((r) => typeof r?.index === 'number') ? [...rows].sort((a, b) => (a.index as number) - (b.index as number)) : rows;
  return ordered.map((r) => r?.embedding);
}

/** Splits [0, n) into requests of at most `cap` texts and MAX_BODY_BYTES of text, in input order. */
function nextBatch(texts: readonly string[], from: number, cap: number): number[] {
  const out: number[] = [];
  let bytes = 0;
  for (let i = from; i < texts.length && out.length < cap; i++) {
    const b = Buffer.byteLength(texts[i]) + 8;
    if (out.length > 0 && bytes + b > MAX_BODY_BYTES) break;
    out.push(i);
    bytes += b;
  }
  return out;
}

/**
 * Embeds texts through the endpoint with up to `concurrency` requests in flight; vectors (L2-normalised) reach
 * sink.onBatch as each answer arrives, in no particular order. Resolves when all are embedded; rejects with a
 * PipelineError (one line naming the endpoint) on an answer that cannot be used, or CancelledError on the signal.
 */
export async function embedWithEndpoint(
  info: EndpointInfo,
  texts: readonly string[],
  opts: EndpointOptions & { sink: BatchSink; expectDim?: number },
): Promise<void> {
  const policy = { ...DEFAULTS, ...opts.retry };
  const sleep = opts.retry?.sleep ?? abortableSleep;
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let cap = Math.max(1, Math.min(opts.batchSize, info.maxBatch ?? Infinity));
  let dim = opts.expectDim;
  let cursor = 0;
  let done = 0;
  const split: number[][] = [];
  // One server, one back-off: when it says it is overloaded, every request waits, not just the one told.
  let pausedUntil = 0;
  const eta = new CharEta(texts);
  const headers = headersFor(opts.apiKey, true);
  const fail = (why: string) => new PipelineError(`The embedding endpoint ${info.label} ${why}.`);
  // Which chunk, for a message: its first words (an index into this run's missing texts would mean nothing).
  const chunkOf = (i: number) => {
    const t = texts[i].replace(/\s+/g, ' ').trim();
    return `the chunk "${t.length > 40 ? t.slice(0, 40).trimEnd() + '…' : t}"`;
  };

  const take = (): number[] | undefined => {
    const s = split.pop();
    if (s) return s;
    if (cursor >= texts.length) return undefined;
    const b = nextBatch(texts, cursor, cap);
    cursor += b.length;
    return b;
  };

  const accept = (idx: number[], raw: unknown[]) => {
    if (raw.length !== idx.length) throw fail(`returned ${raw.length} vectors for ${idx.length} texts`);
    const out = raw.map((v, r) => {
      if (!Array.isArray(v)) throw fail(`returned something other than a vector for ${chunkOf(idx[r])} (${snippet(JSON.stringify(v) ?? String(v))})`);
      if (v.length === 0) throw fail(`returned an empty vector for ${chunkOf(idx[r])}`);
      if (dim === undefined) dim = v.length;
      else if (v.length !== dim) throw fail(`returned a ${v.length}-dimensional vector where the others have ${dim} dimensions: is it serving another model than before (the cache keys vectors by model)?`);
      const f = new Float32Array(v.length);
      let norm = 0;
      for (let k = 0; k < v.length; k++) {
        const x = v[k] as unknown;
        if (typeof x !== 'number' || !Number.isFinite(x)) throw fail(`returned a vector with a non-number (${snippet(String(x))}) for ${chunkOf(idx[r])}`);
        f[k] = x;
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      if (norm > 0) for (let k = 0; k < f.length; k++) f[k] /= norm;
      return f;
    });
    opts.sink.onBatch(idx, out);
    for (const i of idx) eta.add(texts[i]);
    done += idx.length;
    opts.sink.onProgress(done, eta.seconds());
  };

  const send = async (idx: number[]): Promise<void> => {
    const body = JSON.stringify(requestBody(info, opts.model, idx.map((i) => texts[i])));
    for (let attempt = 1; ; attempt++) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait, signal);
      const a = await exchange(info.embedUrl, { method: 'POST', headers, body }, opts.timeoutMs, agents, signal);
      let transient: string;
      let delay: number | undefined;
      if (!isAnswer(a)) {
        transient = a.kind === 'timeout' ? `no answer within ${opts.timeoutMs / 1000} s` : `connection failed (${a.detail})`;
      } else if (a.status >= 200 && a.status < 300) {
        const j = parseJson(a.body);
        if (j === undefined) throw fail(`answered with a body that is not JSON: ${snippet(a.body)}`);
        const vs = vectorsOf(info, j);
        if (typeof vs === 'string') throw fail(`gave an answer this client cannot read as ${info.api === 'tei' ? 'TEI' : info.api === 'ollama' ? 'Ollama' : 'OpenAI'} embeddings (${vs}): ${snippet(a.body)}`);
        accept(idx, vs);
        return;
      } else if (a.status === 413 || a.status === 422) {
        // Too large for the server: halve it, and keep requests at most that size from now on.
        if (idx.length === 1) throw fail(`rejects ${chunkOf(idx[0])} even on its own (HTTP ${a.status}: ${snippet(a.body)}); lower the chunk size or raise the server's limit`);
        const half = Math.ceil(idx.length / 2);
        cap = Math.max(1, Math.min(cap, half));
        split.push(idx.slice(half), idx.slice(0, half));
        opts.onLog?.(`embedding endpoint: HTTP ${a.status} for ${idx.length} texts, splitting the request (at most ${cap} from now on)`);
        return;
      } else if (a.status === 429 || a.status === 503 || a.status >= 500) {
        transient = `HTTP ${a.status}`;
        if (a.status === 429 || a.status === 503) {
          const ra = retryAfterMs(a.retryAfter);
          delay = ra === undefined ? undefined : Math.min(MAX_RETRY_AFTER_MS, ra);
        }
      } else if (a.status === 401 || a.status === 403) {
        throw fail(`refused the request (HTTP ${a.status}): set its API key in the environment variable ${API_KEY_ENV} (CLI) or with "Literature Map: Set Embedding API Key" (VS Code)`);
      } else {
        throw fail(`answered HTTP ${a.status}${info.api !== 'tei' ? ` for model "${opts.model}"` : ''}: ${snippet(a.body)}`);
      }
      if (attempt >= policy.maxAttempts) throw fail(`still failing after ${attempt} tries (${transient})`);
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const ms = delay ?? backoff * (0.75 + 0.5 * Math.random());
      if (isAnswer(a) && (a.status === 429 || a.status === 503)) pausedUntil = Math.max(pausedUntil, Date.now() + ms);
      if (attempt === 1 || attempt % 4 === 0) opts.onLog?.(`embedding endpoint: ${transient}, trying again in ${(ms / 1000).toFixed(1)} s (try ${attempt + 1} of ${policy.maxAttempts})`);
      await sleep(ms, signal);
    }
  };

  const agents = agentsFor(true);
  const worker = async () => {
    for (let idx = take(); idx; idx = take()) await send(idx);
  };
  try {
    await runWorkers();
  } finally {
    agents.http.destroy();
    agents.https.destroy();
  }

  async function runWorkers(): Promise<void> {
    // A split batch is picked up by whichever worker asks next; a worker that finds nothing to take while another
    // is about to split one stops early, which only costs concurrency at the very end.
    const results = await Promise.allSettled(Array.from({ length: Math.max(1, opts.concurrency) }, () => worker().catch((e) => {
      stop.abort();
      throw e;
    })));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof CancelledError));
    if (failure) throw failure.reason;
    if (opts.signal?.aborted || results.some((r) => r.status === 'rejected')) throw new CancelledError();
    // Split halves left by a worker that stopped early are sent now.
    for (let idx = take(); idx; idx = take()) await send(idx);
  }
}
