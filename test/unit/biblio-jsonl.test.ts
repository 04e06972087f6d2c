// Issue 16 follow-up: JSON Lines of OpenAlex works (the snapshot's works/updated_date=…/part_000.gz, and tools that
// page the API and write one work per line) and of CSL-JSON items. One record per line, at its line; a bad line is one
// problem naming the file and line and the rest is read; .json/.txt holding JSON Lines are not taken for Whisper or a
// transcript; gzip is decompressed within the size limit; a file of thousands of works reads in one linear pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseFile } from '../../src/pipeline/formats/index';
import { readCorpus } from '../../src/pipeline/corpus';
import { tmpDir } from '../support/reliability-fixtures';

const DIR = path.join(process.cwd(), 'test/fixtures/biblio');
const WORKS = fs.readFileSync(path.join(DIR, 'openalex-works.jsonl'));

function read(bytes: Buffer, name: string, opts = {}) {
  const r = parseFile(bytes, name, opts);
  return {
    r,
    recs: r.sources.map((s) => ({ ...s.file.record!, format: s.file.format, path: s.file.path, abstract: s.spans[1]?.text ?? '' })),
    skipped: r.skipped.map((s) => [s.path, s.line, s.reason] as const),
  };
}

test('OpenAlex JSON Lines: one record per line at its line, the fields of the OpenAlex reader, bad lines reported and skipped', () => {
  const { recs, skipped } = read(WORKS, 'refs/works.jsonl');
  assert.deepEqual(recs.map((x) => [x.title, x.lines]), [
    ['Large language models for unit test generation: a mapping study', [1, 1]],
    ['Flaky tests in continuous integration', [2, 2]],
    ['Évaluation des tests instables', [5, 5]],
    ['Mutation testing at scale', [8, 8]],
    ['Property-based testing in practice', [8, 8]],
  ]);
  const [a, b, c] = recs;
  assert.equal(a.format, 'openalex');
  assert.equal(a.path, 'refs/works.jsonl#raman2024large');
  assert.deepEqual(a.authors, ['Priya Raman', 'Lars Nilsson']);
  assert.equal(a.year, 2024);
  assert.equal(a.venue, 'Information and Software Technology');
  assert.equal(a.doi, '10.1016/j.infsof.2024.107001');
  assert.deepEqual(a.keywords, ['Unit testing', 'Large language models'], 'keywords before concepts');
  assert.equal(a.abstract, 'We map studies that generate unit tests with language LLMs models', 'two words at one position both kept');
  assert.equal(b.titleOnly, true, 'a null abstract_inverted_index: kept, title only');
  assert.equal(b.venue, 'ICSE Companion', 'the older host_venue');
  assert.deepEqual(b.keywords, ['Software testing', 'Continuous integration'], 'concepts when there are no keywords');
  assert.deepEqual(c.authors, ['Zoé Lefèvre'], 'raw_author_name when the author is null');
  assert.equal(c.abstract, 'Les tests instables échouent au hasard.');
  assert.equal(skipped.length, 3);
  assert.deepEqual(skipped.map(([p, l]) => [p, l]), [['refs/works.jsonl', 4], ['refs/works.jsonl', 6], ['refs/works.jsonl', 7]]);
  assert.match(skipped[0][2], /^line 4: not valid JSON \(Unterminated string in JSON at column \d+\); record skipped$/);
  assert.equal(skipped[1][2], 'line 6: not a JSON object (null); record skipped');
  assert.equal(skipped[2][2], 'line 7: record has no title; record skipped');
  for (const [, , reason] of skipped) assert.doesNotMatch(reason, /\n/, 'one line each');
});

test('JSON Lines is recognised by content in .json, .txt and .ndjson, not taken for Whisper or a transcript', () => {
  const want = read(WORKS, 'works.jsonl').recs.map((x) => [x.key, x.lines]);
  for (const name of ['works.json', 'openalex-export.txt', 'works.ndjson']) {
    const { recs } = read(WORKS, name);
    assert.deepEqual(recs.map((x) => [x.key, x.lines]), want, name);
    assert.ok(recs.every((x) => x.format === 'openalex'), name);
  }
  const one = read(Buffer.from(WORKS.toString('utf8').split('\n')[0] + '\n'), 'W4390000001.json').recs;
  assert.deepEqual(one.map((x) => [x.key, x.lines]), [['raman2024large', [1, 1]]], 'a single work on one line (a saved /works/W… response)');
  assert.equal(read(Buffer.from('[Music]\n{"not": "a work"}\nWe talked.\n'), 'talk.txt').r.sources[0].file.format, 'txt');
  const whisper = read(Buffer.from('{"segments":[{"start":0,"end":1,"text":"hello there"}]}\n'), 'w.json').r;
  assert.equal(whisper.sources[0].file.format, 'whisper');
  const other = read(Buffer.from('{"event":"click","at":1}\n{"event":"scroll","at":2}\n'), 'log.jsonl');
  assert.equal(other.recs.length, 0);
  assert.match(other.skipped[0][2], /^no OpenAlex work or CSL-JSON item in its first lines/);
});

