import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readCorpus } from '../../src/pipeline/corpus';
import { corpusFingerprint, compareCodePoints } from '../../src/pipeline/fingerprint';
import { matchesGlob } from '../../src/pipeline/glob';
import { PipelineError } from '../../src/pipeline/errors';
import { makeTempDir, removeDir, writeTree, SRT, WHISPER_JSON, YOUTUBE_VTT } from '../support/corpus-fixtures';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));
function tree(files: Record<string, string | Buffer>): string {
  const d = makeTempDir();
  dirs.push(d);
  writeTree(d, files);
  return d;
}

test('walks recursively in code-point path order; skips hidden entries, node_modules and the ignore list', async () => {
  const root = tree({
    'b.txt': 'Bee text.',
    'a/z.txt': 'Zed text.',
    'a.txt': 'Ay text.',
    'a/b/c.srt': SRT,
    'talks/yt.vtt': YOUTUBE_VTT,
    'talks/ep.json': WHISPER_JSON,
    '.git/config.txt': 'hidden folder',
    '.notes.txt': 'hidden file',
    'node_modules/pkg/readme.txt': 'dependency',
    'taxonomy.json': '{"version":1}',
    'Zulu.md': 'upper case sorts first',
  });
  const logs: string[] = [];
  const c = await readCorpus(root, { ignore: ['./taxonomy.json'], onLog: (l) => logs.push(l) });
  assert.deepEqual(c.sources.map((s) => s.file.path), ['Zulu.md', 'a.txt', 'a/b/c.srt', 'a/z.txt', 'b.txt', 'talks/ep.json', 'talks/yt.vtt']);
  assert.deepEqual(c.skipped, []);
  assert.deepEqual(c.sources.map((s) => s.file.format), ['md', 'txt', 'srt', 'txt', 'txt', 'whisper', 'vtt']);
  assert.equal(c.root, path.resolve(root));
  assert.match(logs.join('\n'), /read 7 files/);
});

test('paths with spaces and Unicode are read and reported as posix relative paths', async () => {
  const root = tree({ 'Interviews 2024/Müller – Gespräch 2024-05-06.txt': 'Ein Gespräch über Modelle.', '日本/講演.md': '# 講演\n\n内容です。' });
  const c = await readCorpus(root);
  assert.deepEqual(c.sources.map((s) => s.file.path), ['Interviews 2024/Müller – Gespräch 2024-05-06.txt', '日本/講演.md']);
  assert.equal(c.sources[0].file.date, '2024-05-06');
  assert.equal(c.sources[0].spans[0].text, 'Ein Gespräch über Modelle.');
});

test('include/exclude globs select files; excluded folders are not walked', async () => {
  const root = tree({
    'talks/one.vtt': YOUTUBE_VTT, 'talks/two.srt': SRT, 'talks/draft/three.txt': 'Draft.', 'notes/x.md': 'Note.', 'top.txt': 'Top.',
  });
  const only = await readCorpus(root, { include: ['talks/**/*.{vtt,srt}'] });
  assert.deepEqual(only.sources.map((s) => s.file.path), ['talks/one.vtt', 'talks/two.srt']);
  const ex = await readCorpus(root, { exclude: ['draft', '*.md'] });
  assert.deepEqual(ex.sources.map((s) => s.file.path), ['talks/one.vtt', 'talks/two.srt', 'top.txt']);
});

test('a symbolic link loop is reported, not followed forever; a link to a file is read', async (t) => {
  const root = tree({ 'real/a.txt': 'Real text here.', 'other.txt': 'Other text.' });
  try {
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'real', 'loop'), 'dir');
    fs.symlinkSync(path.join(root, 'other.txt'), path.join(root, 'real', 'link.txt'));
  } catch {
    t.skip('symbolic links are not available here');
    return;
  }
  const c = await readCorpus(root);
  assert.deepEqual(c.sources.map((s) => s.file.path), ['other.txt', 'real/a.txt']);
  const loop = c.skipped.find((s) => s.path === 'real/loop');
  assert.ok(loop, JSON.stringify(c.skipped));
  assert.match(loop.reason, /symbolic link to a folder already read \(real\)/);
  const dup = c.skipped.find((s) => s.path === 'real/link.txt');
  assert.ok(dup);
  assert.match(dup.reason, /duplicate of other\.txt/);
});

