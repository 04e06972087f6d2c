// Chunking rule (the seed study's: "paragraphs of at most ~300 tokens"):
// 1. Never across files: each source is chunked on its own, so a chunk's id depends only on its own file.
// 2. Text files with blank-line paragraphs: each paragraph is a chunk. A paragraph over the budget is split into
//    packs of whole sentences. A very short paragraph (a heading, "Thank you.") is joined to the next one when both
//    fit, because a three-word chunk cannot carry a topic.
// 3. Text without paragraphs, and all captions (their cues are layout, not paragraphs): sentences packed greedily up to
//    the budget, across lines and cues.
// 4. A sentence over the budget is cut at span boundaries (caption cues, lines), and failing that at word boundaries —
//    auto-captions have no punctuation, so for them this is the normal case. A single whitespace-free run longer than
//    the budget stays whole: it is not prose and cutting it would invent words.
// Span texts are whitespace-normalised and chunks are cut at spaces only, so joining a source's chunk texts with ' '
// gives back its spans' texts joined with ' ' — every character exactly once, in order (the property tests check it).
import { shortHash } from './hash';
import { countTokens } from './tokens';
import type { Chunk, ParsedSource, TextSpan } from './types';

export interface ChunkOptions {
  maxTokens: number;
  /** Paragraphs under this many tokens are merged into the next one when the pair fits. Default 8. */
  minParagraphTokens?: number;
}

const SENTENCE = 3, SPAN = 2;

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'vs', 'etc', 'e.g', 'i.e', 'u.s', 'u.k', 'no', 'gen', 'gov', 'sen', 'rep',
  'hon', 'prof', 'capt', 'col', 'lt', 'mt', 'inc', 'ltd', 'co', 'corp', 'dept', 'fig', 'approx', 'cf', 'al', 'ft', 'vol',
]);

export function chunkSources(sources: ParsedSource[], opts: ChunkOptions): Chunk[] {
  const out: Chunk[] = [];
  // A loop, not push(...spread): a big caption file with a small chunk size gives 10⁵+ chunks, past the stack's limit
  // for call arguments.
  for (const src of sources) for (const c of chunkSource(src, opts)) out.push(c);
  return out;
}

interface Word { start: number; end: number; span: number; tokens: number }

export function chunkSource(src: ParsedSource, opts: ChunkOptions): Chunk[] {
  const max = Math.max(1, Math.floor(opts.maxTokens));
  const minPara = opts.minParagraphTokens ?? 8;
  const spans = src.spans
    .map((s) => ({ ...s, text: s.text.replace(/\s+/g, ' ').trim() }))
    .filter((s) => s.text.length > 0);
  const byParagraph = (src.file.format === 'txt' || src.file.format === 'md') && spans.some((s, i) => i > 0 && s.paragraphStart);
  let groups: TextSpan[][] = [];
  if (byParagraph) {
    for (const s of spans) {
      if (s.paragraphStart || groups.length === 0) groups.push([s]);
      else groups[groups.length - 1].push(s);
    }
    groups = mergeShortParagraphs(groups, minPara, max);
  } else if (spans.length) {
    groups = [spans];
  }
  const chunks: Chunk[] = [];
  const pathHash = shortHash(src.file.path).slice(0, 8);
  for (const group of groups) {
    const { text, words, cuts } = wordsOf(group);
    for (const [lo, hi] of pack(words, cuts, max)) {
      const chunkText = text.slice(words[lo].start, words[hi - 1].end);
      const covered = group.slice(words[lo].span, words[hi - 1].span + 1);
      const textHash = shortHash(chunkText);
      const index = chunks.length;
      const c: Chunk = {
        id: `${pathHash}-${index}-${textHash.slice(0, 8)}`,
        source: src.file.path,
        index,
        text: chunkText,
        textHash,
        lineStart: Math.min(...covered.map((s) => s.lineStart)),
        lineEnd: Math.max(...covered.map((s) => s.lineEnd)),
      };
      const starts = covered.map((s) => s.timeStart).filter((t): t is number => t !== undefined);
      const ends = covered.map((s) => s.timeEnd).filter((t): t is number => t !== undefined);
      if (starts.length) c.timeStart = Math.min(...starts);
      if (ends.length) c.timeEnd = Math.max(...ends);
      const first = covered[0], last = covered[covered.length - 1];
      if (first.colStart !== undefined && last.colEnd !== undefined) { c.colStart = first.colStart; c.colEnd = last.colEnd; }
      chunks.push(c);
    }
  }
  return chunks;
}

