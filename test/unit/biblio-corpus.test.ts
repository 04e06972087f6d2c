// Issue 16: a folder of exports read as one set of papers — one document per record across export variants,
// duplicates merged and reported, unique citation keys, bad records reported by file and line without stopping the
// run, transcripts alongside, and chunks that follow records (an abstract is one chunk, opening at the record).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readCorpus } from '../../src/pipeline/corpus';
import { chunkSources } from '../../src/pipeline/chunking';
import { dedupeRecords } from '../../src/pipeline/record-dedupe';
import { sourceOf } from '../../src/pipeline/formats/record';
import type { RecordMeta } from '../../src/pipeline/types';
import { tmpDir } from '../support/reliability-fixtures';

const DIR = path.join(process.cwd(), 'test/fixtures/biblio');

test('the same records exported as WoS plain text, tab-delimited UTF-8 and UTF-16LE are one document each, not three', async () => {
  const c = await readCorpus(path.join(DIR, 'wos-three'));
  assert.deepEqual(c.skipped, []);
  assert.equal(c.sources.length, 3);
  assert.deepEqual(c.sources.map((s) => s.file.record!.key), ['mueller2023automated', 'kim2022test', 'chen2024benchmark']);
  // Path order: savedrecs-plain.txt < savedrecs-tab-utf16.txt < savedrecs-tab.txt; each record keeps its first copy.
  assert.ok(c.sources.every((s) => s.file.path.startsWith('savedrecs-plain.txt#')));
  assert.equal(c.merged.length, 6);
  const byKept = (k: string) => c.merged.filter((m) => m.kept === `savedrecs-plain.txt#${k}`);
  assert.deepEqual(byKept('mueller2023automated').map((m) => [m.file, m.lines[0], m.by]), [['savedrecs-tab-utf16.txt', 2, 'doi'], ['savedrecs-tab.txt', 2, 'doi']]);
  assert.deepEqual(byKept('kim2022test').map((m) => m.by), ['title+year', 'title+year'], 'no DOI: matched by title and year');
  const chunks = chunkSources(c.sources, { maxTokens: 300 });
  assert.equal(chunks.length, 3, 'one chunk per record: title and abstract together');
});

function meta(over: Partial<RecordMeta>): RecordMeta {
  return { file: 'a.ris', lines: [1, 5], key: 'k', title: 'T', authors: [], keywords: [], titleOnly: false, ...over };
}

test('merging keeps the copy with an abstract, fills what it lacks from the others, and keeps keys unique', () => {
  const a = sourceOf(meta({ file: 'a.ris', key: 'smith2020deep', title: 'Deep Learning!', year: 2020, venue: 'V', titleOnly: true }), 'ris', '');
  const b = sourceOf(meta({ file: 'b.csv', lines: [7, 8], key: 'smith2020deep', title: 'deep  learning', year: 2020, doi: '10.1/x', authors: ['Smith, J.'] }), 'scopus-csv', 'An abstract.');
  const other = sourceOf(meta({ file: 'b.csv', lines: [9, 9], key: 'smith2020deep', title: 'Deep learning, again', year: 2020 }), 'scopus-csv', 'Other.');
  const r = dedupeRecords([a, b, other]);
  assert.equal(r.sources.length, 2);
  const kept = r.sources[0].file.record!;
  assert.equal(kept.file, 'b.csv', 'the copy with the abstract');
  assert.equal(kept.venue, 'V', 'filled from the other copy');
  assert.equal(kept.doi, '10.1/x');
  assert.equal(r.sources[0].spans[1].text, 'An abstract.');
  assert.deepEqual(r.merged, [{ kept: 'b.csv#smith2020deep', file: 'a.ris', lines: [1, 5], by: 'title+year' }]);
  assert.equal(r.sources[1].file.record!.key, 'smith2020deepb', 'a different paper with the same derived key');
  assert.equal(r.sources[1].file.path, 'b.csv#smith2020deepb');
  assert.notEqual(r.sources[1].file.contentHash, other.file.contentHash, 'the hash follows the final key');
});

test('same title and year but two different DOIs are two papers; a DOI-less copy still joins by title', () => {
  const a = sourceOf(meta({ file: 'a.ris', lines: [1, 4], key: 'anon2020editorial', title: 'Editorial', year: 2020, doi: '10.1/a' }), 'ris', 'One.');
  const b = sourceOf(meta({ file: 'a.ris', lines: [6, 9], key: 'anon2020editorial', title: 'Editorial', year: 2020, doi: '10.1/b' }), 'ris', 'Two.');
  const c = sourceOf(meta({ file: 'b.csv', lines: [2, 2], key: 'anon2020editorial', title: 'EDITORIAL', year: 2020 }), 'scopus-csv', '');
  const r = dedupeRecords([a, b, c]);
  assert.deepEqual(r.sources.map((s) => [s.file.path, s.file.record!.doi]), [['a.ris#anon2020editorial', '10.1/a'], ['a.ris#anon2020editorialb', '10.1/b']]);
  assert.equal(r.merged.length, 1);
  assert.equal(r.merged[0].file, 'b.csv');
});

