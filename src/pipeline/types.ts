// The data contracts between pipeline stages. Every stage module imports from here and from nowhere else in the
// pipeline for its types, so stages can be replaced one at a time. No `vscode` import anywhere under src/pipeline.

/** A dense row-major float32 matrix: row i is data[i*dim .. (i+1)*dim). */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly dim: number;
}

/** Files that are one document each. */
export type DocumentFormat = 'txt' | 'md' | 'vtt' | 'srt' | 'whisper';
/** Bibliographic exports: one document per record (formats/sniff.ts tells them apart by content). */
export type ExportFormat =
  | 'ris' | 'bibtex' | 'wos' | 'wos-tab' | 'nbib' | 'scopus-csv' | 'ieee-csv' | 'springer-csv' | 'csv' | 'csl-json' | 'openalex';
export type SourceFormat = DocumentFormat | ExportFormat;

/**
 * What a source that is one record of a bibliographic export carries besides its text. Its SourceFile.path is
 * `<file>#<key>`; `file` and `lines` say where the record is, so opening an excerpt jumps to it.
 */
export interface RecordMeta {
  /** The export file, relative to the corpus root. */
  file: string;
  /** The record's first and last line in that file (1-based, inclusive). */
  lines: [number, number];
  /** Citation key: the BibTeX key, or derived (first author's family name + year + first title word). Unique in a run. */
  key: string;
  title: string;
  /** As the export writes them ("Smith, J." / "Smith, John"), in order. */
  authors: string[];
  year?: number;
  venue?: string;
  /** Bare and lower-case ("10.1000/xyz"). */
  doi?: string;
  keywords: string[];
  /** The record has no abstract: its document is the title alone. */
  titleOnly: boolean;
}

/** One transcript or text file of the corpus. `path` is relative to the corpus root, with '/' separators. */
export interface SourceFile {
  path: string;
  format: SourceFormat;
  /** sha256 (hex) of the raw bytes: the corpus fingerprint and the stale check are built from these. */
  contentHash: string;
  bytes: number;
  /** ISO date (YYYY-MM-DD) or year (YYYY) when the file carries one (name, front matter, JSON field). */
  date?: string;
  /** Set when this source is one record of a bibliographic export. */
  record?: RecordMeta;
}

/**
 * A piece of a source's text after parsing: a line of a text file, or one de-duplicated caption cue / Whisper segment.
 * Lines are 1-based and inclusive; times are seconds from the start of the recording.
 */
export interface TextSpan {
  text: string;
  lineStart: number;
  lineEnd: number;
  timeStart?: number;
  timeEnd?: number;
  /**
   * 0-based UTF-16 columns where the text starts on lineStart and ends (exclusive) on lineEnd, when a line holds more
   * than this span (Whisper JSON is often one line: the column is where the segment's text is).
   */
  colStart?: number;
  colEnd?: number;
  /** True when a blank line (or a format's own paragraph mark) precedes this span: chunking starts paragraphs here. */
  paragraphStart?: boolean;
}

export interface ParsedSource {
  file: SourceFile;
  spans: TextSpan[];
  /** Non-fatal problems found while parsing (malformed cues, …), each a sentence naming what is wrong. */
  warnings: string[];
}

/**
 * A file the corpus reader did not use, and why (binary, not UTF-8, too large, unreadable, …); with `line`, one record
 * of an export file that was otherwise read (no title, broken encoding).
 */
export interface SkippedFile {
  path: string;
  line?: number;
  reason: string;
}

/** A record found again (same DOI, or same normalised title and year) in the same or another export: not counted twice. */
export interface MergedRecord {
  /** Source path of the record kept. */
  kept: string;
  /** Where the duplicate was: export file and its line range. */
  file: string;
  lines: [number, number];
  by: 'doi' | 'title+year';
}

export interface Corpus {
  root: string;
  sources: ParsedSource[];
  skipped: SkippedFile[];
  /** Duplicate records folded into the one kept; empty for folders without exports. */
  merged: MergedRecord[];
}

