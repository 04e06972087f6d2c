// `literature-map check <folder>`: is the committed taxonomy stale for the folder's contents? For CI.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, str, UsageError } from './args';
import { runCheck } from './check';
import { readCorpus } from '../pipeline/corpus';
import { corpusFingerprint } from '../pipeline/fingerprint';
import { DEFAULT_SETTINGS, maxFileBytes } from '../pipeline/settings';
import type { PipelineSettings } from '../pipeline/types';

export async function checkCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { taxonomy: 'value' });
  if (a.positional.length !== 1) throw new UsageError('check needs one folder');
  const folder = path.resolve(a.positional[0]);
  const taxonomy = path.resolve(str(a, 'taxonomy') ?? path.join(folder, 'taxonomy.json'));
  const rel = path.relative(folder, taxonomy).split(path.sep).join('/');
  // Read the folder with the include/exclude patterns the taxonomy was made with, or a narrower run looks stale.
  const recorded = recordedGlobs(taxonomy);
  const result = await runCheck(folder, taxonomy, {
    readFingerprint: async (root) => {
      const corpus = await readCorpus(root, { include: recorded.include, exclude: recorded.exclude, csvColumns: recorded.csvColumns, maxFileBytes: maxFileBytes(recorded), ignore: [rel] });
      const files = corpus.sources.map((s) => s.file);
      return { fingerprint: corpusFingerprint(files), sources: files.map((f) => ({ path: f.path, contentHash: f.contentHash })) };
    },
  });
  const stream = result.code === 0 ? process.stdout : process.stderr;
  if (result.lines.length) stream.write(result.lines.join('\n') + '\n');
  return result.code;
}

/**
 * How the taxonomy's run read the folder: its globs, the CSV column mapping (an export's records are its sources) and
 * the file size limit.
 */
function recordedGlobs(file: string): Pick<PipelineSettings, 'include' | 'exclude' | 'csvColumns' | 'maxFileMB'> {
  const fallback = { include: DEFAULT_SETTINGS.include, exclude: DEFAULT_SETTINGS.exclude };
  try {
    const s = (JSON.parse(fs.readFileSync(file, 'utf8')) as { run?: { settings?: { include?: unknown; exclude?: unknown; csvColumns?: unknown; maxFileMB?: unknown } } }).run?.settings;
    const list = (v: unknown, d: string[]) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : d);
    const cols = s?.csvColumns && typeof s.csvColumns === 'object' && !Array.isArray(s.csvColumns) ? (s.csvColumns as PipelineSettings['csvColumns']) : undefined;
    const mb = typeof s?.maxFileMB === 'number' && s.maxFileMB > 0 ? s.maxFileMB : undefined;
    return { include: list(s?.include, fallback.include), exclude: list(s?.exclude, fallback.exclude), ...(cols ? { csvColumns: cols } : {}), ...(mb ? { maxFileMB: mb } : {}) };
  } catch {
    return fallback; // runCheck reports the unreadable file itself (exit 2)
  }
}
