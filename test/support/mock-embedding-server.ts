// A loopback stand-in for an embedding inference server, in any of the three request shapes the endpoint client
// speaks: TEI (GET /info, POST /embed), Ollama (GET /api/version, POST /api/embed) and OpenAI-compatible
// (POST /v1/embeddings). Its vectors depend only on the text, so batching, retries and order cannot change them.
// Faults are injected per request by a callback; every text it answered is counted, so tests can tell a chunk
// embedded twice. Optional fixed latency and a cap on requests served at once model a real server for the bench.
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type Shape = 'tei' | 'ollama' | 'openai';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Sends the headers and half the body, then drops the connection. */
  | { kind: 'truncate' }
  /** Never answers (until the server closes). */
  | { kind: 'hang' }
  | { kind: 'nonjson' }
  /** A complete, valid-JSON answer cut mid-way (the server's own bug, not the network's). */
  | { kind: 'cut-json' }
  | { kind: 'wrong-dim' }
  | { kind: 'empty-vector' }
  | { kind: 'missing-vector' };

export interface MockServerOptions {
  shape: Shape;
  dim?: number;
  /** TEI's max_client_batch_size: larger requests get 413, as TEI does. */
  maxBatch?: number;
  modelSha?: string;
  /** Called for each embedding request (1-based count); a fault to inject, or undefined to answer. */
  fault?: (request: number, inputs: string[]) => Fault | undefined;
  /** Milliseconds each answer takes (bench). */
  latencyMs?: number;
  /** Requests processed at once; more wait in a queue (bench: a server's capacity). */
  capacity?: number;
  /** Required bearer token. */
  apiKey?: string;
}

export interface MockServer {
  url: string;
  /** How many times each text was answered with a vector. */
  answered: Map<string, number>;
  /** Inputs per embedding request, in arrival order (faulted ones included). */
  requests: string[][];
  /** Authorization headers seen. */
  authorizations: Array<string | undefined>;
  /** Milliseconds each embedding request took to serve (latency and the server's own work), in completion order. */
  serviceMs: number[];
  close(): Promise<void>;
}

/** The mock's vector for a text: deterministic, not normalised (the client normalises). */
export function mockVector(text: string, dim = 8): number[] {
  const h = createHash('sha256').update(text).digest();
  return Array.from({ length: dim }, (_, k) => (h[k % 32] - 127.5) / 64 + (k % 3) * 0.25);
}

export async function startMockEmbeddingServer(o: MockServerOptions): Promise<MockServer> {
  const dim = o.dim ?? 8;
  const answered = new Map<string, number>();
  const requests: string[][] = [];
  const authorizations: Array<string | undefined> = [];
  const serviceMs: number[] = [];
  const hung = new Set<http.ServerResponse>();
  let active = 0;
  const queue: Array<() => void> = [];
  let count = 0;

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
  };

  const answer = (inputs: string[], fault: Fault | undefined): unknown => {
    const vs = inputs.map((t) => mockVector(t, dim));
    if (fault?.kind === 'wrong-dim') vs[vs.length - 1] = vs[vs.length - 1].slice(1);
    if (fault?.kind === 'empty-vector') vs[0] = [];
    if (fault?.kind === 'missing-vector') vs.pop();
    if (o.shape === 'tei') return vs;
    if (o.shape === 'ollama') return { model: 'mock', embeddings: vs };
    // Out of order on purpose: OpenAI's items carry their index.
    return { object: 'list', model: 'mock', data: vs.map((embedding, index) => ({ object: 'embedding', index, embedding })).reverse() };
  };

  const embed = (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    let body: { inputs?: unknown; input?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return json(res, 400, { error: 'bad json' });
    }
    const inputs = (o.shape === 'tei' ? body.inputs : body.input) as string[];
    if (!Array.isArray(inputs)) return json(res, 422, { error: 'no inputs' });
    requests.push(inputs);
    authorizations.push(req.headers.authorization);
    if (o.apiKey && req.headers.authorization !== `Bearer ${o.apiKey}`) return json(res, 401, { error: 'unauthorized' });
    if (o.maxBatch && inputs.length > o.maxBatch) {
      return json(res, 413, { error: `batch size ${inputs.length} > maximum allowed batch size ${o.maxBatch}`, error_type: 'Validation' });
    }
    const fault = o.fault?.(++count, inputs);
    if (fault?.kind === 'status') return json(res, fault.status, { error: fault.body ?? 'injected' }, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
    if (fault?.kind === 'hang') return void hung.add(res);
    if (fault?.kind === 'nonjson') {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway (proxy)</body></html>');
    }
    const text = JSON.stringify(answer(inputs, fault));
    if (fault?.kind === 'truncate') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.write(text.slice(0, text.length >> 1));
      return void setImmediate(() => res.destroy());
    }
    if (fault?.kind === 'cut-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(text.slice(0, text.length >> 1));
    if (!fault) for (const t of inputs) answered.set(t, (answered.get(t) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
  };

  const serve = (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const p = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && p === '/info' && o.shape === 'tei') {
      return json(res, 200, { model_id: 'mock/tei-model', model_sha: o.modelSha ?? '0123abcd', model_dtype: 'float32', max_client_batch_size: o.maxBatch ?? 32, max_input_length: 512 });
    }
    if (req.method === 'GET' && p === '/api/version' && o.shape === 'ollama') return json(res, 200, { version: '0.5.7' });
    const route = o.shape === 'tei' ? '/embed' : o.shape === 'ollama' ? '/api/embed' : '/v1/embeddings';
    if (req.method === 'POST' && p === route) return embed(req, res, raw);
    json(res, 404, { error: 'not found' });
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      if (!o.latencyMs && !o.capacity) return serve(req, res, raw);
      // A server with capacity: at most `capacity` requests at once, each taking latencyMs.
      const run = () => {
        active++;
        const started = performance.now();
        setTimeout(() => {
          serve(req, res, raw);
          serviceMs.push(performance.now() - started);
          active--;
          queue.shift()?.();
        }, o.latencyMs ?? 0);
      };
      if (active < (o.capacity ?? Infinity)) run();
      else queue.push(run);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    answered, requests, authorizations, serviceMs,
    close: () => new Promise<void>((resolve) => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
