// What each platform's VSIX holds, as a list of files (source in the checkout → path inside the extension). Kept apart
// from scripts/package.mjs so tests can check the lists without packaging anything.
//
// Why a staged copy rather than the checkout: the VSIX must carry one platform's onnxruntime-node binary (the npm
// package holds six, ~208 MB), no source maps and no CLI bundle, while package.json's `files` field describes the npm
// CLI package (vsce refuses a `files` field next to an ignore file). onnxruntime goes under dist/node_modules/, where
// Node's resolution from dist/worker.js finds it first and where `vsce --no-dependencies` still packs it (it skips only
// the top-level node_modules).
import fs from 'node:fs';
import path from 'node:path';

/** vsce target → onnxruntime-node's bin folder (process.platform/process.arch). `universal` has no ONNX Runtime. */
export const TARGETS = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'darwin-x64': 'darwin/x64',
  'darwin-arm64': 'darwin/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
  universal: null,
};

/** Where the native runtime lives inside the extension. */
export const RUNTIME_DIR = 'dist/node_modules';

function walk(root, rel, out = []) {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(root, r, out);
    else out.push(r);
  }
  return out;
}

/** The folder npm installed `name` into (the checkout's node_modules). */
function packageDir(root, name) {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`${name} is not installed in ${path.join(root, 'node_modules')}: run npm ci`);
  return dir;
}

/**
 * The files of one VSIX: `{ from, to }` with `from` absolute and `to` relative to the extension root (forward slashes).
 * package.json is not listed: the packager writes a trimmed copy.
 */
export function vsixFiles(root, target) {
  if (!(target in TARGETS)) throw new Error(`unknown target "${target}"; one of ${Object.keys(TARGETS).join(', ')}`);
  const files = [];
  const add = (from, to) => files.push({ from, to });
  for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md']) add(path.join(root, f), f);
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');
  // The extension, its worker processes, the panel and its font; never the CLI bundle, source maps or anything a
  // previous packaging left under dist/node_modules.
  for (const f of walk(root, 'dist')) {
    if (f.endsWith('.map') || f === 'dist/cli.js' || f.startsWith(`${RUNTIME_DIR}/`)) continue;
    add(path.join(root, f), f);
  }
  for (const dir of ['media', 'schemas']) for (const f of walk(root, dir)) add(path.join(root, f), f);
  const bin = TARGETS[target];
  if (bin) {
    // onnxruntime-node: its JS, and the native folder of this platform only. The binding links libonnxruntime.so.1 (its
    // DT_NEEDED); libonnxruntime.so.<version> beside it is a byte-identical copy, left out (21 MB on linux-x64).
    const ort = packageDir(root, 'onnxruntime-node');
    add(path.join(ort, 'package.json'), `${RUNTIME_DIR}/onnxruntime-node/package.json`);
    for (const f of walk(ort, 'dist')) if (f.endsWith('.js')) add(path.join(ort, f), `${RUNTIME_DIR}/onnxruntime-node/${f}`);
    const napi = walk(ort, 'bin').filter((f) => f.startsWith('bin/napi-v') && f.slice(0, f.lastIndexOf('/')).endsWith(`/${bin}`));
    if (!napi.some((f) => f.endsWith('onnxruntime_binding.node'))) throw new Error(`onnxruntime-node has no binary for ${bin}`);
    for (const f of napi) {
      if (/\.so\.\d+\.\d+\.\d+$/.test(f) && napi.includes(f.replace(/(\.so\.\d+)\.\d+\.\d+$/, '$1'))) continue;
      add(path.join(ort, f), `${RUNTIME_DIR}/onnxruntime-node/${f}`);
    }
    // onnxruntime-common, which onnxruntime-node requires: its CommonJS build only.
    const common = packageDir(root, 'onnxruntime-common');
    add(path.join(common, 'package.json'), `${RUNTIME_DIR}/onnxruntime-common/package.json`);
    for (const f of walk(common, 'dist/cjs')) {
      if (f.endsWith('.js') || f.endsWith('/package.json')) add(path.join(common, f), `${RUNTIME_DIR}/onnxruntime-common/${f}`);
    }
  }
  return files;
}

/** package.json as the VSIX carries it: without the npm package's fields (`files` would make vsce refuse). */
export function vsixManifest(pkg) {
  const out = { ...pkg };
  for (const k of ['files', 'bin', 'scripts', 'devDependencies', 'dependencies', 'optionalDependencies', 'private']) delete out[k];
  return out;
}

/** The VSIX file name for a target, as vsce would name it. */
export function vsixName(pkg, target) {
  return target === 'universal' ? `${pkg.name}-${pkg.version}.vsix` : `${pkg.name}-${target}-${pkg.version}.vsix`;
}
