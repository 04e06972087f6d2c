// Issue 16 follow-up: CSV exports re-saved in Excel. Excel honours (and some tools write) a first line "sep=;" that
// declares the delimiter; European locales separate with ";" and save as Windows-1252 unless "CSV UTF-8" is chosen
// (then with a BOM, before the sep line). The declared delimiter wins, the line is not a row, and every line number
// (records and problems) is the file's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from '../../src/pipeline/formats/index';
import { excelSeparator, headerCells } from '../../src/pipeline/formats/table';

const FIXTURE = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/biblio/scopus-excel-sep.csv'));

function records(bytes: Buffer, name = 'scopus.csv') {
  const r = parseFile(bytes, name);
  return { r, recs: r.sources.map((s) => ({ ...s.file.record!, format: s.file.format, abstract: s.spans[1]?.text ?? '' })) };
}

test('Scopus CSV re-saved by Excel (BOM, sep=;, CRLF): read as Scopus, the sep line skipped, lines are the file\'s', () => {
  const { r, recs } = records(FIXTURE);
  assert.equal(recs.length, 2);
  const [a, b] = recs;
  assert.equal(a.format, 'scopus-csv');
  assert.equal(a.title, 'Energy use of continuous integration');
  assert.deepEqual(a.authors, ['Kowalski, Jan', 'Berg, Anna']);
  assert.equal(a.abstract, 'Builds consume energy; we measure it per job. Caching halves the energy per build.');
  assert.deepEqual(a.keywords, ['energy', 'CI']);
  assert.deepEqual(a.lines, [3, 4], 'line 1 is sep=;, line 2 the header; the quoted abstract spans two lines');
  assert.equal(b.title, 'Tests flaky, tests lents : une étude', 'a comma in a ;-separated file is text');
  assert.equal(b.venue, 'Génie logiciel');
  assert.equal(b.titleOnly, true);
  assert.deepEqual(b.lines, [5, 5]);
  assert.deepEqual(r.skipped.map((s) => [s.path, s.line, s.reason]), [['scopus.csv', 6, 'line 6: record has no title; record skipped']]);
});

test('without the sep line, a European ;-separated Windows-1252 CSV is still read (the delimiter is guessed), one line earlier', () => {
  const text = FIXTURE.toString('utf8').replace(/^\uFEFF/, '').replace(/^sep=;\r\n/, '');
  const cp1252 = Buffer.from(text.replace(/©/g, '\u00a9'), 'latin1');
  const { r, recs } = records(cp1252);
  assert.deepEqual(recs.map((x) => [x.title, x.lines]), [
    ['Energy use of continuous integration', [2, 3]],
    ['Tests flaky, tests lents : une étude', [4, 4]],
  ]);
  assert.match(r.sources[0].warnings.join('\n'), /Windows-1252/);
  assert.deepEqual(r.skipped.map((s) => s.line), [5]);
});

test('a declared separator wins over the guess, for the header sniff and the rows', () => {
  const text = 'sep=,\r\nTitle,Notes (a;b;c)\r\nA study of builds,x;y\r\n';
  assert.deepEqual(headerCells(text), { delimiter: ',', cells: ['Title', 'Notes (a;b;c)'] }, 'the guess alone would split on ;');
  const { recs } = records(Buffer.from(text), 'notes.csv');
  assert.deepEqual(recs.map((x) => [x.title, x.lines]), [['A study of builds', [3, 3]]]);
});

test('sep=<tab>, quoted "sep=;", upper case and a BOM are recognised; a sep= inside the data is not', () => {
  assert.equal(excelSeparator('sep=\t\nTitle\tAbstract\n'), '\t');
  assert.equal(excelSeparator('\uFEFF"SEP=;"\r\nTitle;Abstract\r\n'), ';');
  assert.equal(excelSeparator('sep=|'), '|');
  assert.equal(excelSeparator('Title,Abstract\nsep=;\n'), undefined);
  assert.equal(excelSeparator('sep=;;Title'), undefined, 'a row that starts with sep= is data');
  const tsv = records(Buffer.from('\uFEFFsep=\t\nTitle\tAbstract\tYear\nTabs, in a csv\tAn abstract; with a semicolon.\t2020\n'), 'x.csv').recs;
  assert.deepEqual(tsv.map((x) => [x.title, x.abstract, x.year, x.lines]), [['Tabs, in a csv', 'An abstract; with a semicolon.', 2020, [3, 3]]]);
});

test('an unclosed quote is reported at the row it opens on (the file\'s line, after a sep line), and the rows before it are kept', () => {
  const { r, recs } = records(Buffer.from('sep=;\nTitle;Abstract\nFirst paper;Fine.\nSecond paper;"never closed\nmore\n'), 'x.csv');
  assert.deepEqual(recs.map((x) => [x.title, x.lines]), [['First paper', [3, 3]]]);
  assert.equal(r.skipped.length, 1);
  assert.match(r.skipped[0].reason, /^line \d+: the table cannot be read from here on/);
  assert.equal(r.skipped[0].line, 4, 'the row whose quote never closes, not the end of the file where csv-parse stopped');
});
