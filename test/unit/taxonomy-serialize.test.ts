import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import { parseJson } from '../../src/taxonomy/json';
import type { Taxonomy } from '../../src/taxonomy/types';
import { arbTaxonomy } from '../support/taxonomy-arbitraries';

const dir = path.resolve(process.cwd(), 'test/fixtures/taxonomy');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const valid = read('valid.taxonomy.json');

function errorsOf(text: string, file = 'taxonomy.json') {
  const r = parseTaxonomy(text, file);
  assert.equal(r.ok, false, 'expected the file to be rejected');
  return (r as { errors: Array<{ file: string; line: number; column: number; message: string }> }).errors;
}

function okOf(text: string): Taxonomy {
  const r = parseTaxonomy(text, 'taxonomy.json');
  if (!r.ok) assert.fail(`expected a valid file, got: ${JSON.stringify(r.errors)}`);
  return r.taxonomy;
}

test('the valid fixture parses and re-serializes to the same bytes', () => {
  const t = okOf(valid);
  assert.equal(t.topics.length, 2);
  assert.equal(t.themes[0].name, 'Environment');
  assert.deepEqual(t.unassigned, ['t-831e950d']);
  assert.equal(serializeTaxonomy(t), valid);
});

test('serializer layout: key order, one keyword pair per line, short id lists inline, rounding, trailing newline', () => {
  const t = okOf(valid);
  t.topics[0].keywords[0][1] = 0.123456789;
  t.run.quality.npmi = -0.00000001;
  const out = serializeTaxonomy(t);
  assert.ok(out.endsWith('}\n'));
  assert.match(out, /\n {8}\["climate", 0\.1235\],\n/);
  assert.match(out, /"npmi": 0,\n/); // -0 after rounding is written as 0
  assert.match(out, /"topics": \["t-ef36d3e3"\]/);
  const keys = [...out.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1]);
  assert.deepEqual(keys, ['$schema', 'schemaVersion', 'run', 'themes', 'topics', 'unassigned', 'vanished', 'sources']);
  // Keys built out of order serialize in interface order.
  const shuffled = { ...t, themes: [{ topics: t.themes[0].topics, color: '#2e8b57', description: 'Climate and energy', name: 'Environment', id: t.themes[0].id }] };
  assert.equal(serializeTaxonomy(shuffled), serializeTaxonomy({ ...t, themes: [t.themes[0]] }));
  // A long topic list breaks one id per line.
  const ids = Array.from({ length: 12 }, (_, i) => `t-0000000${i.toString(16)}`);
  const long = serializeTaxonomy({ ...t, topics: [], themes: [{ ...t.themes[0], topics: [] }], vanished: [{ id: 't-00000001', label: 'x', keywords: [], size: 1, themes: [], note: '' }], unassigned: ids });
  assert.match(long, /"unassigned": \[\]/); // derived, not copied
  assert.throws(() => serializeTaxonomy({ ...t, run: { ...t.run, quality: { ...t.run.quality, npmi: NaN } } }), /non-finite/);
});

test('syntax error: file, line, column and what is wrong', () => {
  assert.deepEqual(errorsOf(read('syntax-error.taxonomy.json'), 'syntax-error.taxonomy.json'), [
    { file: 'syntax-error.taxonomy.json', line: 140, column: 18, message: "Invalid JSON: Unexpected ',': expected a property name in double quotes" },
  ]);
  assert.deepEqual(errorsOf('{\n  "a": [1, 2,]\n}'), [{ file: 'taxonomy.json', line: 2, column: 14, message: "Invalid JSON: Trailing comma before ']' is not allowed in JSON" }]);
  assert.deepEqual(errorsOf('{"a": "x\n"}'), [{ file: 'taxonomy.json', line: 1, column: 7, message: 'Invalid JSON: Unterminated string (a line break inside a string must be written \\n)' }]);
  assert.deepEqual(errorsOf('{"a": 1, "a": 2}'), [{ file: 'taxonomy.json', line: 1, column: 10, message: 'Invalid JSON: Duplicate property "a"' }]);
  assert.deepEqual(errorsOf('{"a": 1'), [{ file: 'taxonomy.json', line: 1, column: 1, message: "Invalid JSON: Unclosed '{': expected '}' before end of file" }]);
  assert.deepEqual(errorsOf('  \n'), [{ file: 'taxonomy.json', line: 1, column: 1, message: 'The file is empty: expected a taxonomy JSON object' }]);
  assert.deepEqual(errorsOf('{"a": -1e400}'), [{ file: 'taxonomy.json', line: 1, column: 7, message: 'Invalid JSON: Number -1e400 is too large' }]);
  assert.deepEqual(errorsOf('[] x'), [{ file: 'taxonomy.json', line: 1, column: 4, message: "Invalid JSON: Unexpected 'x' after the end of the JSON value" }]);
});

