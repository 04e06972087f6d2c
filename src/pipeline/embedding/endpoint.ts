// Backend 'endpoint': chunk vectors from an inference server (see endpoint-client.ts), cached per served model like
// the built-in embedder's, so a run killed half-way resumes where it stopped. Every answered batch is appended to the
// cache at once: a server's batch costs far more than a write, and a resumed run then asks for no chunk twice.
import type { PipelineSettings } from '../types';
import { EmbeddingCache } from './cache';
import { describeEndpoint, embedWithEndpoint, type EndpointOptions } from './endpoint-client';
import { embedThroughCache } from './through-cache';
import type { EmbedContext, EmbedResult } from './index';
import { PipelineError } from '../errors';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export async function embedWithServer(
  chunks: ReadonlyArray<{ text: string; textHash: string }>,
  settings: PipelineSettings['embedding'],
  ctx: EmbedContext,
  format: string,
): Promise<EmbedResult> {
  if (!settings.endpointUrl) {
    throw new PipelineError('The endpoint embedding backend needs the server\'s URL: --endpoint URL, or the setting embedding.endpoint.url.');
  }
  const opts: EndpointOptions = {
    url: settings.endpointUrl,
    model: settings.endpointModel || undefined,
    apiKey: ctx.apiKey,
    concurrency: Math.max(1, Math.floor(settings.concurrency ?? DEFAULT_CONCURRENCY)),
    timeoutMs: Math.max(1, settings.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    batchSize: settings.batchSize,
    signal: ctx.signal,
    onLog: ctx.onLog,
  };
  const info = await describeEndpoint(opts);
  ctx.onLog?.(`embedding endpoint: ${info.label} (${info.api}), model ${info.modelId}${info.modelSha ? ` @ ${info.modelSha}` : ''}` +
    `, ${opts.concurrency} requests in flight, batches of ≤ ${Math.min(opts.batchSize, info.maxBatch ?? Infinity)}`);
  // Keyed by what made the vectors: the model and its revision when the server tells it, else where it is served.
  const where = info.modelSha ?? new URL(info.embedUrl).origin;
  const cache = ctx.cacheDir ? new EmbeddingCache(ctx.cacheDir, ['endpoint', info.api, info.modelId, where, format]) : undefined;
  const r = await embedThroughCache(chunks, cache, ctx, (texts, sink, knownDim) =>
    embedWithEndpoint(info, texts, { ...opts, sink, expectDim: knownDim }), 0);
  return {
    matrix: r.matrix, backend: 'endpoint', model: info.modelId, dim: r.dim, cacheHits: r.cacheHits,
    ...(info.modelSha ? { revision: info.modelSha } : {}),
  };
}
