// BibTeX and BibLaTeX (.bib: Zotero/Better BibTeX, JabRef, Scopus, Google Scholar) through @retorquere/bibtex-parser,
// the parser behind Better BibTeX: it recovers from a broken entry and goes on, expands @string macros and turns
// LaTeX (accents, {\i}, \c{c}, braces, math) into Unicode. Chosen after measuring (see the commit): bibtex-parse
// and astrocite-bibtex abort the whole file on one bad entry (and astrocite drops abstracts and keywords),
// citation-js's current plugin needs Node 22. Line ranges come from a scan for the entries' `@type{key,` lines.
import type * as BibtexParser from '@retorquere/bibtex-parser';
import type { Creator } from '@retorquere/bibtex-parser';
import { lineIndex } from './lines';
import type { RawRecord, RecordsRead } from './record';

const NOT_ENTRIES = new Set(['string', 'comment', 'preamble']);

let loaded: typeof BibtexParser | undefined;
/**
 * Loads the parser; the corpus reader awaits this when the folder has .bib files. Not a static import: evaluating it
 * (its LaTeX grammar and Unicode tables) takes ~0.35 s, which every CLI call and worker run would otherwise pay. Not a
 * require() either: the package's CommonJS build requires an ESM-only dependency; import() takes the ESM build.
 */
export async function loadBibtexParser(): Promise<void> {
  loaded ??= await import('@retorquere/bibtex-parser');
}

/** Parser output is Unicode with a little HTML for \emph, \textsuperscript …; documents are plain text. */
function plain(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s
    .replace(/<\/?(?:i|b|em|strong|sup|sub|sc|span|nc)(?:\s[^>]*)?>/gi, '')
    // {\'\i} decodes to a dotless i with a combining accent; the accented i is what the author meant.
    .replace(/ı(?=[\u0300-\u036f])/g, 'i').replace(/ȷ(?=[\u0300-\u036f])/g, 'j')
    .normalize('NFC');
}

function creator(c: Creator): string {
  if (c.name) return c.name;
  const family = [c.prefix, c.lastName, c.suffix].filter(Boolean).join(' ');
  return c.firstName ? `${family}, ${c.firstName}` : family;
}

export function readBibtex(text: string): RecordsRead {
  const lineAt = lineIndex(text);
  // Where each entry starts, by key, in file order; an entry ends before the next one starts.
  const starts: Array<{ key: string; offset: number }> = [];
  for (const m of text.matchAll(/@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t\r\n]*([^,\s{}()]*)/g)) {
    if (!NOT_ENTRIES.has(m[1].toLowerCase())) starts.push({ key: m[2], offset: m.index });
  }
  const lastLine = (i: number): number => {
    const end = i + 1 < starts.length ? starts[i + 1].offset : text.length;
    const body = text.slice(starts[i].offset, end).replace(/\s+$/, '');
    return lineAt(starts[i].offset + Math.max(0, body.length - 1));
  };
  const rangeOf = new Map<string, Array<[number, number]>>();
  starts.forEach((s, i) => {
    const list = rangeOf.get(s.key) ?? [];
    list.push([lineAt(s.offset), lastLine(i)]);
    rangeOf.set(s.key, list);
  });

  if (!loaded) return { records: [], problems: [{ line: 1, message: 'the BibTeX reader was not loaded (loadBibtexParser); the file was not read' }] };
  let lib: ReturnType<typeof BibtexParser.parse>;
  try {
    lib = loaded.parse(text, { sentenceCase: false, unsupported: 'ignore' });
  } catch (e) {
    return { records: [], problems: [{ line: 1, message: `not readable as BibTeX (${String((e as Error)?.message ?? e).split('\n')[0]})` }] };
  }
  const problems: RecordsRead['problems'] = [];
  const problemLines = new Set<number>();
  for (const err of lib.errors) {
    const at = err.input ? text.indexOf(err.input.trimEnd().slice(0, 200)) : -1;
    const line = at >= 0 ? lineAt(at) : 1;
    problemLines.add(line);
    // The parser's own "at line N" is where it gave up (often the next entry); the entry's start is what to open.
    problems.push({ line, message: `BibTeX syntax: ${err.error.replace(/ at line \d+, column \d+/, '').replace(/\s+/g, ' ').slice(0, 200)}` });
  }
  const records: RawRecord[] = [];
  for (const e of lib.entries) {
    const range = rangeOf.get(e.key)?.shift() ?? [1, 1];
    // An entry the parser gave up on comes back empty; its error above already names the line.
    if (problemLines.has(range[0]) && !e.fields.title) continue;
    const f = e.fields;
    records.push({
      lines: range,
      key: e.key,
      title: plain(f.title),
      abstract: plain(f.abstract),
      authors: (f.author ?? f.editor ?? []).map(creator).map((a) => plain(a) ?? ''),
      year: f.year ?? f.date,
      venue: plain(f.journal ?? f.journaltitle ?? f.booktitle ?? f.series ?? f.howpublished),
      doi: f.doi ?? (f.url && /doi\.org/.test(f.url) ? f.url : undefined),
      keywords: (f.keywords ?? []).map((k) => plain(k) ?? ''),
    });
  }
  return { records, problems };
}
