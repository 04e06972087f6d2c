// Issue 8, whole-run bad inputs: the folder as a whole is bad (empty, nothing readable, too little text, a symlink
// loop, a pipe, duplicates, odd names, a file or the folder vanishing mid-read). Through the built CLI against a
// taxonomy.json made by a first good run: each case asserts the message the user reads and the previous file's bytes.
import { test, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import { PipelineError } from '../../src/pipeline/errors';
import { parseTaxonomy } from '../../src/taxonomy/serialize';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { assertTaxonomyUntouched, goodRun, mapArgs, runCli, tmpDir, writeFaultPreload, type GoodRun } from '../support/reliability-fixtures';

let root: string;
let good: GoodRun;
let tried = 0;
before(() => {
  root = tmpDir('whole-run');
  good = goodRun(root);
});
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
  console.log(`bad inputs tried: ${tried}`);
});

const SENTENCE = 'We talked about compost and tomato seedlings in the greenhouse today.';
const canFifo = (() => {
  try {
    execFileSync('mkfifo', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A folder (under the test root) filled by `make`. */
function folder(name: string, make: (dir: string) => void): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  make(dir);
  return dir;
}

function copyOfGood(name: string): string {
  const dir = path.join(root, name);
  fs.cpSync(good.corpus, dir, { recursive: true });
  return dir;
}

interface Refused { name: string; make: () => string; message: RegExp; log?: RegExp }

const refused: Refused[] = [
  {
    name: 'empty folder',
    make: () => folder('empty', () => undefined),
    message: /^literature-map map: No readable transcripts in .*\/empty\. Supported: \.txt, \.md, \.vtt, \.srt, Whisper \.json, and bibliographic exports .*\.$/m,
    log: /read 0 files \(0 B\) from .*; 0 skipped/,
  },
  {
    name: 'only unsupported and binary files',
    make: () => folder('unsupported', (d) => {
      fs.writeFileSync(path.join(d, 'scan.pdf'), '%PDF-1.7\n%\u00e2\u00e3\n');
      fs.writeFileSync(path.join(d, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      fs.writeFileSync(path.join(d, 'data.txt'), Buffer.from([0x68, 0x69, 0x00, 0x01, 0x02, 0x03]));
      fs.writeFileSync(path.join(d, 'empty.vtt'), '');
    }),
    message: /^literature-map map: No readable transcripts in .*\/unsupported \(4 files skipped; see the log\)\. Supported:/m,
    log: /skipped data\.txt: binary content \(NUL byte at offset 2\)[\s\S]*skipped empty\.vtt: empty file \(0 bytes\)[\s\S]*skipped scan\.pdf: unsupported file type \(\.pdf\)/,
  },
  {
    name: 'a 1-file corpus (one short transcript)',
    make: () => folder('one-file', (d) => fs.writeFileSync(path.join(d, 'talk.txt'), `${SENTENCE}\n`)),
    message: /^literature-map map: Too little text: 1 chunk from 1 file; topic modelling needs at least 5 \(the minimum topic size; 5 is the smallest `auto` tries\)\. Add transcripts or lower the minimum topic size\.$/m,
  },
  {
    name: 'a 3-chunk corpus',
    make: () => folder('three-chunks', (d) => {
      for (const n of ['a.txt', 'b.md', 'c.txt']) fs.writeFileSync(path.join(d, n), `${SENTENCE} (${n})\n`);
    }),
    message: /^literature-map map: Too little text: 3 chunks from 3 files; topic modelling needs at least 5 /m,
  },
  {
    name: 'the folder is a symbolic link loop',
    make: () => {
      const link = path.join(root, 'loop');
      fs.symlinkSync('loop', link);
      return link;
    },
    message: /^literature-map map: .*\/loop: a symbolic link loop \(the link points back at itself\), not a folder$/m,
  },
  {
    name: 'the folder is a link to a missing folder',
    make: () => {
      const link = path.join(root, 'dangling');
      fs.symlinkSync(path.join(root, 'nowhere'), link);
      return link;
    },
    message: /^literature-map map: .*\/dangling: no such folder$/m,
  },
];

if (canFifo) {
  refused.push({
    name: 'only a named pipe called talk.txt (opening it would block forever)',
    make: () => folder('fifo-only', (d) => execFileSync('mkfifo', [path.join(d, 'talk.txt')])),
    message: /^literature-map map: No readable transcripts in .*\/fifo-only \(1 files? skipped; see the log\)/m,
    log: /skipped talk\.txt: not a regular file \(a pipe, socket or device\); not read/,
  });
}

for (const c of refused) {
  test(`refused: ${c.name} → exit 2 with a message; the previous taxonomy untouched`, () => {
    tried++;
    const dir = c.make();
    const r = runCli(mapArgs(dir, good.taxonomy, good.cacheDir), { timeoutMs: 30_000 });
    assert.equal(r.signal, null, `${c.name}: the run hung and was killed`);
    assert.equal(r.code, 2, `${c.name}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, c.message);
    if (c.log) assert.match(r.stderr, c.log);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack trace for a bad input');
    assert.equal(r.stdout, '', 'nothing claims to have been written');
    assertTaxonomyUntouched(good, c.name);
  });
}

test('duplicate files (a copied transcript, same content under another name): used once; the taxonomy is byte-identical', () => {
  tried++;
  const dir = copyOfGood('duplicates');
  const first = fs.readdirSync(dir).sort()[0];
  fs.mkdirSync(path.join(dir, 'copies'));
  fs.copyFileSync(path.join(dir, first), path.join(dir, 'copies', `copy of ${first}`));
  fs.copyFileSync(path.join(dir, first), path.join(dir, `zz ${first}`));
  const r = runCli(mapArgs(dir, good.taxonomy, good.cacheDir));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^2 files skipped \(--verbose lists them\)$/m);
  assert.match(r.stderr, new RegExp(`skipped copies/copy of ${first.replace('.', '\\.')}: duplicate of ${first.replace('.', '\\.')} \\(identical content\\); only the first is used`));
  assert.match(r.stderr, new RegExp(`skipped zz ${first.replace('.', '\\.')}: duplicate of`));
  // A copy adds nothing: same sources, same chunks, same topics — the file is rewritten with the very same bytes.
  assertTaxonomyUntouched(good, 'duplicates');
});

test('a symbolic link loop inside the folder is read once and named; the taxonomy is byte-identical', () => {
  tried++;
  const dir = copyOfGood('inner-loop');
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
  fs.symlinkSync('.', path.join(dir, 'self'));
  const r = runCli(mapArgs(dir, good.taxonomy, good.cacheDir), { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /skipped self: symbolic link to a folder already read \(the corpus root\): a loop or an alias; not read again/);
  assert.match(r.stderr, /skipped sub\/up: symbolic link to a folder already read \(the corpus root\)/);
  assertTaxonomyUntouched(good, 'inner loop');
});

test('a named pipe among the transcripts is named and never opened; the run completes', { skip: canFifo ? false : 'mkfifo is not available' }, () => {
  tried++;
  const dir = copyOfGood('with-fifo');
  execFileSync('mkfifo', [path.join(dir, 'live stream.vtt')]);
  const r = runCli(mapArgs(dir, good.taxonomy, good.cacheDir), { timeoutMs: 30_000 });
  assert.equal(r.signal, null, 'the run blocked on the pipe');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /skipped live stream\.vtt: not a regular file \(a pipe, socket or device\); not read/);
  assert.match(r.stdout, /^1 files? skipped/m);
  assertTaxonomyUntouched(good, 'fifo');
});

test('paths with spaces and Unicode (folder, files and --out in a folder that does not exist yet) are read and recorded exactly', () => {
  tried++;
  const dir = path.join(root, 'talks — Ünïcødé 東京', 'with space');
  const names = ['café talk №1.txt', 'Größe & <b>bold.md', '東京 meetup.vtt', 'emoji 🎙️ episode.srt', "it's \"quoted\".json"];
  fs.mkdirSync(dir, { recursive: true });
  // The good corpus's files, renamed: every name odd, every format still present.
  const src = fs.readdirSync(good.corpus).sort();
  src.forEach((f, i) => {
    const ext = path.extname(f);
    const base = names.find((n) => path.extname(n) === ext) ?? `x ${i}${ext}`;
    fs.copyFileSync(path.join(good.corpus, f), path.join(dir, `${i} ${base.replace(/\.[^.]+$/, '')}${ext}`));
  });
  const out = path.join(root, 'out — ünï', 'new folder', 'taxonomy.json');
  const r = runCli(mapArgs(dir, out, good.cacheDir));
  assert.equal(r.code, 0, r.stderr);
  const parsed = parseTaxonomy(fs.readFileSync(out, 'utf8'), out);
  assert.ok(parsed.ok, 'a valid taxonomy');
  assert.deepEqual(parsed.taxonomy.sources.map((s) => s.path).sort(), fs.readdirSync(dir).sort(), 'source paths recorded exactly');
  assert.ok(parsed.taxonomy.topics.length >= 2);
  assertTaxonomyUntouched(good, 'unicode paths (another --out)');
});

test('a file deleted while the run reads it: named in the log, the run completes on the rest', async (t) => {
  tried++;
  const dir = writeSyntheticCorpus(path.join(root, 'vanishing'), { filesPerSubject: 4, paragraphsPerFile: 5 });
  const victim = fs.readdirSync(dir).sort()[3];
  const taxonomyBytes = fs.readFileSync(good.taxonomy);
  fs.copyFileSync(good.taxonomy, path.join(dir, 'taxonomy.json'));
  // The race made deterministic: the file exists when the folder is listed and is gone when it is opened.
  const realOpen = fsp.open;
  const open = mock.method(fsp, 'open', async (p: fs.PathLike, ...rest: unknown[]) => {
    if (String(p).endsWith(victim)) fs.rmSync(p as string, { force: true });
    return (realOpen as (...a: unknown[]) => Promise<fsp.FileHandle>)(p, ...rest);
  });
  t.after(() => open.mock.restore());
  const log: string[] = [];
  const run = await runTopicModel({ kind: 'folder', root: dir, ignore: ['taxonomy.json'] }, resolveSettings({ embedding: { backend: 'lsa' }, hdbscan: { minClusterSize: 5 } }), {
    onLog: (l) => log.push(l),
  });
  open.mock.restore();
  assert.deepEqual(run.skipped, [{ path: victim, reason: 'could not be opened (it no longer exists: deleted or moved while the folder was read)' }]);
  assert.ok(log.includes(`skipped ${victim}: could not be opened (it no longer exists: deleted or moved while the folder was read)`), log.join('\n'));
  assert.equal(run.sources.length, 11);
  assert.ok(run.topics.length >= 2);
  assert.ok(fs.readFileSync(path.join(dir, 'taxonomy.json')).equals(taxonomyBytes), 'the taxonomy in the folder is never written by a run');
});

test('the folder itself deleted between starting the run and reading it: a PipelineError naming the folder', async () => {
  tried++;
  const dir = writeSyntheticCorpus(path.join(root, 'deleted-root'), { filesPerSubject: 1, paragraphsPerFile: 1 });
  await assert.rejects(
    runTopicModel({ kind: 'folder', root: dir }, resolveSettings({ embedding: { backend: 'lsa' } }), {
      onProgress: (e) => { if (e.stage === 'read') fs.rmSync(dir, { recursive: true, force: true }); },
    }),
    (e: unknown) => e instanceof PipelineError && e.message === `Cannot read folder ${dir}: it no longer exists: deleted or moved while the folder was read`,
  );
  assertTaxonomyUntouched(good, 'deleted root');
});

for (const code of ['EROFS', 'ENOSPC']) {
  test(`the taxonomy's folder refuses writes (${code}): exit 2 naming the file, the previous taxonomy untouched`, () => {
    tried++;
    const preload = writeFaultPreload(root, good.outDir, code);
    const r = runCli(mapArgs(good.corpus, good.taxonomy, good.cacheDir, ['--seed', '7']), { nodeArgs: ['-r', preload] });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^literature-map map: .*/repo/taxonomy\\.json: could not be written \\(${code}\\); the previous file, if any, is unchanged$`, 'm'));
    assert.doesNotMatch(r.stderr, /internal error/);
    assertTaxonomyUntouched(good, code);
  });
}
