// What WebVTT and SubRip share: timestamps, cue-text cleanup, the block parser, and the de-duplication of rolling
// captions. Everything here reports problems as warnings and never throws: a broken cue must not cost the file.
import type { TextSpan } from '../types';
import { splitLines } from './lines';

/** `hh:mm:ss.mmm`, `mm:ss.mmm`, with '.' or ',' before the fraction (SRT uses ','). NaN when not a timestamp. */
export function parseTimestamp(s: string): number {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/.exec(s.trim());
  if (!m) return NaN;
  const h = m[1] ? Number(m[1]) : 0, min = Number(m[2]), sec = Number(m[3]);
  if (min >= 60 || sec >= 60) return NaN;
  const frac = m[4] ? Number(m[4].padEnd(3, '0')) / 1000 : 0;
  return h * 3600 + min * 60 + sec + frac;
}

const TIMING = /^\s*(\S+)\s*-->\s*(\S+)(.*)$/;
// Lines that were meant as a timing (`00:01 -> 00:02`, `00:00:01,000-->`) are treated as a broken timing, not as text.
const isTimingLine = (raw: string) => raw.includes('-->') || /^\s*\d[\d:.,]*\s*-{1,3}>/.test(raw);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' };

// Sound descriptions that appear in parentheses in captions; parentheses otherwise are speech and are kept.
const SOUND_WORDS = /^(?:applause|laughter|laughs|laughing|music|cheers|cheering|inaudible|crosstalk|silence|coughs?|sighs?|noise|background noise|indistinct(?: chatter)?|chuckles?|clapping|booing|static|beep|upbeat music|gentle music|music playing)$/i;

/**
 * One caption line → plain text: markup tags (`<c>`, `<i>`, `<00:00:01.000>`, `<v Name>` — the voice name is kept out
 * of the text), ASS overrides (`{\an8}`), entities, `[Music]`-style tags, sound descriptions in parentheses, music
 * notes, and speaker labels (`>> SPEAKER:`, `>>`, `- `, `JOHN SMITH:`, `Speaker 2:`).
 */
