// Sources that are papers (records of bibliographic exports): how the side panel, the panel and the exports name them,
// and which file to open for them. Pure, and free of Node modules: the panel's bundle uses it too.
import { authorYear } from '../pipeline/formats/names';
import type { SourceRecord, Taxonomy } from './types';

/** Source path → its record, for the sources that are papers. */
export function recordsByPath(t: Pick<Taxonomy, 'sources'> | undefined): Map<string, SourceRecord> {
  const out = new Map<string, SourceRecord>();
  for (const s of t?.sources ?? []) if (s.record) out.set(s.path, s.record);
  return out;
}

const cache = new WeakMap<object, Map<string, SourceRecord>>();

/** The record of a source path, or undefined for a transcript (cached per taxonomy object: trees ask per item). */
export function paperOf(t: Pick<Taxonomy, 'sources'> | undefined, source: string): SourceRecord | undefined {
  if (!t) return undefined;
  let m = cache.get(t.sources);
  if (!m) cache.set(t.sources, (m = recordsByPath(t)));
  return m.get(source);
}

/** The file to open for a source: the export file for a paper, the path itself for a transcript. */
export function fileOfSource(t: Pick<Taxonomy, 'sources'> | undefined, source: string): string {
  return paperOf(t, source)?.file ?? source;
}

/** "Smith et al. (2020)". */
export function paperCitation(r: Pick<SourceRecord, 'authors' | 'year'>): string {
  return authorYear(r.authors, r.year);
}

/** "https://doi.org/10.1000/xyz" for a bare DOI. */
export function doiUrl(doi: string): string {
  // Parentheses too: a DOI like 10.1000/a(b) must not end a Markdown link early.
  return `https://doi.org/${doi.split('/').map((p) => encodeURIComponent(p).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))).join('/')}`;
}
