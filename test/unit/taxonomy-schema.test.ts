// The shipped JSON Schema (editor completion and errors for hand edits) and the validator the store uses must agree on
// the shape: every property the serializer writes is declared, required lists match, and manifest wiring is in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';

const root = process.cwd();
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/taxonomy.schema.json'), 'utf8'));
const valid = fs.readFileSync(path.join(root, 'test/fixtures/taxonomy/valid.taxonomy.json'), 'utf8');

function full() {
  const r = parseTaxonomy(valid, 'v');
  assert.ok(r.ok);
  const t = r.taxonomy;
  t.topics[0].previous = ['t-00000001'];
  t.topics[0].mergedFrom = [{ id: t.topics[0].id, keywords: ['climate'] }, { id: 't-00000003', keywords: ['carbon'] }];
  t.run.artifact = '0123456789abcdef';
  t.run.refinements = [{ kind: 'outliers' }];
  t.vanished = [{ id: 't-00000002', label: 'gone', keywords: ['a'], size: 1, themes: [], note: '' }];
  t.topics[1].representative[1].cols = [12, 240];
  t.sources[1].record = { file: 'refs.ris', lines: [1, 9], key: 'smith2020deep', title: 'Deep', authors: ['Smith, J.'], year: 2020, venue: 'V', doi: '10.1/x', keywords: ['k'], titleOnly: true };
  const provenance = {
    provider: 'openai-compatible', endpoint: 'localhost:11434', model: 'm', modelVersion: 'v',
    parameters: { temperature: 0, seed: 1, maxTokens: 9 }, template: 'label-v1', promptHash: 'a'.repeat(64),
    chunks: ['c'], keywords: ['k'], tokens: { prompt: 1, completion: 2 }, at: '2026-12-03T10:00:00.000Z',
  };
  t.topics[0].suggestions = [{ label: 'l', description: 'd', quote: 'q', quoteChunk: 'c', flags: ['duplicate-label'], status: 'pending', provenance }];
  t.themeSuggestions = [{ id: 'ts-00000001', name: 'n', description: 'd', topics: [], status: 'accepted', theme: t.themes[0].id, rejectedTopics: [t.topics[0].id], provenance }];
  return JSON.parse(serializeTaxonomy(t));
}

function keysOf(def: { properties: object; required: string[]; additionalProperties: boolean }) {
  assert.equal(def.additionalProperties, false);
  return { all: Object.keys(def.properties), required: def.required };
}

test('schema is draft-07 and declares exactly the keys the serializer writes', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const doc = full();
  const d = schema.definitions;
  const cases: Array<[string, object, { properties: object; required: string[]; additionalProperties: boolean }]> = [
    ['root', doc, schema],
    ['run', doc.run, d.run],
    ['theme', doc.themes[0], d.theme],
    ['topic', doc.topics[0], d.topic],
    ['chunkRef', doc.topics[1].representative[1], d.chunkRef],
    ['vanished', doc.vanished[0], d.vanished],
    ['mergedFrom part', doc.topics[0].mergedFrom[0], d.topic.properties.mergedFrom.items],
    ['source', doc.sources[1], d.source],
    ['sourceRecord', doc.sources[1].record, d.sourceRecord],
    ['labelSuggestion', doc.topics[0].suggestions[0], d.labelSuggestion],
    ['themeSuggestion', doc.themeSuggestions[0], d.themeSuggestion],
    ['suggestionProvenance', doc.themeSuggestions[0].provenance, d.suggestionProvenance],
  ];
  for (const [name, value, def] of cases) {
    const { all, required } = keysOf(def);
    assert.deepEqual(Object.keys(value), all, `${name}: serializer key order = schema property order`);
    for (const k of required) assert.ok(k in value, `${name}.${k} required`);
  }
  // Optional keys are exactly the ones the validator treats as optional.
  assert.deepEqual(d.topic.properties.status.enum, ['new', 'kept', 'split', 'merged']);
  assert.deepEqual(schema.required, ['schemaVersion', 'run', 'themes', 'topics', 'unassigned', 'vanished', 'sources']);
  assert.deepEqual(d.topic.required.filter((k: string) => !['npmi', 'previous', 'mergedFrom', 'suggestions'].includes(k)), d.topic.required);
  assert.deepEqual(Object.keys(d.topic.properties).filter((k) => !d.topic.required.includes(k)), ['npmi', 'previous', 'mergedFrom', 'suggestions']);
  assert.deepEqual(Object.keys(d.run.properties).filter((k) => !d.run.required.includes(k)), ['artifact', 'refinements']);
  assert.deepEqual(Object.keys(schema.properties).filter((k) => !schema.required.includes(k)), ['$schema', 'themeSuggestions']);
  assert.deepEqual(Object.keys(d.chunkRef.properties).filter((k) => !d.chunkRef.required.includes(k)), ['time', 'cols']);
  assert.deepEqual(Object.keys(d.theme.properties).filter((k) => !d.theme.required.includes(k)), ['color']);
  assert.deepEqual(Object.keys(d.source.properties).filter((k) => !d.source.required.includes(k)), ['date', 'record']);
  assert.deepEqual(Object.keys(d.sourceRecord.properties).filter((k) => !d.sourceRecord.required.includes(k)), ['year', 'venue', 'doi', 'titleOnly']);
});

test('the manifest contributes the schema by name only where the name is ours (*.taxonomy.json) and never activates on any taxonomy.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // A bare taxonomy.json may be another project's file: the editor's schema squiggles would land on it. Ours is
  // recognised by content (src/taxonomy/recognize.ts) and gets the extension's own diagnostics.
  assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: ['*.taxonomy.json'], url: './schemas/taxonomy.schema.json' }]);
  assert.ok(!pkg.activationEvents.some((e: string) => e.startsWith('workspaceContains:')), 'no activation by file name');
});

test('documents validate against the JSON Schema (ajv) exactly when the store\'s validator accepts them', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const doc = full();
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  assert.ok(validate(JSON.parse(valid)), JSON.stringify(validate.errors));
  const broken: Array<[string, (d: ReturnType<typeof full>) => void]> = [
    ['missing schemaVersion', (d) => { delete d.schemaVersion; }],
    ['bad topic id', (d) => { d.topics[0].id = 'topic-1'; }],
    ['customLabel not a boolean', (d) => { d.topics[0].customLabel = 'yes'; }],
    ['unknown property', (d) => { d.topics[0].notes = 'x'; }],
    ['bad theme id', (d) => { d.themes[0].id = 'theme'; }],
    ['keyword not a [word, weight] pair', (d) => { d.topics[0].keywords[0] = ['a']; }],
    ['unknown status', (d) => { d.topics[0].status = 'gone'; }],
  ];
  for (const [what, spoil] of broken) {
    const d = full();
    spoil(d);
    assert.equal(validate(d), false, `${what}: the schema rejects it`);
    assert.equal(parseTaxonomy(JSON.stringify(d), 'x').ok, false, `${what}: the store's validator rejects it too`);
  }
  // The fixture with schema errors fails both ways as well.
  const bad = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/taxonomy/schema-errors.taxonomy.json'), 'utf8'));
  assert.equal(validate(bad), false);
});
