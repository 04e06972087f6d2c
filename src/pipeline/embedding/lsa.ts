// The built-in, offline embedding: latent semantic analysis, i.e. the reference recipe
// TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words='english') → TruncatedSVD(128) → L2-normalised rows.
// Its vectors depend on the whole corpus (vocabulary, idf, the SVD basis), so they are never cached per chunk: one new
// paragraph changes every other paragraph's vector. It is cheap enough (seconds for 15k paragraphs) to recompute.
import type { Matrix } from '../types';
import { ENGLISH_STOP_WORDS } from '../stopwords';
import { tfidf } from './tfidf';
import { randomizedSvdSteps, SVD_STEPS, type TruncatedSvd } from './svd';
import { throwIfAborted } from '../errors';

export const LSA_MODEL = 'lsa-tfidf-svd';
export const LSA_MAX_DIM = 128;

export interface LsaOptions {
  seed: number;
  dims?: number;
  minDf?: number;
}

export interface LsaControl {
  signal?: AbortSignal;
  /** Fraction of the work done, 0..1. */
  onProgress?: (fraction: number) => void;
}

export function embedLsa(texts: readonly string[], opts: LsaOptions): Matrix {
  const run = lsaSteps(texts, opts);
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
  }
}

/** embedLsa with progress and cancellation: it yields to the event loop between the SVD's steps (same result). */
export async function embedLsaAsync(texts: readonly string[], opts: LsaOptions, ctl: LsaControl = {}): Promise<Matrix> {
  const run = lsaSteps(texts, opts);
  for (;;) {
    throwIfAborted(ctl.signal);
    const r = run.next();
    if (r.done) return r.value;
    ctl.onProgress?.(r.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* lsaSteps(texts: readonly string[], opts: LsaOptions): Generator<number, Matrix, void> {
  const n = texts.length;
  let { matrix } = tfidf(texts, { minDf: opts.minDf ?? 2, stopWords: ENGLISH_STOP_WORDS });
  // A handful of chunks may share no word at all; keep every word rather than embed nothing.
  if (matrix.cols === 0) matrix = tfidf(texts, { minDf: 1, stopWords: ENGLISH_STOP_WORDS }).matrix;
  const k = Math.min(opts.dims ?? LSA_MAX_DIM, n, matrix.cols);
  if (k === 0) return { data: new Float32Array(n), rows: n, dim: 1 };
  // TF-IDF takes about a fifth of the time; the SVD's steps share the rest.
  yield 0.2;
  const steps = randomizedSvdSteps(matrix, k, { seed: opts.seed });
  const total = SVD_STEPS(5);
  let svd: TruncatedSvd;
  for (;;) {
    const r = steps.next();
    if (r.done) {
      svd = r.value;
      break;
    }
    yield 0.2 + (0.75 * r.value) / total;
  }
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
