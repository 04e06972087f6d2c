// Reads the extension's settings for one workspace folder (scope: resource, so each folder of a multi-root workspace
// has its own) and maps them onto the pipeline's settings.
import * as vscode from 'vscode';
import { resolveSettings } from '../pipeline/settings';
import type { PipelineSettings, RecordField } from '../pipeline/types';
import { validateMirror } from './mirror-url';

export const SECTION = 'literatureMap';

export function taxonomyPathSetting(scope: vscode.Uri): string {
  const p = vscode.workspace.getConfiguration(SECTION, scope).get<string>('taxonomyFile', 'taxonomy.json').trim();
  return p || 'taxonomy.json';
}

/** Throws an Error with a message for the user when a setting cannot be used (the mirror must be http/https). */
export function readPipelineSettings(scope: vscode.Uri): PipelineSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const num = (key: string): number | undefined => {
    const v = c.get<number | null>(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const str = (key: string): string | undefined => {
    const v = c.get<string>(key);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const mirror = str('embedding.mirror');
  if (mirror !== undefined) validateMirror(mirror);
  const endpointUrl = str('embedding.endpoint.url');
  if (endpointUrl !== undefined) validateMirror(endpointUrl, 'embedding.endpoint.url');
  const ngram = c.get<number[]>('vectorizer.ngramRange');
  const ngramRange: [number, number] | undefined = Array.isArray(ngram) && ngram.length === 2 && ngram.every((n) => Number.isInteger(n) && n >= 1) && ngram[0] <= ngram[1]
    ? [ngram[0], ngram[1]] : undefined;
  const threads = num('embedding.threads');
  const backend = c.get<string>('embedding.backend');
  const method = c.get<string>('hdbscan.method');
  return resolveSettings({
    seed: num('seed'),
    chunkTokens: num('chunkTokens'),
    include: c.get<string[]>('include'),
    exclude: c.get<string[]>('exclude'),
    csvColumns: csvColumns(c.get<Record<string, unknown>>('csvColumns')),
    // The schema's minimum is a hint the settings editor shows, not enforced: 0 or less would skip every file.
    maxFileMB: (num('maxFileMB') ?? 0) > 0 ? num('maxFileMB') : undefined,
    embedding: {
      backend: backend === 'transformers' || backend === 'lsa' || backend === 'auto' || backend === 'static' || backend === 'endpoint' ? backend : undefined,
      model: str('embedding.model'),
      localModelPath: str('embedding.localModelPath'),
      remoteHost: mirror,
      threads: threads && threads > 0 ? threads : undefined,
      staticModel: str('embedding.staticModel'),
      endpointUrl,
      endpointModel: str('embedding.endpoint.model'),
      concurrency: num('embedding.endpoint.concurrency'),
      timeoutSeconds: num('embedding.endpoint.timeoutSeconds'),
    },
    umap: { nNeighbors: num('umap.nNeighbors'), nComponents: num('umap.nComponents'), minDist: num('umap.minDist') },
    hdbscan: { minClusterSize: c.get<unknown>('minTopicSize') === 'auto' ? 'auto' : num('minTopicSize') ?? 'auto', minSamples: num('hdbscan.minSamples'), method: method === 'leaf' || method === 'eom' ? method : undefined },
    vectorizer: { ngramRange, minDf: num('vectorizer.minDf'), extraStopWords: c.get<string[]>('vectorizer.extraStopWords') },
    refine: readRefine(c, num),
    representation: { mmrDiversity: num('representation.mmrDiversity') || undefined, keybert: c.get<boolean>('representation.keybert') || undefined },
  });
}

const RECORD_FIELDS: RecordField[] = ['title', 'abstract', 'authors', 'year', 'venue', 'doi', 'keywords', 'key'];

/** The setting's known fields with a non-empty column name; anything else is ignored (the schema flags it). */
function csvColumns(v: Record<string, unknown> | undefined): PipelineSettings['csvColumns'] {
  if (!v || typeof v !== 'object') return undefined;
  const out: NonNullable<PipelineSettings['csvColumns']> = {};
  for (const f of RECORD_FIELDS) {
    const col = v[f];
    if (typeof col === 'string' && col.trim()) out[f] = col.trim();
  }
  return Object.keys(out).length ? out : undefined;
}

function readRefine(c: vscode.WorkspaceConfiguration, num: (key: string) => number | undefined): PipelineSettings['refine'] {
  const nr = c.get<number | string | null>('refine.nrTopics');
  const strategy = c.get<string>('refine.outlierStrategy');
  const threshold = Math.min(1, Math.max(0, num('refine.outlierThreshold') ?? 0));
  return {
    nrTopics: nr === 'auto' ? 'auto' : typeof nr === 'number' && Number.isInteger(nr) && nr >= 2 ? nr : undefined,
    outliers: strategy === 'c-tf-idf' || strategy === 'embeddings' || strategy === 'distributions' ? { strategy, threshold } : undefined,
  };
}
