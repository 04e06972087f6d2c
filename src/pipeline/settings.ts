import type { PipelineSettings } from './types';

/** Files over this many MiB are skipped unread unless the settings say otherwise (a 200 MB caption file is a mistake). */
export const DEFAULT_MAX_FILE_MB = 50;

/** The byte limit a run's settings put on each file. */
export function maxFileBytes(s: Pick<PipelineSettings, 'maxFileMB'>): number {
  return (s.maxFileMB ?? DEFAULT_MAX_FILE_MB) * 1024 * 1024;
}

/** BERTopic's defaults where it has them; the chunk budget follows the seed study (~300 tokens). */
export const DEFAULT_SETTINGS: PipelineSettings = {
  seed: 42,
  chunkTokens: 300,
  embedding: {
    backend: 'auto',
    model: 'Xenova/all-MiniLM-L6-v2',
    dtype: 'q8',
    batchSize: 32,
  },
  umap: { nNeighbors: 15, nComponents: 5, minDist: 0 },
  hdbscan: { minClusterSize: 10, method: 'eom', epsilon: 0 },
  // min_df 2 as in the reference run (and BERTopic's docs): a word must occur in two topics' documents to count.
  vectorizer: { ngramRange: [1, 2], minDf: 2, extraStopWords: [] },
  representation: { topN: 10, representativeCount: 3 },
  refine: {},
  // Bibliographic exports too (docs/sources.md): .txt and .json may also be WoS / CSL-JSON / OpenAlex exports, .jsonl
  // OpenAlex works one per line (the snapshot's part_000.gz files are read when the globs name them: a .gz may be anything).
  include: ['**/*.txt', '**/*.md', '**/*.vtt', '**/*.srt', '**/*.json', '**/*.jsonl', '**/*.jsonl.gz', '**/*.ris', '**/*.bib', '**/*.nbib', '**/*.csv', '**/*.tsv'],
  exclude: [],
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type SettingsOverrides = DeepPartial<PipelineSettings>;

/** Defaults overlaid with the caller's values (one level of nesting, which is all the settings have). */
export function resolveSettings(overrides: SettingsOverrides = {}): PipelineSettings {
  const d = DEFAULT_SETTINGS;
  const o = overrides;
  return {
    ...d,
    ...stripUndefined(o),
    embedding: { ...d.embedding, ...stripUndefined(o.embedding ?? {}) },
    umap: { ...d.umap, ...stripUndefined(o.umap ?? {}) },
    hdbscan: { ...d.hdbscan, ...stripUndefined(o.hdbscan ?? {}) },
    vectorizer: { ...d.vectorizer, ...stripUndefined(o.vectorizer ?? {}) } as PipelineSettings['vectorizer'],
    representation: { ...d.representation, ...stripUndefined(o.representation ?? {}) },
    refine: { ...d.refine, ...stripUndefined(o.refine ?? {}), ...(o.refine?.outliers ? { outliers: { ...o.refine.outliers } } : {}) } as PipelineSettings['refine'],
    include: o.include ? [...o.include] : [...d.include],
    exclude: o.exclude ? [...o.exclude] : [...d.exclude],
    // Only when some column is named: an unset mapping must not appear in the taxonomy's settings (check compares them).
    ...(o.csvColumns && Object.values(o.csvColumns).some((v) => v) ? { csvColumns: { ...stripUndefined(o.csvColumns) } } : {}),
    // The default is left out for the same reason (and so files made before the setting existed compare equal).
    ...(o.maxFileMB !== undefined && o.maxFileMB !== DEFAULT_MAX_FILE_MB ? { maxFileMB: o.maxFileMB } : {}),
  } as PipelineSettings;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && (typeof v !== 'object' || Array.isArray(v)))) as Partial<T>;
}
