// `literature-map git-setup [folder] [--taxonomy FILE]`: route taxonomy files to the merge driver in this clone.
import path from 'node:path';
import { gitSetup } from '../git/setup';
import { parseArgs, str, UsageError } from './args';
import { InputFileError } from './io';

/** The driver bundle sits next to the CLI bundle in dist/. */
const DRIVER_SOURCE = path.join(__dirname, 'merge-driver.js');

export const GIT_SETUP_USAGE = 'literature-map git-setup [folder] [--taxonomy FILE]   # merge taxonomy files by ids in this git clone';

export async function gitSetupCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { taxonomy: 'value' });
  if (a.positional.length > 1) throw new UsageError('git-setup takes at most one folder');
  const folder = path.resolve(a.positional[0] ?? '.');
  const taxonomy = str(a, 'taxonomy');
  let result;
  try {
    result = await gitSetup(folder, DRIVER_SOURCE, taxonomy ? path.resolve(taxonomy) : undefined);
  } catch (e) {
    throw new InputFileError((e as Error).message);
  }
  const lines = result.changes.length ? result.changes : ['already set up: taxonomy files in this clone merge by topic and theme ids'];
  process.stdout.write(`${result.clone.top}:\n${lines.map((l) => `  ${l}`).join('\n')}\n` +
    'Note: merge buttons on GitHub, GitLab and other web hosts ignore merge drivers; merge taxonomy changes locally.\n');
  return 0;
}
