// PubMed/MEDLINE (.nbib, "MEDLINE" format): `PMID- 123` starts a record, tags padded to four characters then "- ",
// continuation lines indented six spaces, records separated by blank lines (no end tag).
import type { RawRecord, RecordsRead } from './record';
import { all, first, readTagged, type TaggedSyntax } from './tagged';

const SYNTAX: TaggedSyntax = {
  tagLine: /^([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$/,
  continuation: /^\s{2,}(\S.*)$/,
  start: new Set(['PMID']),
};

export function readNbib(text: string): RecordsRead {
  const records: RawRecord[] = readTagged(text, SYNTAX).map(({ lines, fields: f }) => ({
    lines,
    title: first(f, 'TI', 'BTI'),
    abstract: first(f, 'AB'),
    authors: all(f, 'FAU', 'AU'),
    year: first(f, 'DP', 'DEP', 'EDAT'),
    venue: first(f, 'JT', 'TA'),
    doi: [...(f.get('LID') ?? []), ...(f.get('AID') ?? [])].find((v) => /\[doi\]/i.test(v)),
    // MeSH headings "Algorithms*" / "Neoplasms/therapy": the heading is the keyword.
    keywords: f.has('OT') ? all(f, 'OT') : all(f, 'MH').map((k) => k.replace(/\*/g, '').replace(/\/.*$/, '')),
  }));
  return { records, problems: [] };
}

export function looksLikeNbib(head: string): boolean {
  return /^PMID- ?\d/m.test(head);
}
