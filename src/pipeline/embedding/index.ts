// The embedding stage: chunk texts → one L2-normalised vector per chunk. Backend 'transformers' runs a sentence
// embedding model (cached per chunk on disk); 'lsa' is built in and offline; 'auto' uses the model when it can be
// loaded and otherwise falls back to LSA, saying so in a one-line notice.
import path from 'node:path';
import type { Matrix, PipelineSettings } from '../types';
import { PipelineError, isCancelled, throwIfAborted } from '../errors';
import { embedLsaAsync, LSA_MODEL } from './lsa';
import { EmbeddingCache } from './cache';
import { embedTexts, loadModel, normalizeRemoteHost, type LoadedModel } from './transformers';
import { count } from '../../words';

export interface EmbedContext {
  cacheDir?: string;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, etaSeconds?: number) => void;
  onLog?: (line: string) => void;
}

export interface EmbedResult {
  matrix: Matrix;
  backend: 'transformers' | 'lsa';
  model: string;
  dim: number;
  cacheHits: number;
  notice?: string;
}

// With q8 (dynamic int8) models ONNX Runtime picks one activation scale per batch tensor, so a chunk's vector moves
// slightly (cos > 0.99) with its batch-mates and padding. A cached vector is therefore what the chunk got in an earlier
// batch; reusing it is the point of the cache. fp32 vectors are batch-independent and bit-identical across runs.
// Bump when pooling, normalisation or truncation change: old cached vectors then stop matching.
const VECTOR_FORMAT = 'mean-l2-v1';

export async function embedChunks(
  chunks: Array<{ text: string; textHash: string }>,
  settings: PipelineSettings['embedding'],
  ctx: EmbedContext,
): Promise<EmbedResult> {
  throwIfAborted(ctx.signal);
  if (settings.backend === 'lsa') return await lsa(chunks, ctx);
  // A malformed mirror is a settings mistake, not a missing network: report it even in 'auto'.
  if (settings.remoteHost) normalizeRemoteHost(settings.remoteHost);

  let model: LoadedModel;
  try {
    model = await loadModel(
      {
        model: settings.model,
        localModelPath: settings.localModelPath || undefined,
        remoteHost: settings.remoteHost || undefined,
        threads: settings.threads,
        dtype: settings.dtype,
        modelCacheDir: ctx.cacheDir ? path.join(ctx.cacheDir, 'models') : undefined,
      },
      { signal: ctx.signal, onLog: ctx.onLog },
    );
  } catch (e) {
    if (isCancelled(e) || settings.backend === 'transformers') throw e;
    const reason = e instanceof Error ? e.message : String(e);
    const result = await lsa(chunks, ctx);
    result.notice = `Transformer embeddings unavailable, used the built-in LSA embedding instead. ${reason}`.replace(/\s*\n\s*/g, ' ');
    return result;
  }
  return transformers(chunks, settings, model, ctx);
}

async function lsa(chunks: Array<{ text: string }>, ctx: EmbedContext): Promise<EmbedResult> {
  const started = performance.now();
  const n = chunks.length;
  ctx.onProgress?.(0, n);
  const matrix = await embedLsaAsync(chunks.map((c) => c.text), { seed: ctx.seed }, {
    signal: ctx.signal,
    onProgress: (f) => {
      const elapsed = (performance.now() - started) / 1000;
      ctx.onProgress?.(Math.floor(f * n), n, f > 0 ? (elapsed * (1 - f)) / f : undefined);
    },
  });
  ctx.onProgress?.(chunks.length, chunks.length, 0);
  ctx.onLog?.(`embedding: LSA of ${count(chunks.length, 'chunk')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { matrix, backend: 'lsa', model: LSA_MODEL, dim: matrix.dim, cacheHits: 0 };
}

async function transformers(
  chunks: Array<{ text: string; textHash: string }>,
  settings: PipelineSettings['embedding'],
  model: LoadedModel,
  ctx: EmbedContext,
): Promise<EmbedResult> {
  const n = chunks.length;
  const cache = ctx.cacheDir
    ? new EmbeddingCache(ctx.cacheDir, ['transformers', model.label, settings.dtype, model.fingerprint, VECTOR_FORMAT])
    : undefined;
  const vectors = new Map<string, Float32Array>();
  if (cache) {
    const { found, stats } = cache.lookup(chunks.map((c) => c.textHash));
    for (const [h, v] of found) vectors.set(h, v);
    if (stats.badBytes > 0) ctx.onLog?.(`embedding cache: skipped ${stats.badBytes} damaged bytes in ${cache.logFile}`);
  }
  // Vectors of one cache must share a dimension; a stray record of another size is treated as a miss.
  const dims = new Set([...vectors.values()].map((v) => v.length));
  if (dims.size > 1) vectors.clear();

  // Each distinct text is embedded once, even when several chunks share it.
  const todo = new Map<string, string>();
  for (const c of chunks) if (!vectors.has(c.textHash) && !todo.has(c.textHash)) todo.set(c.textHash, c.text);
  const cacheHits = chunks.filter((c) => vectors.has(c.textHash)).length;
  ctx.onProgress?.(cacheHits, n);

  if (todo.size > 0) {
    const hashes = [...todo.keys()];
    // Appended every few batches, so a cancelled or crashed run keeps what it paid for.
    let pending: Array<{ textHash: string; vector: Float32Array }> = [];
    const flush = () => {
      cache?.append(pending);
      pending = [];
    };
    try {
      await embedTexts(model, hashes.map((h) => todo.get(h) ?? ''), {
        batchSize: settings.batchSize,
        signal: ctx.signal,
        onProgress: (done, _total, eta) => ctx.onProgress?.(Math.min(n, cacheHits + done), n, eta),
        onBatch: (idx, got) => {
          idx.forEach((i, r) => {
            vectors.set(hashes[i], got[r]);
            pending.push({ textHash: hashes[i], vector: got[r] });
          });
          if (pending.length >= 8 * settings.batchSize) flush();
        },
      });
    } finally {
      flush();
    }
  }

  const dim = vectors.values().next().value?.length ?? 0;
  const data = new Float32Array(n * dim);
  chunks.forEach((c, i) => {
    const v = vectors.get(c.textHash);
    if (!v || v.length !== dim) throw new PipelineError(`Embedding of chunk ${i} is missing or has the wrong size.`);
    data.set(v, i * dim);
  });
  ctx.onProgress?.(n, n, 0);
  return { matrix: { data, rows: n, dim }, backend: 'transformers', model: model.label, dim, cacheHits };
}
