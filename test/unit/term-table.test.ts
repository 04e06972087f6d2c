import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TermTable, scanCleanedAscii, scanRawAscii } from '../../src/pipeline/term-table';
import { cleanForVectorizer, tokenize } from '../../src/pipeline/vectorizer';
import { ENGLISH_STOP_WORDS } from '../../src/pipeline/stopwords';

// The char-code scanners replace a string pipeline (clean → lower → split, or a regex) for speed; these pin them to it.
const words = (table: TermTable, ids: number[]) => ids.map((id) => table.tokens[id]);

function cleanedByStrings(text: string): string[] {
  return cleanForVectorizer(text).toLowerCase().split(' ').filter((p) => p.length >= 2 && !ENGLISH_STOP_WORDS.has(p));
}

const asciiText = fc.string({ unit: fc.constantFrom(...'aZ09_ .,\'"-()\n\t\rAbcDefthe and US'.split('')), maxLength: 80 });

test('scanCleanedAscii gives the tokens of clean → lower-case → split on spaces, stop words dropped', () => {
  const table = new TermTable(ENGLISH_STOP_WORDS);
  const out: number[] = [];
  assert.equal(scanCleanedAscii("The U.S. don't\tpay (1990) x_y a-b\r\nend", table, out), true);
  // "U.S." → "us", a stop word like "the".
  assert.deepEqual(words(table, out), ['dont', 'pay', '1990', 'xy', 'ab', 'end']);
  fc.assert(fc.property(asciiText, (text) => {
    const ids: number[] = [];
    scanCleanedAscii(text, table, ids);
    assert.deepEqual(words(table, ids), cleanedByStrings(text));
  }), { seed: 7, numRuns: 2000 });
});

test('scanRawAscii gives the tokens of \\b\\w\\w+\\b on lower-cased text, stop words dropped', () => {
  const table = new TermTable(ENGLISH_STOP_WORDS);
  fc.assert(fc.property(asciiText, (text) => {
    const ids: number[] = [];
    scanRawAscii(text, table, ids);
    assert.deepEqual(words(table, ids), tokenize(text, ENGLISH_STOP_WORDS));
  }), { seed: 7, numRuns: 2000 });
});

test('the scanners decline non-ASCII text (lower-casing U+0130 before cleaning would make an ASCII "i")', () => {
  const table = new TermTable(ENGLISH_STOP_WORDS);
  const out: number[] = [];
  assert.equal(scanCleanedAscii('İstanbul café', table, out), false);
  assert.equal(scanRawAscii('İstanbul café', table, out), false);
  assert.deepEqual(out, []);
});

test('interning: same n-gram → same id across many terms (the open-addressing tables grow without losing any)', () => {
  const table = new TermTable(new Set());
  const toks = Array.from({ length: 5000 }, (_, i) => table.token(`w${i}`));
  const bigramIds = new Map<string, number>();
  for (let i = 0; i + 1 < toks.length; i++) for (const j of [1, 7, 131]) {
    if (i + j >= toks.length) continue;
    const pair = [toks[i], toks[i + j]];
    bigramIds.set(`${i},${i + j}`, table.intern(pair, 0, 2));
  }
  assert.equal(table.count, bigramIds.size);
  for (const [key, id] of bigramIds) {
    const [a, b] = key.split(',').map(Number);
    assert.equal(table.intern([toks[a], toks[b]], 0, 2), id);
    assert.equal(table.termString(id), `w${a} w${b}`);
    assert.equal(table.lookup(`w${a} w${b}`), id);
  }
  assert.equal(table.token('w17'), toks[17]);
  assert.equal(table.lookup('w1 nope'), undefined);
});
