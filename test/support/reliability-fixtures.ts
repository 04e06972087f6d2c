// Shared by the reliability and security suites: the built CLI as a user runs it, and a taxonomy made by a first good
// run whose bytes every later bad run must leave alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSyntheticCorpus } from './synthetic-corpus';

export const repo = process.cwd();
export const bin = path.join(repo, 'bin', 'literature-map.js');

export function tmpDir(prefix: string, t?: { after: (fn: () => void) => void }): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `lm-${prefix}-`));
  t?.after(() => {
    // A test may leave a read-only folder behind; make it removable first.
    try { fs.chmodSync(d, 0o755); } catch { /* gone already */ }
    fs.rmSync(d, { recursive: true, force: true });
  });
  return d;
}

export interface CliResult { code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null }

/** Runs the built CLI; a hang fails the test (timeout) instead of blocking the suite. */
export function runCli(args: string[], opts: { timeoutMs?: number; nodeArgs?: string[] } = {}): CliResult {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), bin, ...args], {
    cwd: repo, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, LITERATURE_MAP_DEBUG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

export function mapArgs(folder: string, out: string, cacheDir: string, extra: string[] = []): string[] {
  return ['map', folder, '--embedding', 'lsa', '--out', out, '--cache-dir', cacheDir, '--quiet', '--verbose', ...extra];
}

export const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

/** Every entry of a folder (one level) with the sha256 of each file: bytes and temp files both show up in a diff. */
export function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    out[name] = fs.statSync(p).isFile() ? sha256(fs.readFileSync(p)) : 'dir';
  }
  return out;
}

export interface GoodRun {
  /** The corpus the first run mapped. */
  corpus: string;
  /** Holds taxonomy.json and nothing else. */
  outDir: string;
  taxonomy: string;
  bytes: Buffer;
  cacheDir: string;
}

/** A valid taxonomy.json made by a first good CLI run on a generated three-subject corpus. */
export function goodRun(root: string): GoodRun {
  const corpus = writeSyntheticCorpus(path.join(root, 'good corpus'), { filesPerSubject: 4, paragraphsPerFile: 5 });
  const outDir = path.join(root, 'repo');
  fs.mkdirSync(outDir);
  const taxonomy = path.join(outDir, 'taxonomy.json');
  const cacheDir = path.join(root, 'cache');
  const r = runCli(mapArgs(corpus, taxonomy, cacheDir));
  assert.equal(r.code, 0, `the first good run must succeed: ${r.stderr}`);
  return { corpus, outDir, taxonomy, bytes: fs.readFileSync(taxonomy), cacheDir };
}

/** The previous taxonomy is byte for byte as the good run left it, and nothing else (a temp file) appeared next to it. */
export function assertTaxonomyUntouched(g: GoodRun, what: string): void {
  assert.ok(fs.readFileSync(g.taxonomy).equals(g.bytes), `${what}: taxonomy.json bytes changed`);
  assert.deepEqual(fs.readdirSync(g.outDir), ['taxonomy.json'], `${what}: only taxonomy.json next to it (no temp files)`);
}

/**
 * A `node -r` preload that makes every write into `dir` fail with `code` (what a read-only or full disk does), for the
 * CLI in a child process, where the test cannot stub fs. Root ignores chmod, so this is how CI sees a read-only disk.
 */
export function writeFaultPreload(at: string, dir: string, code: string): string {
  const file = path.join(at, `fault-${code}.cjs`);
  fs.writeFileSync(file, `
const fs = require('node:fs');
const path = require('node:path');
const dir = ${JSON.stringify(path.resolve(dir))};
const inDir = (p) => path.dirname(path.resolve(String(p))) === dir;
const fail = () => Object.assign(new Error(${JSON.stringify(code)} + ': simulated by the test, ' + dir), { code: ${JSON.stringify(code)} });
for (const name of ['writeFileSync', 'openSync', 'renameSync']) {
  const real = fs[name];
  fs[name] = function (p, ...rest) {
    const writing = name !== 'openSync' || /[wa+]/.test(String(rest[0] ?? 'r'));
    if (writing && inDir(name === 'renameSync' ? rest[0] : p)) throw fail();
    return real.call(this, p, ...rest);
  };
}
`);
  return file;
}
