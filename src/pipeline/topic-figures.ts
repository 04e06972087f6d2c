// Quality figures (NPMI@10, diversity@25) for many labellings of the same texts, fast enough to compare dozens of
// clusterings in a second or two. Everything label-independent is computed once: the document-term matrix (the
// vectoriser's cached per-chunk analysis), each term's corpus frequency, and the document postings of the words the
// figures need. Per labelling, c-TF-IDF is BERTopic's (one document per class, outliers included; min_df over class
// documents, relaxed below 10 classes as describe does; idf = log(A / f + 1); rows L1-normalised) with two
// simplifications that only move the last digits: n-grams that cross the boundary of two joined chunks are not
// counted, and equal scores are ordered by a fixed term number rather than by numpy's sort. The option a researcher applies is
// described exactly by describeTopics; these figures only rank the options.
import { analyzeCorpus, type AnalyzedCorpus } from './vectorizer';
import { stopWordsWith } from './representation';
import { intersectSize, npmiPair } from './scoring';
import type { LabellingFigures } from './types';

export interface FigureOptions {
  ngramRange: [number, number];
  minDf: number;
  extraStopWords?: string[];
}

const TOP_DIVERSITY = 25;
const TOP_NPMI = 10;

/**
 * The chunk × term counts restricted to terms in at least `minDf` chunks (a term in fewer chunks is in fewer class
 * documents too, so min_df drops it under every labelling), flattened, with the terms renumbered densely, most
 * frequent first, so the per-term scratch arrays' hot part is small. Counts are integers: Int32 halves the memory.
 */
interface FlatCounts {
  offsets: Int32Array;
  /** Dense term numbers. */
  terms: Int32Array;
  counts: Int32Array;
  /** Dense number → corpus term id. */
  termId: Int32Array;
  /** Corpus frequency per dense number. */
  freq: Float64Array;
}

interface Scratch {
  rowIds: Int32Array;
  rowVals: Int32Array;
  distinct: Int32Array;
  acc: Int32Array;
  df: Int32Array;
  stamp: Int32Array;
  idf: Float64Array;
}

export class FigureContext {
  readonly corpus: AnalyzedCorpus;
  private readonly terms: number;
  /** Corpus frequency of each term: label-independent. */
  private readonly freq: Float64Array;
  private readonly docFreq: Int32Array;
  private readonly flat = new Map<number, FlatCounts>();
  private readonly postings = new Map<number, Int32Array>();
  private readonly pairs = new Map<number, number>();

  constructor(readonly texts: readonly string[], private readonly opts: FigureOptions) {
    this.corpus = analyzeCorpus(texts, { ngramRange: opts.ngramRange, stopWords: stopWordsWith(opts.extraStopWords) });
    const T = (this.terms = this.corpus.termCount());
    this.freq = new Float64Array(T);
    this.docFreq = new Int32Array(T);
    const { docTerms, docCounts } = this.corpus;
    for (let d = 0; d < docTerms.length; d++) {
      const t = docTerms[d], n = docCounts[d];
      for (let i = 0; i < t.length; i++) {
        this.freq[t[i]] += n[i];
        this.docFreq[t[i]]++;
      }
    }
  }

  private rowScratch: Scratch | undefined;

  /** Scratch arrays reused across labellings: per class-row entry (nnz) and per dense term. */
  private scratch(nnz: number, terms: number): Scratch {
    const s = this.rowScratch;
    if (s && s.rowIds.length >= nnz && s.distinct.length >= terms) return s;
    return (this.rowScratch = {
      rowIds: new Int32Array(nnz), rowVals: new Int32Array(nnz), distinct: new Int32Array(terms),
      acc: new Int32Array(terms), df: new Int32Array(terms), stamp: new Int32Array(terms).fill(-1), idf: new Float64Array(terms),
    });
  }

