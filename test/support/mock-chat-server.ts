// A loopback OpenAI-compatible chat server for tests: each request is answered by the test's handler, and every
// request is recorded, so a test can count what was sent (a cached run must send nothing).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  /** Raw body; objects are JSON-encoded. */
  body?: unknown;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
}

export interface RecordedRequest { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }

export interface MockChatServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export function chatCompletion(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'cmpl-1', object: 'chat.completion', model: 'mock-model:7b', system_fingerprint: 'fp_mock',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
    ...extra,
  };
}

export async function startMockChatServer(handler: (req: RecordedRequest, n: number) => MockReply): Promise<MockChatServer> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(raw); } catch { /* recorded as empty */ }
      const rec = { path: req.url ?? '', headers: req.headers, body };
      requests.push(rec);
      const r = handler(rec, requests.length);
      if (r.hang) { hanging.add(res); return; }
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
      res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
