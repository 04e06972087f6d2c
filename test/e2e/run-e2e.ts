// `npm run test:e2e`: the in-editor mocha suites (test/suite), the side-panel UI test, the legibility test, the papers
// (bibliographic exports) UI test, the panel, suggestions and compare tests through the real workbench and the installed
// linux-x64 VSIX, each in a fresh code-server (`node out/test/e2e/run-e2e.js suites|ui|legible|biblio|panel|suggest|compare|vsix`
// runs one). Prints "N passed, N failed" last; exit code 1 on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { NODE24, REPO, isSetUp, log, startCodeServer, withPage } from './harness';
import { referenceFile } from '../support/reference';
import { legibleTest } from './legible-e2e';
import { uiTest } from './ui-test';
import { biblioUiTest } from './biblio-ui-test';
import { vsixTest } from './vsix-test';
import { FIXTURE_SETTINGS, fixtureWorkspace } from './fixtures';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';

type Counts = { passed: number; failed: number; failures: string[] };

type Group = 'main' | 'restricted' | 'scale';

/** `group` picks the suite files (test/suite/<group>*.suite.ts; 'main' = the rest); restricted: untrusted workspace. */
async function suites(group: Group, prepare: (ws: string) => Promise<void> | void = () => undefined): Promise<Counts> {
  const results = path.join(fs.mkdtempSync(path.join(REPO, '.vscode-test', 'results-')), 'suite.json');
  const cs = await startCodeServer({
    name: `suites-${group}`, settings: group === 'scale' ? SCALE_SETTINGS : FIXTURE_SETTINGS, args: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { LM_E2E_RESULTS: results, LM_LOG_TO_CONSOLE: '1', LM_E2E_SUITES: group }, restricted: group === 'restricted',
  });
  return await withPage(cs, `suites-${group}`, async (page) => {
    const ws = group === 'scale' ? fs.mkdtempSync(path.join(REPO, '.vscode-test', 'ws-scale-')) : fixtureWorkspace(group);
    await prepare(ws);
    const authority = `127.0.0.1:${cs.port}`;
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log('  [ext-host]', util.format(...(Array.isArray(args) ? args : [args]))));
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.goto(cs.url(ws, [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${REPO}`],
      ['extensionTestsPath', `vscode-remote://${authority}${REPO}/out/test/suite/index`],
      ['skipWelcome', 'true'],
    ]));
    const timeoutMs = Number(process.env.LM_E2E_SUITE_TIMEOUT_MS || 600000);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exit, new Promise<string>((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    log(`in-editor suites (${group}) finished: exit ${code}`);
    if (fs.existsSync(results)) {
      const counts = JSON.parse(fs.readFileSync(results, 'utf8')) as Counts;
      if (group === 'scale') afterScale(ws, path.dirname(results), counts);
      return counts;
    }
    return { passed: 0, failed: 1, failures: [`the suites did not report (exit ${code}; logs in ${cs.runDir})`] };
  });
}

/** A transcript whose name and text are markup: the tree must show it as text. */
async function prepareMain(ws: string): Promise<void> {
  const plain = fs.readdirSync(ws).filter((f) => f.endsWith('.txt')).sort()[0];
  const text = fs.readFileSync(path.join(ws, plain), 'utf8');
  fs.writeFileSync(path.join(ws, '<img src=x onerror=alert(1)>.txt'), '<script>alert(1)</script> **bold** [link](command:workbench.action.quit)\n\n' + text);
}

/**
 * The restricted-mode workspace already holds a taxonomy (mapped here, outside the editor) and a workspace setting that
 * points the model mirror at a file: URL, which restricted mode must ignore.
 */
async function prepareRestricted(ws: string): Promise<void> {
  const settings = resolveSettings({ chunkTokens: 40, hdbscan: { minClusterSize: 5 }, umap: { nNeighbors: 10 }, embedding: { backend: 'lsa' } });
  const run = await runTopicModel({ kind: 'folder', root: ws }, settings);
  fs.writeFileSync(path.join(ws, 'taxonomy.json'), serializeTaxonomy(taxonomyFromRun(run).taxonomy));
  fs.mkdirSync(path.join(ws, '.vscode'));
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'literatureMap.embedding.mirror': 'file:///etc/', 'literatureMap.embedding.localModelPath': '/etc' }));
}

/** The scale phase's settings; the CLI comparison in afterScale passes the same ones as flags. */
const SCALE_SETTINGS = { 'literatureMap.embedding.backend': 'lsa', 'literatureMap.minTopicSize': 15 };
const SCALE_CLI_FLAGS = ['--embedding', 'lsa', '--min-topic-size', '15'];

/**
 * The reference's 15,038 SOTU paragraphs as transcripts, one file per address with blank lines between paragraphs, in
 * the workspace and in a copy beside it for the CLI (the extension writes its taxonomy into the workspace).
 */
function prepareScale(ws: string): void {
  const file = referenceFile('paragraphs.json');
  if (!fs.existsSync(file)) throw new Error(`the scale phase needs the reference corpus: ${file} is missing`);
  const paragraphs = (JSON.parse(fs.readFileSync(file, 'utf8')) as { paragraphs: Array<{ file: string; text: string }> }).paragraphs;
  const byFile = new Map<string, string[]>();
  for (const p of paragraphs) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.text]);
  for (const dir of [ws, `${ws}-cli`]) {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, texts] of byFile) fs.writeFileSync(path.join(dir, `${path.basename(name).replace(/\.\w+$/, '')}.txt`), texts.join('\n\n') + '\n');
  }
}

