// Bad inputs for the corpus reader and the format parsers (issue 8, item 1). Every fixture is generated here in a
// temp folder. Each case asserts that the message names the file and the problem, and that the run goes on with
// the rest. The reader never writes: a taxonomy file in the folder keeps its bytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readCorpus } from '../../src/pipeline/corpus';
import { sha256Hex } from '../../src/pipeline/hash';
import type { Corpus } from '../../src/pipeline/types';
import { makeTempDir, removeDir, writeTree, SRT, WHISPER_JSON } from '../support/corpus-fixtures';

let tried = 0;
const dirs: string[] = [];
after(() => {
  dirs.forEach(removeDir);
  console.log(`bad inputs tried: ${tried}`);
});

const GOOD = 'A good transcript about evaluation, so the run has something to go on with.\n';
const TAXONOMY = '{"version": 1, "themes": []}\n';

function folder(files: Record<string, string | Buffer>): string {
  const d = makeTempDir('litmap-bad-');
  dirs.push(d);
  writeTree(d, files);
  return d;
}

/** All messages a user would see: skipped files and per-file warnings, each prefixed with the file's path. */
function messages(c: Corpus): string[] {
  return [
    ...c.skipped.map((s) => `${s.path}: ${s.reason}`),
    ...c.sources.flatMap((s) => s.warnings.map((w) => `${s.file.path}: ${w}`)),
  ];
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[path.relative(dir, p)] = sha256Hex(fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Reads the folder (with a good file and a taxonomy file beside the bad input) and returns the messages. */
async function readBad(files: Record<string, string | Buffer>, opts: Parameters<typeof readCorpus>[1] = {}) {
  tried++;
  const root = folder({ 'good.txt': GOOD, 'taxonomy.json': TAXONOMY, ...files });
  const before = fs.readFileSync(path.join(root, 'taxonomy.json'));
  const c = await readCorpus(root, { ignore: ['taxonomy.json'], ...opts });
  assert.ok(c.sources.some((s) => s.file.path === 'good.txt'), 'the run goes on with the good file');
  assert.deepEqual(fs.readFileSync(path.join(root, 'taxonomy.json')), before, 'taxonomy bytes unchanged');
  return { c, msgs: messages(c), root };
}

function assertMessage(msgs: string[], file: string, problem: RegExp): void {
  assert.ok(msgs.some((m) => m.startsWith(`${file}: `) && problem.test(m)), `no message for ${file} matching ${problem}:\n${msgs.join('\n')}`);
}

test('empty folder: no sources, no crash, the log names the folder', async () => {
  tried++;
  const root = folder({});
  const logs: string[] = [];
  const c = await readCorpus(root, { onLog: (l) => logs.push(l) });
  assert.deepEqual(c.sources, []);
  assert.deepEqual(c.skipped, []);
  assert.ok(logs.some((l) => l.includes('read 0 files') && l.includes(path.resolve(root))), logs.join('\n'));
});

test('only unsupported or binary files: each reported by name', async () => {
  tried++;
  const root = folder({ 'scan.pdf': '%PDF-1.7 ...', 'photo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), 'data.txt': Buffer.from([1, 2, 0, 3, 4]), 'README': 'no extension' });
  const c = await readCorpus(root);
  const msgs = messages(c);
  assert.equal(c.sources.length, 0);
  assertMessage(msgs, 'scan.pdf', /unsupported file type \(\.pdf\)/);
  assertMessage(msgs, 'photo.png', /unsupported file type \(\.png\)/);
  assertMessage(msgs, 'README', /unsupported file type \(no extension\)/);
  assertMessage(msgs, 'data.txt', /binary content \(NUL byte at offset 2\)/);
});

test('control-character noise without NUL bytes is binary too', async () => {
  const { msgs } = await readBad({ 'noise.srt': Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 ? 0x41 : 0x01))) });
  assertMessage(msgs, 'noise.srt', /binary content \(\d+ control bytes/);
});

test('0-byte file', async () => {
  const { msgs } = await readBad({ 'empty.vtt': '' });
  assertMessage(msgs, 'empty.vtt', /empty file \(0 bytes\)/);
});

test('whitespace-only and markup-only files: "no text found"', async () => {
  const { msgs } = await readBad({ 'blank.txt': '  \n\t\n\n', 'music.vtt': 'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n[Music]\n' });
  assertMessage(msgs, 'blank.txt', /no text found/);
  assertMessage(msgs, 'music.vtt', /no text found/);
  tried++;
});

test('a 200 MB file (sparse, costs no disk) is refused from its size and never opened', async () => {
  const big = 'huge recording.vtt';
  tried++;
  const root0 = folder({ 'good.txt': GOOD, [big]: '' });
  fs.truncateSync(path.join(root0, big), 200 * 1024 * 1024);
  const opened: string[] = [];
  const realOpen = fs.promises.open;
  fs.promises.open = (async (p: fs.PathLike, ...rest: unknown[]) => {
    opened.push(String(p));
    return (realOpen as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(p, ...rest);
  }) as typeof fs.promises.open;
  try {
    const buffersBefore = process.memoryUsage().arrayBuffers;
    const c = await readCorpus(root0);
    assertMessage(messages(c), big, /too large: 200\.0 MiB, over the 50\.0 MiB limit; not read/);
    assert.ok(!opened.some((p) => p.endsWith(big)), `the big file was opened: ${opened.join(', ')}`);
    assert.ok(opened.some((p) => p.endsWith('good.txt')), 'the spy saw the good file being opened');
    assert.ok(process.memoryUsage().arrayBuffers - buffersBefore < 100 * 1024 * 1024, 'no 200 MB buffer was allocated');
    // And a custom limit applies the same way.
    const small = await readCorpus(root0, { maxFileBytes: 10 });
    assertMessage(messages(small), 'good.txt', /too large: .* over the 10 B limit/);
  } finally {
    fs.promises.open = realOpen;
  }
});

test('Latin-1 (non-UTF-8) text is decoded as Windows-1252 with a warning naming the byte', async () => {
  const { c, msgs } = await readBad({ 'müller interview.txt': Buffer.from('Gr\xfc\xdfe aus M\xfcnchen, sagte er.\n', 'latin1') });
  assertMessage(msgs, 'müller interview.txt', /not valid UTF-8 \(first bad byte 0xfc at offset 2\); decoded as Windows-1252/);
  assert.equal(c.sources.find((s) => s.file.path === 'müller interview.txt')!.spans[0].text, 'Grüße aus München, sagte er.');
});

test('malformed VTT: missing timings, garbage lines, backwards and out-of-order cues, no header', async () => {
  const vtt = [
    'WEBVTT', '', '00:00:05.000 --> 00:00:06.000', 'first cue', '', 'this is garbage', '',
    '00:00:01.000 --> 00:00:02.000', 'out of order', '', '00:00:09.000 --> 00:00:08.000', 'backwards', '',
    '00:00:10.000 -> 00:00:11.000', 'one dash arrow', '', '00:00:12.000 --> 00:00:13.000', 'ok', 'garbage --> here', '',
  ].join('\n');
  const { c, msgs } = await readBad({ 'bad cues.vtt': vtt, 'no header.vtt': '00:00:01.000 --> 00:00:02.000\nstill read\n' });
  assertMessage(msgs, 'bad cues.vtt', /line 6: text without a cue timing; kept without a time/);
  assertMessage(msgs, 'bad cues.vtt', /line 8: cue starts at 00:00:01\.000, before the previous cue/);
  assertMessage(msgs, 'bad cues.vtt', /line 11: cue ends \(00:00:08\.000\) before it starts/);
  assertMessage(msgs, 'bad cues.vtt', /line 14: cue timing "00:00:10\.000 -> 00:00:11\.000" is not valid/);
  assertMessage(msgs, 'bad cues.vtt', /line 19: cue timing "garbage --> here" is not valid/);
  assertMessage(msgs, 'no header.vtt', /line 1: no WEBVTT header/);
  const texts = c.sources.find((s) => s.file.path === 'bad cues.vtt')!.spans.map((s) => s.text);
  assert.deepEqual(texts, ['first cue', 'this is garbage', 'out of order', 'backwards', 'one dash arrow', 'ok']);
  tried++;
});

test('malformed SRT: missing index, missing blank line, bad timestamps; overlapping cues are legal and kept', async () => {
  const srt = [
    '1', '00:00:01,000 --> 00:00:04,000', 'overlaps the next', '', '00:00:02,000 --> 00:00:03,000', 'no index line', '2',
    '00:00:05,000 --> 00:00:06,000', 'no blank line before', '', '3', '00:00:07,000 --> 00:00:0x,000', 'bad end time', '',
  ].join('\n');
  const { c, msgs } = await readBad({ 'broken.srt': srt, 'fine.srt': SRT });
  assertMessage(msgs, 'broken.srt', /line 8: cue starts without a blank line before it/);
  assertMessage(msgs, 'broken.srt', /line 12: cue timing "00:00:07,000 --> 00:00:0x,000" is not valid; its text is kept without a time/);
  const spans = c.sources.find((s) => s.file.path === 'broken.srt')!.spans;
  assert.deepEqual(spans.map((s) => [s.text, s.timeStart]), [['overlaps the next', 1], ['no index line', 2], ['no blank line before', 5], ['bad end time', undefined]]);
  assert.ok(!msgs.some((m) => m.startsWith('fine.srt')));
  tried++;
});

test('Whisper JSON with missing fields; JSON that is not a transcript; invalid JSON', async () => {
  const noneUsable = JSON.stringify({ segments: [{ start: 0 }, { text: 'no times' }] });
  const { msgs } = await readBad({
    'ep1.json': WHISPER_JSON, 'ep2.json': noneUsable, 'package.json': '{"name":"x"}', 'cut.json': '{"segments": [{"start": 0,',
  });
  assertMessage(msgs, 'ep1.json', /segment 2: missing or invalid 'end'; skipped/);
  assertMessage(msgs, 'ep1.json', /segment 3: missing or invalid 'text'; skipped/);
  assertMessage(msgs, 'ep2.json', /no text found \(segment 0: missing or invalid 'end', 'text'; skipped\)/);
  assertMessage(msgs, 'package.json', /JSON without a 'segments' array; not a Whisper transcript/);
  assertMessage(msgs, 'cut.json', /invalid JSON/);
  tried += 3;
});

test('duplicate files: the first in path order is kept, later copies reported', async () => {
  const { c, msgs } = await readBad({ 'a/talk.srt': SRT, 'b/talk copy.srt': SRT, 'c/talk.srt': SRT });
  assertMessage(msgs, 'b/talk copy.srt', /duplicate of a\/talk\.srt \(identical content\); only the first is used/);
  assertMessage(msgs, 'c/talk.srt', /duplicate of a\/talk\.srt/);
  assert.equal(c.sources.filter((s) => s.file.path.endsWith('.srt')).length, 1);
});

test('files deleted or changed while the run reads them', async () => {
  const realOpen = fs.promises.open;
  fs.promises.open = (async (p: fs.PathLike, ...rest: unknown[]) => {
    const s = String(p);
    if (s.endsWith('vanishing.txt')) fs.unlinkSync(s);
    const h = await (realOpen as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(p, ...rest);
    if (s.endsWith('growing.txt')) {
      const stat = h.stat.bind(h);
      h.stat = (async (...a: unknown[]) => {
        const st = await (stat as (...x: unknown[]) => Promise<fs.Stats>)(...a);
        fs.appendFileSync(s, 'More text appended while it was read.\n');
        return st;
      }) as typeof h.stat;
    }
    return h;
  }) as typeof fs.promises.open;
  try {
    const { c, msgs } = await readBad({ 'vanishing.txt': 'Here now.\n', 'growing.txt': 'Initial text.\n' });
    assertMessage(msgs, 'vanishing.txt', /could not be opened \(it no longer exists: deleted or moved/);
    assertMessage(msgs, 'growing.txt', /changed while it was being read/);
    assert.equal(c.sources.find((s) => s.file.path === 'growing.txt')!.spans[0].text, 'Initial text.');
  } finally {
    fs.promises.open = realOpen;
  }
  tried++;
});

test('symbolic link loop and broken link', async (t) => {
  const root = folder({ 'good.txt': GOOD, 'sub/x.txt': 'Inside the folder.' });
  try {
    fs.symlinkSync('..', path.join(root, 'sub', 'up'), 'dir');
    fs.symlinkSync(path.join(root, 'missing.txt'), path.join(root, 'dangling.txt'));
  } catch {
    t.skip('symbolic links are not available here');
    return;
  }
  tried += 2;
  const c = await readCorpus(root);
  const msgs = messages(c);
  assertMessage(msgs, 'sub/up', /symbolic link to a folder already read \(the corpus root\): a loop/);
  assertMessage(msgs, 'dangling.txt', /broken symbolic link \(it no longer exists/);
  assert.deepEqual(c.sources.map((s) => s.file.path), ['good.txt', 'sub/x.txt']);
});

test('unreadable file and folder (permission denied)', async (t) => {
  if (process.getuid?.() === 0) { t.skip('running as root: permissions are not enforced'); return; }
  const root = folder({ 'good.txt': GOOD, 'locked.txt': 'secret', 'closed/a.txt': 'x' });
  fs.chmodSync(path.join(root, 'locked.txt'), 0);
  fs.chmodSync(path.join(root, 'closed'), 0);
  tried += 2;
  try {
    const c = await readCorpus(root);
    const msgs = messages(c);
    assertMessage(msgs, 'locked.txt', /permission denied/);
    assertMessage(msgs, 'closed/', /folder could not be read \(permission denied\)/);
  } finally {
    fs.chmodSync(path.join(root, 'closed'), 0o755);
  }
});

test('paths with spaces, Unicode and markup characters are read and named exactly', async () => {
  const odd = 'Ünïcödé folder/talk <img src=x onerror=alert(1)> — 2021.txt';
  const { c } = await readBad({ [odd]: 'Plain words about safety.\n', 'spaces   in  name .md': 'Spaces.\n' });
  assert.ok(c.sources.some((s) => s.file.path === odd && s.file.date === '2021'));
  assert.ok(c.sources.some((s) => s.file.path === 'spaces   in  name .md'));
});

test('the reader never writes to the folder', async () => {
  tried++;
  const root = folder({ 'good.txt': GOOD, 'taxonomy.json': TAXONOMY, 'bad.json': '{', 'bin.txt': Buffer.from([0, 1, 2]) });
  const before = snapshot(root);
  await readCorpus(root, { ignore: ['taxonomy.json'] });
  assert.deepEqual(snapshot(root), before);
});
