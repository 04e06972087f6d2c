// Granularity sweep bench (issue 15 goal: the whole sweep on the 15,038-chunk reference under 5 s on 2 cores): wall
// time of the clustering and describing halves, peak RSS, and the option table, on BERTopic's own 5-d layout of the
// reference and on a 100k-chunk case (5-d layout shaped like UMAP output; texts = the reference paragraphs repeated).
// Each case is a fresh process so peak RSS is its own.
// Also what applying one option from the panel costs on the reference (the worker's path, files to result).
// Usage: npm run bench:sweep [-- --runs N] [-- --scale 100000 | none] [-- --table]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { sweepGranularity } from '../src/pipeline/granularity';
import { runTopicModel } from '../src/pipeline/orchestrator';
import { saveRunLayout } from '../src/pipeline/run-layout';
import { resolveSettings } from '../src/pipeline/settings';
import { gaussian, mulberry32 } from '../src/pipeline/random';
import type { Matrix } from '../src/pipeline/types';
import { median, option as opt } from './common';

const REF = path.resolve(process.cwd(), '..', 'shared', 'reference', 'sotu-bertopic');
const FIX = path.resolve(process.cwd(), 'test', 'fixtures', 'sotu');

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

function readLayout(): Matrix {
  const file = fs.existsSync(path.join(REF, 'umap5d.f32')) ? path.join(REF, 'umap5d.f32') : path.join(FIX, 'umap5d.f32');
  const buf = fs.readFileSync(file);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return { data, rows: data.length / 5, dim: 5 };
}

function readTexts(): string[] {
  return (JSON.parse(fs.readFileSync(path.join(REF, 'paragraphs.json'), 'utf8')).paragraphs as Array<{ text: string }>).map((p) => p.text);
}

/**
 * n points in 5-d: 200 Gaussian blobs of varied spread and size, plus 25% uniform background; `blob` gets each point's
 * blob (−1 for the background), so texts can follow the layout as real chunks do.
 */
function syntheticLayout(n: number, blob: Int32Array, seed = 42): Matrix {
  const rng = mulberry32(seed);
  const g = gaussian(rng);
  const k = 200;
  const centres = Float64Array.from({ length: k * 5 }, () => rng() * 20);
  const spread = Float64Array.from({ length: k }, () => 0.1 + rng() * 0.5);
  const data = new Float32Array(n * 5);
  for (let i = 0; i < n; i++) {
    if (rng() < 0.25) {
      for (let d = 0; d < 5; d++) data[i * 5 + d] = rng() * 20;
      blob[i] = -1;
      continue;
    }
    const c = Math.floor(Math.pow(rng(), 1.5) * k);
    blob[i] = c;
    for (let d = 0; d < 5; d++) data[i * 5 + d] = centres[c * 5 + d] + spread[c] * g();
  }
  return { data, rows: n, dim: 5 };
}

