// The words researchers read: counted nouns, each progress stage named once, keyword labels that do not repeat a word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLocation, formatTime } from '../../src/chunk-location';
import { describeProgress } from '../../src/host/progress-text';
import { completionMessage, problemCount } from '../../src/host/run-summary';
import { sourceWarning } from '../../src/pipeline/orchestrator';
import { defaultLabel } from '../../src/taxonomy/operations';
import { count, noun } from '../../src/words';

test('counted nouns: one topic, two topics, 6,000 chunks', () => {
  assert.equal(count(1, 'topic'), '1 topic');
  assert.equal(count(0, 'topic'), '0 topics');
  assert.equal(count(2, 'chunk'), '2 chunks');
  assert.equal(count(6000, 'chunk', undefined, (n) => n.toLocaleString('en-US')), '6,000 chunks');
  assert.equal(noun(3, 'entry'), 'entries');
  assert.equal(count(1, 'undated source'), '1 undated source');
});

test('progress names each stage once', () => {
  const cases: Array<[Parameters<typeof describeProgress>[0], string]> = [
    [{ stage: 'reduce', message: 'Reducing dimensions (nearest neighbours)' }, 'Reducing dimensions (nearest neighbours)'],
    [{ stage: 'reduce', message: 'Reducing dimensions: optimising', done: 50, total: 200 }, 'Reducing dimensions 50/200'],
    [{ stage: 'cluster', message: 'Clustering' }, 'Clustering'],
    [{ stage: 'describe', message: 'Describing topics' }, 'Describing topics'],
    [{ stage: 'layout', message: 'Laying out the map' }, 'Laying out the map'],
    [{ stage: 'chunk', message: 'Chunking 1 file' }, 'Chunking 1 file'],
    [{ stage: 'embed', message: 'Embedding 3/10 chunks', done: 3, total: 10, etaSeconds: 12 }, 'Embedding 3/10, about 12 s left'],
    [{ stage: 'embed', message: 'Downloading Xenova/all-MiniLM-L6-v2 (12 MB)' }, 'Embedding: Downloading Xenova/all-MiniLM-L6-v2 (12 MB)'],
    [{ stage: 'done', message: '1 topic, 3 outliers' }, 'Finishing: 1 topic, 3 outliers'],
  ];
  for (const [e, want] of cases) assert.equal(describeProgress(e), want);
  // No stage word twice, whatever the stage.
  for (const [e] of cases) {
    const words = describeProgress(e).toLowerCase().match(/[a-z]+/g) ?? [];
    const stageWord = words[0];
    assert.equal(words.filter((w) => w === stageWord).length, 1, describeProgress(e));
  }
});

test('keyword labels: a bigram takes the place of its words, words inside a chosen bigram are skipped', () => {
  const kw = (...ws: string[]): Array<[string, number]> => ws.map((w, i) => [w, 1 / (i + 1)]);
  assert.equal(defaultLabel(kw('states', 'united states', 'united', 'congress', 'war')), 'united states, congress, war');
  assert.equal(defaultLabel(kw('social security', 'social', 'security', 'benefits', 'retirement')), 'social security, benefits, retirement');
  assert.equal(defaultLabel(kw('tax', 'income', 'income tax', 'revenue')), 'income tax, revenue');
  assert.equal(defaultLabel(kw('model', 'prompt', 'latency')), 'model, prompt, latency');
  assert.equal(defaultLabel([]), '(no keywords)');
  // Never a word twice, on any keyword list.
  for (const list of [kw('a b', 'b c', 'a', 'c', 'b', 'd'), kw('x', 'x y', 'y z', 'z', 'w')]) {
    const words = defaultLabel(list).split(/,\s*|\s+/);
    assert.equal(new Set(words).size, words.length, defaultLabel(list));
  }
});

test('the completion notification: one sentence naming skipped files and problems', () => {
  const base = { topics: 12, chunks: 340, files: 24, skipped: [], warnings: [] };
  assert.equal(completionMessage(base), 'Literature Map: 12 topics from 340 chunks of 24 files.');
  assert.equal(completionMessage({ ...base, topics: 1, chunks: 1, files: 1 }), 'Literature Map: 1 topic from 1 chunk of 1 file.');
  // A reader's capped list: 20 located warnings and "… and 42 more" stand for 62 problems.
  const warnings = [
    ...Array.from({ length: 20 }, (_, i) => sourceWarning('talks/a.vtt', `line ${10 + i}: cue timing "00:00:61.000 --> x" is not valid; its text is kept without a time`)),
    sourceWarning('talks/a.vtt', '… and 42 more problems of the same kinds'),
    sourceWarning('ep.json', "segment 3: missing or invalid 'end'; skipped"),
  ];
  assert.deepEqual(warnings[0], { path: 'talks/a.vtt', line: 10, message: 'cue timing "00:00:61.000 --> x" is not valid; its text is kept without a time' });
  assert.equal(warnings[21].line, undefined);
  assert.deepEqual(problemCount(warnings), { problems: 63, files: 2 });
  const msg = completionMessage({ ...base, carried: { kept: 10, new: 2, vanished: 1 }, skipped: [{ path: 'x.bin', reason: 'binary content' }], warnings });
  assert.equal(msg, 'Literature Map: 12 topics from 340 chunks of 24 files (10 carried over, 2 new, 1 vanished); 1 file skipped and 63 problems in 2 files (see Problems).');
  assert.equal(msg.split(/\.\s/).length, 1, 'one sentence');
});

test('excerpt positions: lines and time; a one-line Whisper file by time; compact rows for the side panel', () => {
  const vtt = { source: 'talks/2023/panel.vtt', lineStart: 7, lineEnd: 9, timeStart: 4.5 };
  assert.equal(describeLocation(vtt), 'talks/2023/panel.vtt:7–9 @ 0:04');
  assert.equal(describeLocation(vtt, { compact: true }), 'panel.vtt:7 @ 0:04');
  assert.equal(describeLocation({ source: 'a.txt', lineStart: 3, lineEnd: 3 }), 'a.txt:3');
  const whisper = { source: 'ep/episode.json', lineStart: 1, lineEnd: 1, timeStart: 3725, colStart: 2564, colEnd: 2739 };
  assert.equal(describeLocation(whisper), 'ep/episode.json @ 1:02:05');
  assert.equal(describeLocation(whisper, { compact: true }), 'episode.json @ 1:02:05');
  assert.equal(describeLocation({ source: 'x.json', lineStart: 1, colStart: 40 }), 'x.json:1:41');
  assert.equal(formatTime(59.9), '0:59');
});
