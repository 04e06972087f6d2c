// The line-tagged export formats (RIS, Web of Science plain text, PubMed/MEDLINE .nbib) share one shape: a tag at the
// start of a line, its value after a separator, continuation lines indented, a tag that starts a record and (RIS, WoS)
// one that ends it. One tolerant reader serves all three; each format only says how its lines look. Hand-written on
// purpose (the issue asks for small, dependency-free readers): no maintained library reads all three, and the rules
// that make real exports work — header lines, blank lines anywhere, a missing end tag — are the format-specific part.
import { splitLines } from './lines';

export interface TaggedSyntax {
  /** A tag line: group 1 the tag, group 2 the value (may be empty). */
  tagLine: RegExp;
  /** Indented text continuing the previous tag's value, or undefined when the line is not a continuation. */
  continuation: RegExp;
  /** Tags that open a record (TY, PT, PMID). */
  start: ReadonlySet<string>;
  /** Tags that close a record (ER); a start tag also closes the open one. */
  end?: ReadonlySet<string>;
  /** Tags outside records, ignored (WoS FN/VR/EF). */
  header?: ReadonlySet<string>;
  /** Tags whose continuation lines are further values rather than more text (WoS AU, AF: one author per line). */
  listTags?: ReadonlySet<string>;
}

export interface TaggedRecord {
  lines: [number, number];
  fields: Map<string, string[]>;
}

export function readTagged(text: string, syntax: TaggedSyntax): TaggedRecord[] {
  const out: TaggedRecord[] = [];
  let cur: TaggedRecord | undefined;
  let lastTag: string | undefined;
  let lastLine = 0;
  const close = () => {
    if (cur && cur.fields.size) { cur.lines[1] = lastLine; out.push(cur); }
    cur = undefined;
    lastTag = undefined;
  };
  splitLines(text).forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/^\uFEFF/, '');
    if (!line.trim()) return;
    const m = syntax.tagLine.exec(line);
    if (m) {
      const tag = m[1];
      const value = (m[2] ?? '').trim();
      if (syntax.end?.has(tag)) { if (cur) lastLine = n; close(); return; }
      if (syntax.start.has(tag)) close();
      else if (!cur && syntax.header?.has(tag)) return;
      if (!cur) cur = { lines: [n, n], fields: new Map() };
      const list = cur.fields.get(tag);
      if (list) list.push(value); else cur.fields.set(tag, [value]);
      lastTag = tag;
      lastLine = n;
      return;
    }
    const c = syntax.continuation.exec(line);
    if (cur && lastTag && c) {
      const list = cur.fields.get(lastTag)!;
      const more = c[1].trim();
      if (syntax.listTags?.has(lastTag)) list.push(more);
      else list[list.length - 1] = `${list[list.length - 1]} ${more}`.trim();
      lastLine = n;
    }
    // Anything else (a banner before the first record, stray text) is not part of a record.
  });
  close();
  return out;
}

/** First non-empty value among the tags, in the given order of preference. */
export function first(fields: Map<string, string[]>, ...tags: string[]): string | undefined {
  for (const t of tags) {
    const v = fields.get(t)?.find((x) => x.trim());
    if (v) return v;
  }
  return undefined;
}

/** All values of the first tag that has any. */
export function all(fields: Map<string, string[]>, ...tags: string[]): string[] {
  for (const t of tags) {
    const v = fields.get(t)?.filter((x) => x.trim());
    if (v?.length) return v;
  }
  return [];
}
