// The built-in, offline embedding: latent semantic analysis, i.e. the reference recipe
// TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words='english') → TruncatedSVD(128) → L2-normalised rows.
// Its vectors depend on the whole corpus (vocabulary, idf, the SVD basis), so they are never cached per chunk: one new
// paragraph changes every other paragraph's vector. It is cheap enough (seconds for 15k paragraphs) to recompute.
import type { Matrix } from '../types';
import { ENGLISH_STOP_WORDS } from '../stopwords';
import { tfidf } from './tfidf';
import { randomizedSvd } from './svd';

export const LSA_MODEL = 'lsa-tfidf-svd';
export const LSA_MAX_DIM = 128;

export interface LsaOptions {
  seed: number;
  dims?: number;
  minDf?: number;
}

export function embedLsa(texts: readonly string[], opts: LsaOptions): Matrix {
  const n = texts.length;
  let { matrix } = tfidf(texts, { minDf: opts.minDf ?? 2, stopWords: ENGLISH_STOP_WORDS });
  // A handful of chunks may share no word at all; keep every word rather than embed nothing.
  if (matrix.cols === 0) matrix = tfidf(texts, { minDf: 1, stopWords: ENGLISH_STOP_WORDS }).matrix;
  const k = Math.min(opts.dims ?? LSA_MAX_DIM, n, matrix.cols);
  if (k === 0) return { data: new Float32Array(n), rows: n, dim: 1 };
  const svd = randomizedSvd(matrix, k, { seed: opts.seed });
  const dim = svd.k;
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += svd.us[i * dim + c] ** 2;
    // A chunk made only of stop words or singleton words has no TF-IDF entries: it stays the zero vector.
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let c = 0; c < dim; c++) data[i * dim + c] = svd.us[i * dim + c] * inv;
  }
  return { data, rows: n, dim };
}
