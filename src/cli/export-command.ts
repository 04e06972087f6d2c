// `literature-map export <taxonomy.json> --format …`: the prevalence table, matrix, charts and map from a committed
// taxonomy, byte-identical to what the extension's Export… command writes. Stdout unless --out.
import fs from 'node:fs';
import { oneOf, parseArgs, str, UsageError } from './args';
import { InputFileError, writeText } from './io';
import { defaultCacheDir, loadArtifact, parseTaxonomyOrThrow } from './taxonomy-file';
import { partOwners } from '../taxonomy/artifact-store';
import type { RunArtifact, Taxonomy } from '../taxonomy/types';
import { DEFAULT_TABLE, EXPORTS, ExportError, FORMATS, TABLES, findExport, renderExport } from '../analysis/export';
import { PERIODS } from '../analysis/over-time';

export const EXPORT_USAGE =
  'literature-map export <taxonomy.json> --format md|csv|latex|svg|json [--table prevalence|matrix|over-time|chart|map|papers]\n' +
  '                      [--period year|decade] [--artifact FILE] [--out FILE]';

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read (${code})`}`);
  }
}

export function readTaxonomyFile(file: string): Taxonomy {
  return parseTaxonomyOrThrow(readText(file), file);
}

function readArtifactFile(file: string): RunArtifact {
  let a: Partial<RunArtifact>;
  try {
    a = JSON.parse(readText(file)) as Partial<RunArtifact>;
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!a || !Array.isArray(a.topicOf) || !Array.isArray(a.coords2d)) {
    throw new InputFileError(`${file}: not a run artifact (expected "topicOf" and "coords2d" arrays)`);
  }
  return a as RunArtifact;
}

export async function exportCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { format: 'value', table: 'value', period: 'value', artifact: 'value', out: 'value' });
  if (a.positional.length !== 1) throw new UsageError('export needs one taxonomy file (see --help)');
  const format = oneOf(a, 'format', FORMATS);
  if (!format) throw new UsageError(`--format is required (${FORMATS.join(', ')})`);
  const table = oneOf(a, 'table', TABLES) ?? DEFAULT_TABLE[format];
  const spec = findExport(format, table);
  if (!spec) {
    const ok = EXPORTS.filter((e) => e.format === format).map((e) => e.table);
    throw new UsageError(`--format ${format} cannot export --table ${table} (with ${format}: ${ok.join(', ')})`);
  }
  const period = oneOf(a, 'period', PERIODS);
  if (period && table !== 'over-time') throw new UsageError('--period applies to --table over-time only');
  if (str(a, 'artifact') !== undefined && table !== 'map') throw new UsageError('--artifact applies to --table map only');

  const file = a.positional[0];
  const taxonomy = readTaxonomyFile(file);
  let artifact: RunArtifact | undefined;
  if (spec.needsArtifact) {
    const given = str(a, 'artifact');
    if (given !== undefined) {
      const owner = partOwners(taxonomy);
      const raw = readArtifactFile(given);
      artifact = { ...raw, topicOf: raw.topicOf.map((id) => (id === null ? null : owner.get(id) ?? id)) };
    } else {
      artifact = await loadArtifact(defaultCacheDir(), taxonomy);
    }
    if (!artifact) {
      throw new InputFileError(`${file}: the per-chunk data of its run (${taxonomy.run.artifact ?? 'no key recorded'}) is not in ${defaultCacheDir()} (the map needs per-chunk coordinates): run \`literature-map map\` for this taxonomy first, or pass --artifact FILE`);
    }
    if (artifact.corpusFingerprint && artifact.corpusFingerprint !== taxonomy.run.corpus.fingerprint) {
      process.stderr.write(`literature-map export: warning: the run artifact is from another version of the corpus than ${file}; chunks of topics it does not know are drawn as unassigned\n`);
    }
  }

  let out: string;
  try {
    out = renderExport(taxonomy, format, table, { period, artifact });
  } catch (e) {
    if (e instanceof ExportError) throw new InputFileError(e.message);
    throw e;
  }
  const target = str(a, 'out');
  if (target !== undefined) writeText(target, out);
  else process.stdout.write(out);
  return 0;
}
