// From what an export reader found in one record to a source of its own: the cleaning every format needs (whitespace,
// "[No abstract available]", trailing copyright lines, bare DOIs, years), the citation key, and the bad-record rules.
// Readers stay small: they only map their tags/columns/fields to RawRecord.
import { sha256Hex } from '../hash';
import type { ExportFormat, ParsedSource, RecordMeta, SkippedFile, SourceFile } from '../types';
import { familyName } from './names';

/** One record as a reader found it: raw strings, before cleaning. */
export interface RawRecord {
  /** First and last line of the record in the file (1-based, inclusive). */
  lines: [number, number];
  title?: string;
  abstract?: string;
  authors?: string[];
  /** Anything holding a year: "2020", "2020/03/01", "2020 Mar". */
  year?: string;
  venue?: string;
  doi?: string;
  /** Keyword fields; each may hold several keywords separated by ";" (or ","). */
  keywords?: Array<string | undefined>;
  /** The export's own citation key (BibTeX). */
  key?: string;
}

/** A reader's result: records, and records (or stretches) it could not read, each with its line. */
export interface RecordsRead {
  records: RawRecord[];
  problems: Array<{ line: number; message: string }>;
}

export interface ExportParse {
  /** One source per usable record, paths `<file>#<key>` (keys not yet unique across files: see record-sources.ts). */
  sources: ParsedSource[];
  skipped: SkippedFile[];
}

const NO_ABSTRACT = /^\s*[[(]?\s*(no abstract( is)? available|abstract not available|no abstract)\s*[.\])]?\s*$/i;

export function clean(s: string | undefined): string {
  return (s ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * The abstract without what is not the authors' text: "[No abstract available]" placeholders and the publisher's
 * copyright statement Scopus and WoS append ("© 2020 Elsevier B.V. All rights reserved.", "(C) 2019 IEEE.").
 */
export function cleanAbstract(s: string | undefined): string {
  let t = clean(s);
  if (NO_ABSTRACT.test(t)) return '';
  t = t.replace(/\s*(?:©|\(c\)|copyright\s*(?:©|\(c\))?)\s*(?:\d{4}|the author)[^©]*$/i, '').trim();
  // A copyright line on its own at the start (some exports put it first) leaves nothing worth keeping.
  return NO_ABSTRACT.test(t) ? '' : t;
}

/** "https://doi.org/10.1000/XYZ", "doi:10.1000/xyz " → "10.1000/xyz"; undefined when it is not a DOI. */
export function bareDoi(s: string | undefined): string | undefined {
  const m = /10\.\d{4,9}\/\S+/.exec(clean(s));
  return m ? m[0].replace(/[.,;]+$/, '').toLowerCase() : undefined;
}

export function yearIn(s: string | undefined): number | undefined {
  const m = /(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)/.exec(s ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Keywords split on ";" (and "," when there is no ";"), de-duplicated case-insensitively, in order. */
export function splitKeywords(list: Array<string | undefined> | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of list ?? []) {
    const s = clean(raw);
    if (!s) continue;
    for (const k of s.split(s.includes(';') ? ';' : ',')) {
      const w = clean(k);
      if (w && !seen.has(w.toLowerCase())) { seen.add(w.toLowerCase()); out.push(w); }
    }
  }
  return out;
}

const KEY_STOP = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'with', 'towards', 'toward', 'is', 'are', 'do', 'does', 'how', 'what', 'why', 'when', 'from', 'by', 'at', 'as']);

function ascii(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[æÆ]/g, 'ae').replace(/[œŒ]/g, 'oe').replace(/[łŁ]/g, 'l').replace(/[øØ]/g, 'o').toLowerCase().replace(/[^a-z0-9]/g, '');
}


/** Better BibTeX's default shape: family name of the first author, year, first significant title word ("smith2020deep"). */
export function deriveKey(authors: string[], year: number | undefined, title: string): string {
  const fam = ascii(familyName(authors[0] ?? '')) || 'anon';
  const word = title.split(/[\s\-–—:/]+/).map(ascii).find((w) => w && !KEY_STOP.has(w)) ?? '';
  return `${fam}${year ?? 'nd'}${word}`;
}

/** A title is unusable when it is empty or its letters were lost to a wrong decoding (U+FFFD, control characters). */
function titleProblem(title: string): string | undefined {
  if (!title) return 'record has no title';
  if (/\uFFFD|[\u0000-\u0008\u000e-\u001f]/.test(title)) return 'the title has broken encoding (replacement or control characters: the file was saved in another encoding than it declares)';
  return undefined;
}

/**
 * Raw records of one export file → one source each. Bad records (no title, broken encoding) become SkippedFile entries
 * with their line; a record with a title but no abstract is kept, flagged titleOnly.
 */
export function recordSources(file: string, format: ExportFormat, read: RecordsRead): ExportParse {
  const sources: ParsedSource[] = [];
  const skipped: SkippedFile[] = read.problems.map((p) => ({ path: file, line: p.line, reason: `line ${p.line}: ${p.message}; record skipped` }));
  for (const r of read.records) {
    const title = clean(r.title).replace(/\.$/, '');
    const bad = titleProblem(title);
    if (bad) {
      skipped.push({ path: file, line: r.lines[0], reason: `line ${r.lines[0]}: ${bad}; record skipped` });
      continue;
    }
    const abstract = cleanAbstract(r.abstract);
    const authors = (r.authors ?? []).map(clean).filter(Boolean);
    const year = yearIn(r.year);
    const meta: RecordMeta = {
      file, lines: r.lines, key: clean(r.key) || deriveKey(authors, year, title), title, authors,
      ...(year !== undefined ? { year } : {}),
      ...(clean(r.venue) ? { venue: clean(r.venue) } : {}),
      ...(bareDoi(r.doi) ? { doi: bareDoi(r.doi) } : {}),
      keywords: splitKeywords(r.keywords),
      titleOnly: !abstract,
    };
    sources.push(sourceOf(meta, format, abstract));
  }
  return { sources, skipped };
}

/**
 * The source for one record. contentHash covers what was read and where (not the file's bytes), so re-saving an
 * export in another encoding changes nothing, while an edited record or one that moved shows up in `check`.
 */
export function sourceOf(meta: RecordMeta, format: ExportFormat, abstract: string): ParsedSource {
  const text = { title: meta.title, abstract };
  const contentHash = sha256Hex(JSON.stringify([meta, text]));
  const file: SourceFile = { path: `${meta.file}#${meta.key}`, format, contentHash, bytes: meta.title.length + abstract.length, record: meta };
  if (meta.year !== undefined) file.date = String(meta.year);
  const [a, b] = meta.lines;
  const spans = [{ text: meta.title, lineStart: a, lineEnd: b, paragraphStart: true }];
  if (abstract) spans.push({ text: abstract, lineStart: a, lineEnd: b, paragraphStart: true });
  return { file, spans, warnings: [] };
}
