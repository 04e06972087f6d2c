// The layout: umap-learn's simplicial_set_embedding (weight pruning, epochs_per_sample, spectral or random start scaled
// to [0, 10]) and optimize_layout_euclidean's SGD (attraction along sampled edges, negative_sample_rate repulsions,
// gradient clip 4, gamma 1, linearly decaying learning rate), drawing every random number from our seeded PRNG.
import type { Matrix } from '../types';
import { mulberry32, gaussian, deriveSeed } from '../random';
import { throwIfAborted } from '../errors';
import { connectedComponents, type FuzzyGraph } from './fuzzy-graph';
import { spectralLayout } from './spectral';
import { multiComponentLayout } from './components';
import { runEpoch5, runEpoch2 } from './sgd-kernels';
import { wasmSgd } from './sgd-kernels-wasm';

export interface LayoutOptions {
  nComponents: number;
  seed: number;
  a: number;
  b: number;
  /** Default as umap-learn: 500 up to 10,000 points, 200 above. */
  nEpochs?: number;
  negativeSampleRate?: number;
  learningRate?: number;
  init?: 'spectral' | 'random';
  signal?: AbortSignal;
  onProgress?: (message: string, done?: number, total?: number) => void;
  /**
   * A precomputed start, n × width row-major with width ≥ nComponents (its first nComponents columns are used), e.g.
   * one spectral embedding shared by the 5-d and 2-d layouts; null means "use the random start".
   */
  initial?: { coords: Float64Array; width: number } | null;
  /** The input rows, used only to place the components of a disconnected graph. */
  data?: Matrix;
  /** Filled in with what was done, for logs and tests. */
  info?: { init?: 'spectral' | 'random'; edges?: number };
  /** 'js' runs the JavaScript epoch kernels even where WebAssembly ones exist (the tests compare the two). */
  kernel?: 'js';
}

export function defaultEpochs(n: number): number {
  return n <= 10000 ? 500 : 200;
}

/** Epochs to wait between samples of each edge: strongest edge every epoch, an edge of weight w every max/w epochs. */
export function epochsPerSample(weights: Float32Array, nEpochs: number): Float64Array {
  let max = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > max) max = weights[i];
  const out = new Float64Array(weights.length).fill(-1);
  for (let i = 0; i < weights.length; i++) {
    const nSamples = (nEpochs * weights[i]) / max;
    if (nSamples > 0) out[i] = nEpochs / nSamples;
  }
  return out;
}

/** Drops edges too weak to be sampled even once in the run (umap-learn: weight < max / n_epochs). */
export function pruneGraph(graph: FuzzyGraph, nEpochs: number): FuzzyGraph {
  const n = graph.n;
  let maxW = 0;
  for (let e = 0; e < graph.vals.length; e++) if (graph.vals[e] > maxW) maxW = graph.vals[e];
  const cut = maxW / (nEpochs > 10 ? nEpochs : defaultEpochs(n));
  let m = 0;
  for (let e = 0; e < graph.vals.length; e++) if (graph.vals[e] >= cut) m++;
  const cols = new Int32Array(m), vals = new Float32Array(m);
  const rowPtr = new Int32Array(n + 1);
  m = 0;
  for (let i = 0; i < n; i++) {
    rowPtr[i] = m;
    for (let e = graph.rowPtr[i]; e < graph.rowPtr[i + 1]; e++) {
      if (graph.vals[e] < cut) continue;
      cols[m] = graph.cols[e];
      vals[m] = graph.vals[e];
      m++;
    }
  }
  rowPtr[n] = m;
  return { n, rowPtr, cols, vals };
}

/**
 * umap-learn's spectral start for a pruned graph: the Laplacian eigenvectors of a connected graph, or for a
 * disconnected one each component's own spectral layout around a meta-position (multi_component_layout; `data` gives
 * the centroids that place many components). null when the solver fails, and the caller uses the random start.
 */
