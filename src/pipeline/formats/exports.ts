// A bibliographic export → one source per record: the reader its sniffed format names, then the shared record rules
// (formats/record.ts). Never throws: a reader that fails on some input (a library bug, an unforeseen shape) turns
// into one line naming the file, and the run goes on with the other files.
import { readBibtex } from './bibtex';
import { readCslJson } from './csl-json';
import { readCsvExport, type ColumnMap, type CsvKind } from './csv-export';
import { readJsonLines } from './jsonl';
import { readNbib } from './nbib';
import { readOpenAlex } from './openalex';
import { recordSources, type ExportParse, type RecordsRead } from './record';
import { readRis } from './ris';
import type { ExportSniff } from './sniff';
import { readWosPlain, readWosTab } from './wos';

export function readExport(
  relPath: string, s: ExportSniff, text: string, columns?: ColumnMap,
): ExportParse {
  let read: RecordsRead;
  try {
    read = readRecords(s, text, columns);
  } catch (e) {
    return { sources: [], skipped: [{ path: relPath, reason: `could not be read as ${s.format} (${String((e as Error)?.message ?? e).split('\n')[0]})` }] };
  }
  return recordSources(relPath, s.format, read);
}

function readRecords(s: ExportSniff, text: string, columns?: ColumnMap): RecordsRead {
  switch (s.format) {
    case 'ris': return readRis(text);
    case 'bibtex': return readBibtex(text);
    case 'nbib': return readNbib(text);
    case 'wos': return readWosPlain(text);
    case 'wos-tab': return readWosTab(text);
    case 'csl-json': return s.jsonLines ? readJsonLines(text, 'csl-json') : readCslJson(text, s.json as unknown[]);
    case 'openalex': return s.jsonLines ? readJsonLines(text, 'openalex') : readOpenAlex(text, s.json);
    case 'scopus-csv': case 'ieee-csv': case 'springer-csv': case 'csv':
      return readCsvExport(text, s.format as CsvKind, s.delimiter ?? ',', columns);
  }
}
