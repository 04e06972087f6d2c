// The extension as a user gets it: `npm run package` builds the linux-x64 VSIX, code-server installs it into a fresh
// extensions folder outside the repository (no repository node_modules on any module path), and the palette maps a
// folder twice — with LSA, then with the tiny generated BERT as a local model folder, so onnxruntime-node's native
// binary is loaded from inside the installed extension — then the panel opens. A worker that dies fails the test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO, launchBrowser, log, runCommand, screenshot, startCodeServer, waitForFile, waitForWorkbench } from './harness';
import { FIXTURE_SETTINGS } from './fixtures';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { writeTinyBert } from '../support/tiny-bert';

interface TaxonomyFile {
  run: { embedding: { backend: string; model: string } };
  topics: Array<{ label: string }>;
}

const TARGET = 'linux-x64';

/** Every folder from `dir` up to the file-system root: none may hold a node_modules the installed extension could use. */
function reachableNodeModules(dir: string): string[] {
  const found: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'node_modules'))) found.push(path.join(d, 'node_modules'));
    if (path.dirname(d) === d) return found;
  }
}

/** Rejects as soon as a notification says the worker died or the run failed, so a crash fails fast and by name. */
function watchForCrash(page: Page): { failed: Promise<never>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      void page.locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')
        .allTextContents()
        .then((texts) => {
          const bad = texts.find((t) => /stopped unexpectedly|Could not load the embedding model/i.test(t));
          if (bad) reject(new Error(`the extension reported: ${bad}`));
        })
        .catch(() => undefined);
    }, 1000);
  });
  failed.catch(() => undefined);
  return { failed, stop: () => clearInterval(timer) };
}

async function mapViaPalette(page: Page, ws: string, crash: Promise<never>, ok: (t: TaxonomyFile) => boolean): Promise<TaxonomyFile> {
  await runCommand(page, 'Literature Map: Map Topics in Folder…');
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(ws) }).first();
  await pick.waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  const text = await Promise.race([
    waitForFile(path.join(ws, 'taxonomy.json'), (t) => {
      try { const tax = JSON.parse(t) as TaxonomyFile; return tax.topics.length > 0 && ok(tax); } catch { return false; }
    }, 180000),
    crash,
  ]);
  return JSON.parse(text) as TaxonomyFile;
}

export async function vsixTest(): Promise<void> {
  // Outside the repository: the VSIX, the extensions dir, the workspace and the model.
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-vsix-e2e-'));
  const stray = reachableNodeModules(base);
  if (stray.length) throw new Error(`node_modules reachable from ${base}: ${stray.join(', ')}; the test would not prove the VSIX self-contained`);
  const pkg = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'package.mjs'), '--target', TARGET, '--out', path.join(base, 'vsix'), '--no-build'], { encoding: 'utf8' });
  if (pkg.status !== 0) throw new Error(`npm run package failed: ${pkg.stderr || pkg.stdout}`);
  log(`vsix: ${pkg.stdout.trim()}`);
  const vsix = fs.readdirSync(path.join(base, 'vsix')).filter((f) => f.endsWith('.vsix')).map((f) => path.join(base, 'vsix', f));
  if (vsix.length !== 1) throw new Error(`expected one VSIX, found ${vsix.length}`);

  const ws = path.join(base, 'ws');
  fs.mkdirSync(ws);
  writeSyntheticCorpus(ws, { filesPerSubject: 4, paragraphsPerFile: 6 });
  const model = path.join(base, 'tiny-bert');
  writeTinyBert(model);

  const cs = await startCodeServer({ name: 'vsix', settings: FIXTURE_SETTINGS, vsix, runRoot: base, env: { NODE_PATH: '' } });
  const { browser, page } = await launchBrowser(cs).catch(async (e) => { await cs.stop(); throw e; });
  const crash = watchForCrash(page);
  try {
    const installed = fs.readdirSync(path.join(cs.runDir, 'ext')).filter((d) => d.startsWith('literature-map.'));
    if (installed.length !== 1) throw new Error(`installed extensions: ${installed.join(', ') || 'none'}`);
    const binding = path.join(cs.runDir, 'ext', installed[0], 'dist', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v3', 'linux', 'x64', 'onnxruntime_binding.node');
    if (!fs.existsSync(binding)) throw new Error(`the installed extension has no ${path.relative(cs.runDir, binding)}`);
    await page.goto(cs.url(ws));
    await waitForWorkbench(page);
    log(`vsix: workbench up with ${installed[0]}`);

    const lsa = await mapViaPalette(page, ws, crash.failed, (t) => t.run.embedding.backend === 'lsa');
    log(`vsix: LSA run wrote ${lsa.topics.length} topics`);

    // The second run: the tiny BERT from a local folder, strictly (a load failure is an error, never a fallback).
    // A reload makes the window read the new workspace settings, instead of racing the settings file watcher.
    fs.mkdirSync(path.join(ws, '.vscode'));
    fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({
      'literatureMap.embedding.backend': 'transformers', 'literatureMap.embedding.localModelPath': model,
    }));
    const reloaded = page.waitForEvent('load', { timeout: 60000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await waitForWorkbench(page);
    const bert = await mapViaPalette(page, ws, crash.failed, (t) => t.run.embedding.backend === 'transformers');
    if (!bert.run.embedding.model.includes('tiny-bert')) throw new Error(`the second run used ${bert.run.embedding.model}, not the local tiny BERT`);
    log(`vsix: tiny-BERT run wrote ${bert.topics.length} topics (${bert.run.embedding.model})`);

    await runCommand(page, 'Literature Map: Open Panel');
    const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await Promise.race([frame.getByText(bert.topics[0].label.slice(0, 20)).first().waitFor({ timeout: 60000 }), crash.failed]);
    log('vsix: the panel shows the topics');
    await screenshot(page, 'vsix-panel');
    const logs = path.join(cs.runDir, 'user-data', 'logs');
    const crashed = fs.existsSync(logs) && grepTree(logs, /topic model worker stopped unexpectedly/);
    if (crashed) throw new Error(`the worker crashed (${crashed})`);
  } catch (e) {
    await screenshot(page, 'vsix-failure').catch(() => undefined);
    throw e;
  } finally {
    crash.stop();
    await browser.close().catch(() => undefined);
    await cs.stop();
  }
  // Passed: nothing to look into afterwards (a failure leaves the folder for a post-mortem).
  fs.rmSync(base, { recursive: true, force: true });
}

/** The first file under `dir` whose text matches `re`, or undefined. */
function grepTree(dir: string, re: RegExp): string | undefined {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const hit = grepTree(p, re);
      if (hit) return hit;
    } else if (re.test(fs.readFileSync(p, 'utf8'))) return p;
  }
  return undefined;
}