export async function spectralStart(
  pruned: FuzzyGraph, width: number, seed: number, signal?: AbortSignal, data?: Matrix,
): Promise<{ coords: Float64Array; width: number } | null> {
  const spectralSeed = deriveSeed(seed, 'umap-spectral');
  const coords = connectedComponents(pruned).count === 1
    ? await spectralLayout(pruned, width, { seed: spectralSeed, signal })
    : await multiComponentLayout(pruned, width, spectralSeed, data, signal);
  return coords ? { coords, width } : null;
}

/**
 * Lays the graph out in nComponents dimensions. Every draw comes from PRNG streams derived from `seed` and the
 * dimension, so the 5-d and 2-d layouts of one graph are each reproducible on their own.
 */
export async function optimizeLayout(graph: FuzzyGraph, opts: LayoutOptions): Promise<Matrix> {
  const n = graph.n, dim = opts.nComponents;
  const nEpochs = opts.nEpochs ?? defaultEpochs(n);
  const pruned = pruneGraph(graph, nEpochs);
  const head = new Int32Array(pruned.vals.length);
  for (let i = 0; i < n; i++) head.fill(i, pruned.rowPtr[i], pruned.rowPtr[i + 1]);
  const tail = pruned.cols, weight = pruned.vals;
  if (opts.info) opts.info.edges = weight.length;
  const embedding = await initialLayout(pruned, dim, opts);
  await sgd(embedding, head, tail, epochsPerSample(weight, nEpochs), n, dim, nEpochs, opts);
  return { data: embedding, rows: n, dim };
}

/** The start of the SGD: the given or spectral coordinates stretched to ±10 plus N(0, 1e-4) noise, else uniform ±10. */
async function initialLayout(graph: FuzzyGraph, dim: number, opts: LayoutOptions): Promise<Float32Array> {
  const n = graph.n;
  const out = new Float32Array(n * dim);
  let start = opts.initial;
  if (start === undefined && (opts.init ?? 'spectral') === 'spectral') start = await spectralStart(graph, dim, opts.seed, opts.signal, opts.data);
  if (start && start.width >= dim) {
    const { coords, width } = start;
    // noisy_scale_coords: stretch so the largest |coordinate| is 10, then add N(0, 1e-4) noise.
    let maxAbs = 0;
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) maxAbs = Math.max(maxAbs, Math.abs(coords[i * width + d]));
    const scale = maxAbs > 0 ? 10 / maxAbs : 1;
    const noise = gaussian(mulberry32(deriveSeed(opts.seed, `umap-noise-${dim}`)));
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) out[i * dim + d] = coords[i * width + d] * scale + 1e-4 * noise();
    if (opts.info) opts.info.init = 'spectral';
  } else {
    const rng = mulberry32(deriveSeed(opts.seed, `umap-random-init-${dim}`));
    for (let i = 0; i < out.length; i++) out[i] = rng() * 20 - 10;
    if (opts.info) opts.info.init = 'random';
  }
  // umap-learn rescales every start to [0, 10] per axis before optimising.
  for (let d = 0; d < dim; d++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = out[i * dim + d];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo;
    for (let i = 0; i < n; i++) out[i * dim + d] = span > 0 ? (10 * (out[i * dim + d] - lo)) / span : 0;
  }
  return out;
}

export interface SgdState {
  emb: Float32Array; head: Int32Array; tail: Int32Array; eps: Float64Array; epsNeg: Float64Array;
  nextSample: Float64Array; nextNeg: Float64Array; n: number; dim: number; a: number; b: number; gamma: number;
  rng: () => number;
  coeffs: GradientTables;
}

