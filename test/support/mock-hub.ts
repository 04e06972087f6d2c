// A loopback stand-in for the Hugging Face hub: serves a model folder at /{model}/resolve/{revision}/{file}, the URL
// layout transformers.js builds from env.remoteHost, and counts requests so tests can tell a download from a cache hit.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface MockHub {
  /** http://127.0.0.1:PORT/ — what env.remoteHost (or the remote host setting) should be. */
  url: string;
  port: number;
  /** Every request path, in order. */
  requests: string[];
  /** Paths answered 200. */
  served: string[];
  close(): Promise<void>;
}

/** Serves `models[id] = folder` for each model id (e.g. 'test-org/tiny-bert'); unknown paths answer 404. */
export async function startMockHub(models: Record<string, string>): Promise<MockHub> {
  const requests: string[] = [];
  const served: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    requests.push(p);
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(p);
    const dir = m ? models[m[1]] : undefined;
    const file = dir && m ? path.resolve(dir, m[3]) : undefined;
    if (!file || !dir || !file.startsWith(path.resolve(dir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    const body = fs.readFileSync(file);
    served.push(p);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening: connections are refused at once (no real host, no timeout). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
