// Issue 16: every bibliographic export format, read from fixture files written to mirror real exports and their quirks
// (BOM, UTF-16, CRLF/CR/LF mixed, header lines, continuation lines, repeated and aliased tags, LaTeX, multi-line
// quoted CSV fields, "[No abstract available]", copyright lines, OpenAlex's inverted index with colliding positions).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadBibtexParser } from '../../src/pipeline/formats/bibtex';
import { parseFile } from '../../src/pipeline/formats/index';
import { parseColumnMap } from '../../src/pipeline/formats/csv-export';
import { invertedAbstract } from '../../src/pipeline/formats/openalex';
import { bareDoi, cleanAbstract, deriveKey } from '../../src/pipeline/formats/record';
import type { ParsedSource, RecordMeta } from '../../src/pipeline/types';

const DIR = path.join(process.cwd(), 'test/fixtures/biblio');

function read(name: string, opts = {}): { records: Array<RecordMeta & { abstract: string; format: string; path: string }>; skipped: Array<{ line?: number; reason: string }> } {
  const r = parseFile(fs.readFileSync(path.join(DIR, name)), name, opts);
  return {
    records: r.sources.map((s: ParsedSource) => ({ ...s.file.record!, abstract: s.spans[1]?.text ?? '', format: s.file.format, path: s.file.path })),
    skipped: r.skipped,
  };
}

// The corpus reader loads the BibTeX parser when a folder has .bib files; these tests call the readers directly.
before(loadBibtexParser);

test('RIS (Scopus, BOM + CRLF): aliases T1/N2/Y1, repeated AU/KW, wrapped abstract, copyright line dropped, ER end', () => {
  const { records, skipped } = read('scopus.ris');
  assert.deepEqual(skipped, []);
  assert.equal(records.length, 2);
  const [a, b] = records;
  assert.equal(a.format, 'ris');
  assert.equal(a.title, 'Automated code review with large language models');
  assert.deepEqual(a.authors, ['Müller, Hans', 'García, José']);
  assert.equal(a.year, 2023);
  assert.equal(a.venue, 'Empirical Software Engineering');
  assert.equal(a.doi, '10.1007/s10664-023-10001-x');
  assert.deepEqual(a.keywords, ['code review', 'large language models']);
  assert.equal(a.abstract, 'We study how large language models review code changes in open source projects. The models find defects that reviewers miss, but also raise false alarms.');
  assert.deepEqual(a.lines, [1, 13]);
  assert.equal(a.key, 'muller2023automated');
  assert.equal(a.path, 'scopus.ris#muller2023automated');
  assert.equal(b.titleOnly, true, 'no AB/N2: kept, flagged title-only');
  assert.equal(b.doi, '10.1145/3597503.3600001', 'DOI from a doi.org URL in UR');
  assert.equal(b.year, 2024);
});

test('BibTeX: @string macros, LaTeX accents and braces, biblatex date/journaltitle, a broken entry reported and skipped', () => {
  const { records, skipped } = read('zotero.bib');
  assert.equal(records.length, 2, 'the entry after the broken one is still read');
  const [a, b] = records;
  assert.equal(a.key, 'mueller2023automated', 'the BibTeX key is the citation key');
  assert.equal(a.title, 'Automated Code Review with Large Language Models', 'case-protecting braces removed');
  assert.deepEqual(a.authors, ['Müller, Hans', 'García, José', 'Çelik, Ayşe'], '{\\"u} {\\\'\\i} \\c{C} \\c{s} decoded');
  assert.equal(a.venue, 'IEEE Transactions on Software Engineering', '@string expanded');
  assert.equal(a.doi, '10.1007/s10664-023-10001-x', 'doi.org URL → bare lower-case DOI');
  assert.match(a.abstract, /50% of defects/, '\\% decoded');
  assert.doesNotMatch(a.abstract, /[<>{}\\]/, 'no markup or LaTeX left');
  assert.equal(b.key, 'lee2022green');
  assert.equal(b.year, 2022, 'biblatex date');
  assert.equal(b.venue, 'Sustainable Computing', 'biblatex journaltitle');
  assert.equal(b.titleOnly, true);
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0].line, 14, 'the broken entry is reported at its own line');
  assert.match(skipped[0].reason, /^line 14: BibTeX syntax: .*; record skipped$/);
});