test('schema errors point at the offending value', () => {
  assert.deepEqual(errorsOf(read('schema-errors.taxonomy.json'), 'schema-errors.taxonomy.json'), [
    { file: 'schema-errors.taxonomy.json', line: 114, column: 15, message: 'topics[1].size: must be a whole number ≥ 0, found a string' },
  ]);
  // Once the types are right, cross-references are checked.
  const ref = read('schema-errors.taxonomy.json').replace('"size": "3"', '"size": 3');
  assert.deepEqual(errorsOf(ref), [
    { file: 'taxonomy.json', line: 61, column: 32, message: 'themes[0].topics[1]: topic "t-00000000" does not exist (no entry in "topics" has this id)' },
  ]);
});

test('cross-reference errors: duplicate ids, a topic in two themes, bad ids, unknown properties, missing fields', () => {
  const t = okOf(valid);
  const text = (x: unknown) => JSON.stringify(x, null, 2);
  const twoThemes = { ...t, themes: [t.themes[0], { id: 'th-00000001', name: 'Other', description: '', topics: ['t-ef36d3e3'] }] };
  assert.deepEqual(errorsOf(text(twoThemes)).map((e) => e.message), [
    'themes[1].topics[0]: topic "t-ef36d3e3" is already in theme "Environment" (th-106f6771); a topic belongs to at most one theme',
  ]);
  const dupTopic = { ...t, topics: [t.topics[0], { ...t.topics[1], id: t.topics[0].id }] };
  assert.deepEqual(errorsOf(text(dupTopic)).map((e) => e.message), ['topics[1].id: duplicate topic id "t-ef36d3e3" (also topics[0])']);
  const dupTheme = { ...t, themes: [t.themes[0], { ...t.themes[0], topics: [] }] };
  assert.deepEqual(errorsOf(text(dupTheme)).map((e) => e.message), ['themes[1].id: duplicate theme id "th-106f6771" (also themes[0])']);
  const badId = { ...t, themes: [{ ...t.themes[0], id: 'theme-1' }] };
  const [e] = errorsOf(text(badId));
  assert.equal(e.message, 'themes[0].id: "theme-1" is not a theme id ("th-" and 8 hex digits)');
  assert.equal(e.line, 66);
  const extra = { ...t, topics: [{ ...t.topics[0], labl: 'typo' }, t.topics[1]] };
  assert.match(errorsOf(text(extra))[0].message, /^topics\[0\]\.labl: unknown property "labl" \(allowed: id, label, /);
  const { label: _l, ...noLabel } = t.topics[1];
  assert.deepEqual(errorsOf(text({ ...t, topics: [t.topics[0], noLabel] })).map((x) => x.message), ['topics[1]: missing required property "label"']);
  assert.deepEqual(errorsOf(text({ ...t, themes: [{ ...t.themes[0], color: 'red!' }] })).map((x) => x.message), [
    'themes[0].color: "red!" is not a colour ("#rrggbb" or a theme colour id such as "charts.blue")',
  ]);
  assert.deepEqual(errorsOf(text({ ...t, topics: [{ ...t.topics[0], status: 'gone' }, t.topics[1]] })).map((x) => x.message), [
    'topics[0].status: "gone" is not one of new, kept, split, merged',
  ]);
  assert.deepEqual(errorsOf(text({ ...t, topics: [{ ...t.topics[0], representative: [{ ...t.topics[0].representative[0], lines: [5, 2] }] }, t.topics[1]] })).map((x) => x.message), [
    'topics[0].representative[0].lines: start 5 is after end 2',
  ]);
  assert.deepEqual(errorsOf('[]').map((x) => x.message), ['(root): must be an object, found an array']);
  const counts = { ...t, sources: [{ ...t.sources[0], topicCounts: { 't-ef36d3e3': -1, topic: 2 } }, t.sources[1]] };
  assert.deepEqual(errorsOf(text(counts)).map((x) => x.message), [
    'sources[0].topicCounts["t-ef36d3e3"]: must be a whole number ≥ 0, found the number -1',
    'sources[0].topicCounts.topic: key "topic" is not a topic id or "-1" (outliers)',
  ]);
});

test('schema version: newer is refused with a message, unknown is named', () => {
  assert.deepEqual(errorsOf(valid.replace('"schemaVersion": 2', '"schemaVersion": 3')), [
    { file: 'taxonomy.json', line: 3, column: 20, message: 'schemaVersion: schema version 3 is newer than this version of Literature Map understands (2); update the extension' },
  ]);
  assert.deepEqual(errorsOf(valid.replace('"schemaVersion": 2', '"schemaVersion": "one"')).map((x) => x.message), ['schemaVersion: unknown schema version "one"; expected 2']);
});

test('git conflict markers are found before JSON parsing, with their own message', () => {
  const errors = errorsOf(read('conflicted.taxonomy.json'), 'conflicted.taxonomy.json');
  assert.deepEqual(errors.map((e) => [e.line, e.column]), [[58, 1], [60, 1], [62, 1]]);
  assert.match(errors[0].message, /^Git merge conflict marker "<<<<<<<": this file has an unresolved merge conflict/);
  assert.equal(errors[1].message, 'Git merge conflict marker "======="');
  // A string value that merely contains the characters is not a marker.
  okOf(valid.replace('"Climate and energy"', '"<<<<<<< not a marker"'));
});

test('a "__proto__" key stays data and cannot reach the prototype', () => {
  const r = parseJson('{"__proto__": {"polluted": true}}');
  assert.ok(r.ok);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(r.value as object), ['__proto__']);
  assert.match(errorsOf(valid.replace('"schemaVersion": 2,', '"schemaVersion": 2, "__proto__": {},'))[0].message, /unknown property "__proto__"/);
});

