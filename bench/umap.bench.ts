// UMAP stage bench: kNN, fuzzy graph, spectral start and the 5-d and 2-d layouts on the 15,038 × 128 reference
// embeddings, plus synthetic 384-d scale points. Each case runs in its own child process so its peak RSS (VmHWM) is
// its own. Prints medians (wall and CPU seconds) and writes JSON.
//
//   node out/bench/umap.bench.js [--runs 3] [--scale 20000,100000] [--out bench-umap.json] [--no-reference]
//
// Wall time on a shared machine is noisy, so each case also reports a calibration loop's ns/iteration (about 1.6 on
// this machine when idle): compare runs at similar calibration.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Matrix } from '../src/pipeline/types';
import { nearestNeighbors } from '../src/pipeline/knn';
import {
  buildFuzzyGraph, connectedComponents, findAbParams, optimizeLayout, pruneGraph, spectralStart, defaultEpochs,
} from '../src/pipeline/umap/index';
import { mulberry32, gaussian } from '../src/pipeline/random';
import { median } from './common';

const REF = path.resolve(process.cwd(), '../shared/reference/sotu-bertopic');

interface Timed { wall: number; cpu: number }
type CaseResult = Record<string, unknown> & { stages: Record<string, Timed[]> };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1048576;
}

function calibrate(): number {
  const t = process.cpuUsage();
  let s = 0;
  for (let i = 0; i < 2e8; i++) s += i * 0.5;
  if (s < 0) console.log(s);
  return (process.cpuUsage(t).user * 1000) / 2e8;
}

