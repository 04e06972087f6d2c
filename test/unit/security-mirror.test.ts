// Issue 8, the model mirror setting (literatureMap.embedding.mirror → settings.embedding.remoteHost): only http(s) URLs
// are accepted; anything else is refused with a sentence before any model is loaded or any request is made — also in
// 'auto', where a load failure would otherwise quietly fall back to LSA. Empty means "no mirror" (the default).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { normalizeRemoteHost } from '../../src/pipeline/embedding/transformers';
import { embedChunks } from '../../src/pipeline/embedding';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings, DEFAULT_SETTINGS } from '../../src/pipeline/settings';
import { PipelineError } from '../../src/pipeline/errors';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { tmpDir } from '../support/reliability-fixtures';

const REFUSED: Array<[string, RegExp]> = [
  ['file:///etc/passwd', /^The model mirror "file:\/\/\/etc\/passwd" must be an http:\/\/ or https:\/\/ address \(setting: remote host\)\.$/],
  ['javascript:alert(1)', /^The model mirror "javascript:alert\(1\)" must be an http:\/\/ or https:\/\/ address/],
  ['ftp://mirror.example.org/hf/', /^The model mirror "ftp:\/\/mirror\.example\.org\/hf\/" must be an http:\/\/ or https:\/\/ address/],
  ['data:text/plain,hello', /must be an http:\/\/ or https:\/\/ address/],
  ['ws://mirror.example.org/', /must be an http:\/\/ or https:\/\/ address/],
  ['', /^The model mirror "" is not a URL: set an http:\/\/ or https:\/\/ address/],
  ['   ', /is not a URL/],
  ['not a url', /^The model mirror "not a url" is not a URL/],
  ['mirror.example.org', /is not a URL/],
  ['//mirror.example.org/', /is not a URL/],
  ['http://', /is not a URL/],
  ['http://exa mple.org/', /is not a URL/],
];
const ACCEPTED: Array<[string, string]> = [
  ['https://huggingface.co', 'https://huggingface.co/'],
  ['http://localhost:8080/hf', 'http://localhost:8080/hf/'],
  ['HTTPS://Mirror.Example.ORG/models/', 'https://mirror.example.org/models/'],
];

const settingPattern = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8'));
  return new RegExp(pkg.contributes.configuration.properties['literatureMap.embedding.mirror'].pattern);
})();

test(`the mirror check refuses ${REFUSED.length} non-http(s) values with a sentence naming the value`, () => {
  for (const [value, message] of REFUSED) {
    assert.throws(() => normalizeRemoteHost(value), (e: unknown) => e instanceof PipelineError && message.test(e.message), JSON.stringify(value));
  }
});

test('http and https mirrors are accepted and normalised with a trailing slash', () => {
  for (const [value, normal] of ACCEPTED) assert.equal(normalizeRemoteHost(value), normal);
});

test('the Settings UI pattern in package.json agrees with the pipeline check (empty = no mirror)', () => {
  for (const [value] of REFUSED) {
    if (value === '') continue;
    // The UI pattern is a first line of defence; it may be looser for odd URLs, but never for another scheme.
    if (/^[a-z]+:/i.test(value) && !/^https?:/i.test(value)) assert.doesNotMatch(value, settingPattern, value);
  }
  // The UI pattern is case-sensitive about the scheme (HTTPS:// gets a squiggle but still works): stricter is harmless.
  for (const [value] of ACCEPTED) if (/^https?:/.test(value)) assert.match(value, settingPattern, value);
  assert.match('', settingPattern, 'empty is the default: no mirror');
});

test('a bad mirror stops the embedding before any model load, also in auto (no silent LSA fallback)', async () => {
  const chunks = [{ text: 'a chunk', textHash: 'h1' }];
  for (const backend of ['auto', 'transformers'] as const) {
    for (const bad of ['file:///tmp/models', 'javascript:alert(1)', 'garbage']) {
      const logs: string[] = [];
      await assert.rejects(
        embedChunks(chunks, { ...DEFAULT_SETTINGS.embedding, backend, remoteHost: bad }, { seed: 42, onLog: (l) => { logs.push(l); } }),
        (e: unknown) => e instanceof PipelineError && e.message.includes(JSON.stringify(bad)),
        `${backend} ${bad}`,
      );
      assert.deepEqual(logs.filter((l) => /loading|download|fetch/i.test(l)), [], 'nothing was loaded');
    }
  }
});

test('through a whole run: the user reads the mirror message, nothing is produced', async (t) => {
  const dir = tmpDir('mirror', t);
  const corpus = writeSyntheticCorpus(path.join(dir, 'corpus'), { filesPerSubject: 2, paragraphsPerFile: 4 });
  const settings = resolveSettings({ embedding: { backend: 'auto', remoteHost: 'file:///etc' }, hdbscan: { minClusterSize: 5 } });
  await assert.rejects(runTopicModel({ kind: 'folder', root: corpus }, settings, { cacheDir: path.join(dir, 'cache') }),
    (e: unknown) => e instanceof PipelineError && /^The model mirror "file:\/\/\/etc" must be an http:\/\/ or https:\/\/ address/.test(e.message));
  assert.equal(fs.existsSync(path.join(dir, 'cache', 'models')), false, 'no model folder was created');
});
