// The whole topic model, stage by stage: read → chunk → embed → reduce (UMAP 5-d + 2-d map) → cluster (HDBSCAN) →
// describe (c-TF-IDF). The extension's worker, the CLI and the tests all call runTopicModel; nothing here knows which.
import { readCorpus } from './corpus';
import { maxFileBytes } from './settings';
import { chunkSources } from './chunking';
import { corpusFingerprint } from './fingerprint';
import { embedChunks } from './embedding';
import { nearestNeighborsAsync } from './knn';
import { planLayouts, runLayoutPlan } from './umap';
import { startLayout } from './umap/layout-thread';
import { clusterLayout, countOutliers, describeLabels } from './topics-from-layout';
import { regranulate, type LayoutInput } from './regranulate';
import { shortHash, sha256Hex } from './hash';
import { CancelledError, PipelineError, throwIfAborted } from './errors';
import { TOOL_VERSION } from './version';
import type {
  Chunk, Matrix, MergedRecord, PipelineSettings, ProgressEvent, RunControl, RunMeta, RunResult, SkippedFile, SourceFile,
  SourceWarning, StageName, StageTiming,
} from './types';
import { count } from '../words';

export type RunInput =
  | { kind: 'folder'; root: string; ignore?: string[] }
  | { kind: 'precomputed'; texts: Array<{ text: string; file?: string }>; embeddings: Matrix }
  /** A finished run's saved layout, clustered with another granularity (regranulate.ts). */
  | LayoutInput;

export interface RunOptions extends RunControl {
  /** Where embeddings and downloaded models are cached (never inside the analysed folder's committed files). */
  cacheDir?: string;
  /**
   * Path of dist/layout-worker.js: the 2-d map is then laid out in a worker thread, in parallel with clustering and
   * describing. Without it the map is laid out afterwards, in this thread; the result is the same.
   */
  layoutWorker?: string;
  /** The embedding server's API key (backend endpoint): from the environment or SecretStorage, never a setting. */
  embeddingApiKey?: string;
  /** Sweep the granularity options in every run (the extension shows them), not only for 'auto' or a collapsed map. */
  sweep?: boolean;
}

/**
 * Lets a cancel that arrived during synchronous work (clustering, describing) land before the next stage: two turns
 * of the event loop, because a message that came in while this thread was busy is read in the poll phase, which a
 * single setImmediate can skip.
 */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfAborted(signal);
}

/** Fewer chunks than this cannot form even one topic: the run stops with a message instead of a meaningless map. */
export function minimumChunks(settings: PipelineSettings): number {
  const m = settings.hdbscan.minClusterSize;
  return m === 'auto' ? 5 : Math.max(m, 5);
}

export async function runTopicModel(input: RunInput, settings: PipelineSettings, ctl: RunOptions = {}): Promise<RunResult> {
  try {
    return input.kind === 'layout' ? await regranulate(input, settings, ctl) : await run(input, settings, ctl);
  } catch (e) {
    // Whatever a stage threw while being cancelled (an AbortError from fs, a half-done batch), the caller sees one
    // thing: the run was cancelled.
    if (ctl.signal?.aborted && !(e instanceof CancelledError)) throw new CancelledError();
    throw e;
  }
}

