// UMAP, our typed-array implementation of umap-learn's fit: kNN graph → fuzzy simplicial set → SGD layout. One graph
// can feed several layouts (the 5-d clustering input and the 2-d map) so the kNN and fuzzy set are built once.
import type { Matrix } from '../types';
import { deriveSeed } from '../random';
import { throwIfAborted } from '../errors';
import { nearestNeighborsAsync, type KnnGraph } from '../knn';
import { buildFuzzyGraph, connectedComponents, type FuzzyGraph } from './fuzzy-graph';
import { findAbParams } from './ab-params';
import { optimizeLayout, pruneGraph, spectralStart, defaultEpochs } from './optimize';

export { buildFuzzyGraph, smoothKnnDist, connectedComponents, type FuzzyGraph } from './fuzzy-graph';
export { findAbParams } from './ab-params';
export { optimizeLayout, defaultEpochs, epochsPerSample, pruneGraph, spectralStart, type LayoutOptions } from './optimize';
export { spectralLayout } from './spectral';
export { multiComponentLayout } from './components';

export interface UmapOptions {
  nNeighbors: number;
  nComponents: number;
  minDist: number;
  seed: number;
  nEpochs?: number;
  metric?: 'euclidean' | 'cosine';
  signal?: AbortSignal;
  onProgress?: (message: string, done?: number, total?: number) => void;
  /** A precomputed kNN graph (row i's neighbours, itself first); when absent it is computed here. */
  knn?: KnnGraph;
  /** spread is 1 in BERTopic; exposed for parity with umap-learn. */
  spread?: number;
}

export async function umapFit(X: Matrix, opts: UmapOptions): Promise<Matrix> {
  const [out] = await umapFitMany(X, opts, [opts.nComponents]);
  return out;
}

/** One layout of a shared graph: its dimension and, optionally, its own min_dist and epoch count. */
export interface LayoutSpec {
  nComponents: number;
  minDist?: number;
  nEpochs?: number;
}

/**
 * Builds the kNN graph and fuzzy set once and lays them out once per entry of `layouts` (e.g. [5, 2], or
 * [5, { nComponents: 2, minDist: 0.1 }] for a map with more air between points). Each layout's random streams derive
 * from the seed and its dimension, and the spectral start is solved once for the widest layout sharing an epoch count
 * (the 2-d start is the first two columns of the 5-d one), so umapFitMany(X, o, [5, 2])[0] equals umapFit(X, o).
 *
 * Tiny inputs: k is clamped to n (the point plus n − 1 others). When n ≤ dims + 1 there is nothing to learn a manifold
 * from, so the layout is trivial and deterministic: point i sits at 10 on axis i (the last at the origin when
 * n = dims + 1), all other coordinates 0 — distinct, equidistant-ish points that any clustering treats alike.
 */
export async function umapFitMany(X: Matrix, opts: UmapOptions, layouts: (number | LayoutSpec)[]): Promise<Matrix[]> {
  const plans = await planLayouts(X, opts, layouts);
  const out: Matrix[] = [];
  for (const plan of plans) out.push(await runLayoutPlan(plan, { signal: opts.signal, onProgress: opts.onProgress }));
  return out;
}

/**
 * Everything one layout needs, in plain data (typed arrays and numbers), so it can be laid out later or in another
 * thread with the same result: the shared graph, the start, the curve parameters and the seed.
 */
export type LayoutPlan =
  | { kind: 'trivial'; layout: Matrix }
  | {
    kind: 'sgd'; graph: FuzzyGraph; nComponents: number; nEpochs: number; a: number; b: number; seed: number;
    /**
     * The spectral start: solved (null when the solver failed: random start), or — for a disconnected graph, whose
     * start is per dimension — left to runLayoutPlan with the rows it needs to place components, so that work happens
     * wherever the layout runs (the map's in its thread).
     */
    initial: { coords: Float64Array; width: number } | null | { solveWith: Matrix };
  };