  private flatCounts(minDf: number): FlatCounts {
    let f = this.flat.get(minDf);
    if (f) return f;
    const { docTerms, docCounts } = this.corpus;
    const kept: number[] = [];
    for (let id = 0; id < this.terms; id++) if (this.docFreq[id] >= minDf) kept.push(id);
    kept.sort((a, b) => this.docFreq[b] - this.docFreq[a] || a - b);
    const dense = new Int32Array(this.terms).fill(-1);
    kept.forEach((id, j) => { dense[id] = j; });
    const termId = Int32Array.from(kept);
    const freq = Float64Array.from(kept, (id) => this.freq[id]);
    let nnz = 0;
    for (const t of docTerms) for (let i = 0; i < t.length; i++) if (dense[t[i]] >= 0) nnz++;
    const offsets = new Int32Array(docTerms.length + 1), terms = new Int32Array(nnz), counts = new Int32Array(nnz);
    let at = 0;
    for (let d = 0; d < docTerms.length; d++) {
      const t = docTerms[d], n = docCounts[d];
      for (let i = 0; i < t.length; i++) {
        const j = dense[t[i]];
        if (j < 0) continue;
        terms[at] = j;
        counts[at++] = n[i];
      }
      offsets[d + 1] = at;
    }
    this.flat.set(minDf, (f = { offsets, terms, counts, termId, freq }));
    return f;
  }

  /** Each topic's top-25 term ids by c-TF-IDF (topic order = label order 0, 1, …), and the counts per class. */
  topTerms(labels: Int32Array): { lists: Int32Array[]; sizes: Int32Array; outliers: number; labels: Int32Array } {
    let K = 0;
    for (const l of labels) if (l + 1 > K) K = l + 1;
    // Class c + 1 holds label c, so −1 is class 0; members by counting sort.
    const sizes = new Int32Array(K + 1);
    for (const l of labels) sizes[l + 1]++;
    const startOf = new Int32Array(K + 2);
    for (let c = 0; c <= K; c++) startOf[c + 1] = startOf[c] + sizes[c];
    const members = new Int32Array(labels.length);
    const fill = startOf.slice(0, K + 1);
    for (let d = 0; d < labels.length; d++) members[fill[labels[d] + 1]++] = d;
    let classes = 0;
    for (const x of sizes) if (x > 0) classes++;
    const minDf = classes < 10 ? 1 : this.opts.minDf;
    const { offsets, terms, counts, termId, freq } = this.flatCounts(minDf);

    // One pass: each class document's counts (stored as sparse rows) and each term's class-document frequency.
    const rowStart = new Int32Array(K + 2);
    // Scratch sized to the flattened matrix, allocated once: a fresh 10M-entry pair of arrays per labelling made the
    // 100k-chunk sweep spend a third of its time collecting garbage.
    const { rowIds, rowVals, distinct, acc, df, stamp, idf } = this.scratch(terms.length, freq.length);
    let len = 0, nDistinct = 0;
    for (let c = 0; c <= K; c++) {
      rowStart[c] = len;
      for (let m = startOf[c]; m < startOf[c + 1]; m++) {
        const d = members[m];
        for (let k = offsets[d]; k < offsets[d + 1]; k++) {
          const id = terms[k];
          if (stamp[id] !== c) {
            stamp[id] = c;
            if (df[id]++ === 0) distinct[nDistinct++] = id;
            rowIds[len++] = id;
          }
          acc[id] += counts[k];
        }
      }
      for (let k = rowStart[c]; k < len; k++) {
        rowVals[k] = acc[rowIds[k]];
        acc[rowIds[k]] = 0;
      }
    }
    rowStart[K + 1] = len;
    // idf = log(A / f + 1) over the kept vocabulary; A = int(mean words per class document).
    let total = 0;
    for (let k = 0; k < nDistinct; k++) if (df[distinct[k]] >= minDf) total += freq[distinct[k]];
    const A = classes > 0 ? Math.trunc(total / classes) : 0;
    for (let k = 0; k < nDistinct; k++) {
      const id = distinct[k];
      idf[id] = df[id] >= minDf ? Math.log(A / freq[id] + 1) : 0;
    }

    const lists: Int32Array[] = [];
    const topId = new Int32Array(TOP_DIVERSITY), topScore = new Float64Array(TOP_DIVERSITY);
    for (let c = 1; c <= K; c++) {
      let rowSum = 0;
      for (let k = rowStart[c]; k < rowStart[c + 1]; k++) if (idf[rowIds[k]] > 0) rowSum += rowVals[k];
      let have = 0;
      for (let k = rowStart[c]; k < rowStart[c + 1]; k++) {
        const id = rowIds[k];
        const s = (rowVals[k] / rowSum) * idf[id];
        if (!(s > 0)) continue;
        if (have === TOP_DIVERSITY && !(s > topScore[have - 1] || (s === topScore[have - 1] && id < topId[have - 1]))) continue;
        let j = have < TOP_DIVERSITY ? have++ : have - 1;
        while (j > 0 && (topScore[j - 1] < s || (topScore[j - 1] === s && topId[j - 1] > id))) {
          topScore[j] = topScore[j - 1];
          topId[j] = topId[j - 1];
          j--;
        }
        topScore[j] = s;
        topId[j] = id;
      }
      lists.push(Int32Array.from(topId.subarray(0, have), (j) => termId[j]));
    }
    // Leave the scratch arrays as found for the next labelling.
    for (let k = 0; k < nDistinct; k++) {
      df[distinct[k]] = 0;
      stamp[distinct[k]] = -1;
    }
    return { lists, sizes: sizes.subarray(1), outliers: sizes[0], labels };
  }

