// The CLI as a research repository's CI gets it: `npm pack` of this package, installed into an empty prefix (its
// run-time dependencies from the npm cache, or the registry when the cache lacks their metadata), then run from there
// — map the example corpus, check it (and a stale copy), export, embed with the tiny BERT through the installed
// onnxruntime-node, and without that binary fall back to LSA with a notice instead of failing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTinyBert } from '../support/tiny-bert';

const repo = process.cwd();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-cli-package-'));
const prefix = path.join(tmp, 'prefix');
const installed = path.join(prefix, 'lib', 'node_modules', 'literature-map');
const corpus = path.join(tmp, 'corpus');

/** npm as a user runs it: none of the outer `npm test`'s npm_* variables (npm reads them as configuration). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  // As the README tells users: skip onnxruntime-node's fetch of CUDA libraries (it ships the CPU builds).
  return { ...env, ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip', ONNXRUNTIME_NODE_INSTALL: 'skip' };
}

function run(cmd: string, args: string[], cwd = tmp) {
  const r = spawnSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** The installed command, from outside the repository. */
const lm = (...args: string[]) => run(path.join(prefix, 'bin', 'literature-map'), args);

interface TaxonomyFile {
  run: { embedding: { backend: string; model: string } };
  topics: unknown[];
}
const readTaxonomy = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as TaxonomyFile;

test('the npm package installs into an empty prefix and runs map, check and export from there', async (t) => {
  assert.ok(fs.existsSync(path.join(repo, 'dist', 'cli.js')), 'dist/cli.js is missing: run npm run build first');
  let tarball = '';

  await t.test('npm pack: the launcher, the CLI bundles and the docs, nothing else', () => {
    // --ignore-scripts: prepack would rebuild dist/ while other test files may be reading it; npm test built it.
    const r = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], repo);
    assert.equal(r.code, 0, r.stderr);
    const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(tmp, info.filename);
    assert.deepEqual(info.files.map((f) => f.path).sort(),
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'bin/literature-map.js', 'dist/cli.js', 'dist/layout-worker.js', 'package.json']);
  });

  await t.test('npm install -g into an empty prefix: only the run-time dependency comes along', () => {
    const r = run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const deps = fs.readdirSync(path.join(installed, 'node_modules'));
    assert.ok(deps.includes('onnxruntime-node'), deps.join(', '));
    for (const bundled of ['@huggingface', 'lowdb', 'steno', 'sharp', 'esbuild']) assert.ok(!deps.includes(bundled), `${bundled} was installed`);
  });

  fs.cpSync(path.join(repo, 'examples', 'sotu-sample'), corpus, { recursive: true });
  const taxonomy = path.join(tmp, 'taxonomy.json');

  await t.test('map the example corpus with LSA, then check it: up to date, and stale after an edit', () => {
    const map = lm('map', corpus, '--embedding', 'lsa', '--out', taxonomy, '--cache-dir', path.join(tmp, 'cache'));
    assert.equal(map.code, 0, map.stderr);
    assert.ok(readTaxonomy(taxonomy).topics.length > 1);
    const ok = lm('check', corpus, '--taxonomy', taxonomy);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /up to date/);
    const first = fs.readdirSync(corpus).filter((f) => f.endsWith('.txt')).sort()[0];
    fs.appendFileSync(path.join(corpus, first), '\n\nA paragraph added after the taxonomy was made.\n');
    const stale = lm('check', corpus, '--taxonomy', taxonomy);
    assert.equal(stale.code, 1, stale.stdout + stale.stderr);
  });

  await t.test('export a prevalence table', () => {
    const out = path.join(tmp, 'prevalence.csv');
    const r = lm('export', taxonomy, '--format', 'csv', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.readFileSync(out, 'utf8').split('\n').length > 2);
  });

  const model = path.join(tmp, 'tiny-bert');
  writeTinyBert(model);
  // The embedding runs need only a few files: a small folder keeps them quick.
  const small = path.join(tmp, 'small');
  fs.mkdirSync(small);
  for (const f of fs.readdirSync(corpus).sort().slice(0, 6)) fs.copyFileSync(path.join(corpus, f), path.join(small, f));

  await t.test('the tiny BERT through the installed onnxruntime-node', () => {
    const out = path.join(tmp, 'taxonomy-bert.json');
    const r = lm('map', small, '--embedding', 'transformers', '--model', model, '--min-topic-size', '5', '--out', out, '--cache-dir', path.join(tmp, 'cache'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readTaxonomy(out).run.embedding.backend, 'transformers');
  });

  await t.test('without the native binary: auto falls back to LSA with a notice, transformers fails in one line', () => {
    const bin = path.join(installed, 'node_modules', 'onnxruntime-node', 'bin');
    fs.renameSync(bin, bin + '.gone');
    const out = path.join(tmp, 'taxonomy-auto.json');
    const auto = lm('map', small, '--embedding', 'auto', '--model', model, '--min-topic-size', '5', '--out', out);
    assert.equal(auto.code, 0, auto.stderr);
    assert.match(auto.stderr, /used the built-in LSA embedding instead.*onnxruntime-node\) is not installed or has no build for/);
    assert.equal(readTaxonomy(out).run.embedding.backend, 'lsa');
    const strict = lm('map', small, '--embedding', 'transformers', '--model', model, '--out', path.join(tmp, 'never.json'));
    assert.equal(strict.code, 2, strict.stderr);
    assert.match(strict.stderr, /^literature-map map: Could not load the embedding model .*onnxruntime-node/m);
    assert.doesNotMatch(strict.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(!fs.existsSync(path.join(tmp, 'never.json')));
  });

  fs.rmSync(tmp, { recursive: true, force: true });
});
