// `literature-map`: the headless face of the same pipeline the extension runs. Usage errors and bad files print one
// line naming the problem and exit 2; a stale `check` exits 1.
import { UsageError } from './args';
import { InputFileError } from './io';
import { PipelineError, isCancelled } from '../pipeline/errors';
import { TOOL_VERSION } from '../pipeline/version';
import { mapCommand } from './map';
import { sweepCommand } from './sweep-command';
import { clusterCommand, describeCommand, scoreCommand } from './stages';
import { checkCommand } from './check-command';
import { exportCommand, EXPORT_USAGE } from './export-command';
import { suggestCommand, SUGGEST_USAGE } from './suggest-command';
import { diffCommand, DIFF_USAGE } from './diff-command';
import { agreeCommand, AGREE_USAGE } from './agree-command';
import { gitSetupCommand, GIT_SETUP_USAGE } from './git-setup-command';

const USAGE = `literature-map ${TOOL_VERSION} — BERTopic-style topic maps of transcript folders

Usage:
  literature-map map <folder> [--out FILE] [--embedding auto|transformers|static|endpoint|lsa] [--model ID|DIR|NAME]
                     [--endpoint URL [--concurrency N] [--timeout SECONDS] [--api-key-env VAR]] [--seed N]
                     [--min-topic-size auto|N [--cluster-selection eom|leaf] [--min-samples N]] [--min-df N] [--cache-dir DIR] [--assignments-out FILE] [--topics-out FILE]
                     [--nr-topics N|auto] [--reduce-outliers c-tf-idf|embeddings|distributions [--outlier-threshold X]]
                     [--mmr-diversity X] [--keybert] [--csv-columns title=COL,abstract=COL,…] [--max-file-mb N]
  literature-map map --texts paragraphs.json --embeddings X.f32 --dim D [--out FILE] [...same options]
  literature-map sweep <folder> | --texts paragraphs.json --embeddings X.f32 --dim D [--json] [...map's options]
  literature-map cluster --input X.f32 --dim D --min-cluster-size N [--min-samples N] [--method eom|leaf] --out FILE
  literature-map describe --texts paragraphs.json --assignments assignments.json [--top-n N] [--min-df N] --out FILE
  literature-map score --texts paragraphs.json --topics topics.json [--json]
  literature-map check <folder> [--taxonomy FILE]
${[EXPORT_USAGE, SUGGEST_USAGE, DIFF_USAGE, AGREE_USAGE, GIT_SETUP_USAGE].join('\n').replace(/^/gm, '  ')}

Exit codes: 0 success, 1 stale taxonomy (check) or internal error, 2 bad arguments or input files.`;

export type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  map: mapCommand,
  sweep: sweepCommand,
  cluster: clusterCommand,
  describe: describeCommand,
  score: scoreCommand,
  check: checkCommand,
  export: exportCommand,
  suggest: suggestCommand,
  diff: diffCommand,
  agree: agreeCommand,
  'git-setup': gitSetupCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(TOOL_VERSION + '\n');
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`literature-map: unknown command "${name}" (try --help)\n`);
    return 2;
  }
  try {
    return await cmd(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputFileError || e instanceof PipelineError) {
      process.stderr.write(`literature-map ${name}: ${e.message}\n`);
      return 2;
    }
    if (isCancelled(e)) {
      process.stderr.write(`literature-map ${name}: cancelled\n`);
      return 130;
    }
    process.stderr.write(`literature-map ${name}: internal error: ${(e as Error)?.message ?? e}\n`);
    if (process.env.LITERATURE_MAP_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    return 1;
  }
}
