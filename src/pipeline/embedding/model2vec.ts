// Static embeddings in the model2vec format (minishlab/potion-base-8M and siblings): a folder with model.safetensors
// (one "embeddings" row per token), tokenizer.json and config.json. A text's vector is what model2vec's
// StaticModel.encode computes: tokenize without special tokens, drop the unknown token, keep the first 512 tokens
// (after cutting the text to 512 × the median token length in characters, as it does), average the rows, and
// L2-normalise when config.json says "normalize": true (a text with no known token stays the zero vector).
// Tokenization is transformers.js's (the same tokenizer.json pipeline the built-in embedder runs), loaded on first use
// as the built-in embedder loads it: importing it loads onnxruntime-node's native binary too, so where that is missing
// (an npm install that dropped the optional dependency) static embeddings fail with one line saying so.
import fs from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors';
import { sha256Hex } from '../hash';
import { readSafetensors } from './safetensors';
import { describeRuntimeError, transformersLibrary } from './transformers';

/** model2vec's StaticModel.encode default. */
export const MAX_TOKENS = 512;
export const MODEL2VEC_FILES = ['config.json', 'tokenizer.json', 'model.safetensors'] as const;

export interface StaticModel {
  dim: number;
  normalize: boolean;
  /** sha256 of model.safetensors (first 16 hex digits): pins the weights in the run record and the cache key. */
  revision: string;
  encode(text: string): Float32Array;
}

interface Tokenizer {
  encode(text: string, opts: { add_special_tokens: boolean }): number[];
  model: { unk_token_id?: number; vocab: ArrayLike<string> | Map<string, number> };
}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new PipelineError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e}); a model2vec folder holds ${MODEL2VEC_FILES.join(', ')}.`);
  }
  try {
    const j = JSON.parse(text) as unknown;
    if (j && typeof j === 'object' && !Array.isArray(j)) return j as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new PipelineError(`${file}: not a JSON object (an interrupted download?).`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function loadStaticModel(dir: string): Promise<StaticModel> {
  const config = readJson(path.join(dir, 'config.json'));
  const tokenizerJson = readJson(path.join(dir, 'tokenizer.json'));
  const weightsFile = path.join(dir, 'model.safetensors');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(weightsFile);
  } catch (e) {
    throw new PipelineError(`${weightsFile}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e}); a model2vec folder holds ${MODEL2VEC_FILES.join(', ')}.`);
  }
  const tensors = readSafetensors(bytes, weightsFile);
  const emb = tensors.get('embeddings');
  if (!emb || emb.shape.length !== 2) throw new PipelineError(`${weightsFile}: no 2-d "embeddings" tensor; is this a model2vec model?`);
  // Newer model2vec models may merge token rows (a "mapping") or weight tokens ("weights"); reading them as plain
  // rows would give wrong vectors without a word, so they are refused until supported.
  for (const extra of ['mapping', 'weights']) {
    if (tensors.has(extra)) throw new PipelineError(`${weightsFile}: holds a "${extra}" tensor (model2vec's vocabulary quantisation or token weights), which this reader does not support; use a model with plain embeddings such as minishlab/potion-base-8M.`);
  }
  const [rows, dim] = emb.shape;
  const table = emb.data instanceof Float32Array ? emb.data : Float32Array.from(emb.data);

  let PreTrainedTokenizer: typeof import('./transformers-lib').PreTrainedTokenizer;
  try {
    PreTrainedTokenizer = (await transformersLibrary()).tf.PreTrainedTokenizer;
  } catch (e) {
    throw new PipelineError(`Static embeddings need transformers.js's tokenizer, which did not load: ${describeRuntimeError(e)}`);
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new PreTrainedTokenizer(tokenizerJson, {}) as unknown as Tokenizer;
  } catch (e) {
    throw new PipelineError(`${path.join(dir, 'tokenizer.json')}: not a tokenizer transformers.js can read (${e instanceof Error ? e.message.split('\n')[0] : e}).`);
  }
  const vocab = tokenizer.model.vocab;
  const tokens: string[] = vocab instanceof Map ? [...vocab.keys()] : Array.from(vocab as ArrayLike<string>);
  if (tokens.length > rows) throw new PipelineError(`${weightsFile}: ${rows} embedding rows for a vocabulary of ${tokens.length} tokens.`);
  // As model2vec: the median length of the vocabulary's tokens bounds how much text is tokenized at all.
  const maxChars = MAX_TOKENS * Math.floor(median(tokens.map((t) => Array.from(t ?? '').length)));
  const unk = tokenizer.model.unk_token_id;
  const normalize = config.normalize === true;

  return {
    dim, normalize,
    revision: sha256Hex(bytes).slice(0, 16),
    encode(text: string): Float32Array {
      let t = text;
      if (t.length > maxChars) {
        const cps = Array.from(t);
        if (cps.length > maxChars) t = cps.slice(0, maxChars).join('');
      }
      const ids = tokenizer.encode(t, { add_special_tokens: false }).filter((id) => id !== unk).slice(0, MAX_TOKENS);
      const out = new Float32Array(dim);
      if (ids.length === 0) return out;
      const acc = new Float64Array(dim);
      for (const id of ids) {
        if (id < 0 || id >= rows) throw new PipelineError(`${weightsFile}: the tokenizer produced token ${id}, beyond the ${rows} embedding rows.`);
        const off = id * dim;
        for (let k = 0; k < dim; k++) acc[k] += table[off + k];
      }
      let norm = 0;
      for (let k = 0; k < dim; k++) {
        acc[k] /= ids.length;
        norm += acc[k] * acc[k];
      }
      const scale = normalize ? 1 / (Math.sqrt(norm) + 1e-32) : 1;
      for (let k = 0; k < dim; k++) out[k] = acc[k] * scale;
      return out;
    },
  };
}
