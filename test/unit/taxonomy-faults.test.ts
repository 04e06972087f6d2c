// Issue 8, taxonomy faults: every broken file on disk gets a message with its position, and its bytes stay as they
// are whatever the extension tries (an edit, a new run's result).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TaxonomyReadOnlyError, TaxonomyStore } from '../../src/taxonomy/store';
import { renameTheme } from '../../src/taxonomy/operations';
import { parseTaxonomy } from '../../src/taxonomy/serialize';

const valid = fs.readFileSync(path.resolve(process.cwd(), 'test/fixtures/taxonomy/valid.taxonomy.json'), 'utf8');

interface Fault {
  name: string;
  text: string;
  /** First problem as "line:column message". */
  expect: RegExp;
}

const faults: Fault[] = [
  { name: 'empty file', text: '', expect: /^1:1 The file is empty/ },
  { name: 'truncated (half-written by another tool)', text: valid.slice(0, 1500), expect: /^68:22 Invalid JSON: Unexpected end of file \(the file looks truncated\)$/ },
  { name: 'trailing comma', text: valid.replace('"vanished": [],', '"vanished": [],,'), expect: /^145:18 Invalid JSON: Unexpected ','/ },
  { name: 'comment', text: valid.replace('{\n', '{\n  // my notes\n'), expect: /^2:3 Invalid JSON: Unexpected '\/': expected a property name/ },
  { name: 'git conflict markers', text: valid.replace('  "themes": [\n', '<<<<<<< HEAD\n  "themes": [\n=======\n  "themes": [ ],\n>>>>>>> main\n'), expect: /^55:1 Git merge conflict marker "<<<<<<<"/ },
  { name: 'wrong type', text: valid.replace('"customLabel": true', '"customLabel": "yes"'), expect: /^68:22 topics\[0\]\.customLabel: must be true or false, found a string/ },
  { name: 'missing field', text: valid.replace('      "description": "Climate and energy",\n', ''), expect: /^56:5 themes\[0\]: missing required property "description"/ },
  { name: 'theme names a topic that does not exist', text: valid.replace('"topics": ["t-ef36d3e3"]', '"topics": ["t-ef36d3e3", "t-12345678"]'), expect: /^61:32 themes\[0\]\.topics\[1\]: topic "t-12345678" does not exist/ },
  { name: 'duplicate topic id', text: valid.replace('"id": "t-831e950d"', '"id": "t-ef36d3e3"'), expect: /topics\[1\]\.id: duplicate topic id "t-ef36d3e3"/ },
  { name: 'topic in a theme twice', text: valid.replace('"topics": ["t-ef36d3e3"]', '"topics": ["t-ef36d3e3", "t-ef36d3e3"]'), expect: /topic "t-ef36d3e3" is listed twice in theme "Environment"/ },
  { name: 'duplicate key', text: valid.replace('"name": "Environment",', '"name": "Environment", "name": "Nature",'), expect: /^58:30 Invalid JSON: Duplicate property "name"/ },
  { name: 'newer schema version', text: valid.replace('"schemaVersion": 2', '"schemaVersion": 7'), expect: /^3:20 schemaVersion: schema version 7 is newer/ },
  { name: 'bad topic id', text: valid.replace('"id": "t-831e950d"', '"id": "topic-2"'), expect: /"topic-2" is not a topic id/ },
  { name: 'unknown property (typo)', text: valid.replace('"note": "",', '"note": "", "notes": "x",'), expect: /unknown property "notes"/ },
  { name: 'binary garbage', text: '\u0000\u0001PK\u0003\u0004', expect: /^1:1 Invalid JSON: Unexpected/ },
];

test(`taxonomy faults: ${faults.length} broken files are reported and never overwritten`, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = parseTaxonomy(valid, 'v');
  assert.ok(good.ok);
  for (const [i, f] of faults.entries()) {
    const file = path.join(dir, `f${i}.taxonomy.json`);
    fs.writeFileSync(file, f.text);
    const store = await TaxonomyStore.open(file);
    const first = store.problems[0];
    assert.ok(first, `${f.name}: a problem is reported`);
    assert.equal(first.file, file);
    assert.match(`${first.line}:${first.column} ${first.message}`, f.expect, f.name);
    await assert.rejects(store.apply((x) => renameTheme(x, 'th-106f6771', 'Edited')), TaxonomyReadOnlyError, f.name);
    await assert.rejects(store.replace(good.taxonomy), TaxonomyReadOnlyError, f.name);
    assert.equal(fs.readFileSync(file, 'utf8'), f.text, `${f.name}: bytes unchanged`);
    store.dispose();
  }
  assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temp files left');
  t.diagnostic(`tried ${faults.length} taxonomy faults`);
});
