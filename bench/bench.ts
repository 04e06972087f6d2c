// `npm run bench`: median stage times, peak RSS and quality on the BERTopic reference and a synthetic scale series.
// Each run is a fresh process (peak RSS is per run). Prints a table and writes bench/results/latest.json.
// Usage: npm run bench [-- --runs N] [-- --scale 5000,20000,100000]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const runs = Number(opt('runs', '3'));
const scale = opt('scale', '5000,20000,100000').split(',').filter(Boolean).map(Number);
const caseScript = path.join(__dirname, 'bench-case.js');
const haveRef = fs.existsSync(path.resolve(process.cwd(), '..', 'shared', 'reference', 'sotu-bertopic', 'embeddings.f32'));

type Row = Record<string, number | string>;
function runCase(argv: string[]): Row {
  const r = spawnSync(process.execPath, ['--max-old-space-size=6144', caseScript, ...argv], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench case ${argv.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const cases: Array<{ name: string; argv: string[]; runs: number }> = [];
if (haveRef) cases.push({ name: 'reference 15,038 × 128', argv: ['reference'], runs });
else console.log('reference data (../shared/reference/sotu-bertopic) not found: reference case skipped');
for (const n of scale) cases.push({ name: `synthetic ${n.toLocaleString('en')} × 384`, argv: ['synthetic', String(n), '384'], runs: n >= 100000 ? 1 : runs });

const results: Record<string, unknown>[] = [];
const fields = ['knn', 'umap5', 'hdbscan', 'describe', 'score', 'umap2', 'reduceClusterDescribe', 'peakRssMb', 'ari', 'diversity', 'npmi', 'outlierShare', 'topics'];
for (const c of cases) {
  const rows: Row[] = [];
  for (let i = 0; i < c.runs; i++) {
    const row = runCase(c.argv);
    rows.push(row);
    console.log(`${c.name} run ${i + 1}/${c.runs}: ${JSON.stringify(row)}`);
  }
  const med: Record<string, number> = {};
  for (const f of fields) {
    const xs = rows.map((r) => r[f]).filter((x): x is number => typeof x === 'number');
    if (xs.length) med[f] = median(xs);
  }
  results.push({ case: c.name, runs: c.runs, median: med });
}

console.log('\nmedians (seconds; peak RSS in MB):');
console.log(['case', ...fields].join('\t'));
for (const r of results) {
  const m = r.median as Record<string, number>;
  console.log([r.case, ...fields.map((f) => (m[f] === undefined ? '-' : f === 'peakRssMb' || f === 'topics' ? m[f].toFixed(0) : m[f].toFixed(f === 'ari' || f === 'diversity' || f === 'npmi' || f === 'outlierShare' ? 4 : 2)))].join('\t'));
}
const out = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  results,
};
fs.mkdirSync(path.join(process.cwd(), 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(process.cwd(), 'bench', 'results', 'latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log('wrote bench/results/latest.json');
