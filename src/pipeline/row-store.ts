// Row-major float32 rows with a dot product between two of them, in WebAssembly SIMD where the runtime has it.
// The kNN spends most of its time in 128–384-d dot products; the SIMD kernel (wasm/dot.wat) is ~3× faster than the
// scalar loop and returns the same bits, so which path ran never changes a result.
import { dotWasmBase64 } from './wasm/dot-wasm';
import { lazyModule } from './wasm/module';

export interface RowStore {
  /** The rows, row i at [i·dim, (i+1)·dim): fill them before calling dot. */
  readonly data: Float32Array;
  readonly dim: number;
  /** Σ_d data[p·dim + d] · data[q·dim + d], summed as jsDot sums. */
  dot(p: number, q: number, dim: number): number;
  /** A hyperplane's normal, dim float64s, for margin. */
  readonly normal: Float64Array;
  /** Where `normal` lives (a byte offset in the module's memory); pass it to margin. */
  readonly normalPtr: number;
  /** offset + Σ_d normal[d] · data[p·dim + d], summed as jsMargin sums. */
  margin(p: number, dim: number, normalPtr: number, offset: number): number;
  readonly simd: boolean;
}

const wasmModule = lazyModule(dotWasmBase64);

/** The scalar reference: four partial sums by element index mod 4, remainder into the first, summed left to right. */
export function jsDot(x: Float32Array, p: number, q: number, dim: number): number {
  const a = p * dim, b = q * dim;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += x[a + d] * x[b + d];
    s1 += x[a + d + 1] * x[b + d + 1];
    s2 += x[a + d + 2] * x[b + d + 2];
    s3 += x[a + d + 3] * x[b + d + 3];
  }
  for (; d < dim; d++) s0 += x[a + d] * x[b + d];
  return s0 + s1 + s2 + s3;
}

/** The scalar reference for margin: partial sums by element index mod 4, the first starting at offset. */
export function jsMargin(x: Float32Array, normal: Float64Array, p: number, dim: number, offset: number): number {
  const po = p * dim;
  let m0 = offset, m1 = 0, m2 = 0, m3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    m0 += normal[d] * x[po + d];
    m1 += normal[d + 1] * x[po + d + 1];
    m2 += normal[d + 2] * x[po + d + 2];
    m3 += normal[d + 3] * x[po + d + 3];
  }
  for (; d < dim; d++) m0 += normal[d] * x[po + d];
  return m0 + m1 + m2 + m3;
}

/** Zeroed storage for rows × dim floats; `simd: false` forces the scalar path (tests compare the two). */
export function rowStore(rows: number, dim: number, opts: { simd?: boolean } = {}): RowStore {
  const bytes = rows * dim * 4;
  const normalPtr = Math.ceil(bytes / 8) * 8;
  const mod = opts.simd === false ? null : wasmModule();
  // wasm32 memory ends at 4 GiB; beyond that (or without SIMD) the scalar loop serves.
  if (mod && normalPtr + dim * 8 <= 0xffff0000) {
    try {
      const inst = new WebAssembly.Instance(mod, {});
      const memory = inst.exports.memory as WebAssembly.Memory;
      const pages = Math.ceil((normalPtr + dim * 8) / 65536);
      if (pages > 1) memory.grow(pages - 1);
      const data = new Float32Array(memory.buffer, 0, rows * dim);
      const normal = new Float64Array(memory.buffer, normalPtr, dim);
      const e = inst.exports as { dot: RowStore['dot']; margin: RowStore['margin'] };
      return { data, dim, dot: e.dot, normal, normalPtr, margin: e.margin, simd: true };
    } catch {
      // Out of memory for the module's heap: the scalar path needs only the plain array below.
    }
  }
  const data = new Float32Array(rows * dim);
  const normal = new Float64Array(dim);
  return {
    data, dim, normal, normalPtr: 0, simd: false,
    dot: (p, q, d) => jsDot(data, p, q, d),
    margin: (p, d, _ptr, offset) => jsMargin(data, normal, p, d, offset),
  };
}
