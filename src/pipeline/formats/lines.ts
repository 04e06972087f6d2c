/** Splits on every line-break convention (\r\n, \n, lone \r) so line numbers match what an editor shows. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** Offset → 1-based line, counting \r\n, \n and lone \r as one break each (as splitLines and editors do). */
export function lineIndex(text: string): (offset: number) => number {
  return lineTable(text).lineAt;
}

/** lineIndex and its inverse: a 1-based line → the offset where it starts (a column is then offset − lineOffset). */
export function lineTable(text: string): { lineAt: (offset: number) => number; lineOffset: (line: number) => number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return {
    lineAt: (off) => {
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= off) lo = mid; else hi = mid - 1;
      }
      return lo + 1;
    },
    lineOffset: (line) => starts[line - 1] ?? 0,
  };
}