test('CSL-JSON Lines (CRLF): the CSL reader\'s fields and keys, one record per line', () => {
  const { recs, skipped } = read(fs.readFileSync(path.join(DIR, 'zotero-csl.ndjson')), 'zotero.ndjson');
  assert.deepEqual(skipped, []);
  assert.deepEqual(recs.map((x) => [x.format, x.key, x.lines, x.year]), [
    ['csl-json', 'petersen2015search', [1, 1], 2015],
    ['csl-json', 'kitchenham2007guidelines', [2, 2], 2007],
  ]);
  assert.deepEqual(recs[0].keywords, ['mapping study', 'search']);
  assert.deepEqual(recs[1].authors, ['Kitchenham, Barbara', 'Charters, Stuart']);
});

test('gzip: a snapshot part_000.gz and a .jsonl.gz read as the plain file; truncated, too large and not-JSON-Lines ones said so', () => {
  const want = read(WORKS, 'x.jsonl').recs.map((x) => [x.key, x.lines]);
  const gz = gzipSync(WORKS);
  for (const name of ['works/updated_date=2024-03-01/part_000.gz', 'works.jsonl.gz', 'works.jsonl']) {
    const { recs, skipped } = read(gz, name);
    assert.deepEqual(recs.map((x) => [x.key, x.lines]), want, name);
    assert.equal(skipped.length, 3, name);
  }
  // Cut inside the last line (an API page of two works, ~600 characters): the lines before it are whole.
  const cut = read(gz.subarray(0, gz.length - 30), 'part_001.gz');
  assert.deepEqual(cut.recs.map((x) => x.lines[0]), [1, 2, 5], 'what the cut file holds is read');
  assert.match(cut.skipped.find(([, l]) => l === 8)?.[2] ?? '', /^line 8: not valid JSON/);
  assert.match(cut.r.sources[0].warnings.join('\n'), /the gzip file ends early/);
  const big = read(gz, 'part_002.gz', { maxBytes: 1000 });
  assert.deepEqual(big.skipped, [['part_002.gz', undefined, 'too large: over the 1000 B limit once decompressed; not read (split it, or raise the limit: --max-file-mb, or the literatureMap.maxFileMB setting)']]);
  const csv = read(gzipSync('Title,Abstract\nA,B\n'), 'scopus.csv.gz');
  assert.match(csv.skipped[0][2], /only JSON Lines is read from \.gz files/);
  assert.match(read(gz, 'scopus.csv').skipped[0][2], /^binary content/, 'gzip is only opened where JSON Lines is read');
  assert.match(read(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]), 'broken.gz').skipped[0][2], /gzip-compressed but cannot be decompressed|ends early|empty once decompressed/);
});

test('a generated file of 3000 works: every line read at its line, duplicates merged by the record rules, keys unique', async (t) => {
  const n = 3000;
  const line = (i: number) => JSON.stringify({
    id: `https://openalex.org/W${4e9 + i}`,
    // Every 100th work repeats the DOI of the one before it (a work in two snapshot partitions).
    doi: `https://doi.org/10.5555/gen.${i % 100 === 99 ? i - 1 : i}`,
    title: `Study ${i} of flaky test detection`,
    publication_year: 2000 + (i % 25),
    authorships: [{ author: { display_name: 'Mei Chen' } }],
    abstract_inverted_index: { We: [0], detect: [1], flaky: [2], tests: [3], [`variant${i}`]: [4] },
  });
  const dir = tmpDir('biblio-jsonl-gen', t);
  fs.writeFileSync(path.join(dir, 'works.jsonl'), Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n');
  const c = await readCorpus(dir);
  assert.deepEqual(c.skipped, []);
  assert.equal(c.merged.length, n / 100);
  assert.ok(c.merged.every((m) => m.by === 'doi' && m.file === 'works.jsonl' && m.lines[0] % 100 === 0), 'line i+1 holds work i');
  assert.equal(c.sources.length, n - n / 100);
  const lines = c.sources.map((s) => s.file.record!.lines[0]);
  assert.deepEqual(lines.slice(0, 3), [1, 2, 3]);
  assert.equal(lines[lines.length - 1], n - 1, 'work 2999 repeats 2998\'s DOI: the last kept is on line 2999');
  const keys = c.sources.map((s) => s.file.record!.key);
  assert.equal(new Set(keys).size, keys.length);
  // Same author, year and first title word: chen2000study, chen2000studyb, … as the record rules have it.
  assert.deepEqual(keys.filter((k) => k.startsWith('chen2000study')).slice(0, 3), ['chen2000study', 'chen2000studyb', 'chen2000studyc']);
});
