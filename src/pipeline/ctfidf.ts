// BERTopic 0.17's ClassTfidfTransformer with its defaults (bm25_weighting=False, reduce_frequent_words=False):
//   fit:       f(x) = total count of word x over all classes; A = int(mean words per class) (Python int() truncates);
//              idf = log(A / f(x) + 1)
//   transform: each row L1-normalised first, then multiplied by idf (no normalisation afterwards).
import type { CsrMatrix } from './vectorizer';

export interface ClassTfidfModel {
  idf: Float64Array;
  /** Row-L1-normalise and weight any count matrix over the same vocabulary (e.g. single documents). */
  transform(counts: CsrMatrix): CsrMatrix;
}

export function fitClassTfidf(counts: CsrMatrix): ClassTfidfModel {
  const freq = new Float64Array(counts.cols);
  let total = 0;
  for (let k = 0; k < counts.data.length; k++) {
    freq[counts.indices[k]] += counts.data[k];
    total += counts.data[k];
  }
  const avg = counts.rows > 0 ? Math.trunc(total / counts.rows) : 0;
  // A word with f(x) = 0 cannot occur in a fitted vocabulary; numpy would give inf there, we give 0 so it never ranks.
  const idf = Float64Array.from(freq, (f) => (f > 0 ? Math.log(avg / f + 1) : 0));
  return { idf, transform: (m) => applyIdf(m, idf) };
}

function applyIdf(m: CsrMatrix, idf: Float64Array): CsrMatrix {
  const data = new Float64Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    let sum = 0;
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) sum += Math.abs(m.data[k]);
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) data[k] = sum > 0 ? (m.data[k] / sum) * idf[m.indices[k]] : 0;
  }
  return { rows: m.rows, cols: m.cols, indptr: m.indptr, indices: m.indices, data };
}

/** c-TF-IDF of a class × term count matrix (fit and transform on the same matrix, as BERTopic does). */
export function classTfidf(counts: CsrMatrix): CsrMatrix {
  return fitClassTfidf(counts).transform(counts);
}
