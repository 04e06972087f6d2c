// Where the parity tests find the shared reference (BERTopic on the SOTU paragraphs): ../shared beside the repository,
// as CI lays it out, or LM_REFERENCE_DIR. Like the chromium check (webview-page.ts): on a developer machine without it
// a parity test is skipped with the reason; under CI=true it runs and fails on the missing file, never a silent skip.
import fs from 'node:fs';
import path from 'node:path';

export const REFERENCE_DIR = process.env.LM_REFERENCE_DIR
  ? path.resolve(process.env.LM_REFERENCE_DIR)
  : path.resolve(process.cwd(), '..', 'shared', 'reference', 'sotu-bertopic');

export function referenceFile(name: string): string {
  return path.join(REFERENCE_DIR, name);
}

/** The `skip` option of a parity test: false when the files are there (or under CI), else the reason. */
export function referenceMissing(...names: string[]): string | false {
  if (process.env.CI) return false;
  const absent = names.filter((n) => !fs.existsSync(referenceFile(n)));
  return absent.length ? `reference data not found: ${absent.map(referenceFile).join(', ')} (../shared is on CI and developer machines)` : false;
}
