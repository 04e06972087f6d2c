// The completion notification's sentence: what the run made, and — in the same sentence — what it had to leave out or
// found wrong, so skipped files and bad timestamps are not hidden in the Output channel. No vscode import: tested
// directly.
import type { SkippedFile, SourceWarning } from '../pipeline/types';
import { count } from '../words';

export interface RunSummary {
  topics: number;
  chunks: number;
  files: number;
  /** Re-run bookkeeping, when there was a previous taxonomy; `sentence` (reconcile.ts's carriedSentence) says it all. */
  carried?: { kept: number; new: number; vanished: number; sentence?: string };
  skipped: readonly SkippedFile[];
  warnings: readonly SourceWarning[];
}

/** How many problems the warnings stand for (a reader's "… and 42 more" line counts 42) and in how many files. */
export function problemCount(warnings: readonly SourceWarning[]): { problems: number; files: number } {
  const problems = warnings.reduce((n, w) => n + (w.more ?? 1), 0);
  return { problems, files: new Set(warnings.map((w) => w.path)).size };
}

export function completionMessage(s: RunSummary): string {
  const carried = !s.carried || !(s.carried.kept || s.carried.vanished) ? ''
    : s.carried.sentence ? ` — ${s.carried.sentence}` : ` (${s.carried.kept} carried over, ${s.carried.new} new, ${s.carried.vanished} vanished)`;
  const { problems, files } = problemCount(s.warnings);
  const issues = [
    s.skipped.length ? `${count(s.skipped.length, 'file')} skipped` : '',
    problems ? `${count(problems, 'problem')} in ${count(files, 'file')}` : '',
  ].filter(Boolean);
  const tail = issues.length ? `; ${issues.join(' and ')} (see Problems)` : '';
  return `Literature Map: ${count(s.topics, 'topic')} from ${count(s.chunks, 'chunk')} of ${count(s.files, 'file')}${carried}${tail}.`;
}