test('PubMed .nbib: six-space continuations, FAU over AU, DP year, LID/AID [doi], OT keywords, [No abstract available]', () => {
  const { records } = read('pubmed.nbib');
  assert.equal(records.length, 2);
  const [a, b] = records;
  assert.equal(a.title, 'Machine learning for sepsis prediction in intensive care: a systematic review', 'continued and final period dropped');
  assert.equal(a.abstract, 'Sepsis is a leading cause of death. We review machine learning models that predict sepsis onset from electronic health records.');
  assert.deepEqual(a.authors, ["O'Brien, Siobhán", 'Nguyen, Van An']);
  assert.equal(a.year, 2022);
  assert.equal(a.venue, 'Journal of biomedical informatics');
  assert.equal(a.doi, '10.1016/j.jbi.2022.104000');
  assert.deepEqual(a.keywords, ['machine learning', 'sepsis']);
  assert.deepEqual(a.lines, [1, 19]);
  assert.equal(b.titleOnly, true, '[No abstract available] is no abstract');
  assert.equal(b.doi, '10.1148/radiol.2021210001', 'the [doi] AID, not the [pii] one');
});

test('Scopus CSV (BOM, CRLF): multi-line quoted abstract with "" quotes, author ids stripped, [No abstract available], © line', () => {
  const { records } = read('scopus.csv');
  assert.equal(records.length, 2);
  const [a, b] = records;
  assert.equal(a.format, 'scopus-csv');
  assert.deepEqual(a.authors, ['Müller, Hans', 'García, José']);
  assert.equal(a.abstract, 'We study how large language models review code changes. The models find defects that reviewers miss, "but" also raise false alarms.');
  assert.deepEqual(a.lines, [2, 3], 'the record spans the quoted line break');
  assert.deepEqual(a.keywords, ['code review', 'LLM']);
  assert.equal(b.titleOnly, true);
  assert.deepEqual(b.lines, [4, 4]);
});

test('IEEE Xplore and Springer CSV by their headers; Springer\'s run-together authors are split', () => {
  const ieee = read('ieee.csv').records[0];
  assert.equal(ieee.format, 'ieee-csv');
  assert.equal(ieee.title, 'Energy-aware scheduling of build jobs');
  assert.deepEqual(ieee.authors, ['J. Smith', 'K. Jones']);
  assert.equal(ieee.key, 'smith2021energy', 'family name of "J. Smith"');
  assert.equal(ieee.abstract, 'We schedule build jobs to save energy in data centres.', '(C) 2021 IEEE. dropped');
  assert.deepEqual(ieee.keywords, ['green computing', 'scheduling']);
  const sp = read('springer.csv').records[0];
  assert.equal(sp.format, 'springer-csv');
  assert.deepEqual(sp.authors, ['Ana Souza', 'Wei Zhang', 'John McDonald']);
  assert.equal(sp.doi, '10.1007/s10515-024-00001-1');
  assert.equal(sp.titleOnly, true, 'Springer exports have no abstracts');
});

test('generic CSV: skipped with the fix named when no title column, read through the column mapping otherwise', () => {
  const none = read('custom.csv');
  assert.equal(none.records.length, 0);
  assert.match(none.skipped[0].reason, /without a title column .*csvColumns.*--csv-columns/);
  const r = read('custom.csv', { csvColumns: parseColumnMap('title=Paper, abstract=Summary,authors=Writers,year=When') }).records;
  assert.equal(r.length, 1);
  assert.equal(r[0].format, 'csv');
  assert.equal(r[0].title, 'Agents that write tests');
  assert.equal(r[0].abstract, 'We let language-model agents write unit tests.');
  assert.equal(r[0].year, 2024);
  assert.throws(() => parseColumnMap('titel=Paper'), /"titel=Paper" is not field=Column Name/);
});

test('CSL-JSON: names (family/given and literal), date-parts, DOI, keyword; item URIs are not citation keys', () => {
  const { records } = read('zotero-csl.json');
  assert.equal(records.length, 2);
  const [a, b] = records;
  assert.equal(a.format, 'csl-json');
  assert.deepEqual(a.authors, ['Lee, Min-jun', 'The CI Consortium']);
  assert.equal(a.year, 2022);
  assert.equal(a.doi, '10.1016/j.suscom.2022.100700');
  assert.deepEqual(a.keywords, ['energy', 'continuous integration']);
  assert.equal(a.key, 'lee2022energy', 'derived: the id was a Zotero URI');
  assert.deepEqual(a.lines, [2, 12]);
  assert.equal(b.key, 'smith2019review', 'a key-like id is kept');
  assert.equal(b.year, 2019, 'issued.raw');
});

