// package.json's run-time dependencies are exactly what the shipped bundles require at run time, and every package the
// source imports is declared (bundled libraries as devDependencies: they are build inputs, not install-time needs).
// onnxruntime-node is the one run-time dependency, and optional: without it the CLI maps with LSA (auto says so), and
// an install whose onnxruntime-node postinstall fails (it fetches CUDA libraries on linux-x64) still succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const repo = process.cwd();
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>; optionalDependencies: Record<string, string>; devDependencies: Record<string, string>;
};
const runtime = { ...pkg.dependencies, ...pkg.optionalDependencies };
const BUNDLES = ['extension.js', 'worker.js', 'layout-worker.js', 'cli.js'];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** 'a/b/c' → 'a', '@s/a/b' → '@s/a'. */
const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const isPackage = (spec: string) => !spec.startsWith('.') && !path.isAbsolute(spec) && !builtins.has(spec) && !builtins.has(spec.split('/')[0]);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|cjs|mjs|js)$/.test(e.name)) out.push(p);
  }
  return out;
}

test('run-time dependencies are exactly the packages the bundles require at run time (besides vscode)', () => {
  const required = new Set<string>();
  for (const b of BUNDLES) {
    const file = path.join(repo, 'dist', b);
    assert.ok(fs.existsSync(file), `${file} is missing: run npm run build first`);
    const code = fs.readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) if (isPackage(m[1])) required.add(packageName(m[1]));
    // A computed require would hide a dependency from this check: the bundles have none outside the wrapped libraries'.
    for (const m of code.matchAll(/\b__require\(\s*[^"'\s)]/g)) assert.fail(`${b} has a computed require at ${m.index}`);
  }
  required.delete('vscode');
  assert.deepEqual([...required].sort(), Object.keys(runtime).sort());
});

test('every package the source imports is declared', () => {
  const declared = new Set([...Object.keys(runtime), ...Object.keys(pkg.devDependencies), 'vscode']);
  const missing: string[] = [];
  for (const dir of ['src', 'webview']) {
    for (const file of walk(path.join(repo, dir))) {
      const code = fs.readFileSync(file, 'utf8');
      const specs = [...code.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*|^import\s+)["']([^"']+)["']/gm)].map((m) => m[1]);
      for (const s of specs) if (isPackage(s) && !declared.has(packageName(s))) missing.push(`${path.relative(repo, file)}: ${s}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('onnxruntime-node is the version transformers.js was built against', () => {
  const tf = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules', '@huggingface', 'transformers', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(runtime['onnxruntime-node'], tf.dependencies['onnxruntime-node']);
});