test('unassigned is derived on parse; hand edits to it are not an error', () => {
  const t = okOf(valid.replace('"unassigned": ["t-831e950d"]', '"unassigned": []'));
  assert.deepEqual(t.unassigned, ['t-831e950d']);
});

test('JSON parser agrees with JSON.parse on arbitrary JSON', () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    const text = JSON.stringify(v, null, 1);
    const r = parseJson(text);
    assert.ok(r.ok);
    assert.deepEqual(r.value, JSON.parse(text));
  }), { numRuns: 300 });
});

test('property: load → save → load is the identity', () => {
  fc.assert(fc.property(arbTaxonomy(), (t) => {
    const text = serializeTaxonomy(t);
    const first = parseTaxonomy(text, 'p.json');
    if (!first.ok) assert.fail(JSON.stringify(first.errors.slice(0, 3)));
    const again = serializeTaxonomy(first.taxonomy);
    assert.equal(again, text);
    const second = parseTaxonomy(again, 'p.json');
    assert.ok(second.ok);
    assert.deepEqual(second.taxonomy, first.taxonomy);
  }), { numRuns: 150 });
});

test('version 1 files read as version 2 unchanged, and are written as version 2', () => {
  const v1 = valid.replace('"schemaVersion": 2', '"schemaVersion": 1');
  const r = parseTaxonomy(v1, 'taxonomy.json');
  assert.ok(r.ok);
  assert.equal(serializeTaxonomy(r.taxonomy), valid);
});

test('mergedFrom and run.artifact: written one part per item, checked on read', () => {
  const r = parseTaxonomy(valid, 'taxonomy.json');
  assert.ok(r.ok);
  const t = r.taxonomy;
  const [a, b] = t.topics;
  const merged = { ...t, run: { ...t.run, artifact: '00112233445566aa' }, topics: [{ ...a, mergedFrom: [{ id: a.id, keywords: ['climate', 'carbon'] }, { id: 't-0000abcd', keywords: ['tax'] }] }, b] };
  const text = serializeTaxonomy(merged);
  assert.match(text, /"toolVersion": "0.1.0",\n {4}"artifact": "00112233445566aa",\n/);
  assert.match(text, /"mergedFrom": \[\n {8}\{\n {10}"id": "t-ef36d3e3",\n {10}"keywords": \["climate", "carbon"\]\n {8}\},/);
  const back = parseTaxonomy(text, 'taxonomy.json');
  assert.ok(back.ok);
  assert.equal(serializeTaxonomy(back.taxonomy), text);
  const bad = (topics: typeof merged.topics, run = merged.run) => errorsOf(serializeTaxonomy({ ...merged, topics, run })).map((e) => e.message);
  assert.deepEqual(bad(merged.topics, { ...merged.run, artifact: 'xyz' }), ['run.artifact: "xyz" is not a run data key (16 hex digits)']);
  assert.deepEqual(bad([{ ...merged.topics[0], mergedFrom: [{ id: a.id, keywords: [] }] }, b]), ['topics[0].mergedFrom: lists the 1 run topic(s) a merged topic is made of: a merge has at least two']);
  assert.deepEqual(bad([{ ...merged.topics[0], mergedFrom: [{ id: 't-0000abcd', keywords: [] }, { id: a.id, keywords: [] }] }, b]),
    ['topics[0].mergedFrom[0].id: must be the merged topic\'s own id "t-ef36d3e3" (the run topic that kept its id)']);
  assert.deepEqual(bad([{ ...merged.topics[0], mergedFrom: [{ id: a.id, keywords: [] }, { id: b.id, keywords: [] }] }, b]),
    [`topics[0].mergedFrom[1].id: run topic "${b.id}" is also a topic of its own; a run topic is part of one topic only`]);
});
