// JSON Lines (.jsonl, .ndjson, and gzip-compressed as the OpenAlex snapshot's works/updated_date=…/part_000.gz):
// one OpenAlex work or CSL-JSON item per line, as the snapshot and tools that page the API write them. Each line is
// parsed on its own, so a bad line (a truncated download's last line, a stray log line) is one problem at its line
// and the rest of the file is still read. One pass over the text, no line table or JSON position scan: the work is
// linear in the file, which matters for files of 100k works. No library: JSON.parse per line is the whole format.
import { cslRecord, isCslItem } from './csl-json';
import { isOpenAlexWork, openAlexRecord } from './openalex';
import type { RecordsRead } from './record';

export type JsonLinesFormat = 'openalex' | 'csl-json';

/** How many non-blank lines sniffing looks at: a bad first line (or a few) must not hide a good file. */
const SAMPLE_LINES = 5;

/** Calls `each(line, number)` for every line (\r\n, \n or lone \r ends one, as in lines.ts) until it returns false. */
function forEachLine(text: string, each: (line: string, n: number) => boolean): void {
  const br = /\r\n|\n|\r/g;
  let start = 0;
  for (let n = 1; ; n++) {
    const m = br.exec(text);
    const end = m ? m.index : text.length;
    if (!each(text.slice(start, end), n) || !m) return;
    start = br.lastIndex;
  }
}

/** What one line holds: the item itself, the works of an API page saved as a line ({"results": [...]}), or an array's items. */
function itemsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  const results = v && typeof v === 'object' ? (v as Record<string, unknown>).results : undefined;
  return Array.isArray(results) ? results : [v];
}

/** Which reader the first lines call for, or undefined when none of them holds a work or a CSL item. */
export function sniffJsonLines(text: string): JsonLinesFormat | undefined {
  let found: JsonLinesFormat | undefined;
  let seen = 0;
  forEachLine(text, (line) => {
    if (!line.trim()) return true;
    seen++;
    try {
      const items = itemsOf(JSON.parse(line));
      if (items.some(isOpenAlexWork)) found = 'openalex';
      else if (items.some(isCslItem)) found ??= 'csl-json';
    } catch { /* a bad line among good ones is the reader's to report */ }
    return seen < SAMPLE_LINES && found !== 'openalex';
  });
  return found;
}

export function readJsonLines(text: string, format: JsonLinesFormat): RecordsRead {
  const toRecord = format === 'openalex' ? openAlexRecord : cslRecord;
  const out: RecordsRead = { records: [], problems: [] };
  forEachLine(text, (line, n) => {
    if (!line.trim()) return true;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      out.problems.push({ line: n, message: `not valid JSON (${jsonError(e)})` });
      return true;
    }
    for (const it of itemsOf(v)) {
      if (it && typeof it === 'object' && !Array.isArray(it)) out.records.push({ lines: [n, n], ...toRecord(it as Record<string, unknown>) });
      else out.problems.push({ line: n, message: `not a JSON object (${it === null ? 'null' : Array.isArray(it) ? 'an array' : `a ${typeof it}`})` });
    }
    return true;
  });
  return out;
}

/** V8's message, short and on one line: it may quote the line, and a work's line can be tens of kilobytes. */
function jsonError(e: unknown): string {
  const m = String((e as Error)?.message ?? e).replace(/\s+/g, ' ')
    .replace(/ (in|after) JSON at position (\d+)(?: \(line \d+ column \d+\))?/, (_, w: string, p: string) => ` ${w} JSON at column ${Number(p) + 1}`);
  return m.length > 120 ? `${m.slice(0, 117)}…` : m;
}
