// A taxonomy named on the command line or in the editor: a file, or a git revision and path (`main:taxonomy.json`,
// `HEAD~2:data/taxonomy.json`) read with `git show`, so two branches can be compared without checking either out.
import fs from 'node:fs';
import path from 'node:path';
import { git } from './git';

/** Text of `spec` and a display name; a file wins over a revision of the same spelling. */
export async function readFileOrRevision(spec: string, cwd: string): Promise<{ text: string; name: string }> {
  const file = path.resolve(cwd, spec);
  if (fs.existsSync(file)) return { text: fs.readFileSync(file, 'utf8'), name: spec };
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new Error(`${spec}: no such file (for a git revision write REV:PATH, e.g. main:taxonomy.json)`);
  // Paths in REV:PATH are from the top of the clone unless they start with ./ — make them relative to cwd, as a
  // file argument would be.
  const rev = spec.slice(0, colon), rel = spec.slice(colon + 1);
  const arg = rel.startsWith('/') || rel.startsWith('./') || rel.startsWith('../') ? `${rev}:${rel}` : `${rev}:./${rel}`;
  return { text: (await git(cwd, ['show', arg])).stdout, name: spec };
}
