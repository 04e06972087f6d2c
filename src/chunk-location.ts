// Where a chunk is in its source, as the panel, the side panel and the host's "open at" share it. No vscode import:
// the webview bundle uses it too.
import type { ChunkRef } from './taxonomy/types';

export interface ChunkLocation {
  source: string;
  /** 1-based, inclusive. */
  lineStart: number;
  lineEnd?: number;
  timeStart?: number;
  /** 0-based UTF-16 columns on lineStart / lineEnd, when the line holds more than the chunk (one-line Whisper JSON). */
  colStart?: number;
  colEnd?: number;
}

export function locationOfRef(r: ChunkRef): ChunkLocation {
  return {
    source: r.source, lineStart: r.lines[0], lineEnd: r.lines[1],
    ...(r.time ? { timeStart: r.time[0] } : {}),
    ...(r.cols ? { colStart: r.cols[0], colEnd: r.cols[1] } : {}),
  };
}

/** 1:02, 1:02:03. */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${mm}:${two(ss)}`;
}

/**
 * "talk.vtt:12–18 @ 1:02"; for a chunk inside one long line (Whisper JSON) the line says nothing, so "talk.json @ 1:02"
 * (or "talk.json:1:2345" without a time). compact drops the folders and the last line, for narrow rows
 * ("talk.vtt:12 @ 1:02"); the tooltip keeps the rest.
 */
export function describeLocation(l: ChunkLocation, o: { compact?: boolean } = {}): string {
  const name = o.compact ? l.source.slice(l.source.lastIndexOf('/') + 1) : l.source;
  const end = o.compact ? l.lineStart : l.lineEnd ?? l.lineStart;
  const time = l.timeStart !== undefined ? ` @ ${formatTime(l.timeStart)}` : '';
  if (l.colStart !== undefined && end === l.lineStart) return time ? `${name}${time}` : `${name}:${l.lineStart}:${l.colStart + 1}`;
  return `${name}:${l.lineStart}${end > l.lineStart ? `–${end}` : ''}${time}`;
}
