// A reader for the safetensors format (an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw little-endian data), which is all a model2vec model's weights are. No npm
// package reads it for Node without also pulling in a hub client; the format is small enough to read here, and every
// malformed case below ends in one line naming the file.
import { PipelineError } from '../errors';

export interface Tensor {
  shape: number[];
  /** Floating-point tensors as float32; integer tensors as float64 (exact up to 2^53). */
  data: Float32Array | Float64Array;
  dtype: string;
}

const FLOAT = new Set(['F32', 'F16', 'BF16', 'F64']);
const INT: Record<string, number> = { I8: 1, U8: 1, I16: 2, U16: 2, I32: 4, U32: 4, I64: 8, U64: 8 };
const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, ...INT };

function f16(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function decode(buf: Buffer, dtype: string, count: number): Float32Array | Float64Array {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dtype === 'F32') {
    const out = new Float32Array(count);
    // Copy (the buffer may not be 4-byte aligned), then fix the byte order on a big-endian host.
    new Uint8Array(out.buffer).set(buf.subarray(0, count * 4));
    if (new Uint8Array(Uint16Array.of(1).buffer)[0] === 0) for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
    return out;
  }
  if (FLOAT.has(dtype)) {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = dtype === 'F16' ? f16(dv.getUint16(i * 2, true))
        : dtype === 'BF16' ? new Float32Array(new Uint32Array([dv.getUint16(i * 2, true) << 16]).buffer)[0]
          : dv.getFloat64(i * 8, true);
    }
    return out;
  }
  const out = new Float64Array(count);
  const w = INT[dtype];
  const signed = dtype.startsWith('I');
  for (let i = 0; i < count; i++) {
    const o = i * w;
    out[i] = w === 1 ? (signed ? dv.getInt8(o) : dv.getUint8(o))
      : w === 2 ? (signed ? dv.getInt16(o, true) : dv.getUint16(o, true))
        : w === 4 ? (signed ? dv.getInt32(o, true) : dv.getUint32(o, true))
          : Number(signed ? dv.getBigInt64(o, true) : dv.getBigUint64(o, true));
  }
  return out;
}

/** The tensors of a safetensors file's bytes; `file` names it in errors. */
export function readSafetensors(bytes: Buffer, file: string): Map<string, Tensor> {
  const bad = (why: string) => new PipelineError(`${file}: not a readable safetensors file (${why}).`);
  if (bytes.length < 8) throw bad('shorter than its header');
  const headerLen = Number(bytes.readBigUInt64LE(0));
  if (headerLen <= 0 || 8 + headerLen > bytes.length) throw bad(`header length ${headerLen} does not fit in ${bytes.length} bytes`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLen)) as Record<string, unknown>;
  } catch {
    throw bad('its header is not JSON');
  }
  const dataStart = 8 + headerLen;
  const out = new Map<string, Tensor>();
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const t = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof t?.dtype === 'string' ? t.dtype : '';
    if (!(dtype in BYTES)) throw bad(`tensor "${name}" has the unsupported dtype ${JSON.stringify(t?.dtype)}`);
    const shape = t.shape;
    const offsets = t.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor "${name}" has no valid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor "${name}" has no valid data_offsets`);
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const [begin, end] = offsets as number[];
    if (end - begin !== count * BYTES[dtype] || dataStart + end > bytes.length) {
      throw bad(`tensor "${name}" (${dtype} ${(shape as number[]).join('×')}) does not match its ${end - begin} bytes at ${begin}–${end}, or the file is truncated`);
    }
    out.set(name, { shape: shape as number[], dtype, data: decode(bytes.subarray(dataStart + begin, dataStart + end), dtype, count) });
  }
  return out;
}
