import { sha256Hex } from '../hash';
import type { ParsedSource, SkippedFile, SourceFile, SourceFormat, TextSpan } from '../types';
import { decodeText } from './decode';
import { parseMarkdown, parsePlainText } from './text';
import { parseSrt } from './srt';
import { parseVtt } from './vtt';
import { parseWhisper } from './whisper';

const FORMATS: Record<string, SourceFormat> = {
  '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md', '.vtt': 'vtt', '.srt': 'srt', '.json': 'whisper',
};

export const SUPPORTED_EXTENSIONS = Object.keys(FORMATS);

export function formatOf(relPath: string): SourceFormat | undefined {
  const m = /(\.[^./]+)$/.exec(relPath.toLowerCase());
  return m ? FORMATS[m[1]] : undefined;
}

export function isSkipped(x: ParsedSource | SkippedFile): x is SkippedFile {
  return 'reason' in x;
}

/**
 * Bytes of one file → its spans, or the reason it is not used. Never throws: every problem is either a warning on the
 * result (the file is still used) or a SkippedFile (it is not). contentHash is over the raw bytes, so re-encoding a
 * file counts as a change.
 */
export function parseSource(bytes: Buffer, relPath: string): ParsedSource | SkippedFile {
  const format = formatOf(relPath);
  if (!format) {
    const ext = /\.[^./]+$/.exec(relPath)?.[0];
    return { path: relPath, reason: `unsupported file type${ext ? ` (${ext})` : ' (no extension)'}; readable types are ${SUPPORTED_EXTENSIONS.join(' ')}` };
  }
  if (bytes.length === 0) return { path: relPath, reason: 'empty file (0 bytes)' };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { path: relPath, reason: decoded.reason };
  const text = decoded.text.replace(/^\uFEFF/, '');
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
  const allWarnings = [...decoded.warnings, ...warnings];
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
