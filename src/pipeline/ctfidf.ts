// BERTopic 0.17's ClassTfidfTransformer with its defaults (bm25_weighting=False, reduce_frequent_words=False):
//   fit:       f(x) = total count of word x over all classes; A = int(mean words per class) (Python int() truncates);
//              idf = log(A / f(x) + 1)
//   transform: each row L1-normalised first, then multiplied by idf (no normalisation afterwards).
import type { CsrMatrix } from './vectorizer';
import { numpyArgsort } from './numpy-argsort';

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

// ---- BERTopic's word order, ties included --------------------------------------------------------------------
// BERTopic takes a row's top words with np.argpartition(row.data, -n)[-n:], then np.argsort (quicksort) of those
// scores, reversed. Equal scores come out in whatever order those two algorithms leave them, and the row's stored
// order matters: c-TF-IDF = normalize(X) * diag(idf) is a scipy CSR product, whose rows come out in DESCENDING column
// order (csr_matmat's linked list). Reproducing numpy's scalar introselect and introsort (numpy 1.x, no AVX-512)
// makes tied words come out exactly as BERTopic lists them.

type Less = (a: number, b: number) => boolean;

function dumbSelect(v: Float64Array, idx: Int32Array, off: number, num: number, kth: number): void {
  for (let i = 0; i <= kth; i++) {
    let minIdx = i, minVal = v[idx[off + i]];
    for (let k = i + 1; k < num; k++) {
      if (v[idx[off + k]] < minVal) {
        minIdx = k;
        minVal = v[idx[off + k]];
      }
    }
    const t = idx[off + i]; idx[off + i] = idx[off + minIdx]; idx[off + minIdx] = t;
  }
}

function msb(n: number): number {
  let d = 0;
  while (n > 1) {
    n >>= 1;
    d++;
  }
  return d;
}

/** numpy's argpartition introselect on idx[off .. off+num) (values v[idx[·]]), for one kth. */
function introselect(v: Float64Array, idx: Int32Array, off: number, num: number, kth: number): void {
  const less: Less = (a, b) => a < b;
  const val = (i: number) => v[idx[off + i]];
  const swap = (i: number, j: number) => { const t = idx[off + i]; idx[off + i] = idx[off + j]; idx[off + j] = t; };
  let low = 0, high = num - 1;
  if (kth - low < 3) {
    dumbSelect(v, idx, off + low, high - low + 1, kth - low);
    return;
  }
  let depthLimit = msb(num) * 2;
  for (; low + 1 < high;) {
    let ll = low + 1, hh = high;
    if (depthLimit > 0 || hh - ll < 5) {
      const mid = low + Math.floor((high - low) / 2);
      if (less(val(high), val(mid))) swap(high, mid);
      if (less(val(high), val(low))) swap(high, low);
      if (less(val(low), val(mid))) swap(low, mid);
      swap(mid, low + 1);
    } else {
      const mid = ll + medianOfMedian5(v, idx, off + ll, hh - ll);
      swap(mid, low);
      ll--;
      hh++;
    }
    depthLimit--;
    const pivot = val(low);
    for (;;) {
      do ll++; while (less(val(ll), pivot));
      do hh--; while (less(pivot, val(hh)));
      if (hh < ll) break;
      swap(ll, hh);
    }
    swap(low, hh);
    if (hh >= kth) high = hh - 1;
    if (hh <= kth) low = ll;
  }
  if (high === low + 1 && less(val(high), val(low))) swap(high, low);
}

function median5(v: Float64Array, idx: Int32Array, off: number): number {
  const val = (i: number) => v[idx[off + i]];
  const swap = (i: number, j: number) => { const t = idx[off + i]; idx[off + i] = idx[off + j]; idx[off + j] = t; };
  if (val(1) < val(0)) swap(1, 0);
  if (val(4) < val(3)) swap(4, 3);
  if (val(3) < val(0)) swap(3, 0);
  if (val(4) < val(1)) swap(4, 1);
  if (val(2) < val(1)) swap(2, 1);
  if (val(3) < val(2)) return val(3) < val(1) ? 1 : 3;
  return 2;
}

function medianOfMedian5(v: Float64Array, idx: Int32Array, off: number, num: number): number {
  const nmed = Math.floor(num / 5);
  for (let i = 0, sub = 0; i < nmed; i++, sub += 5) {
    const m = median5(v, idx, off + sub);
    const t = idx[off + sub + m]; idx[off + sub + m] = idx[off + i]; idx[off + i] = t;
  }
  if (nmed > 2) introselect(v, idx, off, nmed, Math.floor(nmed / 2));
  return Math.floor(nmed / 2);
}

/** np.argpartition(v, kth) for one kth (negative counts from the end), numpy's generic (non-SIMD) path. */
export function npArgpartition(v: Float64Array, kth: number): Int32Array {
  const idx = Int32Array.from(v, (_, i) => i);
  if (v.length > 0) introselect(v, idx, 0, v.length, kth < 0 ? kth + v.length : kth);
  return idx;
}

/**
 * The n highest entries of c-TF-IDF row r, best first, in BERTopic's order (ties as numpy leaves them). Returns
 * column indices; entries with score 0 are dropped, as BERTopic replaces them by empty words.
 */
export function bertopicTopColumns(m: CsrMatrix, r: number, n: number): number[] {
  const start = m.indptr[r], end = m.indptr[r + 1], len = end - start;
  if (len === 0) return [];
  // The row as scipy stores the product: columns descending.
  const data = new Float64Array(len);
  const cols = new Int32Array(len);
  for (let k = 0; k < len; k++) {
    data[k] = m.data[end - 1 - k];
    cols[k] = m.indices[end - 1 - k];
  }
  const pick = Math.min(n, len);
  const idx = npArgpartition(data, len - pick);
  const top = idx.slice(len - pick);
  const scores = Float64Array.from(top, (i) => data[i]);
  const order = numpyArgsort(scores);
  const out: number[] = [];
  for (let k = pick - 1; k >= 0; k--) if (scores[order[k]] > 0) out.push(cols[top[order[k]]]);
  return out;
}