async function sgd(
  emb: Float32Array, head: Int32Array, tail: Int32Array, eps: Float64Array,
  n: number, dim: number, nEpochs: number, opts: LayoutOptions,
): Promise<void> {
  const negRate = opts.negativeSampleRate ?? 5;
  const initialAlpha = opts.learningRate ?? 1;
  const m = head.length;
  const epsNeg = new Float64Array(m);
  const nextNeg = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    epsNeg[e] = eps[e] / negRate;
    nextNeg[e] = epsNeg[e];
  }
  const rngSeed = deriveSeed(opts.seed, `umap-sgd-${dim}`);
  const state: SgdState = {
    emb, head, tail, eps, epsNeg, nextSample: Float64Array.from(eps), nextNeg, n, dim, a: opts.a, b: opts.b, gamma: 1,
    rng: mulberry32(rngSeed),
    coeffs: new GradientTables(opts.a, opts.b, 1),
  };
  // Same bits either way (sgd-kernels-wasm.ts); the WebAssembly kernels are 1.6–2× faster where they exist.
  const wasm = opts.kernel === 'js' ? null : wasmSgd(state, rngSeed);
  const epochFn = dim === 5 ? runEpoch5 : dim === 2 ? runEpoch2 : runEpoch;
  let alpha = initialAlpha;
  let lastYield = Date.now();
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    if (wasm) wasm.epoch(epoch, alpha);
    else epochFn(state, epoch, alpha);
    alpha = initialAlpha * (1 - epoch / nEpochs);
    if (Date.now() - lastYield > 100 || epoch === nEpochs - 1) {
      opts.onProgress?.(`Layout (${dim}-d): epoch ${epoch + 1} of ${nEpochs}`, epoch + 1, nEpochs);
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
    throwIfAborted(opts.signal);
  }
  if (wasm) emb.set(wasm.emb);
}

