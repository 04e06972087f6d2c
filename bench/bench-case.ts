// One benchmark case in its own process, so its peak RSS (VmHWM) is its own. Prints one JSON line.
// Usage: node out/bench/bench-case.js reference [seed] | map [seed] | knn-recall | synthetic <n> [dim]
//   reference: each stage timed on its own (kNN, 5-d UMAP, HDBSCAN, describe, 2-d UMAP) plus quality
//   map: the whole pipeline as the CLI and the extension run it (runTopicModel on the reference embeddings, the 2-d
//        map in its worker thread): wall time and peak RSS of a real run
//   knn-recall: NN-descent's recall against brute force on the reference
import fs from 'node:fs';
import path from 'node:path';
import { nearestNeighbors } from '../src/pipeline/knn';
import { planLayouts, runLayoutPlan } from '../src/pipeline/umap';
import { hdbscan, renumberBySize } from '../src/pipeline/hdbscan';
import { describeTopics } from '../src/pipeline/representation';
import { npmiCoherence, topicDiversity } from '../src/pipeline/scoring';
import { adjustedRandIndex } from '../src/pipeline/ari';
import { mulberry32, gaussian } from '../src/pipeline/random';
import { runTopicModel } from '../src/pipeline/orchestrator';
import { resolveSettings } from '../src/pipeline/settings';
import { readF32, readParagraphs } from '../src/cli/io';
import type { Matrix } from '../src/pipeline/types';

const REF = path.resolve(process.cwd(), '..', 'shared', 'reference', 'sotu-bertopic');

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

/** n unit vectors around `k` random centres: clusters with known labels, like sentence embeddings of k subjects. */
function synthetic(n: number, dim: number, k: number, seed: number): { X: Matrix; truth: Int32Array } {
  const g = gaussian(mulberry32(seed));
  const centres = new Float32Array(k * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = g();
  const data = new Float32Array(n * dim);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth[i] = c;
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const v = centres[c * dim + j] + 0.9 * g();
      data[i * dim + j] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < dim; j++) data[i * dim + j] /= norm;
  }
  return { X: { data, rows: n, dim }, truth };
}

const secs = (t0: number) => (performance.now() - t0) / 1000;

function readReference(): { X: Matrix; texts: string[]; paragraphs: Array<{ text: string; file?: string }>; truth: number[] } {
  // The CLI's own reader, so the map case runs exactly what `map --texts` runs (each text with its file).
  const paragraphs = readParagraphs(path.join(REF, 'paragraphs.json'));
  return {
    X: readF32(path.join(REF, 'embeddings.f32'), 128),
    texts: paragraphs.map((p) => p.text),
    paragraphs,
    truth: (JSON.parse(fs.readFileSync(path.join(REF, 'assignments.json'), 'utf8')) as { topics: number[] }).topics,
  };
}

/** The whole pipeline, as `literature-map map --texts … --embeddings … --min-topic-size 15` runs it. */
async function mapCase(seed: number): Promise<Record<string, unknown>> {
  const { X, paragraphs } = readReference();
  const layoutWorker = path.resolve(process.cwd(), 'dist', 'layout-worker.js');
  if (!fs.existsSync(layoutWorker)) throw new Error(`${layoutWorker} is missing: run npm run build first`);
  const settings = resolveSettings({ seed, hdbscan: { minClusterSize: 15 } });
  const t0 = performance.now();
  const r = await runTopicModel({ kind: 'precomputed', texts: paragraphs.map((t) => ({ text: t.text, file: t.file })), embeddings: X }, settings, { layoutWorker });
  const wall = secs(t0);
  const stage = Object.fromEntries(r.timings.map((t) => [t.stage, t.seconds]));
  return {
    case: 'map', seed, mapWall: wall, mapReduce: stage.reduce, mapCluster: stage.cluster, mapDescribe: stage.describe, mapLayoutWait: stage.layout,
    topics: r.topics.length, npmi: r.quality.npmi, diversity: r.quality.diversity, outlierShare: r.quality.outlierShare, peakRssMb: peakRssMb(),
  };
}