/**
 * Prints the event-loop figures the scale suite measured, and checks the claim "same inputs, settings and seed give a
 * byte-identical taxonomy": the CLI on this Node maps the copy of the folder the extension (code-server's Node, a
 * forked worker) mapped, and the bytes must be equal.
 */
function afterScale(ws: string, resultsDir: string, counts: Counts): void {
  const figures = path.join(resultsDir, 'event-loop.json');
  if (fs.existsSync(figures)) {
    for (const [what, ms] of Object.entries(JSON.parse(fs.readFileSync(figures, 'utf8')) as Record<string, number>)) log(`event loop, ${what}: longest block ${ms} ms`);
  }
  const ext = path.join(resultsDir, 'extension.taxonomy.json');
  const out = path.join(resultsDir, 'cli.taxonomy.json');
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'literature-map.js'), 'map', `${ws}-cli`, ...SCALE_CLI_FLAGS, '--out', out, '--cache-dir', path.join(resultsDir, 'cli-cache'), '--quiet'], { encoding: 'utf8' });
  const node24 = spawnSync(NODE24, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const what = `CLI (Node ${process.version}) and extension (code-server's Node ${node24}) write the same bytes for the same 15k-chunk folder`;
  if (r.status !== 0 || !fs.existsSync(ext)) {
    counts.failed++; counts.failures.push(`${what}: the CLI exited ${r.status} (${r.stderr.trim().split('\n')[0]}) or the extension's file is missing`);
  } else if (!fs.readFileSync(ext).equals(fs.readFileSync(out))) {
    counts.failed++; counts.failures.push(`${what}: they differ (diff ${ext} ${out})`);
  } else {
    counts.passed++; log(`scale: ${what}: passed`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!isSetUp()) {
    log('installing code-server, Node 24 and chromium (scripts/setup-e2e.sh)');
    const r = spawnSync(path.join(REPO, 'scripts', 'setup-e2e.sh'), { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('scripts/setup-e2e.sh failed');
  }
  const bundles = ['extension.js', 'worker.js', 'compute-worker.js', 'webview.js'].filter((f) => !fs.existsSync(path.join(REPO, 'dist', f)));
  if (bundles.length) throw new Error(`dist/${bundles.join(', dist/')} missing: run npm run build first`);
  // Each phase leaves its code-server run dir and workspace for post-mortems; old ones go (not recent ones: another
  // test run may be using them right now).
  const vt = path.join(REPO, '.vscode-test');
  for (const e of fs.existsSync(vt) ? fs.readdirSync(vt) : []) {
    const p = path.join(vt, e);
    if (/^(run|ws|results)-/.test(e) && Date.now() - fs.statSync(p).mtimeMs > 2 * 3600 * 1000) fs.rmSync(p, { recursive: true, force: true });
  }
  let passed = 0;
  let failed = 0;
  const failures: string[] = [];
  const only = process.argv[2];
  const phases: Array<[Group, ((ws: string) => Promise<void> | void) | undefined]> = [['main', prepareMain], ['restricted', prepareRestricted], ['scale', prepareScale]];
  for (const [group, prepare] of phases) {
    if (only && only !== 'suites' && only !== group) continue;
    try {
      const s = await suites(group, prepare);
      passed += s.passed; failed += s.failed; failures.push(...s.failures);
    } catch (e) {
      failed++; failures.push(`in-editor suites (${group}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!only || only === 'ui') {
    try {
      await uiTest();
      passed++;
      log('ui: palette → map → side panel: passed');
    } catch (e) {
      failed++; failures.push(`ui: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!only || only === 'legible') {
    try {
      await legibleTest();
      passed++;
      log('legible: side panel rows, screenshots and excerpt positions: passed');
    } catch (e) {
      failed++; failures.push(`legible: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!only || only === 'biblio') {
    try {
      await biblioUiTest();
      passed++;
      log('biblio: papers in the side panel, excerpt opens the export at the record: passed');
    } catch (e) {
      failed++; failures.push(`biblio: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Standalone phases, each in its own process (each script's main block would run again inside this bundle).
  for (const phase of ['panel', 'suggest', 'granularity', 'compare', 'curation']) {
    if (only && only !== phase) continue;
    const script = path.join(__dirname, `${phase}-e2e.js`);
    if (!fs.existsSync(script)) {
      failed++; failures.push(`${phase}: ${script} is missing (npm run build)`);
      continue;
    }
    const r = spawnSync(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    process.stdout.write(r.stdout ?? '');
    const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.stdout ?? '');
    if (m && r.status === 0) passed += Number(m[1]);
    else {
      passed += m ? Number(m[1]) : 0;
      failed += m ? Math.max(1, Number(m[2])) : 1;
      failures.push(`${phase}: exit ${r.status}${m ? '' : ' (no result line)'}`);
    }
  }
  if (!only || only === 'vsix') {
    try {
      await vsixTest();
      passed++;
      log('vsix: installed VSIX → map (LSA) → map (tiny BERT, native ONNX Runtime) → panel: passed');
    } catch (e) {
      failed++; failures.push(`vsix: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const f of failures) console.log(`FAILED ${f}`);
  console.log(`e2e wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  });
}