/** The unit the topic model clusters: a paragraph or a pack of sentences of one source, never across files. */
export interface Chunk {
  /** Stable id: derived from source path + position + text hash, so it survives unrelated edits elsewhere. */
  id: string;
  source: string;
  /** 0-based position of the chunk within its source. */
  index: number;
  text: string;
  /** sha256 (hex, first 16 chars) of the chunk text: the embedding cache key together with the model. */
  textHash: string;
  lineStart: number;
  lineEnd: number;
  timeStart?: number;
  timeEnd?: number;
  /** Columns on lineStart / lineEnd (see TextSpan), when the source's spans carry them. */
  colStart?: number;
  colEnd?: number;
}

export type StageName = 'read' | 'chunk' | 'embed' | 'reduce' | 'cluster' | 'describe' | 'layout' | 'done';

export interface ProgressEvent {
  stage: StageName;
  message: string;
  /** Work done and total for stages that can count (embedding: chunks). */
  done?: number;
  total?: number;
  /** Seconds left, when the stage can estimate it. */
  etaSeconds?: number;
}

export interface RunControl {
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Diagnostic lines for the log (skipped files, stage timings). */
  onLog?: (line: string) => void;
}

/** One word or bigram of a topic's representation, with its c-TF-IDF (or re-ranked) weight. */
export interface Keyword {
  word: string;
  score: number;
}

/** A topic as the engine produced it. Ids are renumbered by size: 0 is the largest; -1 (outliers) is not a topic. */
export interface TopicResult {
  id: number;
  size: number;
  keywords: Keyword[];
  /** Indices into RunResult.chunks of the most representative chunks, best first. */
  representative: number[];
  /** Number of distinct sources with at least one chunk in this topic. */
  sourceCount: number;
  /** NPMI@10 of this topic against the corpus, when computed. */
  npmi?: number;
}

export interface StageTiming {
  stage: StageName;
  seconds: number;
}

export interface RunResult {
  topics: TopicResult[];
  /** Topic id per chunk (-1 = outlier), aligned with chunks. */
  assignments: Int32Array;
  /** HDBSCAN membership probability per chunk. */
  probabilities: Float32Array;
  /** 2-D layout of every chunk for the map, row-major (x, y). */
  coords2d: Float32Array;
  /**
   * The layout HDBSCAN clustered (umap.nComponents per chunk, row-major): kept so the granularity can be changed
   * later without re-embedding or a new UMAP.
   */
  layout?: Float32Array;
  /** Present when the granularity sweep ran: with minimum topic size 'auto', or because the map collapsed. */
  granularity?: GranularityReport;
  chunks: Chunk[];
  sources: SourceFile[];
  skipped: SkippedFile[];
  /** Duplicate bibliographic records merged across (or within) export files. */
  merged?: MergedRecord[];
  timings: StageTiming[];
  quality: { diversity: number; npmi: number; outlierShare: number };
  meta: RunMeta;
  /** Things the user should be told once (e.g. 'auto' fell back to LSA), in plain sentences. */
  notices?: string[];
  /** The readers' non-fatal problems per file (invalid cue timings, …), for the Problems view and the summary. */
  warnings?: SourceWarning[];
}

/** One reader warning: the file, the 1-based line when the warning names one ("line 12: …"), and the sentence. */
export interface SourceWarning {
  path: string;
  line?: number;
  message: string;
  /** For the "… and N more problems" line a reader writes past its cap: how many it stands for. */
  more?: number;
}

export interface RunMeta {
  toolVersion: string;
  /** revision: what pins the model's weights when known (an inference server's model_sha, a static model's hash). */
  embedding: { backend: EmbeddingBackend; model: string; dim: number; revision?: string };
  settings: PipelineSettings;
  /** sha256 over sorted (path, contentHash) pairs: the stale check compares this. */
  corpusFingerprint: string;
  /** Embedding cache hits / chunks, for the log and the bench. */
  cacheHits?: number;
  /** Refinements applied after clustering, in order, with what they changed. */
  refinements?: Array<Record<string, unknown>>;
}

/** One HDBSCAN option of the granularity grid. */
export interface ClusterOption {
  minClusterSize: number;
  minSamples: number;
  method: 'eom' | 'leaf';
}

