// Issue 16, end to end with the built CLI: a mixed folder (RIS + Scopus CSV + BibTeX with two bad records + a
// transcript, and OpenAlex JSON Lines beside them) maps without aborting, the bad records are reported by file and line, topics over time use the papers'
// publication years, the LaTeX export cites the papers' keys, and `check` treats each export's records as its sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseTaxonomy } from '../../src/taxonomy/serialize';
import { mapArgs, runCli, tmpDir } from '../support/reliability-fixtures';

const MIXED = path.join(process.cwd(), 'test/fixtures/biblio/mixed');

test('a mixed folder of exports and a transcript maps end to end: years over time, \\cite keys, check by record', (t) => {
  const root = tmpDir('biblio-map', t);
  const folder = path.join(root, 'corpus');
  fs.cpSync(MIXED, folder, { recursive: true });
  // One new work (2015) and one the BibTeX file has (same DOI, upper case).
  fs.copyFileSync(path.join(MIXED, '..', 'openalex-mixed.jsonl'), path.join(folder, 'works.jsonl'));
  const out = path.join(folder, 'taxonomy.json');
  const cache = path.join(root, 'cache');

  const r = runCli(mapArgs(folder, out, cache, ['--min-topic-size', '3']));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^26 sources, 29 chunks → \d+ topics/m);
  assert.match(r.stdout, /^25 bibliographic records; 2 duplicates merged/m);
  assert.match(r.stdout, /^skipped record library\.bib:83: record has no title$/m);
  assert.match(r.stdout, /^skipped record library\.bib:89: the title has broken encoding/m);
  assert.match(r.stderr, /merged scopus\.csv:11–11 into refs\.ris#novak2023fixing \(same DOI\)/, '--verbose lists the merge');
  assert.match(r.stderr, /merged works\.jsonl:1–1 into library\.bib#garcia2019quarantining \(same DOI\)/);

  const parsed = parseTaxonomy(fs.readFileSync(out, 'utf8'), out);
  assert.ok(parsed.ok);
  const tax = parsed.taxonomy;
  assert.ok(tax.topics.length >= 2);
  const paper = tax.sources.find((s) => s.path === 'library.bib#garcia2019quarantining')!;
  assert.deepEqual(paper.record, {
    file: 'library.bib', lines: [23, 31], key: 'garcia2019quarantining', title: 'Quarantining flaky tests in CI pipelines',
    authors: ['García, D.', 'Rossi, M.'], year: 2019, venue: 'ICSE', doi: '10.5555/lm.flaky.3', keywords: ['flaky', 'mapping study'],
  });
  assert.equal(paper.date, '2019');
  assert.equal(tax.sources.find((s) => s.path === 'talk-2021.txt')?.record, undefined, 'the transcript stays a file');

  const overTime = runCli(['export', out, '--format', 'csv', '--table', 'over-time']);
  assert.equal(overTime.code, 0, overTime.stderr);
  const periods = [...new Set(overTime.stdout.split('\r\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]))];
  assert.deepEqual(periods, ['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023'], 'publication years (2015 only from the JSON Lines; the talk\'s 2021)');

  const latex = runCli(['export', out, '--format', 'latex', '--table', 'papers']);
  assert.equal(latex.code, 0, latex.stderr);
  const cited = [...latex.stdout.matchAll(/\\cite\{([^}]*)\}/g)].flatMap((m) => m[1].split(','));
  assert.ok(cited.includes('garcia2019quarantining'), 'a BibTeX key');
  assert.ok(cited.includes('novak2023fixing'), 'a derived key (RIS)');
  assert.ok(cited.includes('silva2020code'), 'a derived key (Scopus CSV)');
  assert.equal(new Set(cited).size, cited.length, 'each paper cited once per topic list');

  const md = runCli(['export', out, '--format', 'md', '--table', 'papers']);
  assert.match(md.stdout, /\[doi:10\.5555\/lm\.flaky\.3\]\(https:\/\/doi\.org\/10\.5555\/lm\.flaky\.3\) `garcia2019quarantining`/);

  const fresh = runCli(['check', folder]);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.match(fresh.stdout, /up to date \(26 sources\)/);

  // Editing one record makes exactly that record stale, named by file and key (a RIS record, a JSON Lines line).
  const ris = path.join(folder, 'refs.ris');
  fs.writeFileSync(ris, fs.readFileSync(ris, 'utf8').replace('Order-dependent flaky tests in Python', 'Order-dependent flaky tests in Java'));
  const jsonl = path.join(folder, 'works.jsonl');
  fs.writeFileSync(jsonl, fs.readFileSync(jsonl, 'utf8').replace('"label": [', '"classify": ['));
  const stale = runCli(['check', folder]);
  assert.equal(stale.code, 1);
  const listed = stale.stderr.split('\n').filter((l) => /^ {2}(added|changed|removed):/.test(l));
  assert.deepEqual(listed, ['  changed: refs.ris#dubois2018order', '  changed: works.jsonl#olsen2015rerunning']);
});
