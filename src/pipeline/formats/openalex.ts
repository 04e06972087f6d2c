// OpenAlex works (an API response {"results": [...]}, or an array of works): title, abstract_inverted_index,
// authorships[].author.display_name, publication_year, primary_location.source.display_name, doi, keywords.
import { readJsonItems } from './json-items';
import type { RawRecord, RecordsRead } from './record';

type Work = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const obj = (v: unknown): Work | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Work) : undefined);

/**
 * The abstract from OpenAlex's inverted index (word → positions). Two words at one position (it happens in the data)
 * are both kept, in index order, rather than one overwriting the other; gaps are skipped.
 */
export function invertedAbstract(index: unknown): string | undefined {
  const ix = obj(index);
  if (!ix) return undefined;
  const at: string[][] = [];
  for (const [word, positions] of Object.entries(ix)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) {
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 1e6) continue;
      (at[p] ??= []).push(word);
    }
  }
  const words: string[] = [];
  for (const list of at) if (list) words.push(...list);
  return words.length ? words.join(' ') : undefined;
}

/** An object that is an OpenAlex work: it has an inverted-index abstract, authorships or an openalex.org/W… id. */
export function isOpenAlexWork(w: unknown): boolean {
  const o = obj(w);
  return !!o && ('abstract_inverted_index' in o || 'authorships' in o || /openalex\.org\/W/.test(str(o.id) ?? ''));
}

export function openAlexWorks(doc: unknown): unknown[] | undefined {
  const list = Array.isArray(doc) ? doc : obj(doc)?.results;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.some(isOpenAlexWork) ? list : undefined;
}

/** One work's fields (shared by the JSON reader here and the JSON Lines reader). */
export function openAlexRecord(o: Work): Omit<RawRecord, 'lines'> {
  const loc = obj(o.primary_location);
  const kw = Array.isArray(o.keywords) ? o.keywords : Array.isArray(o.concepts) ? o.concepts : [];
  return {
    title: str(o.title) ?? str(o.display_name),
    abstract: invertedAbstract(o.abstract_inverted_index) ?? str(o.abstract),
    authors: Array.isArray(o.authorships) ? o.authorships.map((a) => str(obj(obj(a)?.author)?.display_name) ?? str(obj(a)?.raw_author_name) ?? '') : [],
    year: str(o.publication_year) ?? str(o.publication_date),
    venue: str(obj(loc?.source)?.display_name) ?? str(obj(o.host_venue)?.display_name),
    doi: str(o.doi),
    keywords: [kw.map((k) => str(obj(k)?.display_name) ?? str(k) ?? '').filter(Boolean).join('; ')],
  };
}

export function readOpenAlex(text: string, doc: unknown): RecordsRead {
  return readJsonItems(text, openAlexWorks(doc) ?? [], Array.isArray(doc) ? undefined : 'results', 'work', openAlexRecord);
}
