// Changing the granularity of a finished run: cluster its saved 5-d layout with another HDBSCAN option and describe
// the result, with the run's chunks and map as they were — no re-embedding, no new UMAP. Runs in the worker (a few
// seconds at 15k chunks); the host reconciles the result with the curation exactly as after a re-run.
import fs from 'node:fs';
import { PipelineError, throwIfAborted } from './errors';
import { shortHash } from './hash';
import { loadRunLayout } from './run-layout';
import { clusterLayout, describeLabels, mapShape, needsEmbeddings } from './topics-from-layout';
import { isCollapsed } from './granularity';
import { TOOL_VERSION } from './version';
import { decodeArtifact } from '../taxonomy/artifact-codec';
import type { Chunk, ClusterOption, EmbeddingBackend, PipelineSettings, RunControl, RunResult, SourceFile, StageTiming } from './types';

export interface LayoutInput {
  kind: 'layout';
  /** Folder of the saved layout (run-layout.ts). */
  dir: string;
  /** The run data file of the taxonomy's run: its chunks and 2-d map. */
  artifactFile: string;
  sources: SourceFile[];
  embedding: { backend: EmbeddingBackend; model: string; dim: number };
  option: ClusterOption;
}

/** The parts of the run artifact (taxonomy/types RunArtifact) this needs. */
interface SavedRun {
  corpusFingerprint: string;
  chunks: Array<Omit<Chunk, 'textHash'>>;
  coords2d: number[];
}

/**
 * The run's chunks and map from the run data file (src/taxonomy/artifact-codec.ts's format, as the run data store
 * writes it under the key the taxonomy records). The one place in the pipeline that reads it.
 */
async function readSavedRun(file: string): Promise<SavedRun> {
  try {
    return (await decodeArtifact(await fs.promises.readFile(file))).artifact;
  } catch (e) {
    throw new PipelineError(`The run data ${file} cannot be read (${(e as Error).message}): re-run the map.`);
  }
}

export async function regranulate(input: LayoutInput, base: PipelineSettings, ctl: RunControl = {}): Promise<RunResult> {
  const log = ctl.onLog ?? (() => undefined);
  const t0 = performance.now();
  const settings: PipelineSettings = {
    ...base,
    hdbscan: {
      minClusterSize: input.option.minClusterSize, minSamples: input.option.minSamples, method: input.option.method, epsilon: base.hdbscan.epsilon,
      chosenIn: 'panel',
    },
  };
  if (needsEmbeddings(settings)) {
    throw new PipelineError('These settings (topic reduction, embedding-based outlier reduction, KeyBERT or MMR keywords) need the embeddings themselves: change the minimum topic size in the settings and re-run instead.');
  }
  const saved = loadRunLayout(input.dir);
  if (!saved) throw new PipelineError('The layout of the last run is not stored here (an older run, or a cleared cache): re-run the map once, then granularity changes take seconds.');
  const run = await readSavedRun(input.artifactFile);
  if (run.chunks.length !== saved.info.rows || run.corpusFingerprint !== saved.info.corpusFingerprint) {
    throw new PipelineError('The stored layout belongs to another run than the stored run data: re-run the map.');
  }
  throwIfAborted(ctl.signal);
  ctl.onProgress?.({ stage: 'cluster', message: 'Clustering the saved layout' });
  const chunks: Chunk[] = run.chunks.map((c) => ({ ...c, textHash: shortHash(c.text) }));
  const texts = chunks.map((c) => c.text);
  const clustered = clusterLayout(saved.layout, texts, undefined, settings, { signal: ctl.signal, log, sweep: !saved.info.granularity });
  const t1 = performance.now();
  throwIfAborted(ctl.signal);
  ctl.onProgress?.({ stage: 'describe', message: 'Describing topics' });
  const { topics, quality } = describeLabels(texts, chunks, clustered.labels, undefined, settings);
  const t2 = performance.now();
  const shape = mapShape(clustered.labels);
  const swept = clustered.granularity ?? saved.info.granularity;
  const timings: StageTiming[] = [{ stage: 'cluster', seconds: (t1 - t0) / 1000 }, { stage: 'describe', seconds: (t2 - t1) / 1000 }];
  return {
    topics,
    assignments: clustered.labels,
    probabilities: clustered.probabilities,
    coords2d: Float32Array.from(run.coords2d),
    chunks,
    sources: input.sources,
    skipped: [],
    timings,
    quality,
    ...(swept ? { granularity: { ...swept, collapsed: isCollapsed(shape), ...shape } } : {}),
    meta: {
      toolVersion: TOOL_VERSION,
      embedding: input.embedding,
      settings: clustered.settings,
      corpusFingerprint: run.corpusFingerprint,
      refinements: clustered.refinements,
    },
  };
}
