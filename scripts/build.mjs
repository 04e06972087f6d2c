// Builds every bundle with esbuild. Why bundles: lowdb is ESM-only and the extension host loads CJS; bundling also
// keeps the VSIX small. onnxruntime-node is native and stays external: the one run-time dependency, loaded from
// node_modules (the VSIX carries its own platform's copy, the CLI package installs it). sharp, which transformers.js
// imports for image models, is replaced by a stub: this extension embeds text only (see src/pipeline/embedding/no-sharp.cjs).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// fileURLToPath, not URL.pathname: a checkout path with a space or a non-ASCII letter stays percent-encoded in the
// pathname, and a Windows drive path would come out as /C:/….
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
// Test and bench tools stay external too: only the test bundles import them, from the repository's node_modules.
const external = ['vscode', 'onnxruntime-node', 'playwright-core', 'onnx-proto', 'fast-check', 'esbuild'];

function walk(dir, pred, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const node = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', external,
  logLevel: 'warning', absWorkingDir: root,
  alias: { sharp: path.join(root, 'src', 'pipeline', 'embedding', 'no-sharp.cjs') },
  // transformers.js reads import.meta.url in its ESM build; the CJS build we resolve to does not, but keep it defined.
  define: { 'import.meta.url': '__importMetaUrl', 'process.env.LM_TOOL_VERSION': JSON.stringify(pkg.version) },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const hostEntries = {
  extension: 'src/extension.ts',
  worker: 'src/pipeline/worker.ts',
  'layout-worker': 'src/pipeline/umap/layout-worker.ts',
  'compute-worker': 'src/host/compute-worker.ts',
  cli: 'src/cli/main.ts',
  // Run by git with plain node, copied into each clone by `literature-map git-setup` (src/git/setup.ts).
  'merge-driver': 'src/git/merge-driver.ts',
};
const entries = Object.fromEntries(Object.entries(hostEntries).filter(([, f]) => fs.existsSync(path.join(root, f))));

// `--runtime`: only what ships (dist/), for `npm pack` and `npm run package`; tests and benchmarks are skipped.
const runtimeOnly = process.argv.includes('--runtime');
const tests = runtimeOnly ? [] : walk(path.join(root, 'test'), (p) => /\.(test|suite|helper)\.ts$/.test(p) || /test[\\/](support|e2e|suite)[\\/].*\.ts$/.test(p));
const bench = runtimeOnly ? [] : walk(path.join(root, 'bench'), (p) => p.endsWith('.ts'));

// A test renamed or deleted in test/ must not keep running from an old bundle (node --test runs all of out/test/unit).
if (!runtimeOnly) fs.rmSync(path.join(root, 'out', 'test'), { recursive: true, force: true });

// One broken test file must not stop every other suite from building: on failure, build file by file, report the
// broken ones and fail the build at the end.
let failed = false;
async function buildTests(files) {
  const opts = { ...node, outdir: 'out/test', outbase: 'test' };
  try {
    await esbuild.build({ ...opts, entryPoints: files, logLevel: 'silent' });
  } catch {
    await Promise.all(files.map((f) => esbuild.build({ ...opts, entryPoints: [f] }).catch(() => { failed = true; })));
  }
}

const builds = [
  esbuild.build({ ...node, entryPoints: entries, outdir: 'dist' }),
  tests.length && buildTests(tests),
  bench.length && esbuild.build({ ...node, entryPoints: bench, outdir: 'out/bench', outbase: 'bench' }),
];
const webviewEntry = path.join(root, 'webview', 'main.ts');
if (fs.existsSync(webviewEntry)) {
  builds.push(esbuild.build({
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: 'linked', logLevel: 'warning',
    absWorkingDir: root, entryPoints: { webview: 'webview/main.ts' }, outdir: 'dist',
    loader: { '.css': 'text' },
  }));
}
await Promise.all(builds.filter(Boolean));
if (failed) process.exit(1);
// The panel loads codicons from dist (its localResourceRoots), never from node_modules or the network.
fs.mkdirSync(path.join(root, 'dist', 'codicons'), { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) {
  fs.copyFileSync(path.join(root, 'node_modules', '@vscode', 'codicons', 'dist', f), path.join(root, 'dist', 'codicons', f));
}
