// Delimited tables (CSV exports, WoS tab-delimited) through csv-parse, with each row's line range so a click opens
// the record. Line breaks are normalised to \n first: csv-parse takes the first break it sees as the record delimiter,
// and real exports mix CRLF and LF (a CRLF file with LF inside quoted abstracts); one break stays one line, so the
// numbers still match the editor's.
import { parse } from 'csv-parse/sync';

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

export function readTable(text: string, delimiter: ',' | '\t' | ';'): Table {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = src.split('\n');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  const problems: Table['problems'] = [];
  try {
    records = parse(src, {
      delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true,
      // WoS tab-delimited files do not quote: a field starting with " is text, not a quoted field.
      quote: delimiter === '\t' ? false : '"',
    }) as unknown as typeof records;
  } catch (e) {
    // An unclosed quote swallows the rest of the file: keep what came before it and say where it went wrong.
    const err = e as { lines?: number; message?: string };
    const line = err.lines ?? 1;
    problems.push({ line, message: `the table cannot be read from here on (${(err.message ?? String(e)).replace(/\s+/g, ' ')})` });
    try {
      const upto = lines.slice(0, Math.max(0, line - 1)).join('\n');
      records = parse(upto, { delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, quote: delimiter === '\t' ? false : '"' }) as unknown as typeof records;
    } catch {
      records = [];
    }
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

/** The header row of delimited text, split on the delimiter that gives the most columns (for sniffing). */
export function headerCells(text: string): { delimiter: ',' | '\t' | ';'; cells: string[] } {
  const line = (text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).find((l) => l.trim()) ?? '');
  const options = (['\t', ',', ';'] as const).map((d) => ({ delimiter: d, cells: line.split(d).map((c) => c.replace(/^"|"$/g, '').trim()) }));
  return options.reduce((a, b) => (b.cells.length > a.cells.length ? b : a));
}
