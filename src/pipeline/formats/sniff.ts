// Which reader a file needs, by extension and then by content: a `.txt` may be a transcript or a Web of Science /
// PubMed / RIS export ("savedrecs.txt", "pubmed-….txt"), a `.csv` may be Scopus, IEEE Xplore, Springer, WoS
// tab-delimited or any other table, a `.json` a Whisper transcript, CSL-JSON or OpenAlex works — or JSON Lines of
// them (JSON.parse fails on a file of many lines), which a `.txt` may hold too.
import type { DocumentFormat, ExportFormat } from '../types';
import { isCslJson } from './csl-json';
import { sniffJsonLines } from './jsonl';
import { csvKindOf, titleColumn, type ColumnMap } from './csv-export';
import { looksLikeNbib } from './nbib';
import { openAlexWorks } from './openalex';
import { looksLikeRis } from './ris';
import { headerCells, type Delimiter } from './table';
import { looksLikeWosPlain, looksLikeWosTab } from './wos';

/** Extension → the family it belongs to; `sniff` decides the exact format from the content. */
const FAMILIES: Record<string, 'text' | 'md' | 'vtt' | 'srt' | 'json' | 'jsonl' | 'gzip' | 'table' | 'ris' | 'bibtex' | 'nbib'> = {
  '.txt': 'text', '.text': 'text', '.md': 'md', '.markdown': 'md', '.vtt': 'vtt', '.srt': 'srt', '.json': 'json',
  '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.gz': 'gzip',
  '.csv': 'table', '.tsv': 'table', '.tab': 'table', '.ris': 'ris', '.bib': 'bibtex', '.bibtex': 'bibtex',
  '.biblatex': 'bibtex', '.nbib': 'nbib', '.medline': 'nbib',
};

export const SUPPORTED_EXTENSIONS = Object.keys(FAMILIES);

export function familyOf(relPath: string): (typeof FAMILIES)[string] | undefined {
  const m = /(\.[^./]+)$/.exec(relPath.toLowerCase());
  return m ? FAMILIES[m[1]] : undefined;
}

/** json: the parsed document of a JSON export; jsonLines: one work or item per line (formats/jsonl.ts). */
export type ExportSniff = { kind: 'export'; format: ExportFormat; delimiter?: Delimiter; json?: unknown; jsonLines?: true };
export type Sniffed = { kind: 'document'; format: DocumentFormat } | ExportSniff | { kind: 'none'; reason: string };

/** The reader for this text. JSON is parsed here once (the readers get the value); a parse error is the caller's. */
export function sniff(relPath: string, text: string, columns: ColumnMap = {}): Sniffed {
  const family = familyOf(relPath);
  const head = text.slice(0, 8192);
  switch (family) {
    case undefined: return { kind: 'none', reason: 'unsupported file type' };
    case 'md': return { kind: 'document', format: 'md' };
    case 'vtt': return { kind: 'document', format: 'vtt' };
    case 'srt': return { kind: 'document', format: 'srt' };
    case 'ris': return { kind: 'export', format: 'ris' };
    case 'bibtex': return { kind: 'export', format: 'bibtex' };
    case 'nbib': return { kind: 'export', format: 'nbib' };
    case 'jsonl': return jsonLines(text) ?? { kind: 'none', reason: NOT_JSON_LINES };
    case 'gzip': return jsonLines(text) ?? { kind: 'none', reason: `${NOT_JSON_LINES} (only JSON Lines is read from .gz files)` };
    case 'text': {
      if (looksLikeWosPlain(head)) return { kind: 'export', format: 'wos' };
      const h = headerCells(head);
      if (h.delimiter === '\t' && looksLikeWosTab(h.cells)) return { kind: 'export', format: 'wos-tab', delimiter: '\t' };
      if (looksLikeRis(head)) return { kind: 'export', format: 'ris' };
      if (looksLikeNbib(head)) return { kind: 'export', format: 'nbib' };
      if (/^\s*[[{]/.test(head)) return jsonLines(text) ?? { kind: 'document', format: 'txt' };
      return { kind: 'document', format: 'txt' };
    }
    case 'table': {
      const h = headerCells(head);
      const delimiter = h.delimiter;
      if (delimiter === '\t' && looksLikeWosTab(h.cells)) return { kind: 'export', format: 'wos-tab', delimiter };
      const kind = csvKindOf(h.cells);
      if (kind === 'csv' && !titleColumn(h.cells, columns)) {
        return {
          kind: 'none',
          reason: `a table without a title column (header: ${h.cells.slice(0, 6).map((c) => JSON.stringify(c)).join(', ')}${h.cells.length > 6 ? ', …' : ''}); ` +
            'name its columns with the literatureMap.csvColumns setting or --csv-columns title=…,abstract=…',
        };
      }
      return { kind: 'export', format: kind, delimiter };
    }
    case 'json': {
      let doc: unknown;
      // Many lines of JSON are not one JSON document; Whisper reports the parse error when they are not JSON Lines.
      try { doc = JSON.parse(text); } catch { return jsonLines(text) ?? { kind: 'document', format: 'whisper' }; }
      if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'segments' in doc) return { kind: 'document', format: 'whisper' };
      if (openAlexWorks(doc)) return { kind: 'export', format: 'openalex', json: doc };
      if (isCslJson(doc)) return { kind: 'export', format: 'csl-json', json: doc };
      // One work or item on one line (a JSON Lines file of one record, or a saved /works/W… response).
      if (doc && typeof doc === 'object' && !Array.isArray(doc)) return jsonLines(text) ?? { kind: 'document', format: 'whisper' };
      return { kind: 'document', format: 'whisper' };
    }
  }
}

const NOT_JSON_LINES = 'no OpenAlex work or CSL-JSON item in its first lines: not JSON Lines of works (abstract_inverted_index, ' +
  'authorships or an openalex.org/W… id) or of CSL items (type and title/author/issued), one JSON object per line';

function jsonLines(text: string): ExportSniff | undefined {
  const format = sniffJsonLines(text);
  return format && { kind: 'export', format, jsonLines: true };
}
