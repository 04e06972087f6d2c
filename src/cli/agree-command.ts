// `literature-map agree <a> <b>`: inter-coder agreement between two curations of the same run.
import { AgreementInputError, compareCurations } from '../analysis/curation-agreement';
import { AGREEMENT_FORMATS, AGREEMENT_TABLES, formatAgreement } from '../analysis/export/agreement';
import { oneOf, parseArgs, str, UsageError } from './args';
import { loadCuration } from './curation-input';
import { InputFileError, writeText } from './io';

export const AGREE_USAGE = 'literature-map agree <a> <b> [--format md|csv|latex|json] [--table themes|disagreements|alignment] [--out FILE]';

export async function agreeCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { format: 'value', table: 'value', out: 'value' });
  if (a.positional.length !== 2) throw new UsageError('agree needs two taxonomies (files or REV:PATH, e.g. main:taxonomy.json)');
  const format = oneOf(a, 'format', AGREEMENT_FORMATS) ?? 'md';
  const table = oneOf(a, 'table', AGREEMENT_TABLES);
  if (table && format !== 'csv') throw new UsageError('--table applies to --format csv only');
  const [x, y] = await Promise.all(a.positional.map((s) => loadCuration(s)));
  let text: string;
  try {
    text = formatAgreement(compareCurations(x, y, { a: a.positional[0], b: a.positional[1] }), format, table);
  } catch (e) {
    if (e instanceof AgreementInputError) throw new InputFileError(e.message);
    throw e;
  }
  const out = str(a, 'out');
  if (out) writeText(out, text);
  else process.stdout.write(text);
  return 0;
}