export function cleanCaptionText(line: string): string {
  let s = line
    .replace(/<[^>]*>/g, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/\[[^\]]{0,60}\]/g, ' ')
    .replace(/\(([^()]{1,40})\)/g, (all, inner: string) =>
      SOUND_WORDS.test(inner.trim().replace(/[.!]+$/, '')) || (/^[A-Z][A-Z\s'-]*$/.test(inner.trim()) && inner.trim().length > 1) ? ' ' : all)
    .replace(/[♪♫♬♩]+/g, ' ');
  s = s.replace(/^\s*>>+\s*/, '').replace(/^\s*-\s+/, '');
  s = s.replace(/^\s*(?:[A-Z][A-Z0-9.'-]*(?:\s[A-Z][A-Z0-9.'-]*){0,3}|speaker\s*\d+|spk_?\d+|SPEAKER_\d+)\s*:\s+/i, (m) =>
    /^\s*(?:speaker|spk)/i.test(m) || m === m.toUpperCase() ? '' : m);
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Turns cues into spans, keeping each caption text once. YouTube's rolling captions show each line twice (first as
 * the bottom line, then as the top line of the next cue, often with a 10 ms flash cue in between), and auto-captions
 * grow a line word by word. Rule: a line equal to a line of the previous cue extends that span's time and line range
 * instead of adding a span; a line that extends the previous cue's last line (same words, more at the end) replaces
 * its text. Comparing only with the previous cue keeps genuine repeats ("Thank you." said twice) apart, unless they are
 * in back-to-back cues, which captions cannot tell from a rolling repeat anyway. A span starts at its cue's first line
 * (the id or timing line), so opening it shows and selects the whole cue.
 */
export class CueCollector {
  readonly spans: TextSpan[] = [];
  private prev = new Map<string, number>();
  private prevLast = -1;

  add(lines: { text: string; line: number }[], timeStart?: number, timeEnd?: number, cueLine?: number): void {
    const next = new Map<string, number>();
    let last = -1;
    for (const { text, line } of lines) {
      if (!text) continue;
      let idx = this.prev.get(text);
      if (idx === undefined && last < 0 && this.prevLast >= 0 && this.prevLast === this.spans.length - 1
        && text.startsWith(this.spans[this.prevLast].text + ' ')) {
        idx = this.prevLast;
        this.spans[idx].text = text;
      }
      if (idx !== undefined && idx > last) {
        const sp = this.spans[idx];
        sp.lineEnd = Math.max(sp.lineEnd, line);
        if (timeEnd !== undefined) sp.timeEnd = Math.max(sp.timeEnd ?? timeEnd, timeEnd);
      } else {
        idx = this.spans.length;
        const sp: TextSpan = { text, lineStart: cueLine ?? line, lineEnd: line };
        if (timeStart !== undefined && timeEnd !== undefined) { sp.timeStart = timeStart; sp.timeEnd = timeEnd; }
        this.spans.push(sp);
      }
      next.set(text, idx);
      last = idx;
    }
    this.prev = next;
    this.prevLast = last;
  }
}

const MAX_WARNINGS = 20;

export class Warnings {
  readonly list: string[] = [];
  private extra = 0;
  add(msg: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(msg);
    else this.extra++;
  }
  done(): string[] {
    return this.extra ? [...this.list, `… and ${this.extra} more problems of the same kinds`] : this.list;
  }
}

/**
 * The block parser for both caption formats. A block is a run of non-blank lines; a timing line (`a --> b`) starts a
 * cue, and a second timing line inside a block (a missing blank line) starts another. One line before the timing is
 * the cue id (SRT index / VTT identifier); other text outside any cue is kept without a time, with a warning, so no
 * words are lost to a damaged file.
 */
export function parseCaptions(text: string, kind: 'vtt' | 'srt'): { spans: TextSpan[]; warnings: string[] } {
  const lines = splitLines(text);
  const warn = new Warnings();
  const cues = new CueCollector();
  let i = 0;
  if (kind === 'vtt') {
    if (/^\uFEFF?WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
      i = 1;
      while (i < lines.length && lines[i].trim() !== '' && !isTimingLine(lines[i])) i++;
      if (i < lines.length && isTimingLine(lines[i])) warn.add(`line ${i + 1}: no blank line between the WEBVTT header and the first cue`);
    } else {
      warn.add('line 1: no WEBVTT header; read as WebVTT anyway');
    }
  }
  // YouTube writes a line of one space as the first text line of its cues, so a whitespace-only line ends a block only
  // when what follows looks like the end of the cue (another blank line, the end, or the next cue's timing/id).
  const n = lines.length;
  const blank = (k: number) => k >= n || lines[k].trim() === '';
  const endsBlock = (k: number) => lines[k] === '' || blank(k + 1) || lines[k + 1].includes('-->')
    || (k + 2 < n && lines[k + 2].includes('-->') && !lines[k + 1].includes('-->'));
  let lastStart = -Infinity;
  while (i < n) {
    while (i < n && blank(i)) i++;
    if (i >= n) break;
    const blockStart = i;
    while (i < n && !(blank(i) && endsBlock(i))) i++;
    const block = lines.slice(blockStart, i).map((l, k) => ({ raw: l, line: blockStart + k + 1 }));
    if (kind === 'vtt' && /^(NOTE|STYLE|REGION)(?:\s|$)/.test(block[0].raw)) continue;
    const timingAt = block.map((b, k) => (isTimingLine(b.raw) ? k : -1)).filter((k) => k >= 0);
    if (timingAt.length === 0) {
      warn.add(`line ${block[0].line}: text without a cue timing; kept without a time`);
      cues.add(block.map((b) => ({ text: cleanCaptionText(b.raw), line: b.line })));
      continue;
    }
    const pre = block.slice(0, timingAt[0]);
    const idLike = (raw: string) => kind === 'vtt' || /^\s*\d+\s*$/.test(raw);
    const stray = pre.length && idLike(pre[pre.length - 1].raw) ? pre.slice(0, -1) : pre;
    if (stray.length) {
      warn.add(`line ${stray[0].line}: text before the cue timing on line ${block[timingAt[0]].line}; kept without a time`);
      cues.add(stray.map((b) => ({ text: cleanCaptionText(b.raw), line: b.line })));
    }
    for (let t = 0; t < timingAt.length; t++) {
      const at = timingAt[t];
      let end = t + 1 < timingAt.length ? timingAt[t + 1] : block.length;
      // The line just before the next timing is that cue's id when it looks like one (an SRT index).
      if (t + 1 < timingAt.length && end - 1 > at && /^\s*\d+\s*$/.test(block[end - 1].raw)) end--;
      if (t > 0) warn.add(`line ${block[at].line}: cue starts without a blank line before it`);
      const m = TIMING.exec(block[at].raw);
      const ts = m ? parseTimestamp(m[1]) : NaN;
      let te = m ? parseTimestamp(m[2]) : NaN;
      const body = block.slice(at + 1, end).map((b) => ({ text: cleanCaptionText(b.raw), line: b.line }));
      if (Number.isNaN(ts) || Number.isNaN(te)) {
        warn.add(`line ${block[at].line}: cue timing "${block[at].raw.trim().slice(0, 60)}" is not valid; its text is kept without a time`);
        cues.add(body);
        continue;
      }
      if (te < ts) {
        warn.add(`line ${block[at].line}: cue ends (${m![2]}) before it starts (${m![1]}); end set to start`);
        te = ts;
      }
      if (ts < lastStart) warn.add(`line ${block[at].line}: cue starts at ${m![1]}, before the previous cue; kept in file order`);
      lastStart = Math.max(lastStart, ts);
      if (!body.length) continue;
      const hasId = t === 0 ? pre.length > 0 && idLike(pre[pre.length - 1].raw) : at - 1 > timingAt[t - 1] && /^\s*\d+\s*$/.test(block[at - 1].raw);
      cues.add(body, ts, te, block[hasId ? at - 1 : at].line);
    }
  }
  return { spans: cues.spans, warnings: warn.done() };
}