async function run(input: Exclude<RunInput, LayoutInput>, settings: PipelineSettings, ctl: RunOptions): Promise<RunResult> {
  const { signal } = ctl;
  const timings: StageTiming[] = [];
  const log = ctl.onLog ?? (() => undefined);
  const progress = (e: ProgressEvent) => ctl.onProgress?.(e);
  let stageStart = performance.now();
  const endStage = (stage: StageName) => {
    const seconds = (performance.now() - stageStart) / 1000;
    timings.push({ stage, seconds });
    log(`${stage}: ${seconds.toFixed(2)} s`);
    stageStart = performance.now();
    throwIfAborted(signal);
  };

  // read + chunk
  let chunks: Chunk[];
  let sources: SourceFile[];
  let skipped: SkippedFile[] = [];
  const warnings: SourceWarning[] = [];
  let merged: MergedRecord[] = [];
  let given: Matrix | undefined;
  if (input.kind === 'folder') {
    progress({ stage: 'read', message: 'Reading transcripts' });
    const corpus = await readCorpus(input.root, { include: settings.include, exclude: settings.exclude, ignore: input.ignore, csvColumns: settings.csvColumns, maxFileBytes: maxFileBytes(settings), signal, onLog: log });
    skipped = corpus.skipped;
    merged = corpus.merged;
    for (const s of skipped) log(`skipped ${s.path}: ${s.reason}`);
    for (const m of merged) log(`merged ${m.file}:${m.lines[0]}–${m.lines[1]} into ${m.kept} (same ${m.by === 'doi' ? 'DOI' : 'title and year'})`);
    for (const src of corpus.sources) {
      for (const w of src.warnings) {
        log(`${src.file.path}: ${w}`);
        warnings.push(sourceWarning(src.file.path, w));
      }
    }
    sources = corpus.sources.map((s) => s.file);
    endStage('read');
    progress({ stage: 'chunk', message: `Chunking ${count(sources.length, 'file')}` });
    chunks = chunkSources(corpus.sources, { maxTokens: settings.chunkTokens });
    endStage('chunk');
    if (sources.length === 0) {
      throw new PipelineError(`No readable transcripts in ${input.root}` + (skipped.length ? ` (${count(skipped.length, 'file')} skipped; see the log)` : '') + '. Supported: .txt, .md, .vtt, .srt, Whisper .json, and bibliographic exports (.ris, .bib, .nbib, .csv/.tsv, WoS .txt, CSL-JSON/OpenAlex .json and .jsonl).');
    }
  } else {
    ({ chunks, sources } = chunksFromTexts(input.texts));
    given = input.embeddings;
    if (given.rows !== chunks.length) throw new PipelineError(`${given.rows} embeddings for ${chunks.length} texts: they must be aligned row by row.`);
  }
  const need = minimumChunks(settings);
  if (chunks.length < need) {
    throw new PipelineError(`Too little text: ${count(chunks.length, 'chunk')} from ${count(sources.length, 'file')}; topic modelling needs at least ${need} (the minimum topic size${settings.hdbscan.minClusterSize === 'auto' ? '; 5 is the smallest `auto` tries' : ''}). Add transcripts or lower the minimum topic size.`);
  }
  const texts = chunks.map((c) => c.text);

  // embed
  let embedding: RunMeta['embedding'];
  let X: Matrix;
  let cacheHits: number | undefined;
  const notices: string[] = [];
  if (given) {
    X = given;
    embedding = { backend: 'precomputed', model: 'precomputed', dim: given.dim };
  } else {
    progress({ stage: 'embed', message: `Embedding ${count(chunks.length, 'chunk')}`, done: 0, total: chunks.length });
    const e = await embedChunks(chunks, settings.embedding, {
      cacheDir: ctl.cacheDir, seed: settings.seed, signal, onLog: log, apiKey: ctl.embeddingApiKey,
      onProgress: (done, total, etaSeconds) => progress({ stage: 'embed', message: `Embedding ${done}/${count(total, 'chunk')}`, done, total, etaSeconds }),
    });
    if (e.notice) {
      log(e.notice);
      notices.push(e.notice);
    }
    X = e.matrix;
    cacheHits = e.cacheHits;
    embedding = { backend: e.backend, model: e.model, dim: e.dim, ...(e.revision ? { revision: e.revision } : {}) };
    log(`embedding: ${e.backend} ${e.model}${e.revision ? ` @ ${e.revision}` : ''}, ${e.dim} dims, ${e.cacheHits}/${chunks.length} from cache`);
  }
  endStage('embed');

  // reduce: one kNN graph serves the 5-d clustering layout and the 2-d map
  const u = settings.umap;
  progress({ stage: 'reduce', message: 'Reducing dimensions (nearest neighbours)' });
  // The async kNN yields between rounds, so a cancel during the (longest) neighbour search lands within a second.
  const knn = await nearestNeighborsAsync(X, Math.min(u.nNeighbors, chunks.length - 1), { seed: settings.seed, metric: 'cosine', signal });
  const umapProgress = (stage: StageName, label: string) => (message: string, done?: number, total?: number) =>
    progress({ stage, message: `${label}: ${message}`, done, total });
  // One fuzzy graph and one spectral start serve both layouts; the 2-d map is laid out in a worker thread (when the
  // caller names its script) while this thread lays out 5-d, clusters and describes.
  const [plan5, plan2] = await planLayouts(
    X, { nNeighbors: u.nNeighbors, nComponents: u.nComponents, minDist: u.minDist, seed: settings.seed, nEpochs: u.nEpochs, metric: 'cosine', signal, knn, onProgress: umapProgress('reduce', 'Reducing dimensions') },
    [u.nComponents, { nComponents: 2, minDist: 0.1 }],
  );
  const map = startLayout(plan2, { script: ctl.layoutWorker, signal, onLog: log });
  log(`map layout: ${map.where === 'thread' ? 'in a worker thread, alongside clustering' : 'after describing'}`);
  try {
    return await clusterDescribeMap();
  } finally {
    // On success the thread has already ended; on an error or cancel it must not outlive the run.
    map.cancel();
  }

  async function clusterDescribeMap(): Promise<RunResult> {
    const X5 = await runLayoutPlan(plan5, { signal, onProgress: umapProgress('reduce', 'Reducing dimensions') });
    endStage('reduce');

    // cluster
    progress({ stage: 'cluster', message: 'Clustering' });
    const clustered = clusterLayout(X5, texts, X, settings, { signal, log, sweep: ctl.sweep });
    const labels = clustered.labels;
    endStage('cluster');
    await checkpoint(signal);

    // describe
    progress({ stage: 'describe', message: 'Describing topics' });
    const { topics, quality } = describeLabels(texts, chunks, labels, X, clustered.settings);
    endStage('describe');
    await checkpoint(signal);

    // the map
    progress({ stage: 'layout', message: 'Laying out the map' });
    const X2 = await map.result(umapProgress('layout', 'Map layout'));
    endStage('layout');
    await checkpoint(signal);

    const outliers = countOutliers(labels);
    progress({ stage: 'done', message: `${count(topics.length, 'topic')}, ${count(outliers, 'outlier')}` });
    return {
      topics,
      assignments: labels,
      probabilities: clustered.probabilities,
      coords2d: X2.data,
      layout: X5.data,
      chunks,
      sources,
      skipped,
      ...(merged.length ? { merged } : {}),
      timings,
      quality,
      notices,
      ...(clustered.granularity ? { granularity: clustered.granularity } : {}),
      ...(warnings.length ? { warnings } : {}),
      meta: {
        toolVersion: TOOL_VERSION,
        embedding,
        settings: clustered.settings,
        corpusFingerprint: given ? fingerprintTexts(texts) : corpusFingerprint(sources),
        cacheHits,
        refinements: clustered.refinements,
      },
    };
  }
}

