// Records of every export in the folder, made into one set of papers: the same paper exported from Scopus and Web of
// Science (or twice in one file) is one document, and every paper has its own citation key.
// Rules (docs/sources.md):
// - Same paper = same bare lower-case DOI, or else the same normalised title (letters and digits, accents dropped,
//   lower-case) and the same year — unless both sides have DOIs, and they differ.
// - The copy kept is the first in corpus order (path order, then record order) that has an abstract, else the first;
//   fields it lacks (year, venue, DOI, authors, keywords) are filled from the others, so merging never loses metadata.
// - Citation keys are made unique in corpus order: a later "smith2020deep" becomes "smith2020deepb", "…c", ….
import type { MergedRecord, ParsedSource, RecordMeta } from './types';
import { sourceOf } from './formats/record';

interface Group {
  members: ParsedSource[];
  by: Map<ParsedSource, MergedRecord['by']>;
  dois: Set<string>;
}

export function normalisedTitle(title: string): string {
  return title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const abstractOf = (s: ParsedSource) => s.spans[1]?.text ?? '';

export function dedupeRecords(sources: ParsedSource[]): { sources: ParsedSource[]; merged: MergedRecord[] } {
  const order: Array<ParsedSource | Group> = [];
  const byDoi = new Map<string, Group>();
  const byTitle = new Map<string, Group>();
  for (const s of sources) {
    const r = s.file.record;
    if (!r) { order.push(s); continue; }
    const titleKey = `${normalisedTitle(r.title)}|${r.year ?? ''}`;
    const viaDoi = r.doi ? byDoi.get(r.doi) : undefined;
    // Two records with different DOIs are two papers, whatever their titles ("Editorial", "Introduction", …).
    const viaTitle = byTitle.get(titleKey);
    const g = viaDoi ?? (viaTitle && !(r.doi && viaTitle.dois.size) ? viaTitle : undefined);
    if (g) {
      g.members.push(s);
      g.by.set(s, viaDoi ? 'doi' : 'title+year');
    } else {
      const fresh: Group = { members: [s], by: new Map(), dois: new Set() };
      order.push(fresh);
      if (r.doi) byDoi.set(r.doi, fresh);
      byTitle.set(titleKey, fresh);
    }
    const group = g ?? (order[order.length - 1] as Group);
    if (r.doi) group.dois.add(r.doi);
    if (r.doi && !byDoi.has(r.doi)) byDoi.set(r.doi, group);
    if (!byTitle.has(titleKey)) byTitle.set(titleKey, group);
  }

  const out: ParsedSource[] = [];
  const merged: MergedRecord[] = [];
  const usedKeys = new Set<string>();
  const nextSuffix = new Map<string, number>();
  for (const item of order) {
    if (!('members' in item)) { out.push(item); continue; }
    const kept = item.members.find((m) => abstractOf(m)) ?? item.members[0];
    const meta: RecordMeta = { ...kept.file.record!, authors: [...kept.file.record!.authors], keywords: [...kept.file.record!.keywords] };
    for (const m of item.members) {
      if (m === kept) continue;
      const o = m.file.record!;
      if (meta.year === undefined && o.year !== undefined) meta.year = o.year;
      if (!meta.venue && o.venue) meta.venue = o.venue;
      if (!meta.doi && o.doi) meta.doi = o.doi;
      if (!meta.authors.length) meta.authors = [...o.authors];
      if (!meta.keywords.length) meta.keywords = [...o.keywords];
    }
    meta.key = uniqueKey(meta.key, usedKeys, nextSuffix);
    const s = sourceOf(meta, kept.file.format as Parameters<typeof sourceOf>[1], abstractOf(kept));
    s.warnings.push(...item.members.flatMap((m) => m.warnings));
    out.push(s);
    for (const m of item.members) {
      if (m === kept) continue;
      const o = m.file.record!;
      // The copy that was first in the folder may lose to a later one with an abstract: it is reported like any other.
      merged.push({ kept: s.file.path, file: o.file, lines: o.lines, by: item.by.get(m) ?? (meta.doi && meta.doi === o.doi ? 'doi' : 'title+year') });
    }
  }
  return { sources: out, merged };
}

/**
 * The first free of key, keyb, keyc, …, key-26, …. Where the search for a key stopped is kept: keys are never freed, so
 * the suffixes before it stay taken, and a large export whose derived keys collide (one author, one year, titles
 * starting alike) costs one step per record instead of a scan starting at "b" each time.
 */
function uniqueKey(key: string, used: Set<string>, next: Map<string, number>): string {
  let i = next.get(key) ?? 0;
  let k = i === 0 ? key : suffixed(key, i);
  while (used.has(k)) k = suffixed(key, ++i);
  next.set(key, i + 1);
  used.add(k);
  return k;
}

const suffixed = (key: string, i: number) => (i < 26 ? key + String.fromCharCode(97 + i) : `${key}-${i}`);
