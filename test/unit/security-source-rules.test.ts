// Issue 8, rules over the source tree: no code from strings (eval, new Function, string timers), no HTML from data
// (innerHTML and friends), Markdown tooltips that cannot run commands or HTML, and a panel CSP without unsafe-* or remote
// sources. Grep-based on purpose: it covers files written after this test, and says which line broke the rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { contentSecurityPolicy, renderPanelHtml } from '../../src/host/panel/html';

const repo = process.cwd();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name !== 'node_modules') walk(p); } else if (/\.(ts|tsx|js|mjs|cjs)$/.test(e.name)) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** Code without comments and string contents, so a comment saying "no innerHTML" is not a hit. Lines are kept. */
function codeOnly(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, (m) => `'${' '.repeat(Math.max(0, m.length - 2))}'`);
}

interface Rule { name: string; re: RegExp }
const RULES: Rule[] = [
  { name: 'eval(', re: /(^|[^\w.$])eval\s*\(/ },
  { name: 'new Function(', re: /\bnew\s+Function\s*\(/ },
  { name: 'Function( constructor call', re: /(^|[^\w.$])Function\s*\(\s*['"`]/ },
  { name: 'setTimeout/setInterval with a string', re: /\bset(Timeout|Interval)\s*\(\s*['"`]/ },
  { name: 'innerHTML/outerHTML assignment', re: /\.(innerHTML|outerHTML)\s*\+?=/ },
  { name: 'insertAdjacentHTML', re: /\binsertAdjacentHTML\s*\(/ },
  { name: 'document.write', re: /\bdocument\.write(ln)?\s*\(/ },
  { name: 'createContextualFragment', re: /\bcreateContextualFragment\s*\(/ },
  { name: 'srcdoc', re: /\bsrcdoc\b/ },
];
/** file:line entries allowed to break a rule, with the reason. None needed so far. */
const ALLOW: Record<string, string> = {};

test('no source file under src/ or webview/ builds code from strings or HTML from data', () => {
  const files = [...sourceFiles(path.join(repo, 'src')), ...sourceFiles(path.join(repo, 'webview'))];
  assert.ok(files.length > 50, `found ${files.length} source files`);
  const hits: string[] = [];
  for (const f of files) {
    const lines = codeOnly(fs.readFileSync(f, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const r of RULES) {
        const where = `${path.relative(repo, f)}:${i + 1}`;
        if (r.re.test(line) && !ALLOW[where]) hits.push(`${where}: ${r.name}`);
      }
    });
  }
  assert.deepEqual(hits, [], `rule broken:\n${hits.join('\n')}`);
});

test('the rules catch what they are meant to (the scanner is not blind)', () => {
  const bad = ['eval(x)', 'new Function("a", b)', 'el.innerHTML = label', 'el.outerHTML += s', 'setTimeout("go()", 1)', 'document.write(s)', 'n.insertAdjacentHTML("beforeend", s)'];
  for (const b of bad) assert.ok(RULES.some((r) => r.re.test(codeOnly(b))), b);
  const fine = ['// no innerHTML = here', 'const evaluate = (x) => x', "const s = 'eval(x)'", 'retrieval(x)', 'el.textContent = label'];
  for (const f of fine) assert.ok(!RULES.some((r) => r.re.test(codeOnly(f))), f);
});

test('the webview bundle that runs under the CSP holds no eval or new Function (the CSP would block it anyway)', { skip: fs.existsSync(path.join(repo, 'dist/webview.js')) ? false : 'dist/webview.js not built' }, () => {
  const js = fs.readFileSync(path.join(repo, 'dist/webview.js'), 'utf8');
  assert.doesNotMatch(js, /(^|[^\w.$])eval\s*\(|\bnew\s+Function\s*\(/);
});

test('Markdown tooltips in the host are never trusted and never render HTML; webviews never enable command links', () => {
  const hits: string[] = [];
  for (const f of sourceFiles(path.join(repo, 'src'))) {
    const src = fs.readFileSync(f, 'utf8');
    const rel = path.relative(repo, f);
    const made = (src.match(/new\s+vscode\.MarkdownString\s*\(/g) ?? []).length;
    if (made > 0) {
      if ((src.match(/\.isTrusted\s*=\s*false/g) ?? []).length < made) hits.push(`${rel}: a MarkdownString without isTrusted = false`);
      if ((src.match(/\.supportHtml\s*=\s*false/g) ?? []).length < made) hits.push(`${rel}: a MarkdownString without supportHtml = false`);
    }
    if (/isTrusted\s*[:=]\s*true|supportHtml\s*[:=]\s*true/.test(src)) hits.push(`${rel}: trusted or HTML Markdown`);
    if (/enableCommandUris\s*:\s*true/.test(src)) hits.push(`${rel}: a webview with command links`);
  }
  assert.deepEqual(hits, []);
});

test('the panel CSP: nothing by default, scripts and styles only by nonce or from the extension, no unsafe-*, no remote hosts', () => {
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'N0nce123');
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'nonce-N0nce123'"]);
  assert.doesNotMatch(csp, /unsafe-(eval|inline|hashes)|wasm-unsafe|\*/);
  for (const [k, v] of directives) {
    for (const src of v) {
      assert.ok(src === "'none'" || src.startsWith("'nonce-") || src === 'data:' || src === 'https://file+.vscode-resource.vscode-cdn.net', `${k} allows ${src}`);
    }
  }
  assert.equal(directives.has('connect-src') || directives.has('frame-src'), false, 'no fetches or frames: default-src none covers them');
  // The shell itself carries no data, and what it carries is attribute-escaped.
  const html = renderPanelHtml({ cspSource: 'x', nonce: 'n', scriptUri: 'a"><script>alert(1)</script>', styleUri: 's', codiconUri: 'c' });
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script element, ours');
  assert.ok(html.includes('a&quot;&gt;&lt;script&gt;'));
});