/** The shape and quality of one labelling of the chunks. */
export interface LabellingFigures {
  topics: number;
  /** Share of chunks labelled −1. */
  outlierShare: number;
  /** Share of all chunks in the largest topic. */
  largestShare: number;
  npmi: number;
  diversity: number;
}

export interface GranularityOption extends ClusterOption, LabellingFigures {}

/** The granularity sweep of a run: its options, the auto rule's pick, and whether the run's own map collapsed. */
export interface GranularityReport {
  /** Figures from the sweep's fast describe (topic-figures.ts), to compare options; the applied one is described exactly. */
  options: GranularityOption[];
  /** Index of the option the auto rule picks. */
  auto: number;
  /** The run's own map is collapsed (fewer than 5 topics, or one topic holding most chunks). */
  collapsed: boolean;
  topics: number;
  largestShare: number;
}

/** What the auto minimum topic size chose, and by which rule (the rule's name is documented in docs/granularity.md). */
export interface AutoGranularity {
  rule: string;
  minClusterSize: number;
  minSamples: number;
  method: 'eom' | 'leaf';
  /** Options the sweep compared. */
  options: number;
}

export type EmbeddingBackend = 'transformers' | 'lsa' | 'static' | 'endpoint' | 'precomputed';

export interface PipelineSettings {
  seed: number;
  /** Chunking: token budget per chunk (the seed study used ~300). */
  chunkTokens: number;
  embedding: {
    backend: 'auto' | 'transformers' | 'lsa' | 'static' | 'endpoint';
    /** The transformer model (backend transformers/auto). */
    model: string;
    /** Local model folder; when set, remote loading is off. */
    localModelPath?: string;
    /** Mirror of the Hugging Face hub (http or https URL). */
    remoteHost?: string;
    threads?: number;
    dtype: 'q8' | 'fp32' | 'fp16';
    batchSize: number;
    /** model2vec model (backend static): a hub id or a local folder; default minishlab/potion-base-8M. */
    staticModel?: string;
    /** Inference server (backend endpoint): its URL, the model name to request (TEI serves one and ignores it). */
    endpointUrl?: string;
    endpointModel?: string;
    /** Requests in flight at once, and how long one may take before it is retried. */
    concurrency?: number;
    timeoutSeconds?: number;
  };
  umap: { nNeighbors: number; nComponents: number; minDist: number; nEpochs?: number };
  /**
   * minClusterSize 'auto': the granularity sweep picks minimum size, min_samples and selection on the 5-d layout
   * (docs/granularity.md); the run's meta.settings then records what it picked and by which rule in `auto`.
   */
  hdbscan: {
    minClusterSize: number | 'auto'; minSamples?: number; method: 'eom' | 'leaf'; epsilon: number; auto?: AutoGranularity;
    /** 'panel': chosen in the panel's granularity control, so a re-run with minimum size 'auto' keeps it. */
    chosenIn?: 'panel';
  };
  vectorizer: { ngramRange: [number, number]; minDf: number; extraStopWords: string[] };
  /** mmrDiversity 0–1 re-ranks keywords by maximal marginal relevance; keybert re-ranks by embedding similarity. */
  representation: { topN: number; representativeCount: number; mmrDiversity?: number; keybert?: boolean };
  /** BERTopic's refinement tools, applied after clustering in BERTopic's order: topic reduction, then outliers. */
  refine: {
    /** Reduce to this many topics (counting the outlier class, as BERTopic's nr_topics does), or 'auto'. */
    nrTopics?: number | 'auto';
    outliers?: { strategy: 'c-tf-idf' | 'embeddings' | 'distributions'; threshold: number };
  };
  include: string[];
  exclude: string[];
  /**
   * Column names of a CSV/TSV export that is not Scopus, IEEE Xplore or Springer, by field (title, abstract, authors,
   * year, venue, doi, keywords, key). Unset fields are looked up by the usual header names.
   */
  csvColumns?: Partial<Record<RecordField, string>>;
  /**
   * Files larger than this many MiB (decompressed, for .gz) are skipped unread; default 50. Recorded only when set to
   * another value: which files a run read is part of what made it.
   */
  maxFileMB?: number;
}

export type RecordField = 'title' | 'abstract' | 'authors' | 'year' | 'venue' | 'doi' | 'keywords' | 'key';
