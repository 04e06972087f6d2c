// Topic representation as BERTopic builds it: one document per topic (its chunks joined with a space, the outlier
// class -1 included, cleaned), CountVectorizer over those documents (so min_df counts topics), c-TF-IDF, top-n words,
// and representative chunks by cosine similarity of each chunk's c-TF-IDF to its topic's.
import type { Keyword, Matrix } from './types';
import { ENGLISH_STOP_WORDS } from './stopwords';
import { bertopicTopColumns, fitClassTfidf, type ClassTfidfModel } from './ctfidf';
import { mulberry32, deriveSeed } from './random';
import { analyzeCorpus, buildVocabularyMatrix, joinedCounts, type AnalyzedCorpus, type CsrMatrix } from './vectorizer';

export interface DescribeOptions {
  ngramRange: [number, number];
  minDf: number;
  extraStopWords?: string[];
  topN: number;
  representativeCount: number;
  seed?: number;
  /** Chunk embeddings (row i = texts[i]); needed for `keybert` and used by MMR when present. */
  embeddings?: Matrix;
  /** 0 = plain c-TF-IDF order; towards 1 trades relevance for less redundant keywords. */
  mmrDiversity?: number;
  /** KeyBERT-inspired re-ranking of the c-TF-IDF candidates by embedding similarity to the topic (needs embeddings). */
  keybert?: boolean;
  /** Documents sampled per topic for representative chunks (BERTopic: 500). */
  nrSamples?: number;
}

export interface TopicDescription {
  id: number;
  size: number;
  keywords: Keyword[];
  /** Indices into texts, most similar to the topic first. */
  representative: number[];
}

export interface DescribeResult {
  topics: TopicDescription[];
  outlierKeywords?: Keyword[];
}

/** The fitted c-TF-IDF of one labelling: what describe, outlier reduction and the hierarchy all start from. */
export interface TopicTfidf {
  /** Class ids in ascending order (-1 first when present): row r of `counts`/`ctfidf` is classIds[r]. */
  classIds: number[];
  /** Member text indices per class, in text order. */
  members: number[][];
  vocabulary: string[];
  vocabIndex: Map<string, number>;
  counts: CsrMatrix;
  ctfidf: CsrMatrix;
  model: ClassTfidfModel;
  corpus: AnalyzedCorpus;
  stopWords: ReadonlySet<string>;
  ngramRange: [number, number];
}

/** BERTopic passes this many c-TF-IDF words to its representation models as candidates. */
const CANDIDATES = 30;
const KEYBERT_CANDIDATES = 100;

const stopWordSets = new Map<string, ReadonlySet<string>>();
export function stopWordsWith(extra: readonly string[] | undefined): ReadonlySet<string> {
  if (!extra || extra.length === 0) return ENGLISH_STOP_WORDS;
  const key = [...extra].map((w) => w.toLowerCase()).sort().join('\n');
  let set = stopWordSets.get(key);
  if (!set) stopWordSets.set(key, (set = new Set([...ENGLISH_STOP_WORDS, ...key.split('\n')])));
  return set;
}

export function fitTopicTfidf(
  texts: readonly string[], labels: Int32Array, opts: Pick<DescribeOptions, 'ngramRange' | 'minDf' | 'extraStopWords'>,
): TopicTfidf {
  const stopWords = stopWordsWith(opts.extraStopWords);
  const corpus = analyzeCorpus(texts, { ngramRange: opts.ngramRange, stopWords });
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    let m = byClass.get(labels[i]);
    if (!m) byClass.set(labels[i], (m = []));
    m.push(i);
  }
  const classIds = [...byClass.keys()].sort((a, b) => a - b);
  const members = classIds.map((c) => byClass.get(c) as number[]);
  const joined = joinedCounts(corpus, members);
  const { vocabulary, matrix } = buildVocabularyMatrix({ count: corpus.termCount(), string: corpus.termString }, joined.terms, joined.counts, opts.minDf);
  const model = fitClassTfidf(matrix);
  const vocabIndex = new Map(vocabulary.map((w, i) => [w, i]));
  return { classIds, members, vocabulary, vocabIndex, counts: matrix, ctfidf: model.transform(matrix), model, corpus, stopWords, ngramRange: opts.ngramRange };
}

/**
 * Row r's words by descending score, in BERTopic's exact order (see bertopicTopColumns: it picks at least 30
 * candidates, so ties at the cut and among equal scores fall as they do in BERTopic).
 */
export function topWords(m: CsrMatrix, vocabulary: readonly string[], row: number, n: number): Array<Keyword & { col: number }> {
  const start = m.indptr[row];
  const score = new Map<number, number>();
  for (let k = start; k < m.indptr[row + 1]; k++) score.set(m.indices[k], m.data[k]);
  return bertopicTopColumns(m, row, Math.max(n, CANDIDATES))
    .slice(0, n)
    .map((col) => ({ word: vocabulary[col], score: score.get(col) as number, col }));
}

