// Writes a tiny BERT (deterministic pseudo-random weights) in the layout transformers.js loads: config.json,
// tokenizer.json, tokenizer_config.json, onnx/model.onnx (fp32) and onnx/model_quantized.onnx (dynamic int8, the op
// pattern of onnxruntime's quantize_dynamic: DynamicQuantizeLinear + MatMulInteger). Its vectors carry no meaning —
// tests assert structure, pooling and determinism — but the graph is a real encoder with padding-aware attention.
import fs from 'node:fs';
import path from 'node:path';
// onnx-proto is a devDependency kept external by the bundler.
import { onnx } from 'onnx-proto';

export interface TinyBertOptions {
  hidden?: number;
  layers?: number;
  heads?: number;
  /** Feed-forward width (default 2 × hidden; BERT and MiniLM use 4 ×). */
  intermediate?: number;
  /** Extra whole words for the vocabulary, so a corpus tokenises about as densely as with a real WordPiece vocab. */
  words?: readonly string[];
  seed?: number;
}

export interface TinyBertInfo {
  dir: string;
  hidden: number;
  vocabSize: number;
  bytes: { fp32: number; q8: number };
}

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = (
  'the of and to in is it that for on was with as be at by this have from or one had not but what all were when we there can ' +
  'an your which their said if do will each about how up out them then she many some so these would other into has more her ' +
  'two like him see time could no make than first been its who now people my made over did down only way find use may water ' +
  'long little very after words called just where most know get through back much before go good new write our used me man ' +
  'money market price stock bank loan interest rate trade sell buy pay cost tax budget profit game team ball score player ' +
  'coach season win match goal music song band guitar album concert movie film code software bug function server data model ' +
  'network computer program language congress nation war peace government people law union states president'
).split(' ');
const MAXPOS = 512;

function buildVocab(extra: readonly string[]): string[] {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const punct = `.,;:!?'"()-[]{}/\\&%$#@*+=<>_~\``.split('');
  const vocab = [...SPECIALS, ...punct, ...chars, ...chars.map((c) => '##' + c)];
  const seen = new Set(vocab);
  for (const w of [...WORDS, ...extra]) if (!seen.has(w)) { seen.add(w); vocab.push(w); }
  return vocab;
}

