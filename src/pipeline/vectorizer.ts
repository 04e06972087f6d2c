// The CountVectorizer BERTopic's docs use (scikit-learn's CountVectorizer with stop_words='english', min_df,
// ngram_range), rebuilt so topic keywords match BERTopic's word for word. Also a per-chunk term cache
// (`analyzeCorpus`) so c-TF-IDF and NPMI can be recomputed for a new labelling without re-tokenising.
import { TermTable, scanCleanedAscii, scanRawAscii } from './term-table';

/** Compressed sparse rows: row r's columns are indices[indptr[r] .. indptr[r+1]), ascending, values in data. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
}

export interface AnalyzeOptions {
  ngramRange: [number, number];
  stopWords: ReadonlySet<string>;
}

export interface CountVectorizeOptions extends AnalyzeOptions {
  /** An integer ≥ 1 is a document count; a fraction below 1 is a share of documents (as in scikit-learn). */
  minDf: number;
  /** A fraction in (0, 1] is a share of documents (default 1.0); a number above 1 is a document count. */
  maxDf?: number;
}

/** BERTopic's `_preprocess_text` for English: newlines/tabs → space, every character outside [A-Za-z0-9 ] deleted. */
export function cleanForVectorizer(text: string): string {
  return text.replace(/[\n\t]/g, ' ').replace(/[^A-Za-z0-9 ]+/g, '');
}

// Python's \w is Unicode-aware (letters, digits of any script, underscore); JS's \w is ASCII-only, so spell it out.
// A maximal run of ≥ 2 word characters is exactly what \b\w\w+\b matches.
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** Lower-cased tokens with stop words removed: the input to n-gram formation. */
const ASCII_TOKEN = /[A-Za-z0-9_]{2,}/g;
const NON_ASCII = /[^\x00-\x7f]/;

export function tokenize(text: string, stopWords: ReadonlySet<string>): string[] {
  const out: string[] = [];
  // The Unicode-aware pattern is several times slower; most transcripts are plain ASCII.
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(NON_ASCII.test(lower) ? TOKEN : ASCII_TOKEN)) if (!stopWords.has(m[0])) out.push(m[0]);
  return out;
}

