// CSV exports: Scopus, IEEE Xplore and Springer(Link) by their headers, and any other CSV/TSV through a column mapping
// (setting literatureMap.csvColumns, CLI --csv-columns) or the usual header names. One table of header names per
// field and export, so the four kinds differ only in data.
import type { ExportFormat, RecordField } from '../types';
import type { RawRecord, RecordsRead } from './record';
import { cell, readTable, type Delimiter, type TableRow } from './table';

export type CsvKind = Extract<ExportFormat, 'scopus-csv' | 'ieee-csv' | 'springer-csv' | 'csv'>;
export type ColumnMap = Partial<Record<RecordField, string>>;

const COLUMNS: Record<CsvKind, Record<RecordField, string[]>> = {
  'scopus-csv': {
    title: ['Title'], abstract: ['Abstract'], authors: ['Author full names', 'Authors'], year: ['Year'],
    venue: ['Source title'], doi: ['DOI'], keywords: ['Author Keywords', 'Index Keywords'], key: [],
  },
  'ieee-csv': {
    title: ['Document Title'], abstract: ['Abstract'], authors: ['Authors'], year: ['Publication Year'],
    venue: ['Publication Title'], doi: ['DOI'], keywords: ['Author Keywords', 'IEEE Terms', 'INSPEC Controlled Terms'], key: [],
  },
  'springer-csv': {
    title: ['Item Title'], abstract: ['Abstract'], authors: ['Authors'], year: ['Publication Year'],
    venue: ['Publication Title'], doi: ['Item DOI'], keywords: ['Keywords'], key: [],
  },
  csv: {
    title: ['title', 'Article Title', 'Document Title', 'Item Title', 'TI', 'primary title'],
    abstract: ['abstract', 'Summary', 'AB', 'abstract note', 'Abstract Note'],
    authors: ['authors', 'author', 'Author full names', 'AU', 'creators'],
    year: ['year', 'Publication Year', 'PY', 'date', 'publication date', 'issued'],
    venue: ['venue', 'journal', 'Source title', 'Publication Title', 'source', 'container-title', 'SO'],
    doi: ['doi', 'DI', 'Item DOI'],
    keywords: ['keywords', 'Author Keywords', 'manual tags', 'DE', 'tags'],
    key: ['key', 'citation key', 'citekey'],
  },
};

/** Which export a header row is from; 'csv' for anything else (read through the mapping). */
export function csvKindOf(header: string[]): CsvKind {
  const h = new Set(header);
  if (h.has('EID') || (h.has('Source title') && (h.has('Author(s) ID') || h.has('Link')))) return 'scopus-csv';
  if (h.has('Document Title') && (h.has('Publication Title') || h.has('IEEE Terms'))) return 'ieee-csv';
  if (h.has('Item Title') && h.has('Item DOI')) return 'springer-csv';
  return 'csv';
}

/** The column a generic CSV's titles are in, or undefined when it has none (then it is not a bibliography). */
export function titleColumn(header: string[], map: ColumnMap = {}): string | undefined {
  const lower = new Map(header.map((h) => [h.toLowerCase(), h]));
  return [map.title, ...COLUMNS.csv.title].map((n) => n && lower.get(n.toLowerCase())).find(Boolean);
}

function authorsOf(kind: CsvKind, raw: string | undefined): string[] {
  if (!raw) return [];
  // Scopus "Author full names": "Smith, John (57190000000); Jones, K. (…)" — the ids are noise.
  let list = raw.split(';');
  if (list.length === 1 && kind === 'springer-csv') {
    // SpringerLink writes the names run together ("John SmithKaren Jones"): split where a new capitalised name starts.
    list = raw.split(/(?<=\p{Ll})(?=\p{Lu}\p{Ll}+ )/u);
  } else if (list.length === 1 && /\.,\s/.test(raw)) {
    list = raw.split(/(?<=\.),\s*/); // older Scopus: "Smith J., Jones K."
  }
  return list.map((a) => a.replace(/\s*\(\d+\)\s*$/, '').trim()).filter(Boolean);
}

export function readCsvExport(text: string, kind: CsvKind, delimiter: Delimiter, map: ColumnMap = {}): RecordsRead {
  const t = readTable(text, delimiter);
  const cols = COLUMNS[kind];
  const get = (r: TableRow, f: RecordField) => cell(r, map[f], ...cols[f], ...(kind === 'csv' ? [] : COLUMNS.csv[f]));
  const records: RawRecord[] = t.rows.map((r) => ({
    lines: r.lines,
    title: get(r, 'title'),
    abstract: get(r, 'abstract'),
    authors: authorsOf(kind, get(r, 'authors')),
    year: get(r, 'year'),
    venue: get(r, 'venue'),
    doi: get(r, 'doi'),
    keywords: cols.keywords.length ? [get(r, 'keywords')] : [],
    key: get(r, 'key'),
  }));
  return { records, problems: t.problems };
}

/** "title=Article Title,abstract=Summary" (the CLI flag) → a column map; throws with a message naming the bad part. */
export function parseColumnMap(spec: string): ColumnMap {
  const fields: RecordField[] = ['title', 'abstract', 'authors', 'year', 'venue', 'doi', 'keywords', 'key'];
  const out: ColumnMap = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim() as RecordField;
    if (eq < 1 || !fields.includes(field) || !part.slice(eq + 1).trim()) {
      throw new Error(`"${part}" is not field=Column Name (fields: ${fields.join(', ')})`);
    }
    out[field] = part.slice(eq + 1).trim();
  }
  return out;
}