test('an aborted read stops with the abort reason', async () => {
  const root = tree({ 'a.txt': 'A.' });
  const ac = new AbortController();
  ac.abort(new Error('cancelled by the user'));
  await assert.rejects(readCorpus(root, { signal: ac.signal }), /cancelled by the user/);
});

test('a missing root folder is an error naming it', async () => {
  await assert.rejects(readCorpus('/nonexistent/litmap-folder'), /Cannot read folder \/nonexistent\/litmap-folder: it no longer exists/);
});

test('corpusFingerprint depends on paths and content hashes, not order', () => {
  const f = (p: string, h: string) => ({ path: p, format: 'txt' as const, contentHash: h, bytes: 1 });
  const a = corpusFingerprint([f('a.txt', '1'), f('b.txt', '2')]);
  assert.equal(a, corpusFingerprint([f('b.txt', '2'), f('a.txt', '1')]));
  assert.notEqual(a, corpusFingerprint([f('a.txt', '1'), f('b.txt', '3')]));
  assert.notEqual(a, corpusFingerprint([f('a.txt', '1'), f('c.txt', '2')]));
  assert.match(a, /^[0-9a-f]{64}$/);
});

test('code-point order puts astral characters after the BMP, unlike UTF-16 order', () => {
  assert.ok(compareCodePoints('\u{1F600}', '\uFF01') > 0);
  assert.ok('\u{1F600}' < '\uFF01');
  assert.ok(compareCodePoints('a', 'ab') < 0);
  assert.equal(compareCodePoints('x\u{1F600}', 'x\u{1F600}'), 0);
});

test('glob matcher: **, *, ?, {a,b}, classes, bare names match at any depth', () => {
  assert.ok(matchesGlob('a/b/c.txt', '**/*.txt'));
  assert.ok(matchesGlob('c.txt', '**/*.txt'));
  assert.ok(matchesGlob('deep/er/c.txt', '*.txt'));
  assert.ok(!matchesGlob('a/c.txt', 'b/*.txt'));
  assert.ok(!matchesGlob('a/b/c.txt', 'a/*.txt'));
  assert.ok(matchesGlob('a/b/c.txt', 'a/**'));
  assert.ok(matchesGlob('ep1.vtt', 'ep?.{vtt,srt}'));
  assert.ok(!matchesGlob('ep10.vtt', 'ep?.{vtt,srt}'));
  assert.ok(matchesGlob('x/2023-talk.md', '**/20[0-9][0-9]-*.md'));
  assert.ok(!matchesGlob('x/2011-talk.md', '**/20[!1]*.md'));
  assert.ok(matchesGlob('x/2021-talk.md', '**/20[!1]*.md'));
  assert.ok(matchesGlob('a.b+c(1).txt', 'a.b+c(1).txt'));
  assert.ok(!matchesGlob('aXb+c(1).txt', 'a.b+c(1).txt'));
  assert.ok(matchesGlob('x/y/z.json', 'x/{y/*,w}.json'));
});

test('a malformed include/exclude glob is a one-line user error naming the pattern, before any file is read', async () => {
  const dir = makeTempDir();
  after(() => removeDir(dir));
  writeTree(dir, { 'a.txt': 'Some text about gardens.' });
  for (const opts of [{ include: ['**/[z-a].txt'] }, { exclude: ['[9-0]*'] }]) {
    await assert.rejects(readCorpus(dir, opts), (e: unknown) => {
      assert.ok(e instanceof PipelineError, `a PipelineError, not ${(e as Error).name}`);
      assert.match(e.message, /^Invalid glob pattern "(\*\*\/\[z-a\]\.txt|\[9-0\]\*)" in include\/exclude: /);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  }
});