/** The graph and starts for several layouts of X (see umapFitMany); the SGD itself is left to runLayoutPlan. */
export async function planLayouts(X: Matrix, opts: UmapOptions, layouts: (number | LayoutSpec)[]): Promise<LayoutPlan[]> {
  const n = X.rows;
  throwIfAborted(opts.signal);
  const specs = layouts.map((l) => {
    const s = typeof l === 'number' ? { nComponents: l } : l;
    return { nComponents: s.nComponents, minDist: s.minDist ?? opts.minDist, nEpochs: s.nEpochs ?? opts.nEpochs ?? defaultEpochs(n) };
  });
  const trivial = specs.map((s) => (n <= s.nComponents + 1 ? trivialLayout(n, s.nComponents) : undefined));
  if (trivial.every((r) => r !== undefined)) return trivial.map((layout) => ({ kind: 'trivial', layout: layout as Matrix }));
  const graph = await fitGraph(X, opts);
  const starts = new Map<string, Awaited<ReturnType<typeof spectralStart>>>();
  const plans: LayoutPlan[] = [];
  for (let t = 0; t < specs.length; t++) {
    const done = trivial[t];
    if (done) {
      plans.push({ kind: 'trivial', layout: done });
      continue;
    }
    const { nComponents, minDist, nEpochs } = specs[t];
    throwIfAborted(opts.signal);
    const pruned = pruneGraph(graph, nEpochs);
    // A connected graph's eigenvectors serve every width (take the first columns); a disconnected graph's start
    // places components on the axes of its own dimension, so it is solved per dimension.
    const shared = connectedComponents(pruned).count === 1;
    const { a, b } = findAbParams(opts.spread ?? 1, minDist);
    if (!shared) {
      plans.push({ kind: 'sgd', graph, nComponents, nEpochs, a, b, seed: opts.seed, initial: { solveWith: X } });
      continue;
    }
    const key = `${nEpochs}`;
    if (!starts.has(key)) {
      opts.onProgress?.('Spectral initialisation');
      const width = Math.max(...specs.filter((s, u) => !trivial[u] && s.nEpochs === nEpochs).map((s) => s.nComponents));
      starts.set(key, await spectralStart(pruned, width, opts.seed, opts.signal, X));
    }
    plans.push({ kind: 'sgd', graph, nComponents, nEpochs, a, b, seed: opts.seed, initial: starts.get(key) ?? null });
  }
  return plans;
}

/** Lays out one plan: the SGD (cancellable between epochs, progress per epoch) or the trivial layout. */
export async function runLayoutPlan(
  plan: LayoutPlan, ctl: { signal?: AbortSignal; onProgress?: (message: string, done?: number, total?: number) => void } = {},
): Promise<Matrix> {
  if (plan.kind === 'trivial') return plan.layout;
  const { graph, nComponents, nEpochs, a, b, seed } = plan;
  let initial = plan.initial;
  if (initial && 'solveWith' in initial) {
    ctl.onProgress?.('Spectral initialisation');
    initial = await spectralStart(pruneGraph(graph, nEpochs), nComponents, seed, ctl.signal, initial.solveWith);
  }
  return optimizeLayout(graph, { nComponents, seed, a, b, nEpochs, initial, signal: ctl.signal, onProgress: ctl.onProgress });
}

/** The fuzzy simplicial set of X, from the given kNN graph or a fresh one (NN-descent above 4096 rows). */
export async function fitGraph(X: Matrix, opts: Pick<UmapOptions, 'nNeighbors' | 'seed' | 'metric' | 'signal' | 'onProgress' | 'knn'>): Promise<FuzzyGraph> {
  const n = X.rows;
  let knn = opts.knn;
  if (!knn) {
    opts.onProgress?.('Finding nearest neighbours');
    knn = await nearestNeighborsAsync(X, Math.min(opts.nNeighbors, n), {
      seed: deriveSeed(opts.seed, 'umap-knn'), metric: opts.metric ?? 'cosine', signal: opts.signal,
    });
  }
  throwIfAborted(opts.signal);
  opts.onProgress?.('Building the neighbour graph');
  return buildFuzzyGraph(knn, n);
}

export function trivialLayout(n: number, dim: number): Matrix {
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n && i < dim; i++) data[i * dim + i] = 10;
  return { data, rows: n, dim };
}