export function describeTopics(texts: readonly string[], labels: Int32Array, opts: DescribeOptions): DescribeResult {
  if (labels.length !== texts.length) throw new Error(`describeTopics: ${labels.length} labels for ${texts.length} texts`);
  const fit = fitTopicTfidf(texts, labels, opts);
  const rep = representativeDocs(texts, fit, opts.representativeCount, opts.seed ?? 42, opts.nrSamples ?? 500);
  const topics: TopicDescription[] = [];
  let outlierKeywords: Keyword[] | undefined;
  fit.classIds.forEach((id, r) => {
    const plain = topWords(fit.ctfidf, fit.vocabulary, r, Math.max(opts.topN, CANDIDATES));
    let keywords: Keyword[] = plain.slice(0, opts.topN).map(({ word, score }) => ({ word, score }));
    if (id === -1) {
      outlierKeywords = keywords;
      return;
    }
    if (opts.keybert && opts.embeddings) {
      const cands = topWords(fit.ctfidf, fit.vocabulary, r, KEYBERT_CANDIDATES);
      keywords = keybertRerank(cands.map((c) => c.word), rep[r], fit, opts.embeddings, opts.topN);
    }
    if (opts.mmrDiversity !== undefined && opts.mmrDiversity > 0) {
      const pool = opts.keybert && opts.embeddings ? keywords : plain;
      keywords = mmrKeywords(pool, fit.members[r], fit, opts.mmrDiversity, opts.topN, opts.embeddings);
    }
    topics.push({ id, size: fit.members[r].length, keywords, representative: rep[r] });
  });
  return { topics, outlierKeywords };
}

/** Top keywords of a merged topic: relabel `topicIds` to one id and describe only that. */
export function topicKeywordsForSubset(
  texts: readonly string[], labels: Int32Array, topicIds: readonly number[], opts: DescribeOptions,
): Keyword[] {
  const merged = Math.min(...topicIds);
  const set = new Set(topicIds);
  const relabelled = Int32Array.from(labels, (l) => (set.has(l) ? merged : l));
  const fit = fitTopicTfidf(texts, relabelled, opts);
  const r = fit.classIds.indexOf(merged);
  return r < 0 ? [] : topWords(fit.ctfidf, fit.vocabulary, r, opts.topN).map(({ word, score }) => ({ word, score }));
}

// ---- representative documents -------------------------------------------------------------------------------

/** The uncleaned analysis of the texts, and each of its term ids' column in this fit's vocabulary (-1: none). */
export function rawColumns(texts: readonly string[], fit: TopicTfidf): { raw: AnalyzedCorpus; rawToCol: Int32Array } {
  const raw = analyzeCorpus(texts, { ngramRange: fit.ngramRange, stopWords: fit.stopWords, raw: true });
  const rawToCol = new Int32Array(raw.termCount()).fill(-1);
  fit.vocabulary.forEach((w, c) => {
    const id = raw.lookup(w);
    if (id !== undefined && id < rawToCol.length) rawToCol[id] = c;
  });
  return { raw, rawToCol };
}

/** A sample of up to nrSamples draws with replacement, de-duplicated (BERTopic: sample(n=500, replace=True).drop_duplicates()). */
export function sampleMembers(members: readonly number[], nrSamples: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const picked = new Set<number>();
  for (let k = 0; k < nrSamples; k++) picked.add(members[Math.floor(rng() * members.length)]);
  return [...picked].sort((a, b) => a - b);
}

export function representativeDocs(texts: readonly string[], fit: TopicTfidf, count: number, seed: number, nrSamples = 500): number[][] {
  if (count <= 0) return fit.classIds.map(() => []);
  const { raw, rawToCol } = rawColumns(texts, fit);
  const { idf } = fit.model;
  const topicVec = new Float64Array(fit.vocabulary.length);
  return fit.classIds.map((id, r) => {
    const m = fit.ctfidf;
    let tNorm = 0;
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      topicVec[m.indices[k]] = m.data[k];
      tNorm += m.data[k] * m.data[k];
    }
    tNorm = Math.sqrt(tNorm);
    const sample = sampleMembers(fit.members[r], nrSamples, deriveSeed(seed, `representative:${id}`));
    const sims = sample.map((d) => {
      // The chunk's c-TF-IDF: its counts L1-normalised, times idf; then cosine with the topic row.
      let total = 0, dot = 0, norm = 0;
      const t = raw.docTerms[d], c = raw.docCounts[d];
      for (let i = 0; i < t.length; i++) if (rawToCol[t[i]] >= 0) total += c[i];
      for (let i = 0; i < t.length; i++) {
        const col = rawToCol[t[i]];
        if (col < 0) continue;
        const v = (c[i] / total) * idf[col];
        dot += v * topicVec[col];
        norm += v * v;
      }
      return { d, s: norm > 0 && tNorm > 0 ? dot / (Math.sqrt(norm) * tNorm) : 0 };
    });
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) topicVec[m.indices[k]] = 0;
    sims.sort((a, b) => b.s - a.s || a.d - b.d);
    return sims.slice(0, count).map((x) => x.d);
  });
}

