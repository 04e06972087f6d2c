// RIS (Scopus, Zotero, EndNote, Mendeley, IEEE, Springer): `TY  - JOUR` … `ER  - `, one tag per line, repeated AU/KW,
// wrapped abstracts continued on untagged lines. Title TI/T1, abstract AB/N2, year PY/Y1/DA (the first that has one).
import { bareDoi } from './record';
import type { RawRecord, RecordsRead } from './record';
import { all, first, readTagged, type TaggedSyntax } from './tagged';

const SYNTAX: TaggedSyntax = {
  // "TY  - JOUR"; some tools write one space before the hyphen or none after it ("ER  -").
  tagLine: /^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?\s*$/,
  continuation: /^(.*\S.*)$/,
  start: new Set(['TY']),
  end: new Set(['ER']),
};

export function readRis(text: string): RecordsRead {
  const records: RawRecord[] = readTagged(text, SYNTAX).map(({ lines, fields: f }) => ({
    lines,
    title: first(f, 'TI', 'T1', 'CT', 'BT'),
    abstract: first(f, 'AB', 'N2'),
    authors: all(f, 'AU', 'A1'),
    year: first(f, 'PY', 'Y1', 'DA'),
    venue: first(f, 'T2', 'JF', 'JO', 'JA', 'J2'),
    doi: first(f, 'DO') ?? [...(f.get('UR') ?? []), ...(f.get('L3') ?? []), ...(f.get('M3') ?? [])].find((u) => bareDoi(u)),
    keywords: all(f, 'KW'),
  }));
  return { records, problems: [] };
}

/** A RIS file has `TY  - ` on one of its first lines. */
export function looksLikeRis(head: string): boolean {
  return /^TY {1,2}- ?\S/m.test(head);
}
