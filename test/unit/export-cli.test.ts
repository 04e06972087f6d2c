// `literature-map export`: exit 0 with the same bytes as the golden files, 2 (UsageError / InputFileError, which main
// maps to exit 2) on bad arguments and invalid taxonomies. Spawns the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { exportCommand } from '../../src/cli/export-command';
import { UsageError } from '../../src/cli/args';
import { InputFileError } from '../../src/cli/io';
import { EXPORT_FIXTURES, FIXTURE_ARTIFACT, FIXTURE_TAXONOMY } from './export-fixture.helper';

const golden = (name: string) => fs.readFileSync(path.join(EXPORT_FIXTURES, 'golden', name), 'utf8');

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-export-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function captureStdout(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => { out += String(chunk); return true; }) as typeof process.stdout.write;
  try {
    return { code: await fn(), out };
  } finally {
    process.stdout.write = write;
  }
}

test('export writes each format to --out, byte-identical to the golden files', async (t) => {
  const dir = tmp(t);
  const cases: Array<[string[], string]> = [
    [['--format', 'md'], 'prevalence.md'],
    [['--format', 'csv'], 'prevalence.csv'],
    [['--format', 'latex'], 'prevalence.tex'],
    [['--format', 'json'], 'prevalence.json'],
    [['--format', 'svg'], 'prevalence.svg'],
    [['--format', 'csv', '--table', 'matrix'], 'source-topic-matrix.csv'],
    [['--format', 'csv', '--table', 'over-time', '--period', 'decade'], 'over-time-decade.csv'],
    [['--format', 'svg', '--table', 'over-time'], 'over-time.svg'],
    [['--format=svg', '--table=map', `--artifact=${FIXTURE_ARTIFACT}`], 'map.svg'],
  ];
  for (const [args, name] of cases) {
    const out = path.join(dir, name);
    assert.equal(await exportCommand([FIXTURE_TAXONOMY, ...args, '--out', out]), 0, args.join(' '));
    assert.equal(fs.readFileSync(out, 'utf8'), golden(name), name);
  }
});

test('export without --out prints to stdout', async () => {
  const r = await captureStdout(() => exportCommand([FIXTURE_TAXONOMY, '--format', 'md']));
  assert.equal(r.code, 0);
  assert.equal(r.out, golden('prevalence.md'));
});

test('bad arguments are usage errors (exit 2)', async () => {
  const bad: string[][] = [
    [],
    ['--format', 'md'],
    [FIXTURE_TAXONOMY],
    [FIXTURE_TAXONOMY, '--format', 'docx'],
    [FIXTURE_TAXONOMY, '--format', 'md', '--table', 'matrix'],
    [FIXTURE_TAXONOMY, '--format', 'latex', '--table', 'map'],
    [FIXTURE_TAXONOMY, '--format', 'csv', '--table', 'over-time', '--period', 'month'],
    [FIXTURE_TAXONOMY, '--format', 'csv', '--period', 'year'],
    [FIXTURE_TAXONOMY, '--format', 'md', '--bogus'],
    [FIXTURE_TAXONOMY, '--format'],
    [FIXTURE_TAXONOMY, FIXTURE_TAXONOMY, '--format', 'md'],
  ];
  for (const args of bad) await assert.rejects(exportCommand(args), UsageError, args.join(' '));
});

test('unreadable or invalid inputs are input-file errors naming file:line:col (exit 2)', async (t) => {
  const dir = tmp(t);
  await assert.rejects(exportCommand([path.join(dir, 'missing.json'), '--format', 'md']), (e: Error) =>
    e instanceof InputFileError && /missing\.json: no such file/.test(e.message));
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{\n  "schemaVersion": 1,\n  "run": ,\n}\n');
  await assert.rejects(exportCommand([broken, '--format', 'csv']), (e: Error) =>
    e instanceof InputFileError && new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: Invalid JSON`).test(e.message));
  const schema = path.join(EXPORT_FIXTURES, '../taxonomy/schema-errors.taxonomy.json');
  await assert.rejects(exportCommand([schema, '--format', 'md']), (e: Error) => e instanceof InputFileError && /schema-errors\.taxonomy\.json:\d+:\d+: /.test(e.message));
  const notArtifact = path.join(dir, 'a.json');
  fs.writeFileSync(notArtifact, '{"chunks": []}');
  await assert.rejects(exportCommand([FIXTURE_TAXONOMY, '--format', 'svg', '--table', 'map', '--artifact', notArtifact]), InputFileError);
});

test('the map without any artifact says how to get one', async (t) => {
  const prev = process.env.LITERATURE_MAP_CACHE;
  process.env.LITERATURE_MAP_CACHE = tmp(t);
  try {
    await assert.rejects(exportCommand([FIXTURE_TAXONOMY, '--format', 'svg', '--table', 'map']), (e: Error) =>
      e instanceof InputFileError && /--artifact FILE/.test(e.message));
  } finally {
    if (prev === undefined) delete process.env.LITERATURE_MAP_CACHE;
    else process.env.LITERATURE_MAP_CACHE = prev;
  }
});

const bin = path.resolve(process.cwd(), 'bin/literature-map.js');

test('the CLI exits 0 and 2', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'export', ...args], { encoding: 'utf8' });
  const ok = run(FIXTURE_TAXONOMY, '--format', 'csv');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, golden('prevalence.csv'));
  const badArgs = run(FIXTURE_TAXONOMY, '--format', 'pdf');
  assert.equal(badArgs.status, 2);
  assert.match(badArgs.stderr, /--format must be one of/);
  const invalid = run(path.join(EXPORT_FIXTURES, '../taxonomy/syntax-error.taxonomy.json'), '--format', 'md');
  assert.equal(invalid.status, 2);
  assert.match(invalid.stderr, /syntax-error\.taxonomy\.json:\d+:\d+: /);
});
