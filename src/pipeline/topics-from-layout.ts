// From the clustering layout to described topics: cluster (HDBSCAN, or the granularity sweep's pick when the minimum
// topic size is 'auto'), BERTopic's refinements, then describe and score. A full run calls this after UMAP; changing
// the granularity of a finished run calls it on the run's saved layout, so both give the same topics for the same
// settings.
import { hdbscan, renumberBySize } from './hdbscan';
import { describeTopics } from './representation';
import { npmiCoherence, topicDiversity } from './scoring';
import { reduceOutliers } from './refine/outliers';
import { reduceTopics } from './refine/reduce';
import { AUTO_RULE, isCollapsed, sweepGranularity } from './granularity';
import { throwIfAborted } from './errors';
import type { Chunk, GranularityReport, Matrix, PipelineSettings, RunResult, TopicResult } from './types';

export interface Clustered {
  labels: Int32Array;
  probabilities: Float32Array;
  refinements: Array<Record<string, unknown>>;
  /** The settings as run: with 'auto', what it chose is recorded in hdbscan.auto. */
  settings: PipelineSettings;
  /** Present when the sweep ran: for 'auto', or because the map collapsed. */
  granularity?: GranularityReport;
}

export interface LayoutControl {
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Sweep the granularity options even when the minimum size is a number and the map did not collapse. */
  sweep?: boolean;
}

/** Settings whose result depends on the chunk embeddings themselves, not only on the layout and the texts. */
export function needsEmbeddings(s: PipelineSettings): boolean {
  return s.refine.nrTopics !== undefined || s.refine.outliers?.strategy === 'embeddings' || !!s.representation.keybert || (s.representation.mmrDiversity ?? 0) > 0;
}

export function clusterLayout(X5: Matrix, texts: string[], X: Matrix | undefined, settings: PipelineSettings, ctl: LayoutControl = {}): Clustered {
  const log = ctl.log ?? (() => undefined);
  const h = settings.hdbscan;
  const v = settings.vectorizer;
  let sweep: ReturnType<typeof sweepGranularity> | undefined;
  let run = settings;
  if (h.minClusterSize === 'auto') {
    sweep = sweepGranularity(X5, texts, { ngramRange: v.ngramRange, minDf: v.minDf, extraStopWords: v.extraStopWords, signal: ctl.signal });
    const pick = sweep.options[sweep.auto];
    log(`granularity: ${sweep.options.length} options in ${(sweep.seconds.cluster + sweep.seconds.describe).toFixed(2)} s; auto picked min size ${pick.minClusterSize}, min_samples ${pick.minSamples}, ${pick.method} (${pick.topics} topics)`);
    run = { ...settings, hdbscan: { ...h, auto: { rule: AUTO_RULE, minClusterSize: pick.minClusterSize, minSamples: pick.minSamples, method: pick.method, options: sweep.options.length } } };
  }
  const chosen = run.hdbscan.auto;
  const clustered = hdbscan(X5, chosen
    ? { minClusterSize: chosen.minClusterSize, minSamples: chosen.minSamples, method: chosen.method, epsilon: h.epsilon, signal: ctl.signal }
    : { minClusterSize: h.minClusterSize as number, minSamples: h.minSamples, method: h.method, epsilon: h.epsilon, signal: ctl.signal });
  const { labels, refinements } = refine(texts, renumberBySize(clustered.labels), X, settings, log);
  throwIfAborted(ctl.signal);

  const shape = mapShape(labels);
  if (!sweep && (ctl.sweep || isCollapsed(shape))) {
    sweep = sweepGranularity(X5, texts, { ngramRange: v.ngramRange, minDf: v.minDf, extraStopWords: v.extraStopWords, signal: ctl.signal });
    log(`granularity: ${isCollapsed(shape) ? `the map collapsed (${shape.topics} topics, largest ${(shape.largestShare * 100).toFixed(0)}%); ` : ''}swept ${sweep.options.length} options in ${(sweep.seconds.cluster + sweep.seconds.describe).toFixed(2)} s`);
  }
  const granularity = sweep ? { options: sweep.options, auto: sweep.auto, collapsed: isCollapsed(shape), ...shape } : undefined;
  return { labels, probabilities: clustered.probabilities, refinements, settings: run, ...(granularity ? { granularity } : {}) };
}

