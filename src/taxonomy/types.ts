// The taxonomy file, version 2: the researcher's work product, committed and reviewed. Field order here is the order
// on disk (the serializer writes keys in this order), so a diff shows only what changed.
// No embeddings, no per-chunk data: the per-chunk run artifact lives outside the repo (see RunArtifact).

import type { RecordMeta } from '../pipeline/types';

export const SCHEMA_VERSION = 2;

export type TopicId = string; // "t-" + 8 hex, stable across re-runs for a matched topic
export type ThemeId = string; // "th-" + 8 hex, stable forever

export const TOPIC_ID_PATTERN = /^t-[0-9a-f]{8}$/;
export const ARTIFACT_KEY_PATTERN = /^[0-9a-f]{16}$/;
export const THEME_ID_PATTERN = /^th-[0-9a-f]{8}$/;
/** "#rrggbb", or a VS Code theme colour id ("charts.blue") so themes follow the editor's colour theme. */
export const COLOR_PATTERN = /^(#[0-9a-fA-F]{6}|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*)$/;

/**
 * One thing wrong with a taxonomy file. `line` and `column` are 1-based, columns in UTF-16 code units (what editors
 * count), so the host maps them to a diagnostic with (line - 1, column - 1).
 */
export interface TaxonomyProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Where a representative excerpt is: enough to open the transcript there. */
export interface ChunkRef {
  /** Stable chunk id (pipeline Chunk.id). */
  chunk: string;
  source: string;
  lines: [number, number];
  /** Seconds, for captions and Whisper JSON. */
  time?: [number, number];
  /** 0-based columns on the first and last line, when a line holds more than the chunk (one-line Whisper JSON). */
  cols?: [number, number];
  /** The excerpt's first ~200 characters, so the file and the tree are readable without the run artifact. */
  excerpt: string;
}

/**
 * How the last re-run (or merge) related this topic to the previous file. A topic whose members did not change at all
 * keeps the status it had, so a re-run with unchanged inputs changes nothing in the file.
 */
export type TopicStatus = 'new' | 'kept' | 'split' | 'merged';

export interface Topic {
  id: TopicId;
  /** Researcher's label; defaults to the top keywords joined by ", ". */
  label: string;
  /** True once a person has renamed it: a re-run never replaces a custom label. */
  customLabel: boolean;
  keywords: Array<[string, number]>;
  size: number;
  sourceCount: number;
  npmi?: number;
  representative: ChunkRef[];
  irrelevant: boolean;
  note: string;
  /** How the last re-run matched this topic to the previous one. */
  status: TopicStatus;
  /** Topic ids of the previous run (or merge) this topic carries the curation of. */
  previous?: TopicId[];
  /**
   * Set on a topic merged by hand: the run's topics it is made of (its own id first), each with its top keywords, so
   * the per-chunk data of the run maps onto it and a re-run merges their successors again.
   */
  mergedFrom?: MergedPart[];
  /** Labels a language model proposed, oldest first. Never curation by themselves: accepting one writes `label`. */
  suggestions?: LabelSuggestion[];
}

/** One of the run's topics inside a topic merged by hand. */
export interface MergedPart {
  id: TopicId;
  /** Its top keywords when it was merged: identity for a re-run without the run's per-chunk data. */
  keywords: string[];
}

/**
 * pending: not decided yet; accepted: its label was written; edited: accepted after the researcher changed it;
 * rejected: declined; stale: still pending when its topic changed (re-run or merge), so it may no longer fit.
 */
export type SuggestionStatus = 'pending' | 'accepted' | 'rejected' | 'edited' | 'stale';

/** What was asked of which model, so a reader of the file (or a journal) can tell where a suggestion came from. */
export interface SuggestionProvenance {
  /** "openai-compatible" or "vscode-lm". */
  provider: string;
  /** Host of the endpoint (no path, no key), or the VS Code model vendor. */
  endpoint: string;
  /** The model as the server named it in its answer. */
  model: string;
  /** A version, digest or system fingerprint, where the server reports one. */
  modelVersion?: string;
  parameters: { temperature: number; seed?: number; maxTokens: number };
  /** Prompt template name and version (docs/suggestions.md has each verbatim). */
  template: string;
  /** sha256 of model + parameters + the filled prompt: the cache key. */
  promptHash: string;
  /** Chunk ids and keywords that were sent. */
  chunks: string[];
  keywords: string[];
  tokens?: { prompt: number; completion: number };
  /** When the model answered (ISO 8601). A cached answer keeps its original time. */
  at: string;
}

export type SuggestionFlag = 'quote-not-found' | 'duplicate-label' | 'template-echo' | 'generic-label';

export interface LabelSuggestion {
  label: string;
  description: string;
  quote: string;
  /** Chunk id the model cited for the quote. */
  quoteChunk?: string;
  flags: SuggestionFlag[];
  status: SuggestionStatus;
  provenance: SuggestionProvenance;
}

export type ThemeSuggestionId = string; // "ts-" + 8 hex
export const THEME_SUGGESTION_ID_PATTERN = /^ts-[0-9a-f]{8}$/;

/** One proposed theme of a grouping; accepted or rejected as a whole or per topic. */
export interface ThemeSuggestion {
  id: ThemeSuggestionId;
  name: string;
  description: string;
  /** Proposed members still undecided. */
  topics: TopicId[];
  status: SuggestionStatus;
  /** The theme accepting it created (or that accepted topics went into). */
  theme?: ThemeId;
  /** Topics the researcher declined for this theme. */
  rejectedTopics?: TopicId[];
  provenance: SuggestionProvenance;
}

export interface Theme {
  id: ThemeId;
  name: string;
  description: string;
  color?: string;
  /**
   * Ordered. A topic belongs to at most one theme (enforced by validation and every operation): the panel, the
   * prevalence tables and the re-run carry-over all need one answer to "which theme is this topic in".
   */
  topics: TopicId[];
}

export interface SourceEntry {
  path: string;
  contentHash: string;
  date?: string;
  chunks: number;
  /** Topic id → number of this source's chunks in it (outliers under "-1"). */
  topicCounts: Record<string, number>;
  /** Set when the source is one record of a bibliographic export (its path is then `<file>#<key>`). */
  record?: SourceRecord;
}

/**
 * A paper: what the panel, the side panel and the exports show instead of a path, and where to open it. The fields
 * are the corpus reader's RecordMeta (file and lines in the export, citation key, title, authors, year, venue, bare
 * DOI, keywords); `titleOnly` is written only when true (no abstract: the document is the title alone).
 */
export interface SourceRecord extends Omit<RecordMeta, 'titleOnly'> {
  titleOnly?: boolean;
}

/** A topic of the previous run that no new topic matched: kept so the researcher sees what it held. */
export interface VanishedTopic {
  id: TopicId;
  label: string;
  keywords: string[];
  size: number;
  themes: ThemeId[];
  note: string;
}

export interface RunInfo {
  toolVersion: string;
  /**
   * Key of the run's per-chunk data (ARTIFACT_KEY_PATTERN), kept outside the repository: any version of the file — after
   * a checkout, a revert or a merge — finds the data of the run it describes by this key. Absent in files written before
   * it existed.
   */
  artifact?: string;
  /** revision: what pins the weights when known (an inference server's model_sha, a static model's hash). */
  embedding: { backend: string; model: string; dim: number; revision?: string };
  seed: number;
  settings: Record<string, unknown>;
  corpus: { fingerprint: string; sources: number; chunks: number; outliers: number };
  quality: { diversity: number; npmi: number; outlierShare: number };
  /** Refinements applied after clustering (outlier reduction, topic reduction, …), in order. */
  refinements?: Array<Record<string, unknown>>;
}

export interface Taxonomy {
  $schema?: string;
  schemaVersion: number;
  run: RunInfo;
  themes: Theme[];
  topics: Topic[];
  /**
   * Derived on every save and on every parse (topics in no theme and not irrelevant, in topic order), kept in the file
   * so reviewers see it. Hand edits to it are ignored rather than reported: it is never the source of truth.
   */
  unassigned: TopicId[];
  /** Accumulates over re-runs (so an unchanged re-run changes nothing); the researcher deletes entries when done. */
  vanished: VanishedTopic[];
  /** A language model's proposed grouping of topics into themes, until the researcher decides on each. */
  themeSuggestions?: ThemeSuggestion[];
  sources: SourceEntry[];
}

/**
 * The per-chunk result of a run, kept outside the repo (extension global storage or the CLI cache dir) under its key
 * (artifact-codec.ts's artifactKey, recorded as `run.artifact`). Never changed after the run: `topicOf` names the run's
 * topics, and a file's merges map them onto its topics (viewArtifact). Used for re-run matching (chunk-overlap
 * Jaccard), merges (c-TF-IDF on the merged chunks), the map and the excerpt lists.
 */
export interface RunArtifact {
  corpusFingerprint: string;
  chunks: Array<{ id: string; source: string; index: number; lineStart: number; lineEnd: number; timeStart?: number; timeEnd?: number; colStart?: number; colEnd?: number; text: string }>;
  /** Taxonomy topic id per chunk, or null for outliers. */
  topicOf: Array<TopicId | null>;
  probabilities: number[];
  coords2d: number[];
}
