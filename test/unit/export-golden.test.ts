// Golden files of every export on the fixture taxonomy (names with & % _ quotes commas newlines <script> \ ~ ^ { } $ # |).
// UPDATE_GOLDEN=1 rewrites them and then fails (a run that rewrote its own expectations has checked nothing): review
// the diff, then run again without it. Beyond byte equality, each format is checked to
// carry the names literally once unescaped, so a golden file cannot enshrine a broken escape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXPORTS, renderExport, type ExportFormat, type ExportTable } from '../../src/analysis/export';
import type { Period } from '../../src/analysis/over-time';
import { EXPORT_FIXTURES, loadArtifactFixture, loadFixture } from './export-fixture.helper';

const GOLDEN = path.join(EXPORT_FIXTURES, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

interface Case { file: string; format: ExportFormat; table: ExportTable; period?: Period }
const cases: Case[] = [
  ...EXPORTS.map((e) => ({ file: e.fileName, format: e.format, table: e.table })),
  { file: 'over-time-decade.csv', format: 'csv', table: 'over-time', period: 'decade' },
];

function render(c: Case): string {
  return renderExport(loadFixture(), c.format, c.table, { period: c.period, artifact: loadArtifactFixture() });
}

for (const c of cases) {
  test(`golden: ${c.file}`, () => {
    const out = render(c);
    const file = path.join(GOLDEN, c.file);
    if (update) {
      fs.mkdirSync(GOLDEN, { recursive: true });
      const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
      fs.writeFileSync(file, out);
      assert.fail(`UPDATE_GOLDEN=1: ${c.file} ${before === out ? 'was already up to date' : 'rewritten'}; review the diff and run again without UPDATE_GOLDEN`);
    }
    assert.ok(fs.existsSync(file), `${file} is missing: run the test with UPDATE_GOLDEN=1 and review it`);
    assert.equal(out, fs.readFileSync(file, 'utf8'), `${c.file} changed; if intended, rerun with UPDATE_GOLDEN=1`);
    assert.equal(render(c), out, 'deterministic');
  });
}

const labels = () => {
  const t = loadFixture();
  return { themes: t.themes.map((x) => x.name), topics: t.topics.map((x) => x.label) };
};
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** A strict RFC 4180 reader, so the CSV test checks what a spreadsheet would read back. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        assert.ok(q >= 0, 'unterminated quoted field');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') { field += '"'; i++; } else break;
      }
    } else {
      const m = /^[^,"\r\n]*/.exec(text.slice(i))![0];
      field = m;
      i += m.length;
    }
    row.push(field);
    if (text[i] === ',') { i++; continue; }
    assert.equal(text.slice(i, i + 2), '\r\n', `row ${rows.length + 1} must end in CRLF`);
    i += 2;
    rows.push(row);
    row = [];
    if (i >= text.length) return rows;
  }
}

test('CSV: every theme name and topic label reads back exactly, rows are rectangular', () => {
  const rows = readCsv(render({ file: '', format: 'csv', table: 'prevalence' }));
  assert.ok(rows.every((r) => r.length === rows[0].length));
  const { themes, topics } = labels();
  const col = (name: string) => rows.slice(1).map((r) => r[rows[0].indexOf(name)]);
  for (const n of themes) assert.ok(col('theme').includes(n), n);
  for (const l of topics) assert.ok(col('topic').includes(l), l);
  const matrix = readCsv(render({ file: '', format: 'csv', table: 'matrix' }));
  assert.deepEqual(matrix[0].slice(3), [...['t-000000a1', 't-000000a2', 't-000000b1', 't-000000c1', 't-000000d1', 't-000000d2']
    .map((id) => loadFixture().topics.find((x) => x.id === id)!.label), 'outliers']);
  assert.deepEqual(matrix[1], ['talks/2019-05-01 keynote, part 1.md', '2019-05-01', '10', '4', '2', '1', '0', '0', '0', '3']);
  assert.equal(matrix[4][1], '', 'undated source has an empty date');
});

