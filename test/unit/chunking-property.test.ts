// Property: chunking covers every span's text exactly once, in order, within budget where words allow it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chunkSources } from '../../src/pipeline/chunking';
import { countTokens } from '../../src/pipeline/tokens';
import type { ParsedSource, SourceFormat, TextSpan } from '../../src/pipeline/types';
import { parsePlainText } from '../../src/pipeline/formats/text';

const word = fc.oneof(
  fc.constantFrom('the', 'model', 'Mr.', 'U.S.', 'end.', 'why?', 'yes!', '—', 'internationalization', '日本', 'a', 'Q:'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const spanText = fc.tuple(fc.array(word, { minLength: 0, maxLength: 25 }), fc.constantFrom(' ', '  ', '\t', ' \n '))
  .map(([ws, sep]) => ws.join(sep));
const spanArb = fc.record({ text: spanText, paragraphStart: fc.boolean(), time: fc.option(fc.nat(10000)) });

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

test('chunks cover every span text exactly once, in order, never across files', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ format: fc.constantFrom<SourceFormat>('txt', 'md', 'vtt', 'srt', 'whisper'), spans: fc.array(spanArb, { maxLength: 30 }) }), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 1, max: 80 }),
      (files, maxTokens) => {
        const sources: ParsedSource[] = files.map((f, fi) => ({
          file: { path: `f${fi}.${f.format}`, format: f.format, contentHash: String(fi), bytes: 1 },
          warnings: [],
          spans: f.spans.map((s, i): TextSpan => ({
            text: s.text, lineStart: i + 1, lineEnd: i + 1, paragraphStart: s.paragraphStart,
            ...(s.time === null ? {} : { timeStart: s.time, timeEnd: s.time + 2 }),
          })),
        }));
        const chunks = chunkSources(sources, { maxTokens });
        for (const src of sources) {
          const mine = chunks.filter((c) => c.source === src.file.path);
          const expected = src.spans.map((s) => norm(s.text)).filter(Boolean).join(' ');
          assert.equal(mine.map((c) => c.text).join(' '), expected);
          mine.forEach((c, i) => {
            assert.equal(c.index, i);
            assert.ok(c.text.length > 0 && c.text === norm(c.text));
            // Over budget only when the chunk is a single whitespace-free run.
            if (countTokens(c.text) > maxTokens) assert.ok(!c.text.includes(' '), `over budget: ${c.text}`);
            assert.ok(c.lineStart <= c.lineEnd);
          });
        }
        const order = chunks.map((c) => c.source);
        assert.deepEqual(order, [...order].sort());
      },
    ),
    { numRuns: 300, seed: 42 },
  );
});

test('plain text → spans → chunks keeps every non-space character, once, in order', () => {
  const text = fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('\n', '\n\n', '\r\n\r\n', '. ', '? ', ' Mr. ')), { maxLength: 60 })
    .map((p) => p.join(''));
  fc.assert(fc.property(text, fc.integer({ min: 1, max: 60 }), (t, maxTokens) => {
    const spans = parsePlainText(t).spans;
    const src: ParsedSource = { file: { path: 'p.txt', format: 'txt', contentHash: 'h', bytes: 1 }, spans, warnings: [] };
    const chunks = chunkSources([src], { maxTokens });
    assert.equal(chunks.map((c) => c.text).join(' '), t.split(/\s+/).filter(Boolean).join(' '));
  }), { numRuns: 300, seed: 11 });
});
