import type { TextSpan } from '../types';
import { cleanCaptionText, Warnings } from './captions';
import { lineTable } from './lines';

export type WhisperParse =
  | { ok: true; spans: TextSpan[]; warnings: string[]; date?: string }
  | { ok: false; reason: string };

/**
 * Whisper JSON (`openai-whisper`, faster-whisper, WhisperX exports): `segments` with numeric `start`/`end` and string
 * `text`. Only JSON with a `segments` array counts; other JSON is not a transcript. A segment missing a field is skipped
 * with a warning. Line and column point at the segment's `"text"` value in the file, found by scanning forward, so a
 * click selects the segment even in one-line JSON (openai-whisper writes one line, with Python's ASCII escapes).
 */
export function parseWhisper(text: string): WhisperParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `invalid JSON (${(e as Error).message})` };
  }
  const segs = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).segments : undefined;
  if (!Array.isArray(segs)) return { ok: false, reason: "JSON without a 'segments' array; not a Whisper transcript" };
  const warn = new Warnings();
  const spans: TextSpan[] = [];
  const { lineAt, lineOffset } = lineTable(text);
  let pos = 0;
  segs.forEach((seg: unknown, i) => {
    if (!seg || typeof seg !== 'object') { warn.add(`segment ${i}: not an object; skipped`); return; }
    const s = seg as Record<string, unknown>;
    const missing = (['start', 'end'] as const).filter((k) => typeof s[k] !== 'number' || !Number.isFinite(s[k]));
    if (typeof s.text !== 'string') missing.push('text' as never);
    if (missing.length) {
      warn.add(`segment ${i}: missing or invalid ${missing.map((k) => `'${k}'`).join(', ')}; skipped`);
      return;
    }
    const raw = s.text as string;
    let enc = JSON.stringify(raw);
    let at = text.indexOf(enc, pos);
    if (at < 0) {
      enc = asciiJson(enc);
      at = text.indexOf(enc, pos);
    }
    if (at >= 0) pos = at + enc.length;
    const line = lineAt(at >= 0 ? at : pos);
    const clean = cleanCaptionText(raw);
    if (!clean) return;
    let start = s.start as number, end = s.end as number;
    if (end < start) { warn.add(`segment ${i}: ends before it starts; end set to start`); end = start; }
    start = Math.max(0, start);
    const span: TextSpan = { text: clean, lineStart: line, lineEnd: line, timeStart: start, timeEnd: Math.max(start, end) };
    // Inside the quotes (a JSON string holds no line break): the selection is the segment's text itself.
    if (at >= 0) { span.colStart = at + 1 - lineOffset(line); span.colEnd = at + enc.length - 1 - lineOffset(line); }
    spans.push(span);
  });
  const date = (doc as Record<string, unknown>).date;
  return { ok: true, spans, warnings: warn.done(), date: typeof date === 'string' ? date : undefined };
}

/** JSON as Python's json.dump writes it by default (ensure_ascii): every unit outside space…~ as a \uXXXX escape. */
function asciiJson(enc: string): string {
  return enc.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

