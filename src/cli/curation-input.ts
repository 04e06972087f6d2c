// A taxonomy argument of `diff` and `agree`: a file or a git revision (`main:taxonomy.json`). Unreadable or invalid
// input stops the command with one line naming it (exit 2).
import { readFileOrRevision } from '../git/revision';
import { GitError } from '../git/git';
import type { Taxonomy } from '../taxonomy/types';
import { InputFileError } from './io';
import { parseTaxonomyOrThrow } from './taxonomy-file';

export async function loadCuration(spec: string, cwd = process.cwd()): Promise<Taxonomy> {
  let text: string;
  try {
    text = (await readFileOrRevision(spec, cwd)).text;
  } catch (e) {
    throw new InputFileError(e instanceof GitError ? `${spec}: ${e.message}` : (e as Error).message);
  }
  return parseTaxonomyOrThrow(text, spec);
}
