// Backend 'static': model2vec embeddings (model2vec.ts) — no neural network at run time, so a laptop maps a corpus in
// seconds rather than minutes, with coarser topics (README, docs/scale.md). The model is a local folder (an absolute
// path) or a hub id downloaded once into the cache folder; vectors are cached like the built-in embedder's.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { PipelineSettings } from '../types';
import { PipelineError, throwIfAborted } from '../errors';
import { EmbeddingCache } from './cache';
import { CharEta } from './eta';
import { DEFAULT_HUB, hubModelFiles } from './hub-files';
import { loadStaticModel, MODEL2VEC_FILES, type StaticModel } from './model2vec';
import { embedThroughCache } from './through-cache';
import { normalizeRemoteHost } from './transformers';
import type { EmbedContext, EmbedResult } from './index';

export const DEFAULT_STATIC_MODEL = 'minishlab/potion-base-8M';
// Texts per progress step (and cache append): static embedding runs thousands of chunks a second.
const STEP = 256;

let loaded: { key: string; model: StaticModel } | undefined;

async function resolveModel(settings: PipelineSettings['embedding'], ctx: EmbedContext): Promise<{ dir: string; label: string }> {
  const name = settings.staticModel || DEFAULT_STATIC_MODEL;
  if (path.isAbsolute(name)) {
    if (!fs.existsSync(path.join(name, 'model.safetensors'))) {
      throw new PipelineError(`No model2vec model in ${name} (model.safetensors is missing): a model2vec folder holds ${MODEL2VEC_FILES.join(', ')}.`);
    }
    return { dir: name, label: name };
  }
  const modelsDir = path.join(ctx.cacheDir ?? path.join(os.tmpdir(), 'literature-map'), 'models');
  const remoteHost = settings.remoteHost ? normalizeRemoteHost(settings.remoteHost) : DEFAULT_HUB;
  const dir = await hubModelFiles(name, MODEL2VEC_FILES, { remoteHost, modelsDir, signal: ctx.signal, onLog: ctx.onLog });
  return { dir, label: name };
}

async function load(dir: string): Promise<StaticModel> {
  const st = fs.statSync(path.join(dir, 'model.safetensors'));
  const key = `${dir}|${st.size}|${st.mtimeMs}`;
  if (loaded?.key !== key) loaded = { key, model: await loadStaticModel(dir) };
  return loaded.model;
}

export async function embedStatic(
  chunks: ReadonlyArray<{ text: string; textHash: string }>,
  settings: PipelineSettings['embedding'],
  ctx: EmbedContext,
): Promise<EmbedResult> {
  const { dir, label } = await resolveModel(settings, ctx);
  const model = await load(dir);
  const cache = ctx.cacheDir ? new EmbeddingCache(ctx.cacheDir, ['static', label, model.revision, 'model2vec-mean-l2-v1']) : undefined;
  const r = await embedThroughCache(chunks, cache, ctx, async (texts, sink) => {
    const eta = new CharEta(texts);
    for (let b = 0; b < texts.length; b += STEP) {
      throwIfAborted(ctx.signal);
      const idx: number[] = [];
      const vs: Float32Array[] = [];
      for (let i = b; i < Math.min(texts.length, b + STEP); i++) {
        const v = model.encode(texts[i]);
        // The pipeline's vectors are unit length; a model whose config does not normalise keeps its directions.
        if (!model.normalize) normalise(v);
        idx.push(i);
        vs.push(v);
        eta.add(texts[i]);
      }
      sink.onBatch(idx, vs);
      sink.onProgress(b + idx.length, eta.seconds());
      // Let a cancel (and the worker's messages) through between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }, 4 * STEP);
  return { matrix: r.matrix, backend: 'static', model: label, dim: r.dim, cacheHits: r.cacheHits, revision: `sha256:${model.revision}` };
}

function normalise(v: Float32Array): void {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let k = 0; k < v.length; k++) v[k] /= n;
}