/** Precomputed input (BERTopic's fit_transform(docs, embeddings)): each text is one chunk; `file` groups them. */
function chunksFromTexts(texts: Array<{ text: string; file?: string }>): { chunks: Chunk[]; sources: SourceFile[] } {
  const perFile = new Map<string, number>();
  const chunks: Chunk[] = texts.map((t, i) => {
    const source = t.file ?? `text-${i}`;
    const index = perFile.get(source) ?? 0;
    perFile.set(source, index + 1);
    const textHash = shortHash(t.text);
    return { id: `${shortHash(source).slice(0, 8)}-${index}-${textHash.slice(0, 8)}`, source, index, text: t.text, textHash, lineStart: 1, lineEnd: 1 };
  });
  // Texts grouped by source in one pass: filtering all chunks per source was quadratic when no text names a file.
  const textsOf = new Map<string, string[]>();
  for (const c of chunks) {
    const list = textsOf.get(c.source);
    if (list) list.push(c.text);
    else textsOf.set(c.source, [c.text]);
  }
  const sources: SourceFile[] = [...perFile.keys()].sort().map((p) => ({
    path: p, format: 'txt', bytes: 0, contentHash: sha256Hex(textsOf.get(p)!.join('\n')),
  }));
  return { chunks, sources };
}

function fingerprintTexts(texts: string[]): string {
  return sha256Hex(texts.map((t) => shortHash(t)).join('\n'));
}


/** A reader's warning sentence as a located problem: "line 12: …" gives the line; "… and 42 more …" the count. */
export function sourceWarning(path: string, w: string): SourceWarning {
  const line = /^line (\d+):\s*/.exec(w);
  const more = /^… and (\d+) more\b/.exec(w);
  return { path, ...(line ? { line: Number(line[1]) } : {}), message: line ? w.slice(line[0].length) : w, ...(more ? { more: Number(more[1]) } : {}) };
}
