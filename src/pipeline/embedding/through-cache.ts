// What every corpus-independent backend (transformers, static, endpoint) does around its own embedding: look the
// chunks up in the on-disk cache, embed each distinct missing text once, append new vectors as they come (so a
// cancelled, crashed or killed run keeps what it paid for), and assemble the matrix in chunk order.
import type { Matrix } from '../types';
import { PipelineError } from '../errors';
import type { EmbeddingCache } from './cache';
import type { EmbedContext } from './index';

export interface BatchSink {
  /** Vectors of the missing texts at these indices (into the texts handed to the embedder), as they arrive. */
  onBatch(indices: readonly number[], vectors: readonly Float32Array[]): void;
  /** Missing texts embedded so far, and seconds left when known. */
  onProgress(done: number, etaSeconds?: number): void;
}

/** Embeds `texts`; `knownDim` is the size of the cached vectors, when there are any, for a backend to check against. */
export type MissingEmbedder = (texts: string[], sink: BatchSink, knownDim: number | undefined) => Promise<void>;

export interface ThroughCacheResult {
  matrix: Matrix;
  dim: number;
  cacheHits: number;
}

export async function embedThroughCache(
  chunks: ReadonlyArray<{ text: string; textHash: string }>,
  cache: EmbeddingCache | undefined,
  ctx: EmbedContext,
  embedMissing: MissingEmbedder,
  /** Vectors held before one append; 0 appends every batch (a server's batches are worth more than a write). */
  flushEvery: number,
): Promise<ThroughCacheResult> {
  const n = chunks.length;
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
    let pending: Array<{ textHash: string; vector: Float32Array }> = [];
    const flush = () => {
      cache?.append(pending);
      pending = [];
    };
    try {
      await embedMissing(hashes.map((h) => todo.get(h) ?? ''), {
        onBatch: (idx, got) => {
          idx.forEach((i, r) => {
            vectors.set(hashes[i], got[r]);
            pending.push({ textHash: hashes[i], vector: got[r] });
          });
          if (pending.length >= flushEvery) flush();
        },
        onProgress: (done, eta) => ctx.onProgress?.(Math.min(n, cacheHits + done), n, eta),
      }, dims.size === 1 ? [...dims][0] : undefined);
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
  return { matrix: { data, rows: n, dim }, dim, cacheHits };
}
