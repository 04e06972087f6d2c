// Writes a tiny model in the model2vec format — model.safetensors ("embeddings": one row per token), tokenizer.json
// (BERT-style WordPiece with [CLS]/[SEP] post-processing, so add_special_tokens matters) and config.json — with
// deterministic pseudo-random rows. Whole words only, no subword pieces: a word outside the vocabulary becomes [UNK],
// which model2vec drops, so a test can compute a text's vector by hand from the word list.
import fs from 'node:fs';
import path from 'node:path';

export const TINY_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
export const TINY_WORDS = (
  'the of and to in is it that for on war peace nation people government congress law union states president money ' +
  'bank tax budget trade market price music song band film code data model network computer program . , ; ! ?'
).split(' ');

export interface TinyModel2Vec {
  vocab: string[];
  /** Row-major [vocab × dim]. */
  table: Float32Array;
  dim: number;
}

export function safetensorsBytes(tensors: Record<string, { dtype: string; shape: number[]; data: Uint8Array }>, extraHeader: Record<string, unknown> = {}): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' }, ...extraHeader };
  let off = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + t.data.length] };
    off += t.data.length;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8) json += ' ';
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, Buffer.from(json), ...Object.values(tensors).map((t) => Buffer.from(t.data))]);
}

export function writeTinyModel2Vec(dir: string, opts: { dim?: number; normalize?: boolean; seed?: number; words?: readonly string[] } = {}): TinyModel2Vec {
  const dim = opts.dim ?? 16;
  const vocab = [...TINY_SPECIALS, ...(opts.words ?? TINY_WORDS)];
  let s = opts.seed ?? 7;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    return (s >>> 0) / 4294967296;
  };
  const table = Float32Array.from({ length: vocab.length * dim }, () => rand() * 2 - 1);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.safetensors'), safetensorsBytes({
    embeddings: { dtype: 'F32', shape: [vocab.length, dim], data: new Uint8Array(table.buffer) },
  }));
  const special = (content: string, id: number) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizer = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: TINY_SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((w, i) => [w, i])) },
  };
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'model2vec', hidden_dim: dim, normalize: opts.normalize ?? true }));
  return { vocab, table, dim };
}
