// `literature-map check <folder>`: is the committed taxonomy stale for the folder's contents? For CI.
import path from 'node:path';
import { parseArgs, str, UsageError } from './args';
import { runCheck } from './check';
import { readCorpus } from '../pipeline/corpus';
import { corpusFingerprint } from '../pipeline/fingerprint';
import { DEFAULT_SETTINGS } from '../pipeline/settings';

export async function checkCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { taxonomy: 'value' });
  if (a.positional.length !== 1) throw new UsageError('check needs one folder');
  const folder = path.resolve(a.positional[0]);
  const taxonomy = path.resolve(str(a, 'taxonomy') ?? path.join(folder, 'taxonomy.json'));
  const rel = path.relative(folder, taxonomy).split(path.sep).join('/');
  const result = await runCheck(folder, taxonomy, {
    readFingerprint: async (root) => {
      const corpus = await readCorpus(root, { include: DEFAULT_SETTINGS.include, exclude: DEFAULT_SETTINGS.exclude, ignore: [rel] });
      const files = corpus.sources.map((s) => s.file);
      return { fingerprint: corpusFingerprint(files), sources: files.map((f) => ({ path: f.path, contentHash: f.contentHash })) };
    },
  });
  const stream = result.code === 0 ? process.stdout : process.stderr;
  if (result.lines.length) stream.write(result.lines.join('\n') + '\n');
  return result.code;
}
