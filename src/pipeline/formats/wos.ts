// Web of Science exports, "Plain text" and "Tab-delimited" (Windows tab-delimited is UTF-16LE with a BOM; decode.ts
// handles that). Both use the same field tags, so both map through one table: title TI, abstract AB, authors AF (full
// names) or AU, year PY, source SO, DOI DI, keywords DE (author) or ID (Keywords Plus).
import type { RawRecord, RecordsRead } from './record';
import { readTable, cell } from './table';
import { all, first, readTagged, type TaggedSyntax } from './tagged';

const SYNTAX: TaggedSyntax = {
  tagLine: /^([A-Z][A-Z0-9])(?: (.*))?$/,
  // Three spaces in every export seen; two or more tolerated (some tools re-indent).
  continuation: /^ {2,}(\S.*)$/,
  start: new Set(['PT']),
  end: new Set(['ER', 'EF']),
  header: new Set(['FN', 'VR']),
  listTags: new Set(['AU', 'AF', 'BA', 'BF', 'CA', 'CR', 'C1', 'ED']),
};

export function readWosPlain(text: string): RecordsRead {
  const records: RawRecord[] = readTagged(text, SYNTAX).map(({ lines, fields: f }) => ({
    lines,
    title: first(f, 'TI'),
    abstract: first(f, 'AB'),
    authors: all(f, 'AF', 'AU'),
    year: first(f, 'PY', 'EY', 'PD'),
    venue: first(f, 'SO', 'SE', 'BS'),
    doi: first(f, 'DI', 'D2'),
    keywords: all(f, 'DE', 'ID'),
  }));
  return { records, problems: [] };
}

export function readWosTab(text: string): RecordsRead {
  const t = readTable(text, '\t');
  const split = (s: string | undefined) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);
  const records: RawRecord[] = t.rows.map((r) => ({
    lines: r.lines,
    title: cell(r, 'TI'),
    abstract: cell(r, 'AB'),
    authors: split(cell(r, 'AF', 'AU')),
    year: cell(r, 'PY', 'EY', 'PD'),
    venue: cell(r, 'SO', 'SE'),
    doi: cell(r, 'DI', 'D2'),
    keywords: [cell(r, 'DE', 'ID') ?? ''],
  }));
  return { records, problems: t.problems };
}

/** "FN Clarivate Analytics Web of Science" / "FN Thomson Reuters Web of Science", or records opening with "PT J". */
export function looksLikeWosPlain(head: string): boolean {
  return /^(\uFEFF)?FN .*Web of Science/m.test(head) || (/^PT [A-Z]\s*$/m.test(head) && /^(TI|AU|UT) /m.test(head));
}

/** A tab-separated header of WoS field tags: PT, AU, TI, … */
export function looksLikeWosTab(header: string[]): boolean {
  const set = new Set(header);
  return header[0] === 'PT' || (set.has('TI') && set.has('AU') && (set.has('UT') || set.has('SO')));
}