test('OpenAlex: API response, inverted index with colliding positions keeps both words, null abstract → title only', () => {
  const { records } = read('openalex.json');
  assert.equal(records.length, 2);
  const [a, b] = records;
  assert.equal(a.format, 'openalex');
  assert.equal(a.abstract, 'We catalogue prompt patterns and their uses prompt templates');
  assert.deepEqual(a.authors, ['Ana Souza', 'Wei Zhang']);
  assert.equal(a.key, 'souza2023prompt', 'family name of "Ana Souza"');
  assert.equal(a.venue, 'FSE 2023');
  assert.equal(a.doi, '10.1145/3611643.3616001');
  assert.deepEqual(a.lines, [4, 13]);
  assert.equal(b.title, 'Notes on agents', 'display_name when title is missing');
  assert.equal(b.titleOnly, true);
  assert.equal(invertedAbstract({ b: [1], a: [0], c: [1, 3] }), 'a b c c', 'a gap is skipped, a collision keeps both');
});

test('Web of Science plain text: FN/VR header, 3-space continuations (one author per line, wrapped text), ER/EF', () => {
  const { records } = read('wos-three/savedrecs-plain.txt');
  assert.equal(records.length, 3);
  const [a, b, c] = records;
  assert.equal(a.format, 'wos');
  assert.deepEqual(a.authors, ['Mueller, Hans', 'Garcia, Jose'], 'AF over AU');
  assert.equal(a.abstract, 'We study how large language models review code changes in open source projects. The models find defects that reviewers miss.');
  assert.equal(a.venue, 'EMPIRICAL SOFTWARE ENGINEERING');
  assert.deepEqual(a.keywords, ['code review', 'large language models']);
  assert.deepEqual(a.lines, [3, 17]);
  assert.equal(b.doi, undefined);
  assert.equal(c.titleOnly, true);
});

test('Web of Science tab-delimited, UTF-8 with BOM and UTF-16LE: the same fields as plain text', () => {
  const plain = read('wos-three/savedrecs-plain.txt').records;
  for (const f of ['savedrecs-tab.txt', 'savedrecs-tab-utf16.txt']) {
    const { records } = read(`wos-three/${f}`);
    assert.equal(records.length, 3, f);
    records.forEach((r, i) => {
      assert.equal(r.format, 'wos-tab');
      for (const k of ['title', 'year', 'venue', 'doi', 'key', 'titleOnly', 'abstract'] as const) assert.deepEqual(r[k], plain[i][k], `${f} record ${i} ${k}`);
      assert.deepEqual(r.authors, plain[i].authors);
      assert.deepEqual(r.lines, [i + 2, i + 2]);
    });
  }
});

test('sniffing: a .txt transcript stays a transcript; RIS and PubMed saved as .txt are read as exports', () => {
  const t = parseFile(Buffer.from('We talked about review.\n\nThen about tests.\n'), 'talk.txt');
  assert.equal(t.sources[0].file.format, 'txt');
  const ris = parseFile(fs.readFileSync(path.join(DIR, 'scopus.ris')), 'export.txt');
  assert.equal(ris.sources[0].file.format, 'ris');
  const nbib = parseFile(fs.readFileSync(path.join(DIR, 'pubmed.nbib')), 'pubmed-result.txt');
  assert.equal(nbib.sources[0].file.format, 'nbib');
  const whisper = parseFile(Buffer.from('{"segments":[{"start":0,"end":1,"text":"hello there"}]}'), 'w.json');
  assert.equal(whisper.sources[0].file.format, 'whisper');
});

test('record helpers: DOIs, abstracts, derived keys', () => {
  assert.equal(bareDoi('https://doi.org/10.1000/ABC.def.'), '10.1000/abc.def');
  assert.equal(bareDoi('no doi here'), undefined);
  assert.equal(cleanAbstract('Text. © 2020 Elsevier Ltd. All rights reserved.'), 'Text.');
  assert.equal(cleanAbstract('Text. Copyright © 2019 The Authors.'), 'Text.');
  assert.equal(cleanAbstract('[No abstract available]'), '');
  assert.equal(deriveKey(['Ødegård, K.'], 2020, 'The Ætiology of bugs'), 'odegard2020aetiology');
  assert.equal(deriveKey([], undefined, ''), 'anonnd');
});

test('a record with U+FFFD in its title or none at all is skipped with its line; the others are kept', () => {
  const bib = '@article{ok, title={Fine}, year=2020}\n\n@article{bad,\n  title={Broken \uFFFD\uFFFD title}\n}\n@article{none, year=2021}\n';
  const r = parseFile(Buffer.from(bib), 'x.bib');
  assert.deepEqual(r.sources.map((s) => s.file.record!.key), ['ok']);
  assert.deepEqual(r.skipped.map((s) => [s.path, s.line]), [['x.bib', 3], ['x.bib', 6]]);
  assert.match(r.skipped[0].reason, /broken encoding/);
  assert.match(r.skipped[1].reason, /no title/);
});
