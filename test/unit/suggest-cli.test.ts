// `literature-map suggest` as a user runs it (the built bin) against a loopback OpenAI-compatible server: the preview
// sends nothing, a real run records suggestions without touching labels, a second run is served from the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { serializeTaxonomy, parseTaxonomy } from '../../src/taxonomy/serialize';
import { makeRun, many } from '../support/taxonomy-runs';
import { chatCompletion, startMockChatServer } from '../support/mock-chat-server';

const bin = path.join(process.cwd(), 'bin', 'literature-map.js');

// Asynchronous on purpose: the mock server answers from this process's event loop.
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

function setUp(): { dir: string; file: string; cache: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-suggest-cli-'));
  const { taxonomy } = taxonomyFromRun(makeRun([
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 4)] },
    { path: 'b.txt', chunks: [...many(2, 5)] },
  ]));
  const file = path.join(dir, 'taxonomy.json');
  fs.writeFileSync(file, serializeTaxonomy(taxonomy));
  return { dir, file, cache: path.join(dir, 'cache') };
}

test('suggest: --dry-run sends nothing; a run records suggestions; asking again sends nothing and changes no byte', async () => {
  const { dir, file, cache } = setUp();
  const before = fs.readFileSync(file, 'utf8');
  const server = await startMockChatServer((req) => ({
    body: chatCompletion(JSON.stringify(/Group these/.test(JSON.stringify(req.body))
      ? { themes: [{ name: 'Everything', definition: 'All of it.', topics: [1, 2, 3] }] }
      : { label: 'A label', description: 'One sentence.', quote: 'climate carbon emissions', excerpt: 1 })),
  }));
  try {
    const common = ['suggest', dir, '--endpoint', server.url, '--model', 'mock', '--topics', 'all', '--cache-dir', cache];
    const dry = await cli([...common, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Would send 3 request\(s\) to 127\.0\.0\.1:\d+ \(model mock\)/);
    assert.equal(server.requests.length, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), before);

    const first = await cli([...common, '--themes', '2', '--api-key-env', 'LM_TEST_KEY'], { LM_TEST_KEY: 'sk-secret' });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(server.requests.length, 4);
    assert.equal(server.requests[0].headers.authorization, 'Bearer sk-secret');
    const after = fs.readFileSync(file, 'utf8');
    assert.ok(!after.includes('sk-secret'), 'the key never reaches the file');
    const parsed = parseTaxonomy(after, file);
    assert.ok(parsed.ok);
    assert.ok(parsed.taxonomy.topics.every((tp) => tp.suggestions?.length === 1 && tp.label !== 'A label'));

    const second = await cli([...common, '--themes', '2']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(server.requests.length, 4, 'served from the cache');
    assert.equal(fs.readFileSync(file, 'utf8'), after);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('suggest: bad arguments and an unreachable server are one line, exit 2, the file untouched', async () => {
  const { dir, file } = setUp();
  const before = fs.readFileSync(file, 'utf8');
  try {
    const cases: Array<[string[], RegExp]> = [
      [[dir, '--model', 'm'], /--endpoint is required/],
      [[dir, '--endpoint', 'ftp://x', '--model', 'm'], /only http:\/\/ and https:\/\/ endpoints/],
      [[dir, '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm', '--api-key-env', 'LM_UNSET_VAR_X'], /LM_UNSET_VAR_X \(--api-key-env\) is not set/],
      [[dir, '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm', '--no-labels', '--themes', '2'], /127\.0\.0\.1:9: cannot connect/],
      [[path.join(dir, 'nope.json'), '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm'], /nope\.json: no such file/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(['suggest', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