test('Markdown: names are escaped, no raw pipe or HTML tag survives, every row has 7 cells', () => {
  const md = render({ file: '', format: 'md', table: 'prevalence' });
  const rows = md.split('\n').filter((l) => l.startsWith('|'));
  for (const r of rows) assert.equal(r.replace(/\\\|/g, '').split('|').length - 2, 7, r);
  assert.ok(!/(?<!\\)<script/.test(md));
  assert.ok(md.includes('Ops \\<script\\>alert(\'x\')\\</script\\> line two'));
  assert.ok(md.includes('Prompt\\_engineering, "quotes"'));
  assert.ok(md.includes('Back\\\\slash \\~ tilde ^ caret \\| pipe \\# hash {braces}'));
});

test('LaTeX: booktabs rules, and after removing the escapes no special character is left bare', () => {
  const tex = render({ file: '', format: 'latex', table: 'prevalence' });
  for (const rule of ['\\toprule', '\\midrule', '\\bottomrule', '\\begin{tabular}', '\\end{tabular}']) assert.ok(tex.includes(rule), rule);
  const body = tex.split('\n').filter((l) => !l.startsWith('%'));
  for (const line of body) {
    const stripped = line
      .replace(/\\(?:textasciitilde|textasciicircum|textbackslash|textless|textgreater|textbar)\{\}/g, '')
      .replace(/\\[&%$#_{}]/g, '')
      .replace(/\\(?:textbf|textit|begin|end)\{[^{}]*\}/g, '')
      .replace(/\{@\{\}l+r+@\{\}\}/g, '')
      .replace(/\\\\$/, '')
      .replace(/\\(?:toprule|midrule|bottomrule|addlinespace)/g, '');
    assert.ok(!/[%$#_{}~^\\]/.test(stripped), `bare special character in: ${line}`);
  }
  assert.ok(tex.includes('Back\\textbackslash{}slash \\textasciitilde{} tilde \\textasciicircum{} caret \\textbar{} pipe \\# hash \\{braces\\}'));
  assert.ok(tex.includes('Cost: \\$5 \\& 10\\% off'));
  // Cells per row: 7, so 6 unescaped ampersands.
  for (const line of body.filter((l) => l.endsWith('\\\\'))) assert.equal(line.replace(/\\&/g, '').split('&').length, 7, line);
});

test('SVG: well-formed text, names escaped, nothing external', () => {
  const { themes, topics } = labels();
  for (const c of cases.filter((x) => x.format === 'svg')) {
    const svg = render(c);
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(!/<script|<style|@import|href=|url\(|<foreignObject|<image/i.test(svg), `${c.file}: external or active content`);
    // Every & starts an entity; < only starts a tag of the few elements the exports write.
    assert.ok(!/&(?!(?:amp|lt|gt|quot|apos);)/.test(svg), `${c.file}: bare &`);
    for (const tag of svg.match(/<\/?([a-zA-Z]+)/g)!) assert.ok(/^<\/?(svg|title|rect|text|g|circle|line|path)$/.test(tag), `${c.file}: ${tag}`);
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const texts = [...svg.matchAll(/<(text|title)[^>]*>([^<]*)/g)].map((m) => unescape(m[2]));
    if (c.table === 'chart') for (const n of [...themes.slice(0, 1), ...topics.slice(0, 2)]) assert.ok(texts.includes(oneLine(n)), `${c.file}: ${n}`);
  }
});

test('JSON: parses, and its figures are the prevalence figures', () => {
  const j = JSON.parse(render({ file: '', format: 'json', table: 'prevalence' }));
  assert.deepEqual(j.totals, { chunks: 30, outliers: 7, nonOutlierChunks: 23, sources: 5 });
  assert.equal(j.themes[0].name, loadFixture().themes[0].name);
  assert.equal(j.themes[0].share, 0.333333);
  assert.equal(j.themes[0].shareNonOutlier, 0.434783);
});
