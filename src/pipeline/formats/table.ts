// Delimited tables (CSV exports, WoS tab-delimited) through csv-parse, with each row's line range so a click opens
// the record. Line breaks are normalised to \n first: csv-parse takes the first break it sees as the record delimiter,
// and real exports mix CRLF and LF (a CRLF file with LF inside quoted abstracts); one break stays one line, so the
// numbers still match the editor's. Excel's "sep=;" first line (Excel writes and honours it; researchers re-save
// Scopus/WoS CSVs in Excel, and European locales separate with ";") declares the delimiter: it wins over any guess and
// is not a row; csv-parse's from_line skips it while keeping its line numbers the file's.
import { parse } from 'csv-parse/sync';

export type Delimiter = ',' | '\t' | ';' | '|';

export interface TableRow {
  lines: [number, number];
  /** Header name → cell. */
  cells: Map<string, string>;
  /** Lower-case header name → cell, for case-insensitive lookups without a scan per field and row. */
  lower: Map<string, string>;
}

export interface Table {
  header: string[];
  rows: TableRow[];
  problems: Array<{ line: number; message: string }>;
}

/** The delimiter an Excel "sep=X" first line declares (a BOM before it allowed), or undefined when there is none. */
export function excelSeparator(text: string): Delimiter | undefined {
  return /^\uFEFF?"?sep=([,;\t|])"?[ \t]*(?:\r\n?|\n|$)/i.exec(text)?.[1] as Delimiter | undefined;
}

export function readTable(text: string, delimiter: Delimiter): Table {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = src.split('\n');
  const declared = excelSeparator(src);
  const d = declared ?? delimiter;
  // WoS tab-delimited files do not quote: a field starting with " is text, not a quoted field.
  const options = { delimiter: d, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, quote: d === '\t' ? false : '"', from_line: declared ? 2 : 1 } as const;
  // Rows are collected as csv-parse completes them (with the line each ends on), so the ones before an error survive it.
  const records: Array<{ record: string[]; info: { lines: number } }> = [];
  const problems: Table['problems'] = [];
  try {
    parse(src, { ...options, bom: true, on_record: (record, context) => { records.push({ record, info: { lines: context.lines } }); return record; } });
  } catch (e) {
    // An unclosed quote swallows the rest of the file, and csv-parse reports where the file ends: the bad row is the
    // first non-blank line after the last complete one. Keep what came before it and say where it went wrong.
    let line = (records[records.length - 1]?.info.lines ?? (declared ? 1 : 0)) + 1;
    while (line < lines.length && !lines[line - 1].trim()) line++;
    const message = String((e as Error)?.message ?? e).replace(/\s+/g, ' ');
    problems.push({ line, message: `the table cannot be read from here on (${message})` });
  }
  if (!records.length) return { header: [], rows: [], problems };
  const header = records[0].record.map((h) => h.replace(/^\uFEFF/, '').trim());
  const rows: TableRow[] = [];
  let prevEnd = records[0].info.lines;
  for (const r of records.slice(1)) {
    let start = prevEnd + 1;
    while (start < r.info.lines && !lines[start - 1]?.trim()) start++;
    prevEnd = r.info.lines;
    const cells = new Map<string, string>();
    const lower = new Map<string, string>();
    header.forEach((h, i) => {
      if (h && !cells.has(h)) cells.set(h, r.record[i] ?? '');
      if (h && !lower.has(h.toLowerCase())) lower.set(h.toLowerCase(), r.record[i] ?? '');
    });
    if ([...cells.values()].every((v) => !v.trim())) continue;
    rows.push({ lines: [start, r.info.lines], cells, lower });
  }
  return { header, rows, problems };
}

/** The value of the first of these columns that the row has (header names compared case-insensitively). */
export function cell(row: TableRow, ...names: Array<string | undefined>): string | undefined {
  for (const n of names) {
    if (!n) continue;
    const v = row.cells.get(n) ?? row.lower.get(n.toLowerCase());
    if (v !== undefined && v.trim()) return v;
  }
  return undefined;
}

/**
 * The header row of delimited text (for sniffing), split on the delimiter a "sep=" line declares, else on the one that
 * gives the most columns.
 */
export function headerCells(text: string): { delimiter: Delimiter; cells: string[] } {
  const declared = excelSeparator(text);
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).slice(declared ? 1 : 0);
  const line = rows.find((l) => l.trim()) ?? '';
  const split = (d: Delimiter) => ({ delimiter: d, cells: line.split(d).map((c) => c.replace(/^"|"$/g, '').trim()) });
  if (declared) return split(declared);
  return (['\t', ',', ';'] as const).map(split).reduce((a, b) => (b.cells.length > a.cells.length ? b : a));
}