/** Recall of the NN-descent graph against brute force (the same metric and k as UMAP's). */
function recallCase(): Record<string, unknown> {
  const { X } = readReference();
  let t0 = performance.now();
  const approx = nearestNeighbors(X, 15, { seed: 42, metric: 'cosine' });
  const knn = secs(t0);
  t0 = performance.now();
  const exact = nearestNeighbors(X, 15, { seed: 42, metric: 'cosine', exactBelow: Infinity });
  const bruteForce = secs(t0);
  let hit = 0;
  for (let i = 0; i < X.rows; i++) {
    const want = new Set(exact.indices.subarray(i * 15, i * 15 + 15));
    for (let j = 0; j < 15; j++) if (want.has(approx.indices[i * 15 + j])) hit++;
  }
  return { case: 'knn-recall', knn, bruteForce, recall: hit / (15 * X.rows) };
}

async function main() {
  const [kind, nArg, dimArg] = process.argv.slice(2);
  if (kind === 'map') return void process.stdout.write(JSON.stringify(await mapCase(Number(nArg ?? 42))) + '\n');
  if (kind === 'knn-recall') return void process.stdout.write(JSON.stringify(recallCase()) + '\n');
  const seed = kind === 'reference' && nArg ? Number(nArg) : 42;
  const out: Record<string, unknown> = { case: kind, seed };
  let X: Matrix;
  let texts: string[] | undefined;
  let truth: ArrayLike<number> | undefined;
  let minClusterSize = 15;
  if (kind === 'reference') {
    ({ X, texts, truth } = readReference());
  } else {
    const n = Number(nArg), dim = Number(dimArg ?? 384);
    const s = synthetic(n, dim, 50, seed);
    X = s.X;
    truth = s.truth;
    minClusterSize = Math.max(15, Math.round(n / 500));
  }
  out.n = X.rows;
  out.dim = X.dim;

  let t0 = performance.now();
  const knn = nearestNeighbors(X, 15, { seed, metric: 'cosine' });
  out.knn = secs(t0);
  t0 = performance.now();
  // As the pipeline does it: one graph and spectral start for both layouts, then the 5-d SGD.
  const [plan5, plan2] = await planLayouts(X, { nNeighbors: 15, nComponents: 5, minDist: 0, seed, metric: 'cosine', knn }, [5, { nComponents: 2, minDist: 0.1 }]);
  const X5 = await runLayoutPlan(plan5);
  out.umap5 = secs(t0);
  t0 = performance.now();
  const h = hdbscan(X5, { minClusterSize });
  const labels = renumberBySize(h.labels);
  out.hdbscan = secs(t0);
  let outliers = 0;
  for (const l of labels) if (l < 0) outliers++;
  out.outlierShare = outliers / labels.length;
  // Not Math.max(...labels): spreading 200k labels as arguments overflows the call stack.
  let top = -1;
  for (const l of labels) if (l > top) top = l;
  out.topics = top + 1;
  out.ari = adjustedRandIndex(labels, truth);
  if (texts) {
    t0 = performance.now();
    const d = describeTopics(texts, labels, { ngramRange: [1, 2], minDf: 2, topN: 25, representativeCount: 3, seed });
    out.describe = secs(t0);
    const words = d.topics.map((t) => t.keywords.map((k) => k.word));
    t0 = performance.now();
    out.diversity = topicDiversity(words, 25);
    out.npmi = npmiCoherence(texts, words, { topK: 10, ngramRange: [1, 2] }).overall;
    out.score = secs(t0);
  }
  t0 = performance.now();
  // The map's own SGD: the pipeline runs it in a worker thread alongside clustering and describing.
  await runLayoutPlan(plan2);
  out.umap2 = secs(t0);
  out.reduceClusterDescribe = (out.knn as number) + (out.umap5 as number) + (out.hdbscan as number) + ((out.describe as number) ?? 0);
  out.peakRssMb = peakRssMb();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
