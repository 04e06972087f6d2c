// Where each item of a JSON array is in the file, for provenance: JSON.parse gives values, not positions. A small scan
// (strings and nesting only) finds the items of the top-level array, or of the array under one top-level key (an
// OpenAlex API response keeps its works under "results").
import { lineIndex } from './lines';
import type { RawRecord, RecordsRead } from './record';

/**
 * The records of a JSON export (CSL-JSON items, OpenAlex works): each object item through `toRecord`, with the line
 * range of its text; an item that is not an object is reported at its line.
 */
export function readJsonItems(
  text: string, items: unknown[], key: string | undefined, what: string,
  toRecord: (o: Record<string, unknown>) => Omit<RawRecord, 'lines'>,
): RecordsRead {
  const ranges = arrayItemRanges(text, key);
  const lineAt = lineIndex(text);
  const out: RecordsRead = { records: [], problems: [] };
  items.forEach((it, i) => {
    const r = ranges[i];
    const lines: [number, number] = r ? [lineAt(r[0]), lineAt(r[1])] : [1, 1];
    if (!it || typeof it !== 'object' || Array.isArray(it)) out.problems.push({ line: lines[0], message: `${what} ${i + 1} is not an object` });
    else out.records.push({ lines, ...toRecord(it as Record<string, unknown>) });
  });
  return out;
}

/** [first, last] character offsets of each item of the array; empty when there is no such array. */
export function arrayItemRanges(text: string, key?: string): Array<[number, number]> {
  type Frame = { kind: '[' | '{'; collect: boolean; itemStart: number; lastKey?: string };
  const out: Array<[number, number]> = [];
  const stack: Frame[] = [];
  let lastString = '';
  const back = (i: number, from: number) => {
    let j = i - 1;
    while (j > from && /\s/.test(text[j])) j--;
    return j;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\uFEFF') continue;
    const top = stack[stack.length - 1];
    if (top?.collect && top.itemStart < 0 && c !== ']' && c !== ',' && c !== '}') top.itemStart = i;
    switch (c) {
      case '"': {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        lastString = text.slice(i + 1, j);
        i = j;
        break;
      }
      case ':': if (top?.kind === '{') top.lastKey = lastString; break;
      case '{': case '[': {
        const collect = c === '[' && (key === undefined ? stack.length === 0 : stack.length === 1 && top?.kind === '{' && top.lastKey === key);
        stack.push({ kind: c, collect, itemStart: -1 });
        break;
      }
      case ',': case ']': case '}': {
        if (top?.collect && top.itemStart >= 0) {
          out.push([top.itemStart, back(i, top.itemStart)]);
          top.itemStart = -1;
        }
        if (c !== ',') stack.pop();
        break;
      }
    }
  }
  return out;
}
