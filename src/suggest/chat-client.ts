// The one module that talks to an OpenAI-compatible chat server (Ollama, LM Studio, llama.cpp server, vLLM, a hosted
// API): POST {endpoint}/chat/completions. Everything about the wire lives here — retries, timeouts, error wording — so
// the suggestion logic above it is pure and testable without a server.
import { PipelineError, CancelledError } from '../pipeline/errors';
import { abortableSleep, retryAfterMs } from '../pipeline/backoff';

export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  seed?: number;
  maxTokens: number;
  /** Ask for a JSON object where the server supports it (`response_format`). */
  json: boolean;
}

export interface ChatResult {
  text: string;
  /** The model the server says answered (may carry a version or tag the request did not). */
  model: string;
  /** OpenAI's `system_fingerprint`, when the server reports one. */
  fingerprint?: string;
  usage?: { prompt: number; completion: number };
}

export interface ChatClient {
  /** Provider and host for the record: never the key, never the path's query. */
  readonly provider: string;
  readonly host: string;
  complete(req: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
}

export interface OpenAiClientOptions {
  /** Base URL up to and including `/v1` (e.g. http://localhost:11434/v1); `/chat/completions` is appended. */
  endpoint: string;
  apiKey?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** First back-off delay without Retry-After; doubles per attempt, capped at 30 s. */
  baseDelayMs?: number;
  /** Injected in tests so a back-off is observed, not waited for. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class ChatServerError extends PipelineError {}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_DELAY_MS = 30_000;

export function validateEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ChatServerError(`"${endpoint}" is not a URL (expected e.g. http://localhost:11434/v1)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ChatServerError(`${endpoint}: only http:// and https:// endpoints are supported`);
  if (url.username || url.password) throw new ChatServerError(`${url.host}: put the API key in an environment variable, not in the URL`);
  return url;
}

export function createOpenAiChatClient(opts: OpenAiClientOptions): ChatClient {
  const base = validateEndpoint(opts.endpoint);
  const url = new URL(base.pathname.replace(/\/+$/, '') + '/chat/completions', base);
  const host = base.host;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const maxRetries = opts.maxRetries ?? 5;
  const baseDelay = opts.baseDelayMs ?? 1000;
  const sleep = opts.sleep ?? abortableSleep;

  async function once(req: ChatRequest, signal?: AbortSignal): Promise<Response> {
    const body: Record<string, unknown> = {
      model: req.model, messages: req.messages, temperature: req.temperature, max_tokens: req.maxTokens, stream: false,
    };
    if (req.seed !== undefined) body.seed = req.seed;
    if (req.json) body.response_format = { type: 'json_object' };
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
        body: JSON.stringify(body),
        signal: both,
      });
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      if (timeout.aborted) throw new ChatServerError(`${host}: no answer within ${Math.round(timeoutMs / 1000)} s`);
      throw new ChatServerError(`${host}: cannot connect (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message})`);
    }
  }

  async function complete(req: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new CancelledError();
      const res = await once(req, signal);
      if (RETRY_STATUSES.has(res.status) && attempt < maxRetries) {
        await res.body?.cancel();
        const wait = retryAfterMs(res.headers.get('retry-after')) ?? Math.min(MAX_DELAY_MS, baseDelay * 2 ** attempt);
        await sleep(Math.min(wait, MAX_DELAY_MS * 4), signal);
        continue;
      }
      const raw = await res.text();
      if (!res.ok) {
        const hint = res.status === 401 || res.status === 403 ? ' (check the API key)' : res.status === 404 ? ` (is the model "${req.model}" served there?)` : '';
        throw new ChatServerError(`${host}: HTTP ${res.status}${hint}${raw ? `: ${raw.slice(0, 200).replace(/\s+/g, ' ')}` : ''}`);
      }
      let j: { model?: unknown; system_fingerprint?: unknown; choices?: Array<{ message?: { content?: unknown } }>; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
      try {
        j = JSON.parse(raw);
      } catch {
        throw new ChatServerError(`${host}: the answer is not JSON (${raw.slice(0, 80).replace(/\s+/g, ' ')}…)`);
      }
      const text = j?.choices?.[0]?.message?.content;
      if (typeof text !== 'string') throw new ChatServerError(`${host}: the answer has no choices[0].message.content`);
      const pt = j.usage?.prompt_tokens, ct = j.usage?.completion_tokens;
      return {
        text,
        model: typeof j.model === 'string' && j.model ? j.model : req.model,
        ...(typeof j.system_fingerprint === 'string' && j.system_fingerprint ? { fingerprint: j.system_fingerprint } : {}),
        ...(typeof pt === 'number' && typeof ct === 'number' ? { usage: { prompt: pt, completion: ct } } : {}),
      };
    }
  }

  return { provider: 'openai-compatible', host, complete };
}