async function timed<T>(stages: Record<string, Timed[]>, name: string, f: () => T | Promise<T>): Promise<T> {
  const w = performance.now(), c = process.cpuUsage();
  const r = await f();
  const cpu = process.cpuUsage(c);
  (stages[name] ??= []).push({ wall: (performance.now() - w) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
  return r;
}

async function runUmap(X: Matrix, runs: number, out: CaseResult): Promise<{ y5: Matrix; y2: Matrix; knn: ReturnType<typeof nearestNeighbors> }> {
  let last: { y5: Matrix; y2: Matrix; knn: ReturnType<typeof nearestNeighbors> } | undefined;
  for (let r = 0; r < runs; r++) {
    const s = out.stages;
    const knn = await timed(s, 'knn', () => nearestNeighbors(X, 15, { seed: 42, metric: 'cosine' }));
    const graph = await timed(s, 'fuzzyGraph', () => buildFuzzyGraph(knn, X.rows));
    const { a, b } = findAbParams(1, 0);
    const nEpochs = defaultEpochs(X.rows);
    const pruned = pruneGraph(graph, nEpochs);
    const components = connectedComponents(pruned).count;
    // as umapFitMany: a connected graph's 5-d eigenvectors also start the 2-d layout; components are placed per dim
    const [initial, initial2] = await timed(s, 'spectral', async () => {
      const i5 = await spectralStart(pruned, 5, 42, undefined, X);
      return [i5, components === 1 ? i5 : await spectralStart(pruned, 2, 42, undefined, X)];
    });
    const y5 = await timed(s, 'layout5d', () => optimizeLayout(graph, { nComponents: 5, seed: 42, a, b, nEpochs, initial }));
    const y2 = await timed(s, 'layout2d', () => optimizeLayout(graph, { nComponents: 2, seed: 42, a, b, nEpochs, initial: initial2 }));
    (s.total ??= []).push(['knn', 'fuzzyGraph', 'spectral', 'layout5d', 'layout2d'].reduce(
      (acc, k) => ({ wall: acc.wall + s[k][r].wall, cpu: acc.cpu + s[k][r].cpu }), { wall: 0, cpu: 0 }));
    out.spectral = initial ? `spectral (${components} connected component(s))` : 'random (the eigensolver failed)';
    out.edges = graph.vals.length;
    last = { y5, y2, knn };
  }
  return last as { y5: Matrix; y2: Matrix; knn: ReturnType<typeof nearestNeighbors> };
}

function sqd(X: Matrix, i: number, j: number): number {
  let s = 0;
  for (let d = 0; d < X.dim; d++) {
    const e = X.data[i * X.dim + d] - X.data[j * X.dim + d];
    s += e * e;
  }
  return s;
}

/** Sampled rows' squared distances to every row of X, raw and sorted (native sort), for recall and ranks. */
function exactDistances(X: Matrix, sample: number[]): { raw: Float32Array; sorted: Float32Array }[] {
  return sample.map((i) => {
    const raw = new Float32Array(X.rows);
    for (let j = 0; j < X.rows; j++) raw[j] = sqd(X, i, j);
    return { raw, sorted: raw.slice().sort() };
  });
}

/** The k nearest rows to row i of Y (excluding i), by insertion into a short sorted list. */
function topK(Y: Matrix, i: number, k: number): number[] {
  const best: number[] = [], bestD: number[] = [];
  for (let j = 0; j < Y.rows; j++) {
    if (j === i) continue;
    const d = sqd(Y, i, j);
    if (best.length === k && d >= bestD[k - 1]) continue;
    let p = Math.min(best.length, k - 1);
    if (best.length < k) {
      best.push(j);
      bestD.push(d);
      p = best.length - 1;
    }
    while (p > 0 && bestD[p - 1] > d) {
      best[p] = best[p - 1];
      bestD[p] = bestD[p - 1];
      p--;
    }
    best[p] = j;
    bestD[p] = d;
  }
  return best;
}

/** Rank of row j among row i's distances (0 = the point itself), ties counted as the lowest rank. */
function rankOf(e: { raw: Float32Array; sorted: Float32Array }, j: number): number {
  const v = e.raw[j];
  let lo = 0, hi = e.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (e.sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Trustworthiness at k (Venna & Kaski) of embedding Y on sampled rows, ranks taken from the original space. */
function trustworthiness(Y: Matrix, sample: number[], exact: { raw: Float32Array; sorted: Float32Array }[], k: number): number {
  const n = Y.rows;
  let penalty = 0;
  sample.forEach((i, s) => {
    for (const j of topK(Y, i, k)) {
      const r = rankOf(exact[s], j);
      if (r > k) penalty += r - k;
    }
  });
  const m = sample.length;
  return 1 - (2 / (m * k * (2 * n - 3 * k - 1))) * penalty;
}

/** Share of the 15 nearest neighbours in Y that are also among the 15 nearest in Z, on sampled rows. */
function neighbourAgreement(Y: Matrix, Z: Matrix, sample: number[]): number {
  let hit = 0;
  for (const i of sample) {
    const a = new Set(topK(Z, i, 15));
    for (const j of topK(Y, i, 15)) if (a.has(j)) hit++;
  }
  return hit / (sample.length * 15);
}

function synthetic(n: number, dim: number, clusters: number, seed: number): Matrix {
  const g = gaussian(mulberry32(seed));
  const centres = Float32Array.from({ length: clusters * dim }, () => g());
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor((i * clusters) / n);
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const v = centres[c * dim + d] + 0.35 * g();
      data[i * dim + d] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) data[i * dim + d] /= norm;
  }
  return { data, rows: n, dim };
}

async function runCase(name: string, runs: number): Promise<CaseResult> {
  const out: CaseResult = { case: name, stages: {}, calibrationNsPerIter: calibrate() };
  if (name === 'reference') {
    const buf = fs.readFileSync(path.join(REF, 'embeddings.f32'));
    const X: Matrix = { data: new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4), rows: buf.byteLength / 512, dim: 128 };
    const { y5, y2, knn } = await runUmap(X, runs, out);
    out.peakRssMb = peakRssMb();
    const step = Math.floor(X.rows / 500);
    const sample = Array.from({ length: 500 }, (_, s) => s * step);
    const exact = exactDistances(X, sample);
    let hit = 0;
    sample.forEach((i, s) => {
      // ties at the 15th distance count as hits, as any of them is a correct 15th neighbour
      const cut = exact[s].sorted[14];
      for (let j = 0; j < 15; j++) if (exact[s].raw[knn.indices[i * 15 + j]] <= cut) hit++;
    });
    out.knnRecall = hit / (sample.length * 15);
    const rb = fs.readFileSync(path.join(REF, 'umap5d.f32'));
    const ref5: Matrix = { data: new Float32Array(rb.buffer, rb.byteOffset, rb.byteLength / 4), rows: X.rows, dim: 5 };
    out.trustworthiness15 = {
      ours5d: trustworthiness(y5, sample, exact, 15),
      ours2d: trustworthiness(y2, sample, exact, 15),
      umapLearn5d: trustworthiness(ref5, sample, exact, 15),
    };
    out.neighbourAgreementWithUmapLearn5d = neighbourAgreement(y5, ref5, sample);
  } else {
    const n = Number(name.split(':')[1]);
    const X = synthetic(n, 384, 50, 7);
    await runUmap(X, runs, out);
    out.peakRssMb = peakRssMb();
  }
  return out;
}

async function main(): Promise<void> {
  const one = arg('--case');
  const runs = Number(arg('--runs') ?? 3);
  if (one) {
    process.stdout.write(JSON.stringify(await runCase(one, runs)) + '\n');
    return;
  }
  const cases: string[] = [];
  if (!process.argv.includes('--no-reference')) {
    if (fs.existsSync(path.join(REF, 'embeddings.f32'))) cases.push('reference');
    else console.log(`skipping the reference case: ${REF} is absent`);
  }
  for (const n of (arg('--scale') ?? '20000').split(',').filter(Boolean)) cases.push(`synthetic:${n}`);
  const results: CaseResult[] = [];
  for (const c of cases) {
    const caseRuns = c.startsWith('synthetic:') && Number(c.split(':')[1]) >= 50000 ? 1 : runs;
    const stdout = execFileSync(process.execPath, ['--max-old-space-size=4096', __filename, '--case', c, '--runs', String(caseRuns)], {
      encoding: 'utf8', maxBuffer: 1 << 26,
    });
    const r = JSON.parse(stdout.trim().split('\n').pop() as string) as CaseResult;
    results.push(r);
    console.log(`\n${c}: ${caseRuns} run(s), peak RSS ${(r.peakRssMb as number).toFixed(0)} MB, calibration ${(r.calibrationNsPerIter as number).toFixed(2)} ns/iter`);
    for (const [stage, ts] of Object.entries(r.stages)) {
      console.log(`  ${stage.padEnd(11)} median wall ${median(ts.map((t) => t.wall)).toFixed(2)} s, cpu ${median(ts.map((t) => t.cpu)).toFixed(2)} s`);
    }
    for (const k of ['spectral', 'edges', 'knnRecall', 'trustworthiness15', 'neighbourAgreementWithUmapLearn5d']) if (r[k] !== undefined) console.log(`  ${k}: ${JSON.stringify(r[k])}`);
  }
  const file = arg('--out') ?? 'bench-umap.json';
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 1));
  console.log(`\nwrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
