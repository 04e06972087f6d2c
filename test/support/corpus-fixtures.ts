// Realistic small inputs for the corpus, format and chunking tests, and helpers to lay them out in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What youtube-dl/yt-dlp writes for auto-captions: rolling two-line cues, 10 ms flash cues, word timing tags. */
export const YOUTUBE_VTT = [
  'WEBVTT',
  'Kind: captions',
  'Language: en',
  '',
  '00:00:00.000 --> 00:00:02.490 align:start position:0%',
  ' ',
  'so<00:00:00.480><c> today</c><00:00:00.960><c> we\'re</c><00:00:01.199><c> going</c>',
  '',
  '00:00:02.490 --> 00:00:02.500 align:start position:0%',
  'so today we\'re going',
  ' ',
  '',
  '00:00:02.500 --> 00:00:05.030 align:start position:0%',
  'so today we\'re going',
  'to<00:00:02.800><c> talk</c><00:00:03.100><c> about</c><00:00:03.500><c> retrieval</c>',
  '',
  '00:00:05.030 --> 00:00:05.040 align:start position:0%',
  'to talk about retrieval',
  ' ',
  '',
  '00:00:05.040 --> 00:00:07.000 align:start position:0%',
  'to talk about retrieval',
  '[Music]',
  '',
  '00:00:07.000 --> 00:00:09.000 align:start position:0%',
  '[Music]',
  'and<00:00:07.500><c> evaluation</c><00:00:08.000><c> pipelines</c>',
  '',
].join('\n');

/** Hand-made WebVTT: NOTE and STYLE blocks, cue ids, settings, voice tags, entities, a speaker label, CRLF endings. */
export const PLAIN_VTT = [
  'WEBVTT - interview',
  '',
  'NOTE This file was edited by hand',
  'and the note spans two lines.',
  '',
  'STYLE',
  '::cue { color: yellow }',
  '',
  'intro',
  '00:01.000 --> 00:04.000 line:90%',
  '<v Alice>Welcome to the show &amp; thanks for coming.</v>',
  '',
  '2',
  '00:00:04.500 --> 00:00:08.250',
  '>> BOB: Glad to be here. (applause)',
  'It is <i>great</i>.',
  '',
].join('\r\n');

export const SRT = [
  '1',
  '00:00:01,000 --> 00:00:03,500',
  '<i>Hello</i> and welcome.',
  '',
  '2',
  '00:00:03,600 --> 00:00:06,000',
  '{\\an8}This is the second subtitle,',
  'on two lines.',
  '',
  '3',
  '00:00:06,100 --> 00:00:08,000',
  '[MUSIC PLAYING]',
  '',
  '4',
  '00:00:08,000 --> 00:00:10,000',
  '<font color="#ffffff">The end.</font>',
  '',
].join('\n');

export const WHISPER_JSON = JSON.stringify({
  text: ' Hello there. General Kenobi.',
  language: 'en',
  date: '2023-05-17',
  segments: [
    { id: 0, start: 0.0, end: 2.5, text: ' Hello there.' },
    { id: 1, start: 2.5, end: 4.0, text: ' General Kenobi.' },
    { id: 2, start: 4.0, text: ' no end field' },
    { id: 3, start: 5.0, end: 6.0 },
    { id: 4, start: 6.0, end: 8.0, text: ' You are a bold one.' },
  ],
}, null, 2);

export const MARKDOWN = [
  '---',
  'title: "Panel on evaluation"',
  'date: 2024-03-02',
  '---',
  '# Panel on evaluation',
  '',
  'The **first** speaker talked about [golden datasets](https://example.com) and',
  'why they _matter_ for regression tests.',
  '',
  '```python',
  'print("code is not prose")',
  '```',
  '',
  '- Second point: guardrails.',
  '- Third point: cost.',
  '',
].join('\n');

export function makeTempDir(prefix = 'litmap-corpus-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes files given by root-relative posix path; folders are created as needed. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