function mergeShortParagraphs(groups: TextSpan[][], minTokens: number, max: number): TextSpan[][] {
  const out: TextSpan[][] = [];
  let carry: TextSpan[] | null = null;
  for (const g of groups) {
    const cur: TextSpan[] = carry ? [...carry, ...g] : g;
    if (carry && tokensOf(cur) > max) {
      out.push(carry);
      carry = null;
      if (tokensOf(g) < minTokens) { carry = g; continue; }
      out.push(g);
      continue;
    }
    carry = null;
    if (tokensOf(cur) < minTokens) { carry = cur; continue; }
    out.push(cur);
  }
  if (carry) out.push(carry);
  return out;
}

function tokensOf(g: TextSpan[]): number {
  let n = 0;
  for (const s of g) n += countTokens(s.text);
  return n;
}

/** The group's text joined with single spaces, its words, and how strong a cut is after each word. */
function wordsOf(group: TextSpan[]): { text: string; words: Word[]; cuts: Uint8Array } {
  const text = group.map((s) => s.text).join(' ');
  const words: Word[] = [];
  let pos = 0;
  group.forEach((s, si) => {
    for (const w of s.text.split(' ')) {
      words.push({ start: pos, end: pos + w.length, span: si, tokens: countTokens(w) });
      pos += w.length + 1;
    }
  });
  const cuts = new Uint8Array(words.length);
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i].span !== words[i + 1].span) cuts[i] = SPAN;
    if (endsSentence(text.slice(words[i].start, words[i].end), text.slice(words[i + 1].start, words[i + 1].end))) cuts[i] = SENTENCE;
  }
  if (words.length) cuts[words.length - 1] = SENTENCE;
  return { text, words, cuts };
}

function endsSentence(word: string, next: string): boolean {
  const m = /([.!?…]+)["'”’)\]]*$/.exec(word);
  if (!m) return false;
  if (/^[\p{Ll}]/u.test(next)) return false;
  if (m[1] === '.') {
    const stem = word.slice(0, m.index).replace(/^["'“‘(\[]+/, '').toLowerCase();
    if (ABBREVIATIONS.has(stem) || /^\p{L}$/u.test(stem)) return false;
  }
  return true;
}

/** Greedy packing of sentences; an over-budget sentence is first cut at span boundaries, then at words. */
function pack(words: Word[], cuts: Uint8Array, max: number): Array<[number, number]> {
  const prefix = new Float64Array(words.length + 1);
  words.forEach((w, i) => { prefix[i + 1] = prefix[i] + w.tokens; });
  const tok = (lo: number, hi: number) => prefix[hi] - prefix[lo];
  const units: Array<[number, number]> = [];
  const split = (lo: number, hi: number, strength: number, into: Array<[number, number]>) => {
    let s = lo;
    for (let i = lo; i < hi; i++) if (cuts[i] >= strength || i === hi - 1) { into.push([s, i + 1]); s = i + 1; }
  };
  const sentences: Array<[number, number]> = [];
  split(0, words.length, SENTENCE, sentences);
  for (const [lo, hi] of sentences) {
    if (tok(lo, hi) <= max) { units.push([lo, hi]); continue; }
    const parts: Array<[number, number]> = [];
    split(lo, hi, SPAN, parts);
    for (const [a, b] of parts) {
      if (tok(a, b) <= max) units.push([a, b]);
      else for (let w = a; w < b; w++) units.push([w, w + 1]);
    }
  }
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of units) {
    const last = out[out.length - 1];
    if (last && tok(last[0], hi) <= max) last[1] = hi;
    else out.push([lo, hi]);
  }
  return out;
}
