import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { embedLsa, embedLsaAsync } from '../../src/pipeline/embedding/lsa';
import { tfidf } from '../../src/pipeline/embedding/tfidf';
import { tokenize } from '../../src/pipeline/vectorizer';
import { ENGLISH_STOP_WORDS } from '../../src/pipeline/stopwords';
import { embedChunks } from '../../src/pipeline/embedding';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings';
import type { Matrix } from '../../src/pipeline/types';
import { REFERENCE_DIR, referenceMissing } from '../support/reference';

const TOPICS = {
  money: ['bank', 'loan', 'interest', 'rate', 'credit', 'deposit', 'mortgage', 'currency', 'inflation', 'treasury'],
  sport: ['match', 'goal', 'team', 'coach', 'season', 'league', 'player', 'stadium', 'referee', 'tournament'],
  music: ['song', 'album', 'guitar', 'concert', 'melody', 'drummer', 'chorus', 'orchestra', 'lyrics', 'singer'],
};
/** 60 short documents, 20 per theme, each drawing words of its theme plus a little shared vocabulary. */
function corpus(): { texts: string[]; theme: string[] } {
  const texts: string[] = [], theme: string[] = [];
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 1000) / 1000;
  for (const [name, words] of Object.entries(TOPICS)) {
    for (let d = 0; d < 20; d++) {
      const w: string[] = [];
      for (let t = 0; t < 12; t++) w.push(words[Math.floor(next() * words.length)]);
      w.push(['people', 'year', 'country'][Math.floor(next() * 3)], 'and', 'the');
      texts.push(w.join(' '));
      theme.push(name);
    }
  }
  return { texts, theme };
}
const dot = (m: Matrix, i: number, j: number) => {
  let d = 0;
  for (let c = 0; c < m.dim; c++) d += m.data[i * m.dim + c] * m.data[j * m.dim + c];
  return d;
};

test('tokenize: lower-case runs of two or more word characters, English stop words removed', () => {
  assert.deepEqual(tokenize("The U.S. economy's growth in 2020 — café_au_lait x Über", ENGLISH_STOP_WORDS), ['economy', 'growth', '2020', 'café_au_lait', 'über']);
});

test('tfidf: sublinear tf, smooth idf, min_df, l2 rows, sorted vocabulary (scikit-learn semantics)', () => {
  const { matrix, vocabulary } = tfidf(['apple banana banana', 'apple cherry', 'banana durian', 'elder'], { minDf: 2, stopWords: new Set() });
  assert.deepEqual(vocabulary, ['apple', 'banana']);
  // doc 0: apple tf 1, banana tf 2; n = 4, df = 2 each → idf = ln(5/3) + 1
  const idf = Math.log(5 / 3) + 1;
  const a = 1 * idf, b = (1 + Math.log(2)) * idf, nrm = Math.hypot(a, b);
  assert.deepEqual([...matrix.indptr], [0, 2, 3, 4, 4]);
  assert.deepEqual([...matrix.indices], [0, 1, 0, 1]);
  assert.ok(Math.abs(matrix.data[0] - a / nrm) < 1e-15 && Math.abs(matrix.data[1] - b / nrm) < 1e-15);
  assert.equal(matrix.data[2], 1);
  assert.equal(matrix.data[3], 1);
});

test('LSA: one unit vector per text, fixed dimension bound, identical for the same seed', () => {
  const { texts } = corpus();
  const a = embedLsa(texts, { seed: 42 });
  assert.equal(a.rows, texts.length);
  // Fewer kept words than 128: the SVD cannot have more components than the vocabulary.
  const vocab = tfidf(texts).vocabulary.length;
  assert.ok(vocab > 20 && vocab < 40, `${vocab}`);
  assert.equal(a.dim, vocab);
  for (let i = 0; i < a.rows; i++) assert.ok(Math.abs(Math.sqrt(dot(a, i, i)) - 1) < 1e-6, `row ${i}`);
  assert.deepEqual(embedLsa(texts, { seed: 42 }).data, a.data);
  assert.equal(embedLsa(texts, { seed: 42, dims: 8 }).dim, 8);
});

