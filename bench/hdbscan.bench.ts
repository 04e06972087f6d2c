// Micro-bench for HDBSCAN (issue 7 goal: ≤ 0.6 s on the 15,038 × 5 reference). Prints, per stage, the median wall
// and CPU time of several runs in this process (warm JIT, like a long-lived worker), plus a synthetic 5-d scale series.
// Usage: npm run build && node out/bench/hdbscan.bench.js [--runs N] [--scale 50000,100000 | --scale '']
import fs from 'node:fs';
import path from 'node:path';
import { buildKdTree } from '../src/pipeline/hdbscan/kdtree';
import { kNearest } from '../src/pipeline/hdbscan/core-distances';
import { boruvkaMst } from '../src/pipeline/hdbscan/mst';
import { singleLinkage } from '../src/pipeline/hdbscan/linkage';
import { condenseTree } from '../src/pipeline/hdbscan/condense';
import { selectClusters } from '../src/pipeline/hdbscan/select';
import { gloshScores } from '../src/pipeline/hdbscan/glosh';
import { hdbscan, renumberBySize } from '../src/pipeline/hdbscan';
import { adjustedRandIndex } from '../src/pipeline/ari';
import { gaussian, mulberry32 } from '../src/pipeline/random';
import type { Matrix } from '../src/pipeline/types';
import { median, option as opt } from './common';

const runs = Number(opt('runs', '7'));
const scale = opt('scale', '50000,100000').split(',').filter(Boolean).map(Number);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function stages(X: Matrix, minClusterSize: number): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  let w = performance.now(), c = cpuMs();
  const lap = (name: string) => {
    const w2 = performance.now(), c2 = cpuMs();
    out[name] = [w2 - w, c2 - c];
    w = w2;
    c = c2;
  };
  const t = buildKdTree(X.data, X.rows, X.dim); lap('kd-tree');
  const nb = kNearest(t, minClusterSize + 1); lap('core distances');
  const m = boruvkaMst(t, nb, minClusterSize); lap('MST');
  const s = singleLinkage(X.rows, m.a, m.b, m.w); lap('single linkage');
  const ct = condenseTree(s, minClusterSize); lap('condense');
  selectClusters(ct, { method: 'eom', epsilon: 0, allowSingleCluster: false }); lap('select');
  gloshScores(ct); lap('GLOSH');
  return out;
}

function report(label: string, X: Matrix, minClusterSize: number, n: number) {
  const per: Record<string, Array<[number, number]>> = {};
  const total: Array<[number, number]> = [];
  let evals = 0;
  for (let r = 0; r < n; r++) {
    const w = performance.now(), c = cpuMs();
    const res = hdbscan(X, { minClusterSize });
    total.push([performance.now() - w, cpuMs() - c]);
    evals = res.stats.distanceEvaluations;
    for (const [k, v] of Object.entries(stages(X, minClusterSize))) (per[k] ??= []).push(v);
  }
  console.log(`\n${label}: ${X.rows} × ${X.dim}, min_cluster_size ${minClusterSize}, ${n} runs, ${evals} distance evaluations (n²/2 = ${(X.rows * X.rows) / 2})`);
  console.log(`  ${'stage'.padEnd(16)} ${'wall ms'.padStart(9)} ${'cpu ms'.padStart(9)}`);
  for (const [k, v] of Object.entries(per)) {
    console.log(`  ${k.padEnd(16)} ${median(v.map((x) => x[0])).toFixed(1).padStart(9)} ${median(v.map((x) => x[1])).toFixed(1).padStart(9)}`);
  }
  console.log(`  ${'hdbscan() total'.padEnd(16)} ${median(total.map((x) => x[0])).toFixed(1).padStart(9)} ${median(total.map((x) => x[1])).toFixed(1).padStart(9)}  (min wall ${Math.min(...total.map((x) => x[0])).toFixed(1)})`);
}

const fix = path.resolve(process.cwd(), 'test/fixtures/sotu');
if (fs.existsSync(path.join(fix, 'umap5d.f32'))) {
  const buf = fs.readFileSync(path.join(fix, 'umap5d.f32'));
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const X = { data, rows: data.length / 5, dim: 5 };
  report('SOTU reference (UMAP 5-d)', X, 15, runs);
  const exact = JSON.parse(fs.readFileSync(path.join(fix, 'assignments-exact-mst.json'), 'utf8')).topics as number[];
  const bertopic = JSON.parse(fs.readFileSync(path.join(fix, 'assignments.json'), 'utf8')).topics as number[];
  const labels = renumberBySize(hdbscan(X, { minClusterSize: 15 }).labels);
  console.log(`  ARI vs hdbscan exact MST ${adjustedRandIndex(labels, exact).toFixed(4)}, vs BERTopic ${adjustedRandIndex(labels, bertopic).toFixed(4)}`);
} else {
  console.log('reference fixture absent: run from the repo root');
}

for (const n of scale) {
  // Clustered 5-d data shaped like UMAP output: 60 Gaussian blobs of varied spread plus 30% uniform background.
  const rng = mulberry32(n), g = gaussian(mulberry32(n + 1));
  const data = new Float32Array(n * 5);
  const centres = Array.from({ length: 60 }, () => Array.from({ length: 5 }, () => rng() * 20));
  for (let i = 0; i < n; i++) {
    if (rng() < 0.3) for (let d = 0; d < 5; d++) data[i * 5 + d] = rng() * 20;
    else {
      const c = centres[Math.floor(rng() * 60)], sd = 0.2 + (c[0] / 20) * 0.6;
      for (let d = 0; d < 5; d++) data[i * 5 + d] = c[d] + sd * g();
    }
  }
  report('synthetic', { data, rows: n, dim: 5 }, 15, Math.max(1, Math.min(3, runs)));
}
