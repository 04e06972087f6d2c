// A small glob matcher for the include/exclude settings, over root-relative posix paths. Supports `**` (any number of
// folders), `*` and `?` (within one path segment), `{a,b}` alternatives (nestable) and `[abc]`/`[!abc]` classes.
// A pattern without '/' matches at any depth ("*.md" ≡ "**/*.md"), as in .gitignore, because that is what people
// type in a settings box.

import { PipelineError } from './errors';

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    let p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
    if (p.endsWith('/')) p += '**';
    if (!p.includes('/')) p = '**/' + p;
    else if (p.startsWith('/')) p = p.slice(1);
    try {
      re = new RegExp('^' + translate(p) + '$', 'u');
    } catch (e) {
      // e.g. a class range out of order ("[z-a]"): the user's setting, not an internal error.
      throw new PipelineError(`Invalid glob pattern "${pattern}" in include/exclude: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/u?: /, '')}`);
    }
    cache.set(pattern, re);
  }
  return re;
}

/** Throws a PipelineError naming the first malformed pattern; called before a walk, so no file is read first. */
export function checkGlobs(patterns: readonly string[]): void {
  for (const p of patterns) globToRegExp(p);
}

export function matchesGlob(relPath: string, pattern: string): boolean {
  return globToRegExp(pattern).test(relPath);
}

export function matchesAny(relPath: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matchesGlob(relPath, p));
}

function translate(p: string): string {
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atStart = i === 0 || p[i - 1] === '/';
        const slashAfter = p[i + 2] === '/';
        if (atStart && slashAfter) { out += '(?:[^/]*/)*'; i += 3; continue; }
        if (atStart && i + 2 === p.length) { out += '.*'; i += 2; continue; }
        out += '[^/]*'; i += 2; continue;
      }
      out += '[^/]*'; i++; continue;
    }
    if (c === '?') { out += '[^/]'; i++; continue; }
    if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close > 0) {
        let body = p.slice(i + 1, close);
        const neg = body.startsWith('!') || body.startsWith('^');
        if (neg) body = body.slice(1);
        out += '[' + (neg ? '^' : '') + body.replace(/[\\\]^]/g, '\\$&') + ']';
        i = close + 1; continue;
      }
    }
    if (c === '{') {
      const close = matchingBrace(p, i);
      if (close > 0) {
        const alts = splitTopLevel(p.slice(i + 1, close));
        out += '(?:' + alts.map(translate).join('|') + ')';
        i = close + 1; continue;
      }
    }
    out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    i++;
  }
  return out;
}

function matchingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts;
}
