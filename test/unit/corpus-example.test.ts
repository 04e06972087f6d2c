// The shipped example corpus reads cleanly and chunks within budget: a regression test for the reader, the parsers
// and scripts/make-example-corpus.mjs together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readCorpus } from '../../src/pipeline/corpus';
import { chunkSources } from '../../src/pipeline/chunking';
import { countTokens } from '../../src/pipeline/tokens';
import { corpusFingerprint } from '../../src/pipeline/fingerprint';

const dir = path.resolve(process.cwd(), 'examples', 'sotu-sample');

test('examples/sotu-sample: every file read without warnings, chunks within 300 tokens, dates from names', async (t) => {
  if (!fs.existsSync(dir)) { t.skip(`no ${dir} (run the tests from the repository root)`); return; }
  const c = await readCorpus(dir);
  assert.deepEqual(c.skipped, []);
  assert.ok(c.sources.length >= 35, `${c.sources.length} sources`);
  assert.deepEqual(c.sources.flatMap((s) => s.warnings.map((w) => `${s.file.path}: ${w}`)), []);
  const formats = new Set(c.sources.map((s) => s.file.format));
  assert.deepEqual([...formats].sort(), ['md', 'srt', 'txt', 'vtt', 'whisper']);
  for (const s of c.sources) assert.match(s.file.date ?? '', /^\d{4}(-\d{2}-\d{2})?$/, s.file.path);
  // Rolling captions: no span repeats the one before it.
  for (const s of c.sources.filter((x) => x.file.format === 'vtt')) {
    s.spans.forEach((sp, i) => assert.ok(i === 0 || sp.text !== s.spans[i - 1].text, `${s.file.path}: repeated "${sp.text}"`));
    assert.ok(s.spans.every((sp) => sp.timeStart !== undefined && !/[<>]/.test(sp.text)));
  }
  const chunks = chunkSources(c.sources, { maxTokens: 300 });
  assert.ok(chunks.length > 300, `${chunks.length} chunks`);
  for (const ch of chunks) assert.ok(countTokens(ch.text) <= 300, ch.id);
  assert.equal(new Set(chunks.map((ch) => ch.id)).size, chunks.length, 'chunk ids are unique');
  const again = await readCorpus(dir);
  assert.equal(corpusFingerprint(again.sources.map((s) => s.file)), corpusFingerprint(c.sources.map((s) => s.file)));
});