function runCase(kind: string, n: number, table: boolean): Record<string, unknown> {
  const texts = readTexts();
  let X: Matrix;
  let docs: string[];
  if (kind === 'reference') {
    X = readLayout();
    docs = texts;
  } else {
    // Texts follow the layout: blob c takes paragraphs of BERTopic's topic c mod 95 on the reference, the background
    // takes its outliers, each group's paragraphs in turn.
    const blob = new Int32Array(n);
    X = syntheticLayout(n, blob);
    const topics = (JSON.parse(fs.readFileSync(path.join(REF, 'assignments.json'), 'utf8')) as { topics: number[] }).topics;
    const groups = new Map<number, string[]>();
    topics.forEach((t, i) => groups.set(t, [...(groups.get(t) ?? []), texts[i]]));
    const K = Math.max(...topics) + 1;
    const next = new Map<number, number>();
    docs = Array.from(blob, (b) => {
      const g = b < 0 ? -1 : b % K;
      const list = groups.get(g)!;
      const j = next.get(g) ?? 0;
      next.set(g, j + 1);
      return list[j % list.length];
    });
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = sweepGranularity(X, docs, { ngramRange: [1, 2], minDf: 2 });
  const wall = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  // CPU time too: on a machine shared with other jobs the wall time mostly measures the others.
  const cpu = (c1.user + c1.system) / 1e6;
  if (table) {
    for (const o of r.options) {
      process.stderr.write(`${String(o.minClusterSize).padStart(5)} ${String(o.minSamples).padStart(3)} ${o.method.padEnd(4)} topics ${String(o.topics).padStart(4)}  outliers ${(o.outlierShare * 100).toFixed(1).padStart(5)}%  largest ${(o.largestShare * 100).toFixed(1).padStart(5)}%  NPMI ${o.npmi.toFixed(4)}  div ${o.diversity.toFixed(4)}\n`);
    }
    process.stderr.write(`auto → ${JSON.stringify(r.options[r.auto])}\n`);
  }
  return { case: kind, n: X.rows, options: r.options.length, wall, cpu, cluster: r.seconds.cluster, describe: r.seconds.describe, peakRssMb: peakRssMb(), auto: r.options[r.auto] };
}

/**
 * What the panel's "Apply" costs on the reference: a saved run (artifact JSON + layout) re-clustered with another
 * option and described exactly, as the worker does it (runTopicModel on a layout input), from files to result.
 */
async function applyCase(): Promise<Record<string, unknown>> {
  const X = readLayout();
  const texts = readTexts();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-apply-bench-'));
  try {
    const chunks = texts.map((text, i) => ({ id: `c${i}`, source: `s${i % 233}`, index: i, lineStart: 1, lineEnd: 1, text }));
    fs.writeFileSync(path.join(dir, 'artifact.json'), JSON.stringify({ corpusFingerprint: 'bench', chunks, coords2d: new Array(2 * X.rows).fill(0) }));
    const option = { minClusterSize: 15, minSamples: 15, method: 'eom' as const };
    const swept = sweepGranularity(X, texts, { ngramRange: [1, 2], minDf: 2 });
    await saveRunLayout(dir, X.data, { rows: X.rows, dim: 5, corpusFingerprint: 'bench', applied: option, granularity: { options: swept.options, auto: swept.auto, collapsed: false, topics: 0, largestShare: 0 } });
    const pick = swept.options[swept.auto];
    const input = { kind: 'layout' as const, dir, artifactFile: path.join(dir, 'artifact.json'), sources: [], embedding: { backend: 'precomputed' as const, model: 'bench', dim: 128 }, option: pick };
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await runTopicModel(input, resolveSettings({}));
    const c1 = process.cpuUsage(c0);
    return { case: 'apply', n: X.rows, options: 1, wall: (performance.now() - t0) / 1000, cpu: (c1.user + c1.system) / 1e6, topics: r.topics.length, peakRssMb: peakRssMb() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, kind, nArg] = process.argv.slice(2);
if (mode === 'case' && kind === 'apply') {
  void applyCase().then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
} else if (mode === 'case') {
  process.stdout.write(JSON.stringify(runCase(kind, Number(nArg), process.argv.includes('--table'))) + '\n');
} else {
  if (!fs.existsSync(path.join(REF, 'paragraphs.json'))) {
    console.log(`reference data (${REF}) not found: run from the repo root next to ../shared`);
    process.exit(process.env.CI === 'true' ? 1 : 0);
  }
  const runs = Number(opt('runs', '3'));
  const scale = opt('scale', '100000').split(',').filter((x) => x && x !== 'none').map(Number);
  const table = process.argv.includes('--table');
  const cases = [{ kind: 'reference', n: 0, runs }, { kind: 'apply', n: 0, runs }, ...scale.map((n) => ({ kind: 'synthetic', n, runs: 1 }))];
  for (const c of cases) {
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < c.runs; i++) {
      const argv = [__filename, 'case', c.kind, String(c.n), ...(table && i === 0 ? ['--table'] : [])];
      const r = spawnSync(process.execPath, ['--max-old-space-size=6144', ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`sweep case ${c.kind} failed`);
      rows.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
    }
    const med = (k: string) => median(rows.map((r) => r[k] as number));
    if (c.kind === 'apply') {
      console.log(`apply one option to the saved reference run (worker path, files to described result): ${med('wall').toFixed(2)} s wall, ${med('cpu').toFixed(2)} s CPU, ${rows[0].topics} topics, peak RSS ${med('peakRssMb').toFixed(0)} MB`);
      continue;
    }
    console.log(`${c.kind} ${rows[0].n} chunks, ${rows[0].options} options, ${c.runs} runs: sweep ${med('wall').toFixed(2)} s wall, ${med('cpu').toFixed(2)} s CPU ` +
      `(cluster ${med('cluster').toFixed(2)} s, describe ${med('describe').toFixed(2)} s), peak RSS ${med('peakRssMb').toFixed(0)} MB; auto ${JSON.stringify(rows[0].auto)}`);
  }
}
