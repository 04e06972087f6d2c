// The embedding stage: chunk texts → one L2-normalised vector per chunk. Backend 'transformers' runs a sentence
// embedding model (cached per chunk on disk); 'static' looks tokens up in a model2vec table (static.ts); 'endpoint'
// asks an inference server (endpoint.ts); 'lsa' is built in and offline; 'auto' uses the transformer model when it can
// be loaded and otherwise falls back to LSA, saying so in a one-line notice.
import path from 'node:path';
import type { Matrix, PipelineSettings } from '../types';
import { isCancelled, throwIfAborted } from '../errors';
import { embedLsaAsync, LSA_MODEL } from './lsa';
import { EmbeddingCache } from './cache';
import { embedThroughCache } from './through-cache';
import { embedWithServer } from './endpoint';
import { embedStatic } from './static';
import { embedTexts, loadModel, normalizeRemoteHost, type LoadedModel } from './transformers';
import { count } from '../../words';

export interface EmbedContext {
  cacheDir?: string;
  /** For the endpoint backend; from the environment or VS Code's SecretStorage, never from settings. */
  apiKey?: string;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, etaSeconds?: number) => void;
  onLog?: (line: string) => void;
}

export interface EmbedResult {
  matrix: Matrix;
  backend: 'transformers' | 'lsa' | 'static' | 'endpoint';
  model: string;
  dim: number;
  /** What pins the weights, when known (a server's model_sha, a static model's content hash). */
  revision?: string;
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
  if (settings.backend === 'endpoint') return await embedWithServer(chunks, settings, ctx, VECTOR_FORMAT);
  if (settings.backend === 'static') return await embedStatic(chunks, settings, ctx);
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
  const cache = ctx.cacheDir
    ? new EmbeddingCache(ctx.cacheDir, ['transformers', model.label, settings.dtype, model.fingerprint, VECTOR_FORMAT])
    : undefined;
  const r = await embedThroughCache(chunks, cache, ctx, async (texts, sink) => {
    await embedTexts(model, texts, {
      batchSize: settings.batchSize,
      signal: ctx.signal,
      onProgress: (done, _total, eta) => sink.onProgress(done, eta),
      onBatch: (idx, got) => sink.onBatch(idx, got),
    });
  }, 8 * settings.batchSize);
  return { matrix: r.matrix, backend: 'transformers', model: model.label, dim: r.dim, cacheHits: r.cacheHits };
}
