import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chunkSources } from '../../src/pipeline/chunking';
import { countTokens } from '../../src/pipeline/tokens';
import { parseSource, isSkipped } from '../../src/pipeline/formats/index';
import type { ParsedSource, SourceFormat, TextSpan } from '../../src/pipeline/types';
import { YOUTUBE_VTT } from '../support/corpus-fixtures';

function source(path: string, spans: TextSpan[], format: SourceFormat = 'txt'): ParsedSource {
  return { file: { path, format, contentHash: 'x', bytes: 1 }, spans, warnings: [] };
}

function parse(text: string, rel: string): ParsedSource {
  const r = parseSource(Buffer.from(text), rel);
  if (isSkipped(r)) throw new Error(r.reason);
  return r;
}

const sentence = (i: number) => `Sentence number ${i} talks about retrieval evaluation and deployment costs.`;

test('countTokens: cheap WordPiece estimate, additive over whitespace', () => {
  assert.equal(countTokens(''), 0);
  assert.equal(countTokens('Hello, world!'), 4);
  assert.equal(countTokens('internationalization'), 4);
  assert.equal(countTokens('日本語'), 3);
  const a = 'The cost of tokens, roughly.', b = 'Another (short) one!';
  assert.equal(countTokens(a + ' ' + b), countTokens(a) + countTokens(b));
});

test('countTokens: the ASCII fast path agrees with the Unicode rule', () => {
  fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }), (s) => {
    // Appending a non-ASCII space-separated word forces the Unicode path; it adds exactly one token.
    assert.equal(countTokens(s + ' é'), countTokens(s) + 1);
  }), { numRuns: 500, seed: 3 });
});

test('paragraphs become chunks; an over-budget paragraph is split into sentence packs within budget', () => {
  const long = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
  const text = `Short first paragraph about topic models.\nIt has two lines.\n\n${long}\n\nA closing paragraph, also short enough.\n`;
  const chunks = chunkSources([parse(text, 'doc.txt')], { maxTokens: 60 });
  assert.equal(chunks[0].text, 'Short first paragraph about topic models. It has two lines.');
  assert.deepEqual([chunks[0].lineStart, chunks[0].lineEnd], [1, 2]);
  assert.equal(chunks.at(-1)!.text, 'A closing paragraph, also short enough.');
  assert.equal(chunks.at(-1)!.lineStart, 6);
  const middle = chunks.slice(1, -1);
  assert.ok(middle.length >= 10, `long paragraph split into ${middle.length} chunks`);
  for (const c of chunks) assert.ok(countTokens(c.text) <= 60, `${countTokens(c.text)} tokens: ${c.text}`);
  for (const c of middle) {
    assert.match(c.text, /^Sentence number \d+ .*costs\.$/, 'sentence packs start and end on sentence boundaries');
    assert.equal(c.lineStart, 4);
  }
  assert.deepEqual(chunks.map((c) => c.index), chunks.map((_, i) => i));
});

test('text without blank lines: sentences packed greedily across lines', () => {
  const lines = Array.from({ length: 12 }, (_, i) => sentence(i));
  const chunks = chunkSources([parse(lines.join('\n'), 'flat.txt')], { maxTokens: 40 });
  const perChunk = countTokens(sentence(0));
  assert.ok(perChunk <= 20);
  assert.equal(chunks.length, Math.ceil(12 / Math.floor(40 / perChunk)));
  assert.deepEqual([chunks[0].lineStart, chunks[0].lineEnd], [1, Math.floor(40 / perChunk)]);
  for (const c of chunks) assert.ok(countTokens(c.text) <= 40);
});

test('captions: sentence packing across cues, with the covered time range; unpunctuated text cut at cue boundaries', () => {
  const cues = parse(YOUTUBE_VTT, 'talk.vtt');
  const one = chunkSources([cues], { maxTokens: 300 });
  assert.equal(one.length, 1);
  assert.equal(one[0].text, "so today we're going to talk about retrieval and evaluation pipelines");
  assert.deepEqual([one[0].timeStart, one[0].timeEnd], [0, 9]);
  const small = chunkSources([cues], { maxTokens: 8 });
  assert.deepEqual(small.map((c) => c.text), ["so today we're going", 'to talk about retrieval', 'and evaluation pipelines']);
  assert.deepEqual(small.map((c) => [c.timeStart, c.timeEnd]), [[0, 5.03], [2.5, 7], [7, 9]]);
});

test('never across files, and ids stay stable when an unrelated file changes', () => {
  const a = source('a.txt', [{ text: 'Alpha one.', lineStart: 1, lineEnd: 1 }, { text: 'Alpha two.', lineStart: 2, lineEnd: 2 }]);
  const b1 = source('b.txt', [{ text: 'Beta text.', lineStart: 1, lineEnd: 1 }]);
  const b2 = source('b.txt', [{ text: 'Beta text, edited and longer.', lineStart: 1, lineEnd: 1 }]);
  const run1 = chunkSources([a, b1], { maxTokens: 300 });
  const run2 = chunkSources([a, b2], { maxTokens: 300 });
  assert.deepEqual(run1.map((c) => c.source), ['a.txt', 'b.txt']);
  assert.equal(run1[0].id, run2[0].id);
  assert.notEqual(run1[1].id, run2[1].id);
  assert.match(run1[0].id, /^[0-9a-f]{8}-0-[0-9a-f]{8}$/);
  assert.equal(run1[0].textHash.length, 16);
  assert.equal(run1[0].textHash.slice(0, 8), run1[0].id.slice(-8));
});

test('abbreviations and initials do not end sentences', () => {
  const text = 'Mr. Smith met John F. Kennedy in the U.S. capital. Then he left. ' + 'x '.repeat(3);
  const chunks = chunkSources([source('s.txt', [{ text, lineStart: 1, lineEnd: 1 }])], { maxTokens: 18 });
  assert.equal(chunks[0].text, 'Mr. Smith met John F. Kennedy in the U.S. capital.');
});

test('short paragraphs (headings) are joined to the next paragraph', () => {
  const p = parse('# Title\n\nThe body paragraph follows the heading and is long enough on its own.\n', 'n.md');
  const chunks = chunkSources([p], { maxTokens: 300 });
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0].text, 'Title The body paragraph follows the heading and is long enough on its own.');
  assert.deepEqual([chunks[0].lineStart, chunks[0].lineEnd], [1, 3]);
});

test('a whitespace-free run longer than the budget stays whole instead of being cut mid-word', () => {
  const blob = 'a'.repeat(600);
  const chunks = chunkSources([source('b.txt', [{ text: `start ${blob} end`, lineStart: 1, lineEnd: 1 }])], { maxTokens: 20 });
  assert.deepEqual(chunks.map((c) => c.text), ['start', blob, 'end']);
});

test('one file giving 200k chunks (a 50 MB caption file, small chunk size) does not overflow the stack', () => {
  const n = 200_000;
  const spans: TextSpan[] = Array.from({ length: n }, (_, i) => ({ text: `cue ${i} words here`, lineStart: i + 1, lineEnd: i + 1, paragraphStart: true }));
  const chunks = chunkSources([source('big.txt', spans)], { maxTokens: 8, minParagraphTokens: 0 });
  assert.equal(chunks.length, n);
  assert.equal(chunks[n - 1].lineStart, n);
});
