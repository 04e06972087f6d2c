// `literature-map diff <a> <b> [--json]`: what changed between two taxonomies (files or git revisions), in sentences.
import { diffTaxonomies } from '../taxonomy/diff';
import { parseArgs, UsageError } from './args';
import { loadCuration } from './curation-input';

export const DIFF_USAGE = 'literature-map diff <a> <b> [--json]            # a, b: taxonomy files or git revisions (main:taxonomy.json)';

export async function diffCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { json: 'bool' });
  if (a.positional.length !== 2) throw new UsageError('diff needs two taxonomies (files or REV:PATH, e.g. main:taxonomy.json)');
  const [from, to] = await Promise.all(a.positional.map((s) => loadCuration(s)));
  const d = diffTaxonomies(from, to);
  if (a.flags.has('json')) process.stdout.write(JSON.stringify(d, null, 2) + '\n');
  else process.stdout.write(d.changes.length ? d.changes.map((c) => c.sentence).join('\n') + '\n' : 'No changes to topics or themes.\n');
  return 0;
}
