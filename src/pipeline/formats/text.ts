import type { TextSpan } from '../types';
import { splitLines } from './lines';

export interface TextParse {
  spans: TextSpan[];
  warnings: string[];
  /** `date:` from markdown front matter, raw. */
  frontMatterDate?: string;
}

/** Plain text: one span per non-blank line; a blank line before a span marks a paragraph start. */
export function parsePlainText(text: string): TextParse {
  const spans: TextSpan[] = [];
  let afterBlank = true;
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) { afterBlank = true; return; }
    spans.push({ text: line, lineStart: i + 1, lineEnd: i + 1, paragraphStart: afterBlank });
    afterBlank = false;
  });
  return { spans, warnings: [] };
}

/**
 * Markdown: the same line/paragraph rule, after removing what is not prose: YAML front matter (its `date:` is kept for
 * SourceFile.date), fenced code, HTML comments, heading/list/quote markers, emphasis, link and image syntax. Minimal
 * on purpose: transcripts in .md are mostly plain paragraphs, and a wrong guess must never delete words.
 */
export function parseMarkdown(text: string): TextParse {
  const lines = splitLines(text);
  const spans: TextSpan[] = [];
  const warnings: string[] = [];
  let start = 0;
  let frontMatterDate: string | undefined;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    if (end > 0) {
      for (const l of lines.slice(1, end)) {
        const m = /^date\s*:\s*["']?([^"'#]+?)["']?\s*(?:#.*)?$/i.exec(l.trim());
        if (m) frontMatterDate = m[1];
      }
      start = end + 1;
    } else {
      warnings.push('line 1: front matter opened with --- is never closed; read as text');
    }
  }
  let afterBlank = true;
  let fence: string | null = null;
  let inComment = false;
  for (let i = start; i < lines.length; i++) {
    let line = lines[i];
    const trimmed = line.trim();
    if (fence) {
      if (trimmed.startsWith(fence)) fence = null;
      afterBlank = true;
      continue;
    }
    const f = /^(```+|~~~+)/.exec(trimmed);
    if (f) { fence = f[1]; afterBlank = true; continue; }
    if (inComment) {
      const close = line.indexOf('-->');
      if (close < 0) continue;
      inComment = false;
      line = line.slice(close + 3);
    }
    line = line.replace(/<!--.*?-->/g, '');
    const open = line.indexOf('<!--');
    if (open >= 0) { inComment = true; line = line.slice(0, open); }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s*=+\s*$/.test(line)) { afterBlank = true; continue; }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    let text = heading ? heading[1] : line.replace(/^\s*(?:>\s?)+/, '').replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, '');
    text = stripInline(text).trim();
    if (!text) { afterBlank = true; continue; }
    spans.push({ text, lineStart: i + 1, lineEnd: i + 1, paragraphStart: afterBlank || !!heading });
    // A heading is its own paragraph: the text under it starts a new one even without a blank line.
    afterBlank = !!heading;
  }
  return { spans, warnings, frontMatterDate };
}

function stripInline(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}*_])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?![\p{L}\p{N}])/gu, '$1$2')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
}