/** One epoch of optimize_layout_euclidean_single_epoch; kept out of the async function so V8 optimises it fully. */
export function runEpoch(s: SgdState, epoch: number, alpha: number): void {
  const { emb, head, tail, eps, epsNeg, nextSample, nextNeg, n, dim, rng, coeffs } = s;
  const m = head.length;
  for (let e = 0; e < m; e++) {
    if (nextSample[e] > epoch) continue;
    const j = head[e], k = tail[e];
    const jo = j * dim;
    let ko = k * dim;
    let d2 = 0;
    for (let d = 0; d < dim; d++) {
      const diff = emb[jo + d] - emb[ko + d];
      d2 += diff * diff;
    }
    if (d2 > 0) {
      const coeff = coeffs.attractive(d2);
      for (let d = 0; d < dim; d++) {
        let g = coeff * (emb[jo + d] - emb[ko + d]);
        g = g > 4 ? 4 : g < -4 ? -4 : g;
        emb[jo + d] += g * alpha;
        emb[ko + d] -= g * alpha;
      }
    }
    nextSample[e] += eps[e];
    const nNeg = Math.floor((epoch - nextNeg[e]) / epsNeg[e]);
    for (let t = 0; t < nNeg; t++) {
      const q = Math.floor(rng() * n);
      if (q === j) continue;
      ko = q * dim;
      d2 = 0;
      for (let d = 0; d < dim; d++) {
        const diff = emb[jo + d] - emb[ko + d];
        d2 += diff * diff;
      }
      if (!(d2 > 0)) continue;
      const coeff = coeffs.repulsive(d2);
      for (let d = 0; d < dim; d++) {
        let g = coeff * (emb[jo + d] - emb[ko + d]);
        g = g > 4 ? 4 : g < -4 ? -4 : g;
        emb[jo + d] += g * alpha;
      }
    }
    nextNeg[e] += nNeg * epsNeg[e];
  }
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

// Gradient coefficients depend on d² alone, so they are tabulated per layout on a grid read straight off the float32
// bits of d²: 2^MB bins per octave over [2^LO, 2^HI), linear interpolation inside a bin (relative error < 1e-5).
// Outside the grid they are computed directly. This replaces a power per sample, most of the SGD's arithmetic.
const MB = 8, SHIFT = 23 - MB, MASK = (1 << SHIFT) - 1, INV_BIN = 1 / (1 << SHIFT);
const LO = -24, HI = 12;
const BASE = (LO + 127) << MB, SIZE = (HI - LO) << MB;

export class GradientTables {
  /** The tabulated coefficients (the WebAssembly kernels read them too: keep MB, LO, HI in step with sgd.wat.mjs). */
  readonly att = new Float64Array(SIZE + 1);
  readonly rep = new Float64Array(SIZE + 1);

  constructor(private readonly a: number, private readonly b: number, private readonly gamma: number) {
    for (let k = 0; k <= SIZE; k++) {
      i32[0] = (k + BASE) << SHIFT;
      const v = f32[0];
      this.att[k] = this.attractiveExact(v);
      this.rep[k] = this.repulsiveExact(v);
    }
  }

  /** umap-learn's −2ab·d^(2(b−1)) / (1 + a·d^(2b)), as a function of d². */
  attractiveExact(d2: number): number {
    const pb = powPositive(d2, this.b);
    return (-2 * this.a * this.b * (pb / d2)) / (this.a * pb + 1);
  }

  /** umap-learn's 2γb / ((0.001 + d²)(1 + a·d^(2b))). */
  repulsiveExact(d2: number): number {
    return (2 * this.gamma * this.b) / ((0.001 + d2) * (this.a * powPositive(d2, this.b) + 1));
  }

  attractive(d2: number): number {
    f32[0] = d2;
    const bits = i32[0];
    const k = (bits >> SHIFT) - BASE;
    if (k < 0 || k >= SIZE) return this.attractiveExact(d2);
    const t = this.att, lo = t[k];
    return lo + (bits & MASK) * INV_BIN * (t[k + 1] - lo);
  }

  repulsive(d2: number): number {
    f32[0] = d2;
    const bits = i32[0];
    const k = (bits >> SHIFT) - BASE;
    if (k < 0 || k >= SIZE) return this.repulsiveExact(d2);
    const t = this.rep, lo = t[k];
    return lo + (bits & MASK) * INV_BIN * (t[k + 1] - lo);
  }
}

/**
 * x^b for x > 0 without Math.pow (which V8 runs out of line, and which dominated the negative samples): log2 from the
 * float32 exponent and a series on the mantissa, exp2 from a polynomial and an exponent rebuild. Relative error
 * < 1e-6, far below the SGD's own noise; pure arithmetic, so the layout stays bit-for-bit reproducible.
 */
export function powPositive(x: number, b: number): number {
  if (!(x >= 1.2e-38 && x < 3.4e38)) return Math.pow(x, b);
  f32[0] = x;
  const bits = i32[0];
  const e = (bits >> 23) - 127;
  i32[0] = (bits & 0x007fffff) | 0x3f800000;
  const m = f32[0]; // mantissa in [1, 2)
  const t = (m - 1) / (m + 1), t2 = t * t;
  // log2(m) = 2/ln2 · atanh(t), the odd series to t¹³ (t ≤ 1/3)
  const l2 = e + t * (2.8853900817779268 + t2 * (0.9617966939259756 + t2 * (0.5770780163555854 + t2 * (0.4121985831112753
    + t2 * (0.3205988979753250 + t2 * (0.2623081892525390 + t2 * 0.2219530832136867))))));
  const y = b * l2;
  if (!(y > -126 && y < 127)) return Math.pow(x, b);
  const fl = Math.floor(y), f = y - fl;
  const p = 1 + f * (0.6931471805599453 + f * (0.2402265069591007 + f * (0.05550410866482158 + f * (0.009618129107628477
    + f * (0.0013333558146428443 + f * (0.00015403530393381608 + f * (0.0000152527338040598 + f * 0.0000013215486790144)))))));
  i32[0] = (fl + 127) << 23;
  return p * f32[0];
}
