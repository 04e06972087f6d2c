// `literature-map sweep`: the granularity options of a folder (or of --texts/--embeddings) — embed and lay out once,
// then cluster and describe the 5-d layout over the grid and print each option's figures (--json for machines).
import path from 'node:path';
import { parseArgs, str } from './args';
import { FLAGS, inputFromArgs, progressPrinter, settingsFromArgs } from './map';
import { defaultCacheDir } from './taxonomy-file';
import { optionTable } from './granularity-output';
import { runTopicModel } from '../pipeline/orchestrator';
import { resolveSettings } from '../pipeline/settings';
import { AUTO_RULE } from '../pipeline/granularity';

export async function sweepCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { ...FLAGS, json: 'bool' });
  const input = inputFromArgs(a, path.resolve(str(a, 'out') ?? 'taxonomy.json'));
  // The sweep is what 'auto' runs; the run's own topics are not written anywhere.
  const settings = resolveSettings({ ...settingsFromArgs(a, 'folder'), hdbscan: { minClusterSize: 'auto' } });
  const quiet = a.flags.has('quiet') || a.flags.has('json');
  const run = await runTopicModel(input, settings, {
    cacheDir: path.resolve(str(a, 'cache-dir') ?? defaultCacheDir()),
    layoutWorker: path.join(__dirname, 'layout-worker.js'),
    onProgress: quiet ? undefined : progressPrinter(),
  });
  if (!quiet) process.stderr.write('\n');
  const g = run.granularity!;
  if (a.flags.has('json')) {
    process.stdout.write(JSON.stringify({ chunks: run.chunks.length, rule: AUTO_RULE, auto: g.auto, options: g.options }, null, 1) + '\n');
    return 0;
  }
  const lines = [
    `${run.sources.length} sources, ${run.chunks.length} chunks, embedding ${run.meta.embedding.backend}; ${g.options.length} options on one 5-d layout`,
    ...optionTable(g.options, g.auto),
    `auto (${AUTO_RULE}) picks the marked row; map with --min-topic-size N --cluster-selection eom|leaf --min-samples N to choose another.`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
