// Messages between the extension host and its compute thread (src/host/compute-worker.ts). No vscode import.
import type { TopicHierarchy } from '../pipeline/refine/hierarchy';
import type { Parsed } from '../taxonomy/codec';
import type { Taxonomy } from '../taxonomy/types';

export interface VectorizerOptions { ngramRange: [number, number]; minDf: number; extraStopWords?: string[] }

/** Keywords of each non-outlier class, as taxonomy/operations.ts's merge wants them. */
export type ClassKeywords = Array<{ id: number; keywords: Array<{ word: string; score: number }> }>;

export type ComputeRequest =
  /** One slice of a chunk-text set; `total` texts make the set, which the thread keeps under `key`. */
  | { type: 'texts'; key: number; offset: number; total: number; texts: string[] }
  | { type: 'forget'; key: number }
  | { type: 'describe'; id: number; key: number; labels: Int32Array; vectorizer: VectorizerOptions; topN: number }
  | { type: 'hierarchy'; id: number; key: number; labels: Int32Array; vectorizer: VectorizerOptions; topN: number }
  /** The taxonomy store's codec (taxonomy/codec.ts): serialize and check a taxonomy, or parse and validate a file. */
  | { type: 'encode'; id: number; taxonomy: Taxonomy; fileName: string }
  | { type: 'decode'; id: number; text: string; fileName: string };

export type ComputeResponse =
  | { type: 'describe'; id: number; topics: ClassKeywords }
  | { type: 'hierarchy'; id: number; hierarchy: TopicHierarchy }
  | { type: 'encode'; id: number; text: string; parsed: Parsed }
  | { type: 'decode'; id: number; parsed: Parsed; canonical?: string }
  | { type: 'error'; id: number; message: string };
