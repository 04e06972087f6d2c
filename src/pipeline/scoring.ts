// Topic quality exactly as ../shared/reference/sotu-bertopic/README.md defines it, so our figures and BERTopic's compare:
// diversity@25 over the union of top words, and NPMI@10 with document co-occurrence in the chunks themselves.
import { ENGLISH_STOP_WORDS } from './stopwords';
import { analyzeCorpus } from './vectorizer';

/** |union of every topic's top-k words| / Σ list lengths (lists cut to k). Pass topics only, not -1. */
export function topicDiversity(wordLists: readonly (readonly string[])[], topK = 25): number {
  const union = new Set<string>();
  let total = 0;
  for (const list of wordLists) {
    const top = list.slice(0, topK);
    total += top.length;
    for (const w of top) union.add(w);
  }
  return total > 0 ? union.size / total : 0;
}

export interface NpmiOptions {
  topK?: number;
  ngramRange?: [number, number];
  stopWords?: ReadonlySet<string>;
}

const EPS = 1e-12;

/**
 * NPMI of each topic's top-k words over the texts as reference corpus (each text one document, cleaned and analysed
 * like the vectoriser): p(w) = df/D, npmi(a,b) = log((p(a,b)+ε)/(p(a)p(b))) / −log(p(a,b)+ε); a word never seen
 * scores −1 in every pair. Topic score = mean over its pairs; overall = mean over topics.
 */
export function npmiCoherence(
  texts: readonly string[], wordLists: readonly (readonly string[])[], opts: NpmiOptions = {},
): { overall: number; perTopic: number[] } {
  const topK = opts.topK ?? 10;
  const corpus = analyzeCorpus(texts, { ngramRange: opts.ngramRange ?? [1, 2], stopWords: opts.stopWords ?? ENGLISH_STOP_WORDS });
  const D = texts.length;
  // Only the words asked about are indexed: a sorted doc-id list per needed term.
  const lists = wordLists.map((l) => l.slice(0, topK));
  const needed = new Map<number, number>();
  const slotOf = new Map<string, number>();
  for (const list of lists) {
    for (const w of list) {
      if (slotOf.has(w)) continue;
      const id = corpus.lookup(w);
      slotOf.set(w, id === undefined ? -1 : slotOf.size);
      if (id !== undefined) needed.set(id, slotOf.get(w) as number);
    }
  }
  const docsOf: number[][] = Array.from({ length: slotOf.size }, () => []);
  for (let d = 0; d < corpus.docTerms.length; d++) {
    const t = corpus.docTerms[d];
    for (let i = 0; i < t.length; i++) {
      const s = needed.get(t[i]);
      if (s !== undefined) docsOf[s].push(d);
    }
  }
  const postings = docsOf.map((a) => Int32Array.from(a));
  const perTopic = lists.map((list) => {
    let sum = 0, pairs = 0;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        pairs++;
        const a = slotOf.get(list[i]) as number, b = slotOf.get(list[j]) as number;
        const pa = a >= 0 ? postings[a].length : 0, pb = b >= 0 ? postings[b].length : 0;
        if (pa === 0 || pb === 0 || D === 0) {
          sum += -1;
          continue;
        }
        sum += npmiPair(pa, pb, intersectSize(postings[a], postings[b]), D);
      }
    }
    return pairs > 0 ? sum / pairs : 0;
  });
  const overall = perTopic.length > 0 ? perTopic.reduce((s, x) => s + x, 0) / perTopic.length : 0;
  return { overall, perTopic };
}

/** npmi(a, b) from the document counts of a, of b, of both, out of D documents (ε as the reference defines it). */
export function npmiPair(pa: number, pb: number, both: number, D: number): number {
  const pab = both / D + EPS;
  return Math.log(pab / ((pa / D) * (pb / D))) / -Math.log(pab);
}

/** Size of the intersection of two ascending id lists. */
export function intersectSize(a: Int32Array, b: Int32Array): number {
  let i = 0, j = 0, n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      n++;
      i++;
      j++;
    }
  }
  return n;
}
