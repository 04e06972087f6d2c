// TF-IDF as scikit-learn's TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words='english') computes it, so the
// built-in LSA embedding matches the reference recipe. It shares the topic vectoriser's tokenizer and sparse matrix
// type (both are scikit-learn's token pattern and CSR) but not its options: no n-grams, no BERTopic text cleaning.
import { ENGLISH_STOP_WORDS } from '../stopwords';
import { tokenize, type CsrMatrix } from '../vectorizer';

export type { CsrMatrix };

export interface TfidfOptions {
  minDf: number;
  stopWords: ReadonlySet<string>;
}

export interface Tfidf {
  matrix: CsrMatrix;
  vocabulary: string[];
}

/** Sublinear tf (1 + ln tf), smooth idf (ln((1+n)/(1+df)) + 1), L2-normalised rows, vocabulary sorted like sklearn. */
export function tfidf(texts: readonly string[], opts: TfidfOptions = { minDf: 2, stopWords: ENGLISH_STOP_WORDS }): Tfidf {
  const n = texts.length;
  const docTerms: Map<string, number>[] = new Array(n);
  const df = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const counts = new Map<string, number>();
    for (const t of tokenize(texts[i], opts.stopWords)) counts.set(t, (counts.get(t) ?? 0) + 1);
    docTerms[i] = counts;
    for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  // Code-unit order equals Python's code-point order for BMP text; column order only permutes the SVD's input anyway.
  const vocabulary = [...df.keys()].filter((t) => (df.get(t) ?? 0) >= opts.minDf).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const column = new Map<string, number>();
  vocabulary.forEach((t, j) => column.set(t, j));
  const idf = new Float64Array(vocabulary.length);
  for (let j = 0; j < vocabulary.length; j++) idf[j] = Math.log((1 + n) / (1 + (df.get(vocabulary[j]) ?? 0))) + 1;

  const indptr = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    for (const t of docTerms[i].keys()) if (column.has(t)) nnz++;
    indptr[i + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    const entries: [number, number][] = [];
    for (const [t, c] of docTerms[i]) {
      const j = column.get(t);
      if (j !== undefined) entries.push([j, (1 + Math.log(c)) * idf[j]]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, v] of entries) norm += v * v;
    norm = Math.sqrt(norm);
    let p = indptr[i];
    for (const [j, v] of entries) {
      indices[p] = j;
      data[p++] = norm > 0 ? v / norm : 0;
    }
  }
  return { matrix: { rows: n, cols: vocabulary.length, indptr, indices, data }, vocabulary };
}
