// Issue 16: no export reader throws, whatever the bytes — random bytes, and export-shaped noise built from each
// format's own tags, delimiters, quotes and braces — and whatever they return is well formed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { parseFile, SUPPORTED_EXTENSIONS } from '../../src/pipeline/formats/index';
import { readRis } from '../../src/pipeline/formats/ris';
import { readNbib } from '../../src/pipeline/formats/nbib';
import { readWosPlain, readWosTab } from '../../src/pipeline/formats/wos';
import { loadBibtexParser, readBibtex } from '../../src/pipeline/formats/bibtex';
import { readCsvExport } from '../../src/pipeline/formats/csv-export';
import { readCslJson } from '../../src/pipeline/formats/csl-json';
import { readOpenAlex } from '../../src/pipeline/formats/openalex';
import { arrayItemRanges } from '../../src/pipeline/formats/json-items';
import { readJsonLines, sniffJsonLines } from '../../src/pipeline/formats/jsonl';
import { splitLines } from '../../src/pipeline/formats/lines';
import type { RecordsRead } from '../../src/pipeline/formats/record';

const RUNS = { numRuns: 300, seed: 16 };

const noisy = fc.array(
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('TY  - ', 'ER  - ', 'TI  - ', 'AB  - ', 'AU  - ', 'PY  - ', 'KW  - ', 'PT J', 'FN Web of Science', 'EF', 'ER', 'AU ', '   ',
      'PMID- 1', 'TI  - ', '      ', 'FAU - ', '@article{', '@string{', '@comment{', '}', '{', '{\\\'\\i}', '\\c{c}', '$x^', '\\emph{', ' = ', ',',
      '"', '""', ';', '\t', '\n', '\r\n', '\r', '\uFEFF', '\uFFFD', '\0', 'Title,Abstract,Authors,Year,DOI\n', 'PT\tAU\tTI\tUT\n',
      '[{"type":"article","title":', '{"results":[{"abstract_inverted_index":{"a":[', '"id":"https://openalex.org/W1"', '[', ']', ':', 'null',
      '{"title":"t","authorships":[],"abstract_inverted_index":{"w":[0]}}\n', '{"type":"book","title":"b"}\n', '{"results":[{"authorships":', '\n{'),
  ),
  { maxLength: 40 },
).map((parts) => parts.join(''));

function wellFormed(r: RecordsRead): void {
  for (const rec of r.records) {
    assert.ok(rec.lines[0] >= 1 && rec.lines[1] >= rec.lines[0], `line range ${rec.lines}`);
  }
  for (const p of r.problems) assert.ok(p.line >= 1 && p.message.length > 0);
}

// The corpus reader loads the BibTeX parser when a folder has .bib files; these tests call the readers directly.
before(loadBibtexParser);

test('parseFile never throws on arbitrary bytes for any supported extension, and every result names its file', () => {
  const exts = SUPPORTED_EXTENSIONS.map((e) => `refs/a${e}`);
  const bytes = fc.oneof(fc.uint8Array({ maxLength: 400 }), noisy.map((s) => new TextEncoder().encode(s)));
  fc.assert(fc.property(bytes, fc.constantFrom(...exts), (b, rel) => {
    const r = parseFile(Buffer.from(b), rel);
    for (const s of r.skipped) assert.ok(s.path === rel && s.reason.length > 0);
    for (const s of r.sources) {
      assert.ok(s.spans.length > 0);
      if (s.file.record) {
        assert.equal(s.file.path, `${rel}#${s.file.record.key}`);
        assert.ok(s.file.record.title.length > 0, 'a record without a title is never a source');
      }
    }
  }), RUNS);
});

test('every export reader returns well-formed records on export-shaped noise', () => {
  fc.assert(fc.property(noisy, (s) => {
    for (const r of [readRis(s), readNbib(s), readWosPlain(s), readWosTab(s), readBibtex(s), readCsvExport(s, 'csv', ','), readCsvExport(s, 'scopus-csv', ';')]) wellFormed(r);
    let doc: unknown;
    try { doc = JSON.parse(s); } catch { doc = undefined; }
    wellFormed(readCslJson(s, Array.isArray(doc) ? doc : []));
    wellFormed(readOpenAlex(s, doc));
    for (const [a, b] of [...arrayItemRanges(s), ...arrayItemRanges(s, 'results')]) assert.ok(a >= 0 && b >= a && b < s.length);
    sniffJsonLines(s);
    const lastLine = splitLines(s).length;
    for (const r of [readJsonLines(s, 'openalex'), readJsonLines(s, 'csl-json')]) {
      wellFormed(r);
      for (const rec of r.records) assert.ok(rec.lines[0] === rec.lines[1] && rec.lines[0] <= lastLine, 'a record is one line of the file');
      for (const p of r.problems) assert.ok(p.line <= lastLine && !p.message.includes('\n'));
    }
  }), RUNS);
});

test('JSON Lines files never throw, compressed or not, whole or cut off, and name their file', () => {
  const names = ['refs/works.jsonl', 'refs/works.ndjson', 'refs/part_000.gz', 'refs/works.jsonl.gz', 'refs/works.json', 'refs/works.txt'];
  const bytes = fc.oneof(fc.uint8Array({ maxLength: 400 }), noisy.map((x) => Buffer.from(x)));
  fc.assert(fc.property(bytes, fc.boolean(), fc.nat(40), fc.constantFrom(...names), (b, zip, cut, rel) => {
    const data = zip ? gzipSync(b) : Buffer.from(b);
    const r = parseFile(data.subarray(0, Math.max(0, data.length - cut)), rel, { maxBytes: 300 });
    for (const x of r.skipped) assert.ok(x.path === rel && x.reason.length > 0 && !x.reason.includes('\n'));
    // Where only JSON Lines is read, every record is one line (a .json/.txt may be another export, records over lines).
    if (/\.(jsonl|ndjson|gz)$/.test(rel)) for (const x of r.sources) assert.equal(x.file.record!.lines[0], x.file.record!.lines[1]);
  }), RUNS);
});

test('JSON item ranges cover exactly the items of the array', () => {
  fc.assert(fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.boolean(), (items, wrap) => {
    const text = wrap ? JSON.stringify({ meta: { n: [1, { x: '[' }] }, results: items }, null, 2) : JSON.stringify(items, null, 1);
    const ranges = arrayItemRanges(text, wrap ? 'results' : undefined);
    assert.equal(ranges.length, items.length);
    ranges.forEach(([a, b], i) => assert.deepEqual(JSON.parse(text.slice(a, b + 1)), items[i]));
  }), RUNS);
});
