// Granularity sweep bench (issue 15 goal: the whole sweep on the 15,038-chunk reference under 5 s on 2 cores): wall
// time of the clustering and describing halves, peak RSS, and the option table, on BERTopic's own 5-d layout of the
// reference and on a 100k-chunk case (5-d layout shaped like UMAP output; texts = the reference paragraphs repeated).
// Each case is a fresh process so peak RSS is its own.
// Usage: npm run bench:sweep [-- --runs N] [-- --scale 100000 | none] [-- --table]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sweepGranularity } from '../src/pipeline/granularity';
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

/** n points in 5-d: 200 Gaussian blobs of varied spread and size, plus 25% uniform background. */
function syntheticLayout(n: number, seed = 42): Matrix {
  const rng = mulberry32(seed);
  const g = gaussian(rng);
  const k = 200;
  const centres = Float64Array.from({ length: k * 5 }, () => rng() * 20);
  const spread = Float64Array.from({ length: k }, () => 0.1 + rng() * 0.5);
  const data = new Float32Array(n * 5);
  for (let i = 0; i < n; i++) {
    if (rng() < 0.25) {
      for (let d = 0; d < 5; d++) data[i * 5 + d] = rng() * 20;
      continue;
    }
    const c = Math.floor(Math.pow(rng(), 1.5) * k);
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
    X = syntheticLayout(n);
    docs = Array.from({ length: n }, (_, i) => texts[i % texts.length]);
  }
  const t0 = performance.now();
  const r = sweepGranularity(X, docs, { ngramRange: [1, 2], minDf: 2 });
  const wall = (performance.now() - t0) / 1000;
  if (table) {
    for (const o of r.options) {
      process.stderr.write(`${String(o.minClusterSize).padStart(5)} ${String(o.minSamples).padStart(3)} ${o.method.padEnd(4)} topics ${String(o.topics).padStart(4)}  outliers ${(o.outlierShare * 100).toFixed(1).padStart(5)}%  largest ${(o.largestShare * 100).toFixed(1).padStart(5)}%  NPMI ${o.npmi.toFixed(4)}  div ${o.diversity.toFixed(4)}\n`);
    }
    process.stderr.write(`auto → ${JSON.stringify(r.options[r.auto])}\n`);
  }
  return { case: kind, n: X.rows, options: r.options.length, wall, cluster: r.seconds.cluster, describe: r.seconds.describe, peakRssMb: peakRssMb(), auto: r.options[r.auto] };
}

const [mode, kind, nArg] = process.argv.slice(2);
if (mode === 'case') {
  process.stdout.write(JSON.stringify(runCase(kind, Number(nArg), process.argv.includes('--table'))) + '\n');
} else {
  if (!fs.existsSync(path.join(REF, 'paragraphs.json'))) {
    console.log(`reference data (${REF}) not found: run from the repo root next to ../shared`);
    process.exit(process.env.CI === 'true' ? 1 : 0);
  }
  const runs = Number(opt('runs', '3'));
  const scale = opt('scale', '100000').split(',').filter((x) => x && x !== 'none').map(Number);
  const table = process.argv.includes('--table');
  const cases = [{ kind: 'reference', n: 0, runs }, ...scale.map((n) => ({ kind: 'synthetic', n, runs: 1 }))];
  for (const c of cases) {
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < c.runs; i++) {
      const argv = [__filename, 'case', c.kind, String(c.n), ...(table && i === 0 ? ['--table'] : [])];
      const r = spawnSync(process.execPath, ['--max-old-space-size=6144', ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`sweep case ${c.kind} failed`);
      rows.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
    }
    const med = (k: string) => median(rows.map((r) => r[k] as number));
    console.log(`${c.kind} ${rows[0].n} chunks, ${rows[0].options} options, ${c.runs} runs: sweep ${med('wall').toFixed(2)} s ` +
      `(cluster ${med('cluster').toFixed(2)} s, describe ${med('describe').toFixed(2)} s), peak RSS ${med('peakRssMb').toFixed(0)} MB; auto ${JSON.stringify(rows[0].auto)}`);
  }
}