/** n-grams of already filtered tokens, in scikit-learn's order (all unigrams, then bigrams, …). */
export function ngrams(tokens: readonly string[], [minN, maxN]: [number, number]): string[] {
  if (maxN === 1) return minN === 1 ? tokens.slice() : [];
  const out: string[] = [];
  let n0 = minN;
  if (minN === 1) {
    for (const t of tokens) out.push(t); // a whole book as one document would overflow push(...spread)
    n0 = 2;
  }
  for (let n = n0; n <= Math.min(maxN, tokens.length); n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/** scikit-learn's word analyzer: lower-case, \b\w\w+\b, stop words removed BEFORE n-grams are formed. */
export function analyze(text: string, opts: AnalyzeOptions): string[] {
  return ngrams(tokenize(text, opts.stopWords), opts.ngramRange);
}

/** Python sorts str by code point; for the BMP that is the same as comparing UTF-16 code units. */
export function compareTerms(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function dfLimits(nDocs: number, minDf: number, maxDf = 1.0): { min: number; max: number } {
  const min = minDf >= 1 ? minDf : minDf * nDocs;
  const max = maxDf > 1 ? maxDf : maxDf * nDocs;
  return { min, max };
}

/** CountVectorizer.fit_transform: vocabulary sorted as scikit-learn sorts feature names, counts as CSR. */
export function countVectorize(docs: readonly string[], opts: CountVectorizeOptions): { vocabulary: string[]; matrix: CsrMatrix } {
  const ids = new Map<string, number>();
  const rowsTerms: Int32Array[] = [];
  const rowsCounts: Int32Array[] = [];
  for (const doc of docs) {
    const local = new Map<number, number>();
    for (const g of analyze(doc, opts)) {
      let id = ids.get(g);
      if (id === undefined) ids.set(g, (id = ids.size));
      local.set(id, (local.get(id) ?? 0) + 1);
    }
    rowsTerms.push(Int32Array.from(local.keys()));
    rowsCounts.push(Int32Array.from(local.values()));
  }
  return buildVocabularyMatrix([...ids.keys()], rowsTerms, rowsCounts, opts.minDf, opts.maxDf);
}

/**
 * Applies the document-frequency limits, sorts the surviving terms, and re-indexes per-row (term id, count) lists
 * into a CSR matrix with ascending column indices.
 */
export function buildVocabularyMatrix(
  terms: readonly string[] | { count: number; string: (id: number) => string },
  rowsTerms: readonly Int32Array[], rowsCounts: readonly ArrayLike<number>[], minDf: number, maxDf?: number,
): { vocabulary: string[]; matrix: CsrMatrix } {
  const nTerms = Array.isArray(terms) ? terms.length : (terms as { count: number }).count;
  const termString = Array.isArray(terms) ? (id: number) => (terms as string[])[id] : (terms as { string: (id: number) => string }).string;
  const df = new Int32Array(nTerms);
  for (const t of rowsTerms) for (let i = 0; i < t.length; i++) df[t[i]]++;
  const { min, max } = dfLimits(rowsTerms.length, minDf, maxDf);
  const kept: number[] = [];
  for (let id = 0; id < nTerms; id++) if (df[id] >= min && df[id] <= max && df[id] > 0) kept.push(id);
  const keptStrings = kept.map((id) => ({ id, s: termString(id) }));
  keptStrings.sort((a, b) => compareTerms(a.s, b.s));
  const column = new Int32Array(nTerms).fill(-1);
  keptStrings.forEach(({ id }, c) => (column[id] = c));
  const indptr = new Int32Array(rowsTerms.length + 1);
  let nnz = 0;
  for (const t of rowsTerms) for (let i = 0; i < t.length; i++) if (column[t[i]] >= 0) nnz++;
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  const value = new Float64Array(keptStrings.length);
  let at = 0;
  rowsTerms.forEach((t, r) => {
    const counts = rowsCounts[r];
    const from = at;
    for (let i = 0; i < t.length; i++) {
      const c = column[t[i]];
      if (c < 0) continue;
      indices[at++] = c;
      value[c] = counts[i];
    }
    indices.subarray(from, at).sort();
    for (let k = from; k < at; k++) data[k] = value[indices[k]];
    indptr[r + 1] = at;
  });
  return {
    vocabulary: keptStrings.map((k) => k.s),
    matrix: { rows: rowsTerms.length, cols: keptStrings.length, indptr, indices, data },
  };
}

/**
 * Every text cleaned (BERTopic's cleaning) and analysed once. Joining a topic's chunks with a space — what BERTopic
 * does — also forms n-grams across chunk boundaries; `head`/`tail` keep the tokens needed to add those exactly.
 * Terms are interned by token ids (a bigram is a number, not a string) because building ~1.6M n-gram strings per
 * 15k chunks dominated the run time; term strings are built only when asked for.
 */
export interface AnalyzedCorpus {
  readonly ngramRange: [number, number];
  readonly stopWords: ReadonlySet<string>;
  /** Per text: distinct term ids (ascending) and their counts. */
  readonly docTerms: Int32Array[];
  readonly docCounts: Int32Array[];
  /** Per text: first and last (maxN − 1) filtered tokens, as token ids. */
  readonly head: Int32Array[];
  readonly tail: Int32Array[];
  /** Per text: number of filtered tokens. */
  readonly tokenCount: Int32Array;
  /** Number of terms interned so far (boundary n-grams add more). */
  termCount(): number;
  termString(id: number): string;
  /** Term id of a (space-separated) term, or undefined if the corpus never produced it. */
  lookup(term: string): number | undefined;
  /** Term id of an n-gram given as token ids, interning it when new. */
  intern(tokens: ArrayLike<number>, from: number, n: number): number;
}

const cache = new WeakMap<readonly string[], Map<string, AnalyzedCorpus>>();

/**
 * Analyses the cleaned texts (cached per texts array + options, so repeated describe/score calls are cheap).
 * `raw: true` skips BERTopic's cleaning: BERTopic vectorises uncleaned chunks when it picks representatives and
 * reduces outliers.
 */
export function analyzeCorpus(texts: readonly string[], opts: AnalyzeOptions & { raw?: boolean }): AnalyzedCorpus {
  const key = `${opts.ngramRange[0]},${opts.ngramRange[1]}${opts.raw ? ',raw' : ''}`;
  let byKey = cache.get(texts);
  const hit = byKey?.get(key);
  if (hit && hit.stopWords === opts.stopWords && hit.docTerms.length === texts.length) return hit;
  const [minN, maxN] = opts.ngramRange;
  const keep = Math.max(0, maxN - 1);
  const table = new TermTable(opts.stopWords);
  const docTerms: Int32Array[] = [];
  const docCounts: Int32Array[] = [];
  const head: Int32Array[] = [];
  const tail: Int32Array[] = [];
  const tokenCount = new Int32Array(texts.length);
  let acc = new Int32Array(1 << 16);
  const touched: number[] = [];
  const toks: number[] = [];
  texts.forEach((text, d) => {
    // After cleaning only [A-Za-z0-9 ] is left, so \b\w\w+\b is "space-separated pieces of length ≥ 2".
    toks.length = 0;
    if (opts.raw) {
      if (!scanRawAscii(text, table, toks)) for (const t of tokenize(text, opts.stopWords)) toks.push(table.token(t));
    } else if (!scanCleanedAscii(text, table, toks)) {
      for (const piece of cleanForVectorizer(text).toLowerCase().split(' ')) {
        if (piece.length < 2) continue;
        const id = table.token(piece);
        if (id >= 0) toks.push(id);
      }
    }
    touched.length = 0;
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= toks.length; i++) {
        const id = table.intern(toks, i, n);
        if (id >= acc.length) {
          const grown = new Int32Array(Math.max(id + 1, acc.length * 2));
          grown.set(acc);
          acc = grown;
        }
        if (acc[id]++ === 0) touched.push(id);
      }
    }
    const ids = sortedIds(touched);
    docTerms.push(ids);
    docCounts.push(drain(ids, acc, new Int32Array(ids.length)));
    head.push(Int32Array.from(toks.slice(0, keep)));
    tail.push(keep > 0 ? Int32Array.from(toks.slice(Math.max(0, toks.length - keep))) : new Int32Array(0));
    tokenCount[d] = toks.length;
  });
  const corpus: AnalyzedCorpus = {
    ngramRange: opts.ngramRange, stopWords: opts.stopWords, docTerms, docCounts, head, tail, tokenCount,
    termCount: () => table.count,
    termString: (id) => table.termString(id),
    lookup: (term) => table.lookup(term),
    intern: (t, from, n) => table.intern(t, from, n),
  };
  if (!byKey) cache.set(texts, (byKey = new Map()));
  byKey.set(key, corpus);
  return corpus;
}

/**
 * Term counts of the documents made by joining the given texts, in order, with a space — BERTopic's
 * `groupby(Topic).agg(" ".join)` — without re-tokenising: per-text counts plus the n-grams that cross boundaries.
 */
export function joinedCounts(corpus: AnalyzedCorpus, groups: readonly ArrayLike<number>[]): { terms: Int32Array[]; counts: Float64Array[] } {
  const [minN, maxN] = corpus.ngramRange;
  const keep = Math.max(0, maxN - 1);
  let acc = new Float64Array(corpus.termCount() + 1024);
  const outTerms: Int32Array[] = [];
  const outCounts: Float64Array[] = [];
  for (const group of groups) {
    const touched: number[] = [];
    const add = (id: number, c: number) => {
      if (id >= acc.length) {
        const grown = new Float64Array(Math.max(id + 1, acc.length * 2));
        grown.set(acc);
        acc = grown;
      }
      if (acc[id] === 0) touched.push(id);
      acc[id] += c;
    };
    let window: number[] = [];
    for (let k = 0; k < group.length; k++) {
      const d = group[k];
      const t = corpus.docTerms[d], c = corpus.docCounts[d];
      for (let i = 0; i < t.length; i++) add(t[i], c[i]);
      if (keep === 0 || corpus.tokenCount[d] === 0) continue;
      const h = Array.from(corpus.head[d]);
      if (window.length > 0) {
        const seq = window.concat(h);
        for (let n = Math.max(2, minN); n <= maxN; n++) {
          for (let i = 0; i < window.length; i++) {
            if (i + n <= seq.length && i + n > window.length) add(corpus.intern(seq, i, n), 1);
          }
        }
      }
      window = corpus.tokenCount[d] >= keep ? Array.from(corpus.tail[d]) : window.concat(h).slice(-keep);
    }
    const ids = sortedIds(touched);
    outTerms.push(ids);
    outCounts.push(drain(ids, acc, new Float64Array(ids.length)));
  }
  return { terms: outTerms, counts: outCounts };
}

// Plain loops in these two: Int32Array.from with a map function cost more than all the tokenising.

/** The touched term ids, ascending. */
function sortedIds(touched: readonly number[]): Int32Array {
  const ids = new Int32Array(touched.length);
  for (let k = 0; k < ids.length; k++) ids[k] = touched[k];
  return ids.sort();
}

/** out[k] = acc[ids[k]], resetting those accumulators to 0 for the next document. */
function drain<T extends Int32Array | Float64Array>(ids: Int32Array, acc: Int32Array | Float64Array, out: T): T {
  for (let k = 0; k < ids.length; k++) {
    out[k] = acc[ids[k]];
    acc[ids[k]] = 0;
  }
  return out;
}