test('LSA: documents on the same theme are closer than documents on different themes', () => {
  const { texts, theme } = corpus();
  const m = embedLsa(texts, { seed: 7, dims: 3 });
  let same = 0, nSame = 0, diff = 0, nDiff = 0, wrongNearest = 0;
  for (let i = 0; i < m.rows; i++) {
    let best = -2, bestJ = -1;
    for (let j = 0; j < m.rows; j++) {
      if (i === j) continue;
      const d = dot(m, i, j);
      if (theme[i] === theme[j]) { same += d; nSame++; } else { diff += d; nDiff++; }
      if (d > best) { best = d; bestJ = j; }
    }
    if (theme[bestJ] !== theme[i]) wrongNearest++;
  }
  assert.ok(same / nSame > 0.8, `mean same-theme cosine ${same / nSame}`);
  assert.ok(diff / nDiff < 0.3, `mean cross-theme cosine ${diff / nDiff}`);
  assert.equal(wrongNearest, 0);
});

test('LSA edge cases: texts without any kept word stay zero, a corpus of one text still embeds', () => {
  const m = embedLsa(['the and of', 'bank loan rate', 'bank loan credit', 'it is'], { seed: 1 });
  assert.ok(m.data.subarray(0, m.dim).every((x) => x === 0));
  assert.ok(Math.abs(Math.sqrt(dot(m, 1, 1)) - 1) < 1e-6);
  const one = embedLsa(['a single lonely document about banks'], { seed: 1 });
  assert.equal(one.rows, 1);
  assert.ok(Math.abs(Math.sqrt(dot(one, 0, 0)) - 1) < 1e-6);
  const none = embedLsa([], { seed: 1 });
  assert.equal(none.rows, 0);
});

test("embedChunks with backend 'lsa' reports the LSA model and no cache use", async () => {
  const { texts } = corpus();
  const seen: number[] = [];
  const r = await embedChunks(texts.map((text, i) => ({ text, textHash: String(i) })), { ...DEFAULT_SETTINGS.embedding, backend: 'lsa' }, { seed: 42, onProgress: (d) => seen.push(d) });
  assert.equal(r.backend, 'lsa');
  assert.equal(r.cacheHits, 0);
  assert.equal(r.dim, r.matrix.dim);
  assert.equal(r.notice, undefined);
  assert.equal(seen.at(-1), texts.length);
  assert.deepEqual(r.matrix.data, embedLsa(texts, { seed: 42 }).data);
});

test('LSA reports progress, yields to the event loop and stops when the signal aborts, with an unchanged result', async () => {
  const { texts } = corpus();
  const fractions: number[] = [];
  const m = await embedLsaAsync(texts, { seed: 42 }, { onProgress: (f) => fractions.push(f) });
  assert.deepEqual(m.data, embedLsa(texts, { seed: 42 }).data);
  assert.ok(fractions.length >= 7, `${fractions.length} progress reports`);
  for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] > fractions[i - 1] && fractions[i] < 1);

  const ac = new AbortController();
  let reports = 0;
  const run = embedLsaAsync(texts, { seed: 42 }, { signal: ac.signal, onProgress: () => { reports++; } });
  setImmediate(() => ac.abort());
  await assert.rejects(run, (e: Error) => e.name === 'CancelledError');
  assert.ok(reports < fractions.length, 'stopped before the end');
});

const REFERENCE = REFERENCE_DIR;

test('reference parity: the TF-IDF vocabulary of the 15,038 SOTU paragraphs has scikit-learn\'s 17,727 terms', { skip: referenceMissing('paragraphs.json') }, () => {
  const texts = (JSON.parse(fs.readFileSync(path.join(REFERENCE, 'paragraphs.json'), 'utf8')) as { paragraphs: Array<{ text: string }> }).paragraphs.map((p) => p.text);
  const meta = JSON.parse(fs.readFileSync(path.join(REFERENCE, 'paragraphs.json'), 'utf8')).embedding_info as { tfidf_vocab: number };
  const { matrix, vocabulary } = tfidf(texts);
  assert.equal(vocabulary.length, meta.tfidf_vocab);
  assert.equal(matrix.rows, texts.length);
});
