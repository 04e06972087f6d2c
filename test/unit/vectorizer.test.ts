import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeCorpus, cleanForVectorizer, countVectorize, joinedCounts } from '../../src/pipeline/vectorizer';
import { ENGLISH_STOP_WORDS } from '../../src/pipeline/stopwords';

const sw = ENGLISH_STOP_WORDS;

test('cleanForVectorizer: newlines/tabs become spaces, everything outside [A-Za-z0-9 ] is deleted', () => {
  assert.equal(cleanForVectorizer("Hello,\tworld!\nThe U.S. don't — café 42%"), 'Hello world The US dont  caf 42');
});

test('analyze: lower-case, 2+ char tokens, stop words removed before bigrams are formed', () => {
  assert.deepEqual(analyze('The cat and the Hat', { ngramRange: [1, 2], stopWords: sw }), ['cat', 'hat', 'cat hat']);
  assert.deepEqual(analyze('a b cd ef', { ngramRange: [1, 1], stopWords: new Set() }), ['cd', 'ef']);
  assert.deepEqual(analyze('red green blue', { ngramRange: [2, 2], stopWords: sw }), ['red green', 'green blue']);
  assert.deepEqual(analyze('red green blue', { ngramRange: [1, 3], stopWords: sw }),
    ['red', 'green', 'blue', 'red green', 'green blue', 'red green blue']);
  // Python's \w is Unicode-aware; so is ours.
  assert.deepEqual(analyze('Über straße_x', { ngramRange: [1, 1], stopWords: sw }), ['über', 'straße_x']);
});

test('countVectorize: sorted vocabulary, document-frequency limits, CSR counts', () => {
  const docs = ['tariff tariff duties', 'tariff gold', 'gold silver', 'silver'];
  const { vocabulary, matrix } = countVectorize(docs, { ngramRange: [1, 1], minDf: 2, stopWords: sw });
  assert.deepEqual(vocabulary, ['gold', 'silver', 'tariff']);
  assert.deepEqual([...matrix.indptr], [0, 1, 3, 5, 6]);
  assert.deepEqual([...matrix.indices], [2, 0, 2, 0, 1, 1]);
  assert.deepEqual([...matrix.data], [2, 1, 1, 1, 1, 1]);
  const frac = countVectorize(docs, { ngramRange: [1, 1], minDf: 0.3, maxDf: 0.6, stopWords: sw });
  assert.deepEqual(frac.vocabulary, ['gold', 'silver', 'tariff']);
  assert.deepEqual(countVectorize(docs, { ngramRange: [1, 1], minDf: 1, maxDf: 0.3, stopWords: sw }).vocabulary, ['duties']);
});

test('joinedCounts equals vectorising the space-joined cleaned texts (n-grams across chunk boundaries included)', () => {
  const texts = ['Gold and silver.', 'Banks — the currency!', 'of the', 'mint coins', 'gold\tstandard', 'x'];
  const groups = [[0, 1, 2, 3], [4, 5], [2], [1, 4]];
  for (const ngramRange of [[1, 1], [1, 2], [2, 3], [1, 3]] as Array<[number, number]>) {
    const corpus = analyzeCorpus(texts, { ngramRange, stopWords: sw });
    const got = joinedCounts(corpus, groups);
    groups.forEach((g, r) => {
      const joined = cleanForVectorizer(g.map((d) => texts[d]).join(' '));
      const want = new Map<string, number>();
      for (const t of analyze(joined, { ngramRange, stopWords: sw })) want.set(t, (want.get(t) ?? 0) + 1);
      const mine = new Map([...got.terms[r]].map((id, i) => [corpus.termString(id), got.counts[r][i]]));
      assert.deepEqual(mine, want, `group ${r} ngram ${ngramRange}`);
    });
  }
});