/** Topic count and the largest topic's share of all chunks. */
export function mapShape(labels: Int32Array): { topics: number; largestShare: number } {
  const sizes = new Map<number, number>();
  for (const l of labels) if (l >= 0) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  let largest = 0;
  for (const s of sizes.values()) if (s > largest) largest = s;
  return { topics: sizes.size, largestShare: labels.length ? largest / labels.length : 0 };
}

export function describeLabels(
  texts: string[], chunks: Chunk[], labels: Int32Array, X: Matrix | undefined, settings: PipelineSettings,
): { topics: TopicResult[]; quality: RunResult['quality'] } {
  const v = settings.vectorizer;
  const r = settings.representation;
  const described = describeTopics(texts, labels, {
    ngramRange: v.ngramRange, minDf: effectiveMinDf(v.minDf, labels), extraStopWords: v.extraStopWords, topN: Math.max(r.topN, 25),
    representativeCount: r.representativeCount, seed: settings.seed, embeddings: X, mmrDiversity: r.mmrDiversity, keybert: r.keybert,
  });
  // Quality uses the reference definitions: diversity over each topic's top 25 words, NPMI over its top 10.
  const wordLists = described.topics.map((t) => t.keywords.map((k) => k.word));
  const npmi = npmiCoherence(texts, wordLists, { topK: 10, ngramRange: v.ngramRange });
  const diversity = topicDiversity(wordLists, 25);
  const topics: TopicResult[] = described.topics.map((t, i) => ({
    id: t.id,
    size: t.size,
    keywords: t.keywords.slice(0, r.topN),
    representative: t.representative,
    sourceCount: countSources(chunks, labels, t.id),
    npmi: round(npmi.perTopic[i]),
  }));
  const outliers = countOutliers(labels);
  return { topics, quality: { diversity: round(diversity), npmi: round(npmi.overall), outlierShare: round(outliers / labels.length) } };
}

/**
 * BERTopic's refinement tools in BERTopic's order (nr_topics inside fit, reduce_outliers after it). Keywords are
 * computed afterwards from the final labels, so they are never stale (the trap of BERTopic's issue #1785).
 */
function refine(texts: string[], labels: Int32Array, X: Matrix | undefined, settings: PipelineSettings, log: (l: string) => void): { labels: Int32Array; refinements: Array<Record<string, unknown>> } {
  const refinements: Array<Record<string, unknown>> = [];
  const vectorizer = { ngramRange: settings.vectorizer.ngramRange, minDf: settings.vectorizer.minDf, extraStopWords: settings.vectorizer.extraStopWords };
  const { nrTopics, outliers } = settings.refine;
  if (nrTopics !== undefined) {
    const before = countTopics(labels);
    labels = reduceTopics(texts, labels, nrTopics, { vectorizer, embeddings: X, cluster: (M) => hdbscan(M, { minClusterSize: 2 }).labels }).labels;
    refinements.push({ step: 'reduceTopics', nrTopics, topicsBefore: before, topicsAfter: countTopics(labels) });
  }
  if (outliers) {
    const before = countOutliers(labels);
    labels = reduceOutliers(outliers.strategy, texts, labels, { threshold: outliers.threshold, vectorizer, embeddings: X });
    refinements.push({ step: 'reduceOutliers', strategy: outliers.strategy, threshold: outliers.threshold, outliersBefore: before, outliersAfter: countOutliers(labels) });
  }
  for (const r of refinements) log(`refine: ${JSON.stringify(r)}`);
  return { labels, refinements };
}

function countTopics(labels: Int32Array): number {
  let k = 0;
  for (const l of labels) if (l + 1 > k) k = l + 1;
  return k;
}

export function countOutliers(labels: Int32Array): number {
  let n = 0;
  for (const l of labels) if (l < 0) n++;
  return n;
}

/**
 * min_df counts topic documents (BERTopic joins each topic's chunks into one document). With a handful of topics a
 * topic's own distinctive words occur in one document only, so min_df 2 would delete exactly the words that describe
 * it; below 10 topic documents the threshold is relaxed to 1.
 */
export function effectiveMinDf(minDf: number, labels: Int32Array): number {
  const classes = new Set<number>();
  for (const l of labels) classes.add(l);
  return classes.size < 10 ? 1 : minDf;
}

function countSources(chunks: Chunk[], labels: Int32Array, topic: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < chunks.length; i++) if (labels[i] === topic) seen.add(chunks[i].source);
  return seen.size;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