  /** Document postings of every term asked for that has none yet: one pass over the corpus for the whole batch. */
  ensurePostings(termIds: Iterable<number>): void {
    const want = new Map<number, number[]>();
    for (const id of termIds) if (!this.postings.has(id) && !want.has(id)) want.set(id, []);
    if (want.size === 0) return;
    const { docTerms } = this.corpus;
    for (let d = 0; d < docTerms.length; d++) {
      const t = docTerms[d];
      for (let i = 0; i < t.length; i++) want.get(t[i])?.push(d);
    }
    for (const [id, docs] of want) this.postings.set(id, Int32Array.from(docs));
  }

  /** NPMI of one topic's top-10 words, as scoring.npmiCoherence defines it (postings must be ensured). */
  topicNpmi(list: Int32Array): number {
    const D = this.texts.length;
    const k = Math.min(TOP_NPMI, list.length);
    let sum = 0, pairs = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        pairs++;
        const a = this.postings.get(list[i]) as Int32Array, b = this.postings.get(list[j]) as Int32Array;
        if (a.length === 0 || b.length === 0) {
          sum += -1;
          continue;
        }
        const key = list[i] < list[j] ? list[i] * this.terms + list[j] : list[j] * this.terms + list[i];
        let both = this.pairs.get(key);
        if (both === undefined) this.pairs.set(key, (both = intersectSize(a, b)));
        sum += npmiPair(a.length, b.length, both, D);
      }
    }
    return pairs > 0 ? sum / pairs : 0;
  }

  /** All figures of one labelling. */
  figures(labels: Int32Array): LabellingFigures {
    return this.figuresMany([labels])[0];
  }

  /** Figures of many labellings; the postings they need are gathered in one pass. */
  figuresMany(labellings: readonly Int32Array[]): LabellingFigures[] {
    // Different options often give the same labelling (a collapsed tree, eom and leaf agreeing): describe each once.
    const seen = new Map<string, ReturnType<FigureContext['topTerms']>>();
    const tops = labellings.map((raw) => {
      const l = canonical(raw);
      const key = labellingKey(l);
      let t = seen.get(key);
      if (!t || !sameLabels(t.labels, l)) seen.set(key, (t = { ...this.topTerms(l), labels: l }));
      return t;
    });
    const needed = new Set<number>();
    for (const t of tops) for (const list of t.lists) for (let i = 0; i < Math.min(TOP_NPMI, list.length); i++) needed.add(list[i]);
    this.ensurePostings(needed);
    return tops.map(({ lists, sizes, outliers, labels }) => {
      const n = labels.length;
      let largest = 0;
      for (const s of sizes) if (s > largest) largest = s;
      const union = new Set<number>();
      let listed = 0;
      let npmiSum = 0;
      for (const list of lists) {
        for (const id of list) union.add(id);
        listed += list.length;
        npmiSum += this.topicNpmi(list);
      }
      return {
        topics: lists.length,
        outlierShare: n > 0 ? outliers / n : 0,
        largestShare: n > 0 ? largest / n : 0,
        npmi: lists.length > 0 ? npmiSum / lists.length : 0,
        diversity: listed > 0 ? union.size / listed : 0,
      };
    });
  }
}

/** The labels renumbered by first appearance (−1 kept), so the same partition numbered differently is one key. */
function canonical(labels: Int32Array): Int32Array {
  const map = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l < 0) { out[i] = -1; continue; }
    let c = map.get(l);
    if (c === undefined) map.set(l, (c = map.size));
    out[i] = c;
  }
  return out;
}

/** FNV-1a over the labels: a cheap key; equality is confirmed element by element. */
function labellingKey(labels: Int32Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < labels.length; i++) h = Math.imul(h ^ (labels[i] + 1), 0x01000193);
  return `${labels.length}:${h >>> 0}`;
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
