import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource, isSkipped, dateFromName } from '../../src/pipeline/formats/index';
import { cleanCaptionText, parseTimestamp } from '../../src/pipeline/formats/captions';
import type { ParsedSource, SkippedFile } from '../../src/pipeline/types';
import { MARKDOWN, PLAIN_VTT, SRT, WHISPER_JSON, YOUTUBE_VTT } from '../support/corpus-fixtures';

function parsed(text: string | Buffer, rel: string): ParsedSource {
  const r = parseSource(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), rel);
  assert.ok(!isSkipped(r), `expected ${rel} to parse, got ${(r as SkippedFile).reason}`);
  return r;
}

test('YouTube rolling captions: each line once, with the time it first to last appeared', () => {
  const p = parsed(YOUTUBE_VTT, 'talk.vtt');
  assert.deepEqual(p.spans.map((s) => s.text), ["so today we're going", 'to talk about retrieval', 'and evaluation pipelines']);
  assert.deepEqual(p.spans.map((s) => [s.timeStart, s.timeEnd]), [[0, 5.03], [2.5, 7], [7, 9]]);
  // A span starts at its cue (here the timing line: no cue ids), so opening it selects the whole cue.
  assert.equal(p.spans[0].lineStart, 5);
  assert.match(YOUTUBE_VTT.split('\n')[4], /^00:00:00\.000 -->/);
  assert.equal(p.spans[0].lineEnd, 14);
  assert.deepEqual(p.warnings, []);
  assert.equal(p.file.format, 'vtt');
});

test('WebVTT: NOTE/STYLE skipped, cue ids and settings, voice tags and speaker labels kept out, CRLF', () => {
  const p = parsed(PLAIN_VTT, 'interview.vtt');
  assert.deepEqual(p.spans.map((s) => s.text), ['Welcome to the show & thanks for coming.', 'Glad to be here.', 'It is great.']);
  assert.deepEqual([p.spans[0].timeStart, p.spans[0].timeEnd], [1, 4]);
  assert.deepEqual([p.spans[1].timeStart, p.spans[1].timeEnd], [4.5, 8.25]);
  // The cue's id line ("intro") is where the cue starts.
  assert.equal(p.spans[0].lineStart, 9);
  assert.equal(PLAIN_VTT.split(/\r\n|\n/)[8], 'intro');
  assert.equal(p.spans[0].lineEnd, 11);
  assert.deepEqual(p.warnings, []);
});

test('SubRip: index, comma timings, <i>/<font>/{\\an8} tags, [MUSIC] cue dropped', () => {
  const p = parsed(SRT, 'clip.srt');
  assert.deepEqual(p.spans.map((s) => s.text), ['Hello and welcome.', 'This is the second subtitle,', 'on two lines.', 'The end.']);
  assert.deepEqual(p.spans.map((s) => s.timeStart), [1, 3.6, 3.6, 8]);
  // Each span starts at its cue's index line; it ends at its own text line.
  assert.deepEqual(p.spans.map((s) => s.lineStart), [1, 5, 5, 14]);
  assert.deepEqual(p.spans.map((s) => s.lineEnd), [3, 7, 8, 16]);
  assert.deepEqual(p.warnings, []);
});

test('Whisper JSON: segments with missing fields warned and skipped, date from the JSON, lines point at the text', () => {
  const p = parsed(WHISPER_JSON, 'episode.json');
  assert.deepEqual(p.spans.map((s) => s.text), ['Hello there.', 'General Kenobi.', 'You are a bold one.']);
  assert.deepEqual(p.spans.map((s) => [s.timeStart, s.timeEnd]), [[0, 2.5], [2.5, 4], [6, 8]]);
  assert.equal(p.warnings.length, 2);
  assert.match(p.warnings[0], /segment 2: .*'end'/);
  assert.match(p.warnings[1], /segment 3: .*'text'/);
  const lines = WHISPER_JSON.split('\n');
  assert.match(lines[p.spans[1].lineStart - 1], /General Kenobi/);
  // The columns select the segment's text inside its quotes.
  const s1 = p.spans[1];
  assert.equal(lines[s1.lineStart - 1].slice(s1.colStart, s1.colEnd), ' General Kenobi.');
  assert.equal(p.file.date, '2023-05-17');
});

test('one-line Whisper JSON (Python ASCII escapes): each segment at its own column, not the whole line', () => {
  const segs = [
    { start: 0, end: 2, text: ' Bonjour à tous.' },
    { start: 2, end: 4, text: ' Hello there.' },
    { start: 4, end: 6, text: ' Hello there.' },
    { start: 6, end: 9, text: ' Na\u00efve “quotes” and \\ slashes.' },
  ];
  // openai-whisper writes json.dump(result, f): one line, non-ASCII as \uXXXX.
  const oneLine = JSON.stringify({ text: segs.map((s) => s.text).join(''), segments: segs, language: 'en' })
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  assert.ok(!oneLine.includes('\n'));
  const p = parsed(oneLine, 'episode.json');
  assert.equal(p.spans.length, 4);
  let prevEnd = 0;
  p.spans.forEach((s, i) => {
    assert.equal(s.lineStart, 1);
    assert.equal(JSON.parse(`"${oneLine.slice(s.colStart, s.colEnd)}"`), segs[i].text, `segment ${i}`);
    // In file order: the repeated " Hello there." is found after the first, not at it.
    assert.ok(s.colStart! >= prevEnd);
    prevEnd = s.colEnd!;
  });
});