// ---- keyword re-ranking -------------------------------------------------------------------------------------

/** Text indices containing each term (cleaned analysis), for the terms asked only. */
function postings(corpus: AnalyzedCorpus, words: readonly string[], within?: readonly number[]): number[][] {
  const want = new Map<number, number>();
  words.forEach((w, i) => {
    const id = corpus.lookup(w);
    if (id !== undefined) want.set(id, i);
  });
  const out = words.map((): number[] => []);
  const docs = within ?? corpus.docTerms.map((_, d) => d);
  for (const d of docs) {
    const t = corpus.docTerms[d];
    for (let i = 0; i < t.length; i++) {
      const j = want.get(t[i]);
      if (j !== undefined) out[j].push(d);
    }
  }
  return out;
}

function meanRows(e: Matrix, rows: readonly number[]): Float64Array {
  const v = new Float64Array(e.dim);
  for (const r of rows) for (let j = 0; j < e.dim; j++) v[j] += e.data[r * e.dim + j];
  return v;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * KeyBERT-inspired keywords. BERTopic embeds each candidate word with the sentence model; offline we have no word
 * embedder, so a word's vector is the mean embedding of all chunks containing it (its distributional context). The
 * topic vector is the mean embedding of its representative chunks, as in BERTopic. Score = cosine similarity.
 */
export function keybertRerank(candidates: readonly string[], representative: readonly number[], fit: TopicTfidf, embeddings: Matrix, topN: number): Keyword[] {
  const topicVec = meanRows(embeddings, representative);
  const post = postings(fit.corpus, candidates);
  return candidates
    .map((word, i) => ({ word, score: post[i].length > 0 ? cosine(meanRows(embeddings, post[i]), topicVec) : -1 }))
    .sort((a, b) => b.score - a.score)
    .slice(0, topN);
}

/**
 * BERTopic's mmr(): first the most relevant candidate, then repeatedly the one maximising
 * (1 − diversity)·relevance − diversity·max similarity to those already chosen. The chosen words keep their original
 * scores and order, as BERTopic's MaximalMarginalRelevance returns them.
 * With embeddings: word vectors as in keybertRerank, relevance = cosine to the topic centroid.
 * Without: relevance = score / top score; similarity = co-occurrence of the two words across the topic's chunks
 * (|A∩B| / √(|A|·|B|)), so "united" and "united states" count as redundant.
 */
export function mmrKeywords(pool: readonly Keyword[], members: readonly number[], fit: TopicTfidf, diversity: number, topN: number, embeddings?: Matrix): Keyword[] {
  if (pool.length === 0) return [];
  const words = pool.map((k) => k.word);
  let relevance: number[];
  let sim: (i: number, j: number) => number;
  if (embeddings) {
    const post = postings(fit.corpus, words);
    const vecs = post.map((p) => meanRows(embeddings, p));
    const centroid = meanRows(embeddings, members);
    relevance = vecs.map((v) => cosine(v, centroid));
    sim = (i, j) => cosine(vecs[i], vecs[j]);
  } else {
    const post = postings(fit.corpus, words, members);
    const sets = post.map((p) => new Set(p));
    const top = Math.max(...pool.map((k) => k.score));
    relevance = pool.map((k) => (top > 0 ? k.score / top : 0));
    sim = (i, j) => {
      const [a, b] = sets[i].size < sets[j].size ? [sets[i], sets[j]] : [sets[j], sets[i]];
      let both = 0;
      for (const d of a) if (b.has(d)) both++;
      return a.size > 0 && b.size > 0 ? both / Math.sqrt(a.size * b.size) : 0;
    };
  }
  const chosen: number[] = [];
  const left = new Set(words.map((_, i) => i));
  let first = 0;
  for (let i = 1; i < words.length; i++) if (relevance[i] > relevance[first]) first = i;
  chosen.push(first);
  left.delete(first);
  while (chosen.length < Math.min(topN, words.length)) {
    let best = -1, bestVal = -Infinity;
    for (const i of left) {
      let maxSim = -Infinity;
      for (const j of chosen) maxSim = Math.max(maxSim, sim(i, j));
      const v = (1 - diversity) * relevance[i] - diversity * maxSim;
      if (v > bestVal) {
        bestVal = v;
        best = i;
      }
    }
    chosen.push(best);
    left.delete(best);
  }
  const keep = new Set(chosen);
  return pool.filter((_, i) => keep.has(i));
}
