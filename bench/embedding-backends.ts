// Throughput of the static and endpoint embedding backends for `npm run bench:embedding` (section c).
//  static: the model2vec backend on a generated model shaped like minishlab/potion-base-8M (256 dimensions, a
//    vocabulary of the corpus's words — ~29.5k tokens in the real one; the cost is tokenising and one row look-up per
//    token, so random rows cost what real ones do), every chunk embedded afresh (no cache), median of runs.
//  endpoint: the endpoint backend (embedChunks: /info, then the client's requests, then the matrix) against a loopback TEI
//    stand-in in its own process that takes a fixed time per request and serves at most `capacity` requests at once,
//    at concurrency 1/2/4/8. The server's own time is the ideal makespan: ceil(requests / min(concurrency, capacity))
//    × its mean service time per request; the wall overhead is wall time over that, minus 1; the client's CPU per request
//    over the server's time per request is the overhead where the client has a core to itself (EndpointRow).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { embedChunks } from '../src/pipeline/embedding';
import { resolveSettings } from '../src/pipeline/settings';
import { writeTinyModel2Vec } from '../test/support/tiny-model2vec';
import { median } from './common';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export interface StaticFigures {
  chunks: number;
  dim: number;
  vocabSize: number;
  runs: number;
  seconds: number;
  chunksPerSecond: number;
  /** Chunks per second of CPU time: what one free core does, whatever else the shared machine runs. */
  chunksPerCpuSecond: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export async function staticThroughput(dir: string, words: readonly string[], texts: readonly string[], runs: number): Promise<StaticFigures> {
  const model = writeTinyModel2Vec(dir, { dim: 256, words: words.slice(0, 29_500) });
  const settings = resolveSettings({ embedding: { backend: 'static', staticModel: dir } }).embedding;
  const chunks = texts.map((text, i) => ({ text, textHash: `s${i}` }));
  await embedChunks(chunks.slice(0, 32), settings, { seed: 42 }); // load + warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now(), c0 = cpuSeconds();
    await embedChunks(chunks, settings, { seed: 42 });
    times.push((performance.now() - t0) / 1000);
    cpu.push(cpuSeconds() - c0);
  }
  const seconds = median(times);
  return {
    chunks: texts.length, dim: model.dim, vocabSize: model.vocab.length, runs, seconds: r3(seconds),
    chunksPerSecond: Math.round(texts.length / seconds), chunksPerCpuSecond: Math.round(texts.length / median(cpu)),
  };
}

export interface EndpointRow {
  concurrency: number;
  requests: number;
  seconds: number;
  chunksPerSecond: number;
  /** The server's own time for these requests at this concurrency (see above). */
  serverSeconds: number;
  overhead: number;
  /**
   * The client's CPU per request (sending, reading and parsing the answer, normalising, the matrix) and its share of
   * the server's time per request. Requests in flight overlap one another's client work, so while one thread keeps up
   * (concurrency × this < the server's time) this share is what the client adds to each request's cycle: the
   * overhead on a machine where the client has a core to itself, which the wall figure shows only when it is quiet.
   */
  clientMsPerRequest: number;
  clientShare: number;
}

async function startServer(opts: Record<string, unknown>): Promise<{ child: ChildProcess; url: string; stats: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'mock-server-process.js'), JSON.stringify(opts)], { stdio: ['pipe', 'pipe', 'inherit'] });
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    const j = JSON.parse(line) as { url: string; stats: string };
    return { child, ...j };
  }
  throw new Error('mock server did not start');
}

export async function endpointThroughput(texts: readonly string[], o: { latencyMs: number; capacity: number; dim: number; batchSize: number; concurrencies: number[] }): Promise<EndpointRow[]> {
  const server = await startServer({ shape: 'tei', latencyMs: o.latencyMs, capacity: o.capacity, dim: o.dim, maxBatch: o.batchSize });
  const rows: EndpointRow[] = [];
  try {
    for (const concurrency of o.concurrencies) {
      const settings = resolveSettings({ embedding: { backend: 'endpoint', endpointUrl: server.url, concurrency, batchSize: o.batchSize } }).embedding;
      const before = ((await (await fetch(server.stats)).json()) as { serviceMs: number[] }).serviceMs.length;
      // Each run its own texts (a suffix), as a real run's chunks are all distinct; no cache folder, so all are sent.
      const mine = texts.map((t) => `${t} [c${concurrency}]`);
      const t0 = performance.now(), c0 = cpuSeconds();
      const r = await embedChunks(mine.map((text, i) => ({ text, textHash: `c${concurrency}-${i}` })), settings, { seed: 42 });
      const seconds = (performance.now() - t0) / 1000;
      const clientCpu = cpuSeconds() - c0;
      if (r.matrix.rows !== mine.length || r.dim !== o.dim) throw new Error(`endpoint bench: ${r.matrix.rows} × ${r.dim}`);
      const service = ((await (await fetch(server.stats)).json()) as { serviceMs: number[] }).serviceMs.slice(before);
      const mean = service.reduce((a, b) => a + b, 0) / service.length / 1000;
      const serverSeconds = Math.ceil(service.length / Math.min(concurrency, o.capacity)) * mean;
      rows.push({
        concurrency, requests: service.length, seconds: r3(seconds), chunksPerSecond: Math.round(mine.length / seconds),
        serverSeconds: r3(serverSeconds), overhead: r3(seconds / serverSeconds - 1),
        clientMsPerRequest: r3((clientCpu * 1000) / service.length), clientShare: r3(clientCpu / (mean * service.length)),
      });
      console.log(`  endpoint, concurrency ${concurrency}: ${seconds.toFixed(2)} s for ${mine.length} chunks in ${service.length} requests (server's own time ${serverSeconds.toFixed(2)} s, client CPU ${clientCpu.toFixed(2)} s)`);
    }
  } finally {
    server.child.stdin?.end();
  }
  return rows;
}
