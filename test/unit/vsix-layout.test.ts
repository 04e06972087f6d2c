// What each platform's VSIX holds (scripts/vsix-layout.mjs, used by npm run package): its own ONNX Runtime binary and
// no other platform's, no source maps, no CLI bundle, and everything the extension loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RUNTIME_DIR, TARGETS, vsixFiles, vsixManifest, vsixName } from '../../scripts/vsix-layout.mjs';

const repo = process.cwd();
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown> & { name: string; version: string };
const NEEDED = ['README.md', 'LICENSE', 'CHANGELOG.md', 'dist/extension.js', 'dist/worker.js', 'dist/layout-worker.js', 'dist/webview.js', 'dist/codicons/codicon.ttf', 'media/icon.png', 'schemas/taxonomy.schema.json'];

test('the targets are the issue\'s platforms plus win32-arm64 and a universal fallback', () => {
  assert.deepEqual(Object.keys(TARGETS).sort(), ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'universal', 'win32-arm64', 'win32-x64']);
});

for (const [target, bin] of Object.entries(TARGETS)) {
  test(`${target}: its own native runtime only, no maps, no CLI bundle`, () => {
    const files = vsixFiles(repo, target);
    const to = files.map((f) => f.to);
    for (const f of files) assert.ok(fs.existsSync(f.from), `${f.from} does not exist`);
    assert.equal(new Set(to).size, to.length, 'a path is listed twice');
    for (const f of NEEDED) assert.ok(to.includes(f), `${f} is missing`);
    assert.deepEqual(to.filter((f) => f.endsWith('.map') || f === 'dist/cli.js' || f.endsWith('.ts')), []);
    assert.ok(!to.includes('package.json'), 'package.json is written by the packager (trimmed), not copied');
    const natives = to.filter((f) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(f));
    if (bin === null) {
      assert.deepEqual(natives, []);
      assert.deepEqual(to.filter((f) => f.startsWith(`${RUNTIME_DIR}/`)), []);
      return;
    }
    assert.ok(natives.length > 0);
    for (const f of natives) assert.ok(f.includes(`/bin/napi-v3/${bin}/`), `${f} belongs to another platform`);
    assert.equal(natives.filter((f) => f.endsWith('onnxruntime_binding.node')).length, 1);
    // The versioned copy of libonnxruntime.so.1 is left out (the binding links the .so.1 name).
    assert.deepEqual(natives.filter((f) => /\.so\.\d+\.\d+\.\d+$/.test(f)), []);
    for (const f of [`${RUNTIME_DIR}/onnxruntime-node/dist/index.js`, `${RUNTIME_DIR}/onnxruntime-node/package.json`, `${RUNTIME_DIR}/onnxruntime-common/dist/cjs/index.js`, `${RUNTIME_DIR}/onnxruntime-common/package.json`]) {
      assert.ok(to.includes(f), `${f} is missing`);
    }
  });
}

test('the VSIX manifest drops the npm package fields vsce rejects or does not need', () => {
  const m = vsixManifest(pkg);
  for (const k of ['files', 'bin', 'scripts', 'devDependencies', 'dependencies', 'optionalDependencies']) assert.ok(!(k in m), k);
  for (const k of ['name', 'publisher', 'version', 'engines', 'main', 'contributes', 'repository', 'license']) assert.deepEqual(m[k], pkg[k], k);
  assert.equal(vsixName(pkg, 'linux-x64'), `${pkg.name}-linux-x64-${pkg.version}.vsix`);
  assert.equal(vsixName(pkg, 'universal'), `${pkg.name}-${pkg.version}.vsix`);
});
