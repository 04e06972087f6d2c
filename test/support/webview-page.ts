// Loads the built panel (dist/webview.js + media/panel.css, the host's exact HTML and CSP) in headless Debian chromium
// from a loopback server, with a stubbed acquireVsCodeApi and a fake extension host that answers like the real one.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderPanelHtml, makeNonce } from '../../src/host/panel/html';
import { buildHierarchy, buildMapMessage, chunkItem, chunkPage, computePrevalence } from '../../src/host/panel/state';
import { checkWebviewMessage, type HostMessage, type PanelUiState, type WebviewMessage } from '../../src/protocol';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';
import { themeCss, type ThemeKind } from './vscode-themes';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = process.cwd();

export function chromiumMissing(): string | false {
  // CI installs chromium before the unit tests (npm test runs scripts/setup-e2e.sh first): there, missing is a failure.
  if (process.env.CI) return false;
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install -y chromium, or scripts/setup-e2e.sh)`;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'webview.js'))) return 'dist/webview.js is missing: run npm run build first';
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json', '.svg': 'image/svg+xml' };

export interface PanelServer { origin: string; close(): Promise<void> }

/** Serves / (the panel HTML for ?theme=dark|light), /dist/**, /media/** and /theme/<kind>.css. */
export async function startServer(): Promise<PanelServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host}`;
    if (url.pathname === '/') {
      const asked = url.searchParams.get('theme');
      const kind: ThemeKind = asked === 'light' || asked === 'high-contrast' ? asked : 'dark';
      const html = renderPanelHtml({
        cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/panel.css`,
        codiconUri: `${origin}/dist/codicons/codicon.css`,
      })
        // VS Code injects the theme variables itself; here a stylesheet from the same origin stands in for it.
        .replace('<title>', `<link rel="stylesheet" href="${origin}/theme/${kind}.css">\n<title>`)
        .replace('<body>', `<body class="vscode-${kind}" data-vscode-theme-kind="vscode-${kind}">`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(html);
    }
    const theme = /^\/theme\/(dark|light|high-contrast)\.css$/.exec(url.pathname);
    if (theme) {
      res.writeHead(200, { 'content-type': 'text/css' });
      return res.end(themeCss(theme[1] as ThemeKind));
    }
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    if (!/^(dist|media)[/\\]/.test(rel)) { res.writeHead(404); return res.end(); }
    const file = path.join(ROOT, rel);
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); return res.end(); }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** Typed arrays cross page.evaluate as tagged plain arrays and are rebuilt in the page, as postMessage would deliver them. */
function encode(m: HostMessage): unknown {
  return JSON.parse(JSON.stringify(m, (_k, v) => {
    if (v instanceof Float32Array) return { __typed: 'Float32Array', data: Array.from(v) };
    if (v instanceof Int32Array) return { __typed: 'Int32Array', data: Array.from(v) };
    return v;
  }));
}

export interface PanelPage {
  page: Page;
  /** Every message the webview posted, in order. */
  posted: WebviewMessage[];
  send(m: HostMessage): Promise<void>;
  /** Resolves with the first message matching pred posted at or after index since (default: from now on). */
  waitForPosted(pred: (m: WebviewMessage) => boolean, since?: number, timeoutMs?: number): Promise<WebviewMessage>;
  close(): Promise<void>;
}

export interface OpenOptions {
  theme?: ThemeKind;
  uiState?: Partial<PanelUiState>;
  taxonomy: Taxonomy | null;
  artifact?: RunArtifact;
  /** Answer curation actions with ok (default) or with this error. */
  refuseWith?: string;
  viewport?: { width: number; height: number };
}

export async function openPanel(browser: Browser, server: PanelServer, o: OpenOptions): Promise<PanelPage> {
  const page = await browser.newPage({ viewport: o.viewport ?? { width: 1280, height: 800 } });
  const posted: WebviewMessage[] = [];
  const waiters: Array<{ pred: (m: WebviewMessage) => boolean; resolve: (m: WebviewMessage) => void }> = [];
  const send = async (m: HostMessage) => {
    await page.evaluate((msg) => {
      const revive = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(revive);
        if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (o.__typed === 'Float32Array') return new Float32Array(o.data as number[]);
          if (o.__typed === 'Int32Array') return new Int32Array(o.data as number[]);
          return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
        }
        return v;
      };
      window.postMessage(revive(msg), '*');
    }, encode(m));
  };
  const answer = async (m: WebviewMessage) => {
    const a = o.artifact;
    if (m.type === 'ready') {
      const t = o.taxonomy;
      await send({ type: 'state', state: { folder: 'fixture-talks', taxonomyPath: 'taxonomy.json', taxonomy: t, problems: [], prevalence: t ? computePrevalence(t) : null, hasArtifact: !!a } });
      await send(a ? buildMapMessage(a, t ?? undefined) : { type: 'noMap' });
    } else if (m.type === 'requestChunks') {
      if (a) await send({ type: 'chunks', requestId: m.requestId, topicId: m.topicId, offset: m.offset, ...chunkPage(a, m.topicId, m.offset, m.limit) });
    } else if (m.type === 'requestHierarchy') {
      const tree = a && o.taxonomy ? buildHierarchy(a, o.taxonomy) : null;
      await send(tree ? { type: 'hierarchy', requestId: m.requestId, tree } : { type: 'error', requestId: m.requestId, message: 'No run artifact' });
    } else if (m.type === 'requestExcerpt') {
      await send({ type: 'excerpt', requestId: m.requestId, item: a ? chunkItem(a, m.index) : null });
    } else if ('requestId' in m) {
      await send({ type: 'result', requestId: m.requestId, ok: !o.refuseWith, ...(o.refuseWith ? { error: o.refuseWith } : {}) });
    }
  };
  await page.exposeFunction('__lmHostReceive', (m: WebviewMessage) => {
    // The host's own run-time check: every message the panel sends must pass it, or the host would drop it.
    const c = checkWebviewMessage(m);
    if (!c.ok) throw new Error(`the panel sent a message the host drops: ${c.reason}`);
    posted.push(m);
    for (const w of waiters.splice(0)) {
      if (w.pred(m)) w.resolve(m);
      else waiters.push(w);
    }
    void answer(m).catch(() => undefined);
  });
  await page.addInitScript((ui) => {
    const w = window as unknown as Record<string, unknown>;
    let state: unknown = ui;
    w.__lmAlerts = 0;
    w.__lmViolations = [];
    window.alert = () => { (w.__lmAlerts as number)++; };
    document.addEventListener('securitypolicyviolation', (e) => (w.__lmViolations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => (w.__lmHostReceive as (m: unknown) => void)(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s: unknown) => { state = s; w.__lmUiState = s; },
    });
  }, o.uiState ?? null);
  await page.goto(`${server.origin}/?theme=${o.theme ?? 'dark'}`);
  return {
    page, posted, send,
    waitForPosted: (pred, since = posted.length, timeoutMs = 5000) => {
      const hit = posted.slice(since).find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for a posted message matching ${pred.toString()}; last posted: ${JSON.stringify(posted.slice(-3))}`)), timeoutMs);
        waiters.push({ pred, resolve: (m) => { clearTimeout(t); resolve(m); } });
      });
    },
    close: () => page.close(),
  };
}
