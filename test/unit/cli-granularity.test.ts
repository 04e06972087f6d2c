// The CLI's granularity: `map` says a collapsed map out loud and lists better options, `auto` (the folder default)
// records its choice and is deterministic, `sweep` prints the option table (--json), bad flags exit 2 with one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCollapsedCorpus } from '../support/collapsed-corpus';

const repo = process.cwd();
const bin = path.join(repo, 'bin', 'literature-map.js');
const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-cli-granularity-'));
const corpus = makeCollapsedCorpus(path.join(d, 'corpus'));
const cache = path.join(d, 'cache');

test('map with the fixed min topic size 10 on a collapsing folder says so and lists better options', () => {
  const r = cli(['map', corpus, '--embedding', 'lsa', '--min-topic-size', '10', '--out', path.join(d, 'fixed.json'), '--cache-dir', cache, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^This map collapsed: [1-4] topics?, the largest holding \d+% of all chunks\./m);
  const listed = r.stdout.split('\n').filter((l) => /^ {2}min size \d+, (eom|leaf).* — \d+ topics, \d+% outliers, largest \d+%, NPMI /.test(l));
  assert.ok(listed.length >= 3, r.stdout);
  const t = JSON.parse(fs.readFileSync(path.join(d, 'fixed.json'), 'utf8'));
  assert.equal(t.run.settings.hdbscan.minClusterSize, 10);
  assert.equal(t.run.settings.hdbscan.auto, undefined);
});

test('map defaults to auto on a folder: ≥ 8 topics, the choice and rule recorded, byte-identical twice', () => {
  const outs = ['a.json', 'b.json'].map((n) => path.join(d, n));
  for (const out of outs) {
    const r = cli(['map', corpus, '--embedding', 'lsa', '--out', out, '--cache-dir', cache, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^min topic size auto → min size \d+, (eom|leaf)/m);
    assert.doesNotMatch(r.stdout, /collapsed/);
  }
  const [a, b] = outs.map((f) => fs.readFileSync(f));
  assert.ok(a.equals(b), 'auto is deterministic');
  const t = JSON.parse(a.toString('utf8'));
  assert.ok(t.topics.length >= 8, `${t.topics.length} topics`);
  assert.equal(t.run.settings.hdbscan.minClusterSize, 'auto');
  assert.equal(t.run.settings.hdbscan.auto.rule, 'npmi-coverage-balance-v1');
  assert.ok(Number.isInteger(t.run.settings.hdbscan.auto.minClusterSize));
});

test('sweep prints the option table, --json the options with the auto pick', () => {
  const r = cli(['sweep', corpus, '--embedding', 'lsa', '--cache-dir', cache, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { chunks: number; auto: number; options: Array<{ minClusterSize: number; method: string; topics: number; largestShare: number; outlierShare: number; npmi: number }> };
  assert.ok(j.options.length >= 10);
  const pick = j.options[j.auto];
  assert.ok(pick.topics >= 8 && pick.largestShare <= 0.35 && pick.outlierShare <= 0.45, JSON.stringify(pick));
  assert.ok(j.options.some((o) => o.minClusterSize === 10 && o.method === 'eom' && o.topics < 5), 'the collapsed default is in the table');
  const table = cli(['sweep', corpus, '--embedding', 'lsa', '--cache-dir', cache, '--quiet']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /min size min_samples selection topics outliers +largest +NPMI@10 +div@25/);
  assert.equal(table.stdout.split('\n').filter((l) => l.endsWith('← auto')).length, 1);
});

test('bad granularity flags: one line, exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['map', corpus, '--min-topic-size', '10', '--cluster-selection', 'tree'], /--cluster-selection must be one of eom, leaf/],
    [['map', corpus, '--min-topic-size', 'auto', '--min-samples', '5'], /need a numeric --min-topic-size/],
    [['map', corpus, '--cluster-selection', 'leaf'], /need a numeric --min-topic-size/],
    [['map', corpus, '--min-topic-size', '1'], /--min-topic-size must be between 2/],
    [['map', corpus, '--min-topic-size', 'some'], /--min-topic-size must be an integer/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test.after(() => fs.rmSync(d, { recursive: true, force: true }));
