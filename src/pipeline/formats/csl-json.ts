// CSL-JSON (Zotero "CSL JSON", Better CSL JSON, pandoc/citeproc): an array of items with title, author
// [{family, given} | {literal}], issued {"date-parts": [[2020, 3]]}, container-title, DOI, keyword, abstract.
import { readJsonItems } from './json-items';
import type { RawRecord, RecordsRead } from './record';

type Item = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function name(a: unknown): string {
  if (!a || typeof a !== 'object') return '';
  const n = a as Record<string, unknown>;
  if (str(n.literal)) return str(n.literal)!;
  return [str(n.family), str(n.given)].filter(Boolean).join(', ');
}

function yearOf(issued: unknown): string | undefined {
  if (!issued || typeof issued !== 'object') return str(issued);
  const d = issued as Record<string, unknown>;
  const parts = d['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) return str(parts[0][0]);
  return str(d.raw) ?? str(d.literal);
}

/** One item's fields (shared by the JSON reader here and the JSON Lines reader). */
export function cslRecord(o: Item): Omit<RawRecord, 'lines'> {
  const id = str(o['citation-key']) ?? str(o.citationKey) ?? str(o.id);
  return {
    // Zotero's plain CSL JSON ids are item URIs, not citation keys: only a key-like id is kept.
    key: id && /^[A-Za-z][\w:.+-]*$/.test(id) ? id : undefined,
    title: str(o.title),
    abstract: str(o.abstract),
    authors: Array.isArray(o.author) ? o.author.map(name) : [],
    year: yearOf(o.issued) ?? yearOf(o['original-date']),
    venue: str(o['container-title']) ?? str(o['collection-title']),
    doi: str(o.DOI) ?? str(o.doi),
    keywords: [str(o.keyword) ?? (Array.isArray(o.keywords) ? o.keywords.map(str).join('; ') : undefined)],
  };
}

export function readCslJson(text: string, items: unknown[]): RecordsRead {
  return readJsonItems(text, items, undefined, 'item', cslRecord);
}

/** An object that looks like a CSL item: a `type` plus title/author/issued. */
export function isCslItem(x: unknown): boolean {
  return !!x && typeof x === 'object' && !Array.isArray(x) && typeof (x as Item).type === 'string' && ('title' in (x as Item) || 'author' in (x as Item) || 'issued' in (x as Item));
}

/** An array whose items look like CSL. */
export function isCslJson(doc: unknown): doc is unknown[] {
  return Array.isArray(doc) && doc.some(isCslItem);
}
