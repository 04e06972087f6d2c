// Topic granularity: how coarse or fine a map the fixed 5-d layout supports. One sweep clusters the layout over a grid
// of HDBSCAN options and describes each (topics, outlier share, largest topic's share, NPMI@10, diversity@25); the
// `auto` rule picks one; a map that collapsed into a few topics or one giant topic is recognised so it can be said.
// Rule, grid and measurements: docs/granularity.md.
import type { ClusterOption, GranularityOption, GranularityReport, LabellingFigures, Matrix, PipelineSettings } from './types';
import { throwIfAborted } from './errors';
import { hdbscanSweep } from './hdbscan/sweep';
import { FigureContext, type FigureOptions } from './topic-figures';

export interface SweepResult {
  options: GranularityOption[];
  /** Index into options of the one the auto rule picks. */
  auto: number;
  seconds: { cluster: number; describe: number };
}

/** The name of the auto rule, recorded in the taxonomy's run.settings so a reader can look it up in the docs. */
export const AUTO_RULE = 'npmi-coverage-balance-v1';

const SIZES = [5, 8, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000];

/** The smallest and largest minimum topic size the grid tries for n chunks. */
export function sizeRange(n: number): { min: number; max: number } {
  return { min: 5, max: Math.max(10, Math.floor(n * 0.03)) };
}

/**
 * The grid for n chunks: minimum topic sizes from 5 up to 3% of the chunks (at least 10), both selections, and two
 * min_samples: BERTopic's (= the minimum topic size) capped at 10, and 5. Each distinct min_samples costs an MST, so
 * the grid has at most three (5, 8, 10); above 10 a larger min_samples mostly turns more chunks into outliers, while
 * 5 is what rescues a small corpus whose density tree has one giant branch (docs/granularity.md).
 */
export function granularityGrid(n: number): ClusterOption[] {
  const { max } = sizeRange(n);
  const out: ClusterOption[] = [];
  for (const m of SIZES) {
    if (m > max || m >= n) break;
    const samples = m > 5 ? [Math.min(m, 10), 5] : [m];
    for (const minSamples of samples) for (const method of ['eom', 'leaf'] as const) out.push({ minClusterSize: m, minSamples, method });
  }
  return out;
}

export interface SweepOptions extends FigureOptions {
  grid?: ClusterOption[];
  signal?: AbortSignal;
}

export function sweepGranularity(X5: Matrix, texts: readonly string[], opts: SweepOptions): SweepResult {
  const grid = opts.grid ?? granularityGrid(X5.rows);
  let t0 = performance.now();
  const clusterings = hdbscanSweep(X5, grid, opts.signal);
  const cluster = (performance.now() - t0) / 1000;
  throwIfAborted(opts.signal);
  t0 = performance.now();
  const ctx = new FigureContext(texts, opts);
  const figures = ctx.figuresMany(clusterings.map((c) => c.labels));
  const describe = (performance.now() - t0) / 1000;
  const options = clusterings.map((c, i) => ({ ...c.option, ...figures[i] }));
  return { options, auto: chooseAuto(options), seconds: { cluster, describe } };
}

/** The share of chunks one topic may hold before the map counts as collapsed into it. */
export const MOST_CHUNKS = 0.5;
/** Fewer topics than this is a collapsed map. */
export const FEW_TOPICS = 5;

export function isCollapsed(f: Pick<LabellingFigures, 'topics' | 'largestShare'>): boolean {
  return f.topics < FEW_TOPICS || f.largestShare > MOST_CHUNKS;
}

/**
 * The auto rule's score: coherence × coverage × balance = NPMI@10 (0 when negative) × share of chunks in a topic ×
 * share of chunks outside the largest topic.
 */
export function autoScore(o: LabellingFigures): number {
  return Math.max(0, o.npmi) * (1 - o.outlierShare) * (1 - o.largestShare);
}

/**
 * The auto rule: among options with at least 5 topics where no topic holds more than a third of the chunks, the best
 * auto score; ties go to the earlier option (grid order). When no option qualifies, the one whose largest topic is
 * smallest.
 */
export function chooseAuto(options: readonly GranularityOption[]): number {
  let best = -1, bestScore = -Infinity;
  options.forEach((o, i) => {
    if (!qualifies(o)) return;
    const s = autoScore(o);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  if (best >= 0) return best;
  let fallback = 0;
  options.forEach((o, i) => { if (o.largestShare < options[fallback].largestShare) fallback = i; });
  return fallback;
}

/** At least 5 topics and none holding more than a third of the chunks: what auto may pick. */
export function qualifies(o: Pick<LabellingFigures, 'topics' | 'largestShare'>): boolean {
  return o.topics >= FEW_TOPICS && o.largestShare <= 1 / 3;
}

/** Up to `max` options auto may pick, best auto score first. */
export function betterOptions(options: readonly GranularityOption[], max = 5): GranularityOption[] {
  return options
    .map((o, i) => ({ o, i, s: autoScore(o) }))
    .filter(({ o }) => qualifies(o))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, max)
    .map(({ o }) => o);
}

/**
 * A re-run's settings: with the minimum size 'auto' (the default) and a previous run whose granularity the researcher
 * chose in the panel, that choice is kept rather than silently replaced by auto's pick. An explicit number in the
 * settings always wins. `previous` is the taxonomy's run.settings (untrusted: anyone can edit the file).
 */
export function keepChosenGranularity(settings: PipelineSettings, previous: unknown): { settings: PipelineSettings; kept?: ClusterOption } {
  const h = (previous as { hdbscan?: { chosenIn?: unknown } } | undefined)?.hdbscan;
  if (settings.hdbscan.minClusterSize !== 'auto' || h?.chosenIn !== 'panel') return { settings };
  const kept = parseClusterOption(h);
  if (!kept) return { settings };
  return { settings: { ...settings, hdbscan: { ...settings.hdbscan, ...kept, chosenIn: 'panel' } }, kept };
}

/** A ClusterOption from an untrusted message (the panel), or undefined when it is not one. */
export function parseClusterOption(x: unknown): ClusterOption | undefined {
  const o = x as Partial<ClusterOption> | null;
  if (!o || typeof o !== 'object') return undefined;
  const { minClusterSize: m, minSamples: s, method } = o;
  if (!Number.isInteger(m) || (m as number) < 2 || !Number.isInteger(s) || (s as number) < 1 || (method !== 'eom' && method !== 'leaf')) return undefined;
  return { minClusterSize: m as number, minSamples: s as number, method };
}

export function optionLabel(o: ClusterOption): string {
  return `min size ${o.minClusterSize}, ${o.method}` + (o.minSamples !== o.minClusterSize ? `, min_samples ${o.minSamples}` : '');
}

const pctText = (x: number) => `${Math.round(x * 100)}%`;

/** One line per option for people: "min size 15, leaf — 23 topics, 12% outliers, largest 7%, NPMI 0.25". */
export function optionSummary(o: GranularityOption): string {
  return `${optionLabel(o)} — ${o.topics} topics, ${pctText(o.outlierShare)} outliers, largest ${pctText(o.largestShare)}, NPMI ${o.npmi.toFixed(2)}`;
}

/** The sentence that says a map collapsed, or undefined when it did not. */
export function collapseSentence(g: Pick<GranularityReport, 'collapsed' | 'topics' | 'largestShare'>): string | undefined {
  if (!g.collapsed) return undefined;
  return `This map collapsed: ${g.topics} topic${g.topics === 1 ? '' : 's'}, the largest holding ${pctText(g.largestShare)} of all chunks. ` +
    'The layout supports finer maps; choose another granularity.';
}
