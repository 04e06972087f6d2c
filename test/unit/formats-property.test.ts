// Properties of the caption parsers: they never throw, whatever the input, and keep the text of every cue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSource, isSkipped } from '../../src/pipeline/formats/index';
import { parseVtt } from '../../src/pipeline/formats/vtt';
import { parseSrt } from '../../src/pipeline/formats/srt';

const RUNS = { numRuns: 400, seed: 7 };

// Caption-like noise: the characters and fragments that matter to the parsers, mixed with arbitrary text.
const noisy = fc.array(
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('WEBVTT', '\n', '\r\n', '\n\n', ' --> ', '-->', '00:00:01.000', '00:01,5', '99:99:99.999', '<c>', '</v', '<v A>',
      '[Music]', '(', ')', '&amp;', '&#0;', '&#x110000;', 'NOTE', 'STYLE', '>>', '1\n', '{\\an8}', '\uFEFF', '\0'),
  ),
  { maxLength: 40 },
).map((parts) => parts.join(''));

test('VTT and SRT parsers never throw on arbitrary input, and always return well-formed spans', () => {
  fc.assert(fc.property(noisy, (s) => {
    for (const r of [parseVtt(s), parseSrt(s)]) {
      assert.ok(Array.isArray(r.warnings));
      for (const sp of r.spans) {
        assert.equal(typeof sp.text, 'string');
        assert.ok(sp.lineStart >= 1 && sp.lineEnd >= sp.lineStart);
        if (sp.timeStart !== undefined) assert.ok(sp.timeEnd! >= sp.timeStart);
      }
    }
  }), RUNS);
});

test('parseSource never throws on arbitrary bytes, for every supported extension', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('a.txt', 'a.md', 'a.vtt', 'a.srt', 'a.json', 'a.pdf'), (bytes, rel) => {
    const r = parseSource(Buffer.from(bytes), rel);
    if (isSkipped(r)) assert.ok(r.reason.length > 0);
    else assert.ok(r.spans.length > 0);
  }), RUNS);
});

// Cue text that the cleanup leaves as it is: words of letters, digits and sentence punctuation.
const cueWord = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.,!?']{0,9}$/);
const cueLine = fc.array(cueWord, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
const cues = fc.array(fc.record({ start: fc.nat(36000 * 1000), dur: fc.nat(10000), lines: fc.array(cueLine, { minLength: 1, maxLength: 3 }) }), { maxLength: 25 });

function ts(ms: number, sep: string): string {
  const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60, s = Math.floor(ms / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(ms % 1000).padStart(3, '0')}`;
}

test('every cue line of a well-formed VTT/SRT file survives in the spans, with no warnings', () => {
  fc.assert(fc.property(cues, fc.boolean(), (list, crlf) => {
    const nl = crlf ? '\r\n' : '\n';
    const vtt = 'WEBVTT' + nl + nl + list.map((c, i) => `${i % 2 ? `cue-${i}${nl}` : ''}${ts(c.start, '.')} --> ${ts(c.start + c.dur, '.')} align:start${nl}${c.lines.join(nl)}${nl}`).join(nl);
    const srt = list.map((c, i) => `${i + 1}${nl}${ts(c.start, ',')} --> ${ts(c.start + c.dur, ',')}${nl}${c.lines.join(nl)}${nl}`).join(nl);
    for (const r of [parseVtt(vtt), parseSrt(srt)]) {
      assert.deepEqual(r.warnings.filter((w) => !/before the previous cue/.test(w)), []);
      list.forEach((c) => c.lines.forEach((line) => {
        assert.ok(r.spans.some((sp) => sp.text.includes(line)), `lost cue text "${line}"`);
      }));
    }
  }), RUNS);
});

test('rolling captions (each cue repeats the previous line, then adds one) give each line exactly once', () => {
  const lines = fc.uniqueArray(cueLine, { minLength: 1, maxLength: 20 })
    .filter((ls) => ls.every((l, i) => i === 0 || !l.startsWith(ls[i - 1] + ' ')));
  fc.assert(fc.property(lines, (ls) => {
    const body = ls.map((l, i) => `${ts(i * 2000, '.')} --> ${ts(i * 2000 + 2000, '.')}\n${i ? ls[i - 1] + '\n' : ''}${l}\n`).join('\n');
    const r = parseVtt('WEBVTT\n\n' + body);
    assert.deepEqual(r.spans.map((s) => s.text), ls);
    r.spans.forEach((s, i) => {
      assert.equal(s.timeStart, i * 2);
      assert.equal(s.timeEnd, i === ls.length - 1 ? i * 2 + 2 : i * 2 + 4);
    });
  }), RUNS);
});