test('a mixed folder (RIS + Scopus CSV + BibTeX + a transcript): every paper once, bad records reported by file and line', async () => {
  const logs: string[] = [];
  const c = await readCorpus(path.join(DIR, 'mixed'), { onLog: (l) => logs.push(l) });
  const papers = c.sources.filter((s) => s.file.record);
  assert.equal(papers.length, 24);
  assert.deepEqual(c.sources.filter((s) => !s.file.record).map((s) => s.file.path), ['talk-2021.txt']);
  assert.deepEqual(c.merged.map((m) => [m.kept, m.file, m.lines[0], m.by]), [['refs.ris#novak2023fixing', 'scopus.csv', 11, 'doi']]);
  assert.deepEqual(c.skipped.map((s) => [s.path, s.line]), [['library.bib', 83], ['library.bib', 89]]);
  assert.match(c.skipped[0].reason, /^line 83: record has no title; record skipped$/);
  assert.match(c.skipped[1].reason, /^line 89: the title has broken encoding/);
  assert.match(logs.join('\n'), /read 1 file .* and 24 bibliographic records \(1 duplicate merged\)/);
  assert.equal(new Set(papers.map((s) => s.file.record!.key)).size, 24);
  assert.ok(papers.every((s) => s.file.date === String(s.file.record!.year)), 'the publication year is the date');
  // Chunks follow records: one per abstract, located at the record's lines in the export.
  const chunks = chunkSources(papers, { maxTokens: 300 });
  assert.equal(chunks.length, 24);
  const ris = chunks.find((ch) => ch.source === 'refs.ris#dubois2018order')!;
  assert.deepEqual([ris.lineStart, ris.lineEnd], [17, 28]);
  assert.match(ris.text, /^Order-dependent flaky tests in Python /, 'the title leads the document');
});

test('the mixed folder with OpenAlex JSON Lines beside it: its works join the papers, a DOI (any case) already in the BibTeX merges', async (t) => {
  const dir = tmpDir('biblio-mixed-jsonl', t);
  fs.cpSync(path.join(DIR, 'mixed'), dir, { recursive: true });
  fs.copyFileSync(path.join(DIR, 'openalex-mixed.jsonl'), path.join(dir, 'works.jsonl'));
  const c = await readCorpus(dir);
  const papers = c.sources.filter((s) => s.file.record);
  assert.equal(papers.length, 25, 'the 24 of the mixed folder and one new work');
  assert.deepEqual(c.merged.map((m) => [m.kept, m.file, m.lines, m.by]), [
    ['library.bib#garcia2019quarantining', 'works.jsonl', [1, 1], 'doi'],
    ['refs.ris#novak2023fixing', 'scopus.csv', [11, 11], 'doi'],
  ]);
  const work = papers.find((s) => s.file.record!.file === 'works.jsonl')!;
  assert.equal(work.file.path, 'works.jsonl#olsen2015rerunning');
  assert.deepEqual(work.file.record!.lines, [2, 2]);
  assert.equal(work.file.date, '2015');
  const [chunk] = chunkSources([work], { maxTokens: 300 });
  assert.deepEqual([chunk.source, chunk.lineStart, chunk.lineEnd], ['works.jsonl#olsen2015rerunning', 2, 2], 'opening the excerpt opens line 2');
});

test('a record over the token budget is split into sentence packs, all at the record', () => {
  const abstract = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} says something about flaky tests.`).join(' ');
  const s = sourceOf(meta({ title: 'Long one', lines: [3, 9] }), 'ris', abstract);
  const chunks = chunkSources([s], { maxTokens: 60 });
  assert.ok(chunks.length > 1);
  for (const ch of chunks) assert.deepEqual([ch.lineStart, ch.lineEnd], [3, 9]);
  assert.equal(chunks.map((ch) => ch.text).join(' '), `Long one ${abstract}`);
});

test('an export whose every record is bad is reported, and the run of the folder goes on', async (t) => {
  const dir = tmpDir('biblio-bad', t);
  fs.writeFileSync(path.join(dir, 'bad.ris'), 'TY  - JOUR\nAU  - Nobody\nER  - \n');
  fs.writeFileSync(path.join(dir, 'ok.txt'), 'A transcript paragraph.\n');
  const c = await readCorpus(dir);
  assert.deepEqual(c.sources.map((s) => s.file.path), ['ok.txt']);
  assert.deepEqual(c.skipped.map((s) => [s.path, s.line, s.reason]), [
    ['bad.ris', undefined, 'no usable records in this ris export (1 bad)'],
    ['bad.ris', 1, 'line 1: record has no title; record skipped'],
  ]);
});
