// The build scripts work from any checkout path: a copy of the checkout under a folder whose name has a space and a
// non-ASCII letter builds, packages and regenerates the example corpus there (a root taken from URL.pathname would
// stay percent-encoded and miss every file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = process.cwd();

function node(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('a checkout under "Literatür map" (space, non-ASCII) builds, packages and makes the example corpus', () => {
  const ls = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' });
  assert.equal(ls.status, 0, `git ls-files failed: ${ls.stderr}`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-path-'));
  const copy = path.join(base, 'Literatür map', 'checkout');
  try {
    for (const f of ls.stdout.split('\0').filter(Boolean)) {
      const from = path.join(repo, f);
      if (!fs.existsSync(from) || fs.lstatSync(from).isSymbolicLink()) continue;
      fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      fs.copyFileSync(from, path.join(copy, f));
    }
    // The installed packages are not what is under test: link them rather than copy 700 MB.
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

    const build = node(['scripts/build.mjs'], copy);
    assert.equal(build.code, 0, build.out);
    const version = node([path.join(copy, 'bin', 'literature-map.js'), '--version'], base);
    assert.equal(version.code, 0, version.out);

    const pkg = node(['scripts/package.mjs', '--target', 'universal', '--no-build'], copy);
    assert.equal(pkg.code, 0, pkg.out);
    const vsix = fs.readdirSync(path.join(copy, 'vsix')).filter((f) => f.endsWith('.vsix'));
    assert.equal(vsix.length, 1, pkg.out);

    // Regenerated in place, the example corpus comes out byte-identical to the committed one.
    const corpus = node(['scripts/make-example-corpus.mjs'], copy);
    assert.equal(corpus.code, 0, corpus.out);
    const files = fs.readdirSync(path.join(repo, 'examples', 'sotu-sample')).sort();
    assert.deepEqual(fs.readdirSync(path.join(copy, 'examples', 'sotu-sample')).sort(), files);
    for (const f of files) {
      assert.ok(fs.readFileSync(path.join(copy, 'examples', 'sotu-sample', f)).equals(fs.readFileSync(path.join(repo, 'examples', 'sotu-sample', f))), f);
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
