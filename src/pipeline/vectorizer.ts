// The CountVectorizer BERTopic's docs use (scikit-learn's CountVectorizer with stop_words='english', min_df,
// ngram_range), rebuilt so topic keywords match BERTopic's word for word. Also a per-chunk term cache
// (`analyzeCorpus`) so c-TF-IDF and NPMI can be recomputed for a new labelling without re-tokenising.

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
export function tokenize(text: string, stopWords: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKEN)) if (!stopWords.has(m[0])) out.push(m[0]);
  return out;
}

/** n-grams of already filtered tokens, in scikit-learn's order (all unigrams, then bigrams, …). */
export function ngrams(tokens: readonly string[], [minN, maxN]: [number, number]): string[] {
  if (maxN === 1) return minN === 1 ? tokens.slice() : [];
  const out: string[] = [];
  let n0 = minN;
  if (minN === 1) {
    out.push(...tokens);
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
  terms: readonly string[], rowsTerms: readonly Int32Array[], rowsCounts: readonly ArrayLike<number>[], minDf: number, maxDf?: number,
): { vocabulary: string[]; matrix: CsrMatrix } {
  const df = new Int32Array(terms.length);
  for (const t of rowsTerms) for (let i = 0; i < t.length; i++) df[t[i]]++;
  const { min, max } = dfLimits(rowsTerms.length, minDf, maxDf);
  const kept: number[] = [];
  for (let id = 0; id < terms.length; id++) if (df[id] >= min && df[id] <= max && df[id] > 0) kept.push(id);
  kept.sort((a, b) => compareTerms(terms[a], terms[b]));
  const column = new Int32Array(terms.length).fill(-1);
  kept.forEach((id, c) => (column[id] = c));
  const indptr = new Int32Array(rowsTerms.length + 1);
  const idx: number[] = [];
  const val: number[] = [];
  rowsTerms.forEach((t, r) => {
    const pairs: Array<[number, number]> = [];
    const counts = rowsCounts[r];
    for (let i = 0; i < t.length; i++) if (column[t[i]] >= 0) pairs.push([column[t[i]], counts[i]]);
    pairs.sort((a, b) => a[0] - b[0]);
    for (const [c, v] of pairs) {
      idx.push(c);
      val.push(v);
    }
    indptr[r + 1] = idx.length;
  });
  return {
    vocabulary: kept.map((id) => terms[id]),
    matrix: { rows: rowsTerms.length, cols: kept.length, indptr, indices: Int32Array.from(idx), data: Float64Array.from(val) },
  };
}

/** Counts of vocabulary terms in one text (CountVectorizer.transform for a fitted vocabulary). */
export function countRow(text: string, vocabIndex: ReadonlyMap<string, number>, opts: AnalyzeOptions): { indices: Int32Array; data: Float64Array } {
  const local = new Map<number, number>();
  for (const g of analyze(text, opts)) {
    const c = vocabIndex.get(g);
    if (c !== undefined) local.set(c, (local.get(c) ?? 0) + 1);
  }
  const cols = [...local.keys()].sort((a, b) => a - b);
  return { indices: Int32Array.from(cols), data: Float64Array.from(cols, (c) => local.get(c) as number) };
}

/**
 * Every text cleaned (BERTopic's cleaning) and analysed once. Joining a topic's chunks with a space — what BERTopic
 * does — also forms n-grams across chunk boundaries; `head`/`tail` keep the tokens needed to add those exactly.
 */
export interface AnalyzedCorpus {
  readonly ngramRange: [number, number];
  readonly stopWords: ReadonlySet<string>;
  /** Term dictionary; grows when boundary n-grams are interned. */
  readonly terms: string[];
  readonly termIds: Map<string, number>;
  /** Per text: distinct term ids (ascending) and their counts. */
  readonly docTerms: Int32Array[];
  readonly docCounts: Int32Array[];
  /** Per text: first and last (maxN − 1) filtered tokens. */
  readonly head: string[][];
  readonly tail: string[][];
  /** Per text: number of filtered tokens. */
  readonly tokenCount: Int32Array;
}

const cache = new WeakMap<readonly string[], Map<string, AnalyzedCorpus>>();

/** Analyses the cleaned texts (cached per texts array + options, so repeated describe/score calls are cheap). */
export function analyzeCorpus(texts: readonly string[], opts: AnalyzeOptions): AnalyzedCorpus {
  const key = `${opts.ngramRange[0]},${opts.ngramRange[1]}`;
  let byKey = cache.get(texts);
  const hit = byKey?.get(key);
  if (hit && hit.stopWords === opts.stopWords) return hit;
  const keep = Math.max(0, opts.ngramRange[1] - 1);
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const docTerms: Int32Array[] = [];
  const docCounts: Int32Array[] = [];
  const head: string[][] = [];
  const tail: string[][] = [];
  const tokenCount = new Int32Array(texts.length);
  texts.forEach((text, d) => {
    const tokens = tokenize(cleanForVectorizer(text), opts.stopWords);
    const local = new Map<number, number>();
    for (const g of ngrams(tokens, opts.ngramRange)) {
      let id = termIds.get(g);
      if (id === undefined) {
        id = terms.length;
        termIds.set(g, id);
        terms.push(g);
      }
      local.set(id, (local.get(id) ?? 0) + 1);
    }
    const ids = Int32Array.from(local.keys()).sort();
    docTerms.push(ids);
    docCounts.push(Int32Array.from(ids, (id) => local.get(id) as number));
    head.push(tokens.slice(0, keep));
    tail.push(keep > 0 ? tokens.slice(Math.max(0, tokens.length - keep)) : []);
    tokenCount[d] = tokens.length;
  });
  const corpus: AnalyzedCorpus = { ngramRange: opts.ngramRange, stopWords: opts.stopWords, terms, termIds, docTerms, docCounts, head, tail, tokenCount };
  if (!byKey) cache.set(texts, (byKey = new Map()));
  byKey.set(key, corpus);
  return corpus;
}

/** Interns a term (boundary n-grams may be new), returning its id. */
export function internTerm(corpus: AnalyzedCorpus, term: string): number {
  let id = corpus.termIds.get(term);
  if (id === undefined) {
    id = corpus.terms.length;
    corpus.termIds.set(term, id);
    corpus.terms.push(term);
  }
  return id;
}

/**
 * Term counts of the documents made by joining the given texts, in order, with a space — BERTopic's
 * `groupby(Topic).agg(" ".join)` — without re-tokenising: per-text counts plus the n-grams that cross boundaries.
 */
export function joinedCounts(corpus: AnalyzedCorpus, groups: readonly ArrayLike<number>[]): { terms: Int32Array[]; counts: Float64Array[] } {
  const [minN, maxN] = corpus.ngramRange;
  const keep = Math.max(0, maxN - 1);
  let acc = new Float64Array(corpus.terms.length + 1024);
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
    let window: string[] = [];
    for (let k = 0; k < group.length; k++) {
      const d = group[k];
      const t = corpus.docTerms[d], c = corpus.docCounts[d];
      for (let i = 0; i < t.length; i++) add(t[i], c[i]);
      if (keep === 0 || corpus.tokenCount[d] === 0) continue;
      if (window.length > 0) {
        const seq = window.concat(corpus.head[d]);
        for (let n = Math.max(2, minN); n <= maxN; n++) {
          for (let i = 0; i < window.length; i++) {
            if (i + n <= seq.length && i + n > window.length) add(internTerm(corpus, seq.slice(i, i + n).join(' ')), 1);
          }
        }
      }
      window = corpus.tokenCount[d] >= keep ? corpus.tail[d] : window.concat(corpus.head[d]).slice(-keep);
    }
    touched.sort((a, b) => a - b);
    outTerms.push(Int32Array.from(touched));
    outCounts.push(Float64Array.from(touched, (id) => acc[id]));
    for (const id of touched) acc[id] = 0;
  }
  return { terms: outTerms, counts: outCounts };
}
