import { sha256Hex } from './hash';
import type { SourceFile } from './types';

/**
 * sha256 over `path\0contentHash\n` lines sorted by path (code-point order), so the fingerprint depends on what the
 * corpus holds, not on the order files were read in. The stale check compares it with the taxonomy file's.
 */
export function corpusFingerprint(files: SourceFile[]): string {
  const lines = files.map((f) => `${f.path}\0${f.contentHash}\n`).sort(compareCodePoints);
  return sha256Hex(lines.join(''));
}

/** Code-point order (not UTF-16 unit order, not locale order): the same on every machine and in every language. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