test('JSON without segments is skipped with a reason; invalid JSON too', () => {
  const a = parseSource(Buffer.from('{"name":"package"}'), 'package.json');
  assert.ok(isSkipped(a));
  assert.match(a.reason, /segments/);
  const b = parseSource(Buffer.from('{"segments": ['), 'broken.json');
  assert.ok(isSkipped(b));
  assert.match(b.reason, /invalid JSON/);
});

test('Markdown: front matter removed and its date read, markup stripped, code fences dropped, paragraphs marked', () => {
  const p = parsed(MARKDOWN, 'notes/panel.md');
  assert.equal(p.file.date, '2024-03-02');
  assert.deepEqual(p.spans.map((s) => s.text), [
    'Panel on evaluation',
    'The first speaker talked about golden datasets and',
    'why they matter for regression tests.',
    'Second point: guardrails.',
    'Third point: cost.',
  ]);
  assert.deepEqual(p.spans.map((s) => s.paragraphStart), [true, true, false, true, false]);
  assert.deepEqual(p.spans.map((s) => s.lineStart), [5, 7, 8, 14, 15]);
});

test('plain text: lines become spans, blank lines start paragraphs, BOM tolerated, CRLF line numbers right', () => {
  const p = parsed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('First line.\r\nsecond line\r\n\r\n  Third.  \r\n')]), 'a.txt');
  assert.deepEqual(p.spans, [
    { text: 'First line.', lineStart: 1, lineEnd: 1, paragraphStart: true },
    { text: 'second line', lineStart: 2, lineEnd: 2, paragraphStart: false },
    { text: 'Third.', lineStart: 4, lineEnd: 4, paragraphStart: true },
  ]);
  assert.deepEqual(p.warnings, []);
});

test('Latin-1 bytes decode as Windows-1252 with a warning; binary is skipped', () => {
  const p = parsed(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94]), 'latin.txt');
  assert.equal(p.spans[0].text, 'café “ok”');
  assert.match(p.warnings[0], /not valid UTF-8.*Windows-1252/);
  const b = parseSource(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'image.txt');
  assert.ok(isSkipped(b));
  assert.match(b.reason, /binary/);
});

test('UTF-16 with a byte-order mark is decoded, not called binary', () => {
  const p = parsed(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello wörld', 'utf16le')]), 'notepad.txt');
  assert.equal(p.spans[0].text, 'Hello wörld');
});

test('dates from file names: ISO date first, else a year in 1700–2100', () => {
  assert.equal(dateFromName('talks/2023-11-05 keynote.vtt'), '2023-11-05');
  assert.equal(dateFromName('1863-lincoln.txt'), '1863');
  assert.equal(dateFromName('x/2021_07_30-ep12.srt'), '2021-07-30');
  assert.equal(dateFromName('episode-1234.txt'), undefined);
  assert.equal(dateFromName('2023-13-45 bad.txt'), '2023');
  assert.equal(dateFromName('1999/notes.txt'), undefined);
});

test('caption cleanup: tags, sound descriptions and speaker labels go, ordinary parentheses stay', () => {
  assert.equal(cleanCaptionText('>> SPEAKER 1: yes (I think) so'), 'yes (I think) so');
  assert.equal(cleanCaptionText('- (LAUGHTER) Right. ♪'), 'Right.');
  assert.equal(cleanCaptionText('Speaker 2: okay'), 'okay');
  assert.equal(cleanCaptionText('Thank you. (Applause.) Thanks.'), 'Thank you. Thanks.');
  assert.equal(cleanCaptionText('Note: this stays'), 'Note: this stays');
  // Escaped angle brackets are text, not markup; an entity outside the short list is left as written.
  assert.equal(cleanCaptionText('&lt;tag&gt; &#233;t&eacute;'), '<tag> ét&eacute;');
  assert.equal(parseTimestamp('01:02:03.5'), 3723.5);
  assert.ok(Number.isNaN(parseTimestamp('00:61:00.000')));
});

test('malformed captions warn by line and keep the text', () => {
  const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine cue\n\ngarbage line here\n\n00:00:xx.000 --> 00:00:04.000\nbad timing text\n\n00:00:05.000 --> 00:00:04.000\nbackwards\n00:00:06.000 --> 00:00:07.000\nno blank line\n';
  const p = parsed(vtt, 'broken.vtt');
  assert.deepEqual(p.spans.map((s) => s.text), ['fine cue', 'garbage line here', 'bad timing text', 'backwards', 'no blank line']);
  assert.equal(p.spans[1].timeStart, undefined);
  assert.equal(p.spans[3].timeEnd, 5);
  const joined = p.warnings.join('\n');
  assert.match(joined, /line 6: text without a cue timing/);
  assert.match(joined, /line 8: cue timing .* is not valid/);
  assert.match(joined, /line 11: cue ends .* before it starts/);
  assert.match(joined, /line 13: cue starts without a blank line/);
  const glued = parsed('WEBVTT\n00:00:01.000 --> 00:00:02.000\nright after the header\n', 'glued.vtt');
  assert.deepEqual(glued.spans.map((s) => [s.text, s.timeStart]), [['right after the header', 1]]);
  assert.match(glued.warnings[0], /line 2: no blank line between the WEBVTT header and the first cue/);
  const noHeader = parsed('00:00:01.000 --> 00:00:02.000\nhi\n', 'nohead.vtt');
  assert.match(noHeader.warnings[0], /no WEBVTT header/);
  assert.equal(noHeader.spans[0].text, 'hi');
});
