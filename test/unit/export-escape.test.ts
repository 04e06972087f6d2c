// Properties of the escapers over arbitrary strings: what each format reads back is the name (on one line), and no
// character with a meaning in the format is left bare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvRow, escapeCsvField, escapeLatex, escapeMarkdownCell, escapeXml, oneLine, percent } from '../../src/analysis/export/escape';

const names = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'&%$#_{}~^\\<>|"\',\n\r\t *`[]ab 1é'.split('')), maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

test('CSV: a quoted field reads back to the original', () => {
  fc.assert(fc.property(names, (s) => {
    const f = escapeCsvField(s);
    if (f.startsWith('"')) {
      assert.ok(f.endsWith('"'));
      const inner = f.slice(1, -1);
      assert.ok(!/(^|[^"])"("")*($|[^"])/.test(inner.replace(/""/g, '')), 'no lone quote inside');
      assert.equal(inner.replace(/""/g, '"'), s);
    } else {
      assert.equal(f, s);
      assert.ok(!/[",\r\n]/.test(f));
    }
  }));
  assert.equal(csvRow(['a,b', 'say "hi"', 'x\ny', 3]), '"a,b","say ""hi""","x\ny",3');
});

test('Markdown: no bare pipe, HTML start, emphasis or math character survives', () => {
  fc.assert(fc.property(names, (s) => {
    const e = escapeMarkdownCell(s);
    assert.ok(!/[\r\n]/.test(e));
    const bare = e.replace(/\\[\\`*_~[\]<>|&#$]/g, '');
    assert.ok(!/[\\`*_~[\]<>|&#$]/.test(bare), `${JSON.stringify(s)} → ${e}`);
    // Unescaping gives back the one-line name.
    assert.equal(e.replace(/\\(.)/g, '$1'), oneLine(s));
  }));
});

test('LaTeX: only known escapes remain, and they decode to the name', () => {
  const decode: Record<string, string> = {
    '\\textasciitilde{}': '~', '\\textasciicircum{}': '^', '\\textbackslash{}': '\\', '\\textless{}': '<', '\\textgreater{}': '>', '\\textbar{}': '|',
  };
  fc.assert(fc.property(names, (s) => {
    const e = escapeLatex(s);
    const back = e.replace(/\\text[a-z]+\{\}|\\[&%$#_{}]/g, (m) => decode[m] ?? m.slice(1));
    assert.equal(back, oneLine(s));
    assert.ok(!/[&%$#_{}~^\\]/.test(e.replace(/\\text[a-z]+\{\}|\\[&%$#_{}]/g, '')));
  }));
});

test('XML: no bare markup character', () => {
  fc.assert(fc.property(names, (s) => {
    const e = escapeXml(s);
    assert.ok(!/[<>"']/.test(e));
    assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(e));
  }));
  assert.equal(escapeXml('a\u0001b'), 'ab');
});

test('percent rounds to one decimal', () => {
  assert.equal(percent(1 / 3), '33.3%');
  assert.equal(percent(0), '0.0%');
  assert.equal(percent(1), '100.0%');
});