function graphBytes(vocabSize: number, H: number, layers: number, NH: number, FF: number, seed: number, quant: boolean): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const AT = onnx.AttributeProto.AttributeType;
  const initializers: onnx.ITensorProto[] = [];
  const nodes: onnx.INodeProto[] = [];
  let nid = 0;
  // Same seed for both precisions, so the q8 graph is the quantised fp32 graph.
  let s = seed | 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const randn = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const normal = (std: number) => () => randn() * std;
  const fTensor = (name: string, dims: number[], fill: (i: number) => number) => {
    const arr = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < arr.length; i++) arr[i] = fill(i);
    initializers.push(onnx.TensorProto.create({ name, dims, dataType: T.FLOAT, rawData: new Uint8Array(arr.buffer) }));
    return name;
  };
  const iTensor = (name: string, dims: number[], values: number[]) => {
    const arr = BigInt64Array.from(values.map((v) => BigInt(v)));
    initializers.push(onnx.TensorProto.create({ name, dims, dataType: T.INT64, rawData: new Uint8Array(arr.buffer) }));
    return name;
  };
  const i8Tensor = (name: string, dims: number[], values: number[]) => {
    initializers.push(onnx.TensorProto.create({ name, dims, dataType: T.INT8, rawData: new Uint8Array(Int8Array.from(values).buffer) }));
    return name;
  };
  const attrI = (name: string, i: number) => onnx.AttributeProto.create({ name, i, type: AT.INT });
  const attrF = (name: string, f: number) => onnx.AttributeProto.create({ name, f, type: AT.FLOAT });
  const attrInts = (name: string, ints: number[]) => onnx.AttributeProto.create({ name, ints, type: AT.INTS });
  const node = (op: string, inputs: string[], attrs: onnx.IAttributeProto[] = [], outName?: string) => {
    const out = outName ?? `${op}_${nid++}`;
    nodes.push(onnx.NodeProto.create({ opType: op, input: inputs, output: [out], name: `${op}_n${nid++}`, attribute: attrs }));
    return out;
  };
  const DH = H / NH;
  const layerNorm = (x: string, p: string) =>
    node('LayerNormalization', [x, fTensor(p + '.gamma', [H], () => 1), fTensor(p + '.beta', [H], () => 0)], [attrI('axis', -1), attrF('epsilon', 1e-12)]);
  const linear = (x: string, p: string, din: number, dout: number) => {
    const w = Array.from({ length: din * dout }, normal(0.02));
    if (!quant) return node('Add', [node('MatMul', [x, fTensor(p + '.W', [din, dout], (i) => w[i])]), fTensor(p + '.b', [dout], () => 0)]);
    const ws = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0) / 127;
    const wq = i8Tensor(p + '.Wq', [din, dout], w.map((v) => Math.round(v / ws)));
    const dq = `${p}.dq`;
    nodes.push(onnx.NodeProto.create({ opType: 'DynamicQuantizeLinear', input: [x], output: [dq + '_y', dq + '_s', dq + '_z'], name: dq }));
    const mmi = node('MatMulInteger', [dq + '_y', wq, dq + '_z', i8Tensor(p + '.wz', [], [0])]);
    const scale = node('Mul', [dq + '_s', fTensor(p + '.ws', [], () => ws)]);
    return node('Add', [node('Mul', [node('Cast', [mmi], [attrI('to', T.FLOAT)]), scale]), fTensor(p + '.b', [dout], () => 0)]);
  };

  const wordEmb = node('Gather', [fTensor('emb.word', [vocabSize, H], normal(1.0)), 'input_ids']);
  const typeEmb = node('Gather', [fTensor('emb.type', [2, H], normal(0.02)), 'token_type_ids']);
  const seqLen = node('Gather', [node('Shape', ['input_ids']), iTensor('one', [], [1])], [attrI('axis', 0)]);
  const posIds = node('Range', [iTensor('zero', [], [0]), seqLen, iTensor('step', [], [1])]);
  const posEmb = node('Gather', [fTensor('emb.pos', [MAXPOS, H], normal(0.02)), posIds]);
  let x = layerNorm(node('Add', [node('Add', [wordEmb, typeEmb]), posEmb]), 'emb.ln');

  // Padding is masked out of attention by a large negative bias, as BERT does: (1 - mask) · -1e4.
  const maskF = node('Cast', ['attention_mask'], [attrI('to', T.FLOAT)]);
  const maskBias = node('Mul', [node('Sub', [fTensor('c1', [], () => 1), maskF]), fTensor('cneg', [], () => -10000)]);
  const maskB = node('Unsqueeze', [maskBias, iTensor('ax1', NH > 1 ? [2] : [1], NH > 1 ? [1, 2] : [1])]);
  const heads = (t: string, p: string) =>
    NH === 1 ? t : node('Transpose', [node('Reshape', [t, iTensor(p + '.shp', [4], [0, 0, NH, DH])])], [attrInts('perm', [0, 2, 1, 3])]);
  const unheads = (t: string, p: string) =>
    NH === 1 ? t : node('Reshape', [node('Transpose', [t], [attrInts('perm', [0, 2, 1, 3])]), iTensor(p + '.ushp', [3], [0, 0, H])]);

  for (let l = 0; l < layers; l++) {
    const p = `layer${l}`;
    const q = heads(linear(x, p + '.q', H, H), p + 'q');
    const k = heads(linear(x, p + '.k', H, H), p + 'k');
    const v = heads(linear(x, p + '.v', H, H), p + 'v');
    const kt = node('Transpose', [k], [attrInts('perm', NH === 1 ? [0, 2, 1] : [0, 1, 3, 2])]);
    const scores = node('Add', [node('Mul', [node('MatMul', [q, kt]), fTensor(p + '.scale', [], () => 1 / Math.sqrt(DH))]), maskB]);
    const ctx = unheads(node('MatMul', [node('Softmax', [scores], [attrI('axis', -1)]), v]), p);
    x = layerNorm(node('Add', [x, linear(ctx, p + '.o', H, H)]), p + '.ln1');
    const h1 = linear(x, p + '.ff1', H, FF);
    const gelu = node('Mul', [
      node('Mul', [h1, fTensor(p + '.half', [], () => 0.5)]),
      node('Add', [node('Erf', [node('Div', [h1, fTensor(p + '.sqrt2', [], () => Math.SQRT2)])]), fTensor(p + '.one', [], () => 1)]),
    ]);
    x = layerNorm(node('Add', [x, linear(gelu, p + '.ff2', FF, H)]), p + '.ln2');
  }
  node('Identity', [x], [], 'last_hidden_state');

  const vi = (name: string, elem: number, dims: Array<string | number>) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: elem, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
    });
  const graph = onnx.GraphProto.create({
    name: 'tiny_bert', node: nodes, initializer: initializers,
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => vi(n, T.INT64, ['batch_size', 'sequence_length'])),
    output: [vi('last_hidden_state', T.FLOAT, ['batch_size', 'sequence_length', H])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, producerName: 'literature-map-tests', opsetImport: [{ domain: '', version: 17 }], graph });
  return onnx.ModelProto.encode(model).finish();
}

/** Writes the model into `dir` (created if missing). Same options → byte-identical files. */
export function writeTinyBert(dir: string, opts: TinyBertOptions = {}): TinyBertInfo {
  const H = opts.hidden ?? 32;
  const layers = opts.layers ?? 1;
  const NH = opts.heads ?? 1;
  const seed = opts.seed ?? 0x9e3779b9;
  if (H % NH !== 0) throw new Error(`hidden ${H} is not a multiple of heads ${NH}`);
  const FF = opts.intermediate ?? 2 * H;
  const vocab = buildVocab(opts.words ?? []);
  const V = vocab.length;
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const fp32 = graphBytes(V, H, layers, NH, FF, seed, false);
  const q8 = graphBytes(V, H, layers, NH, FF, seed, true);
  fs.writeFileSync(path.join(dir, 'onnx', 'model.onnx'), fp32);
  fs.writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), q8);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({
    architectures: ['BertModel'], model_type: 'bert', hidden_size: H, num_hidden_layers: layers, num_attention_heads: NH,
    intermediate_size: FF, max_position_embeddings: MAXPOS, type_vocab_size: 2, vocab_size: V, hidden_act: 'gelu', pad_token_id: 0,
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({
    tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: MAXPOS,
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
  }, null, 2));
  const id = (t: string) => vocab.indexOf(t);
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({
    version: '1.0', truncation: null, padding: null,
    added_tokens: SPECIALS.map((t) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  }));
  return { dir, hidden: H, vocabSize: V, bytes: { fp32: fp32.length, q8: q8.length } };
}
