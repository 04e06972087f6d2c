import { sha256Hex } from '../hash';
import type { DocumentFormat, ParsedSource, SkippedFile, SourceFile, TextSpan } from '../types';
import { decodeText } from './decode';
import { readExport } from './exports';
import { gunzip, isGzip } from './gzip';
import { type ColumnMap } from './csv-export';
import { familyOf, sniff, SUPPORTED_EXTENSIONS } from './sniff';
import { parseMarkdown, parsePlainText } from './text';
import { parseSrt } from './srt';
import { parseVtt } from './vtt';
import { parseWhisper } from './whisper';
import { maxFileBytes } from '../settings';

export { SUPPORTED_EXTENSIONS } from './sniff';

/** Whether the corpus reader reads files with this name (the exact format is decided from the content). */
export function isSupported(relPath: string): boolean {
  return familyOf(relPath) !== undefined;
}

/** The corpus reader's default limit on one file's bytes (decompressed bytes for a .gz). */
export const DEFAULT_MAX_FILE_BYTES = maxFileBytes({});

export interface ParseOptions {
  /** Column names for CSV exports that are not Scopus/IEEE/Springer. */
  csvColumns?: ColumnMap;
  /** Most bytes a compressed file may expand to; default DEFAULT_MAX_FILE_BYTES. */
  maxBytes?: number;
}

/** A file's result: one source (a transcript), one per record (an export), and what was skipped (file or records). */
export interface FileParse {
  sources: ParsedSource[];
  skipped: SkippedFile[];
}

export function isSkipped(x: ParsedSource | SkippedFile): x is SkippedFile {
  return 'reason' in x;
}

/**
 * Bytes of one file → its spans, or the reason it is not used. Never throws: every problem is either a warning on the
 * result (the file is still used) or a SkippedFile (it is not). contentHash is over the raw bytes, so re-encoding a
 * file counts as a change.
 */
export function parseFile(bytes: Buffer, relPath: string, opts: ParseOptions = {}): FileParse {
  const pre = precheck(bytes, relPath, opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES);
  if ('reason' in pre) return { sources: [], skipped: [pre] };
  const { text, warnings } = pre;
  const s = sniff(relPath, text, opts.csvColumns);
  if (s.kind === 'none') return { sources: [], skipped: [{ path: relPath, reason: s.reason }] };
  if (s.kind === 'document') {
    const r = parseDocument(bytes, relPath, s.format, text, warnings);
    return isSkipped(r) ? { sources: [], skipped: [r] } : { sources: [r], skipped: [] };
  }
  const r = readExport(relPath, s, text, opts.csvColumns);
  if (r.sources.length) r.sources[0].warnings.unshift(...warnings);
  else r.skipped.unshift({ path: relPath, reason: `no usable records in this ${s.format} export${r.skipped.length ? ` (${r.skipped.length} bad)` : ''}` });
  return r;
}

function precheck(raw: Buffer, relPath: string, maxBytes: number): SkippedFile | { text: string; warnings: string[] } {
  const family = familyOf(relPath);
  if (!family) {
    const ext = /\.[^./]+$/.exec(relPath)?.[0];
    return { path: relPath, reason: `unsupported file type${ext ? ` (${ext})` : ' (no extension)'}; readable types are ${SUPPORTED_EXTENSIONS.join(' ')}` };
  }
  let bytes = raw;
  const warnings: string[] = [];
  // Only where JSON Lines is read: a gzip anywhere else stays "binary content", as before.
  if ((family === 'gzip' || family === 'jsonl') && isGzip(raw)) {
    const z = gunzip(raw, maxBytes);
    if (!z.ok) return { path: relPath, reason: z.reason };
    ({ bytes } = z);
    warnings.push(...z.warnings);
  }
  if (bytes.length === 0) return { path: relPath, reason: raw === bytes ? 'empty file (0 bytes)' : 'empty once decompressed (gzip of 0 bytes)' };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { path: relPath, reason: decoded.reason };
  return { text: decoded.text.replace(/^\uFEFF/, ''), warnings: [...warnings, ...decoded.warnings] };
}

/** One file that is one document (a transcript or text), as before exports: kept for callers that know that. */
export function parseSource(bytes: Buffer, relPath: string): ParsedSource | SkippedFile {
  const r = parseFile(bytes, relPath);
  if (r.sources.length === 1 && !r.sources[0].file.record) return r.sources[0];
  return r.skipped[0] ?? { path: relPath, reason: 'a bibliographic export, not one document (use parseFile)' };
}

function parseDocument(bytes: Buffer, relPath: string, format: DocumentFormat, text: string, decodeWarnings: string[]): ParsedSource | SkippedFile {
  let spans: TextSpan[];
  let warnings: string[];
  let innerDate: string | undefined;
  switch (format) {
    case 'txt': ({ spans, warnings } = parsePlainText(text)); break;
    case 'md': {
      const r = parseMarkdown(text);
      ({ spans, warnings } = r);
      innerDate = r.frontMatterDate;
      break;
    }
    case 'vtt': ({ spans, warnings } = parseVtt(text)); break;
    case 'srt': ({ spans, warnings } = parseSrt(text)); break;
    case 'whisper': {
      const r = parseWhisper(text);
      if (!r.ok) return { path: relPath, reason: r.reason };
      ({ spans, warnings } = r);
      innerDate = r.date;
      break;
    }
  }
  const allWarnings = [...decodeWarnings, ...warnings];
  if (!spans.some((s) => s.text.trim())) {
    return { path: relPath, reason: `no text found${allWarnings.length ? ` (${allWarnings[0]})` : ''}` };
  }
  const file: SourceFile = { path: relPath, format, contentHash: sha256Hex(bytes), bytes: bytes.length };
  const date = dateFromName(relPath) ?? normaliseDate(innerDate);
  if (date) file.date = date;
  return { file, spans, warnings: allWarnings };
}

/** An ISO date (YYYY-MM-DD, also with _ or . separators) or else a year 1700–2100 in the file's base name. */
export function dateFromName(relPath: string): string | undefined {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  for (const m of base.matchAll(/(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)/g)) {
    const iso = `${m[1]}-${m[2]}-${m[3]}`;
    if (validIsoDate(iso) && yearOk(m[1])) return iso;
  }
  for (const m of base.matchAll(/(?<!\d)(\d{4})(?!\d)/g)) if (yearOk(m[1])) return m[1];
  return undefined;
}

export function normaliseDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) {
    const d = `${iso[1]}-${iso[2]}-${iso[3]}`;
    if (validIsoDate(d) && yearOk(iso[1])) return d;
  }
  const y = /(?<!\d)(\d{4})(?!\d)/.exec(s);
  return y && yearOk(y[1]) ? y[1] : undefined;
}

function yearOk(y: string): boolean {
  const n = Number(y);
  return n >= 1700 && n <= 2100;
}

function validIsoDate(d: string): boolean {
  const t = Date.parse(d + 'T00:00:00Z');
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}
