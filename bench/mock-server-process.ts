// The bench's stand-in inference server, in its own process so its work (JSON, vectors) does not share a thread with
// the client being measured. Usage: node out/bench/mock-server-process.js '{"shape":"tei","latencyMs":100,...}'.
// Prints {"url": …} once listening; answers GET /bench-stats with the service time of every request; exits when its
// stdin closes (the bench ends it).
import http from 'node:http';
import { startMockEmbeddingServer, type MockServerOptions } from '../test/support/mock-embedding-server';

async function main() {
  const opts = JSON.parse(process.argv[2]) as MockServerOptions;
  const mock = await startMockEmbeddingServer(opts);
  const stats = http.createServer((_req, res) => {
    const body = JSON.stringify({ serviceMs: mock.serviceMs, requests: mock.requests.length });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', () => resolve()));
  const port = (stats.address() as { port: number }).port;
  process.stdout.write(JSON.stringify({ url: mock.url, stats: `http://127.0.0.1:${port}/` }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => void mock.close().then(() => process.exit(0)));
}

void main();
