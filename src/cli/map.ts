// `literature-map map`: run the topic model on a folder (or on precomputed embeddings) and write the taxonomy file,
// carrying the curation of the previous file over to the new run, exactly as the extension's Re-run does.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, int, oneOf, str, UsageError, type ParsedArgs } from './args';
import { readF32, readParagraphs, writeAssignments, writeTopicWords } from './io';
import { pct } from './stages';
import { granularityLines } from './granularity-output';
import { keepChosenGranularity } from '../pipeline/granularity';
import { defaultCacheDir, loadPreviousTaxonomy, loadRunData, saveArtifact, writeTaxonomyFile } from './taxonomy-file';
import { runTopicModel, type RunInput } from '../pipeline/orchestrator';
import { count } from '../words';
import { resolveSettings, type SettingsOverrides } from '../pipeline/settings';
import { PipelineError } from '../pipeline/errors';
import { API_KEY_ENV } from '../pipeline/embedding/endpoint-client';
import type { ProgressEvent } from '../pipeline/types';
import { carryOver } from '../taxonomy/carry-over';
import { describeReconcile } from '../taxonomy/reconcile';
import { parseColumnMap } from '../pipeline/formats/csv-export';

export const FLAGS = {
  out: 'value', embedding: 'value', model: 'value', seed: 'value', 'min-topic-size': 'value', 'min-samples': 'value',
  'min-df': 'value', 'chunk-tokens': 'value', 'cache-dir': 'value', texts: 'value', embeddings: 'value', dim: 'value',
  'assignments-out': 'value', 'topics-out': 'value', quiet: 'bool', verbose: 'bool',
  'cluster-selection': 'value', 'nr-topics': 'value', 'reduce-outliers': 'value', 'outlier-threshold': 'value', 'mmr-diversity': 'value', keybert: 'bool',
  endpoint: 'value', concurrency: 'value', timeout: 'value', 'api-key-env': 'value',
  'csv-columns': 'value', 'max-file-mb': 'value',
} as const;

export async function mapCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, FLAGS);

  const out = path.resolve(str(a, 'out') ?? 'taxonomy.json');
  const input = inputFromArgs(a, out);
  let settings = resolveSettings(settingsFromArgs(a, input.kind));

  // Refuse before spending minutes on a run whose result could not be saved without losing the researcher's work.
  const prev = loadPreviousTaxonomy(out);
  // Without --min-topic-size, a granularity chosen in the panel for the previous run is kept (as the extension does).
  if (str(a, 'min-topic-size') === undefined) settings = keepChosenGranularity(settings, prev?.run.settings).settings;
  const cacheDir = path.resolve(str(a, 'cache-dir') ?? defaultCacheDir());
  const quiet = a.flags.has('quiet');
  const verbose = a.flags.has('verbose');

  const run = await runTopicModel(input, settings, {
    cacheDir,
    embeddingApiKey: apiKeyFromEnv(a),
    // dist/cli.js and dist/layout-worker.js are bundled side by side; elsewhere (tests) the map runs in this thread.
    layoutWorker: path.join(__dirname, 'layout-worker.js'),
    onProgress: quiet ? undefined : progressPrinter(),
    onLog: verbose ? (l) => process.stderr.write(`  ${l}\n`) : undefined,
  });
  if (!quiet) process.stderr.write('\n');
  for (const n of run.notices ?? []) process.stderr.write(`note: ${n}\n`);

  const prevArtifact = prev ? await loadRunData(cacheDir, prev) : undefined;
  const rec = carryOver(run, prev, prevArtifact);
  // The data first: the file names it by key, so a file is never written without its data (a failed data write
  // costs only the views and merges, which then ask for a re-run).
  await saveArtifact(cacheDir, rec.artifact).catch((e: Error) => process.stderr.write(`warning: could not keep the run data in ${cacheDir} (${e.message})\n`));
  writeTaxonomyFile(out, rec.taxonomy);

  if (str(a, 'assignments-out')) writeAssignments(str(a, 'assignments-out')!, run.assignments, run.probabilities);
  if (str(a, 'topics-out')) writeTopicWords(str(a, 'topics-out')!, run.topics);

  const outliers = run.assignments.reduce((n, l) => n + (l < 0 ? 1 : 0), 0);
  const lines = [
    `${count(run.sources.length, 'source')}, ${count(run.chunks.length, 'chunk')} → ${count(run.topics.length, 'topic')}, ${count(outliers, 'outlier')} (${pct(outliers / run.chunks.length)})`,
    `diversity@25 ${run.quality.diversity.toFixed(4)}  NPMI@10 ${run.quality.npmi.toFixed(4)}`,
    `embedding ${run.meta.embedding.backend} ${run.meta.embedding.model}${run.meta.embedding.revision ? ` @ ${run.meta.embedding.revision}` : ''} (${run.meta.embedding.dim} dims)` +
      (run.meta.cacheHits !== undefined ? `, ${run.meta.cacheHits}/${run.chunks.length} from cache` : ''),
    `time ${run.timings.map((t) => `${t.stage} ${t.seconds.toFixed(1)}s`).join(', ')}`,
  ];
  if (prev) {
    lines.push(`curation carried over: ${describeReconcile(rec.report)}`);
  }
  lines.push(...granularityLines(run.granularity, run.meta.settings));
  const records = run.sources.filter((s) => s.record);
  if (records.length) {
    const titleOnly = records.filter((s) => s.record!.titleOnly).length;
    lines.push(`${count(records.length, 'bibliographic record')}` + (titleOnly ? `, ${titleOnly} of them title only (no abstract)` : '') +
      (run.merged?.length ? `; ${count(run.merged.length, 'duplicate')} merged (--verbose lists them)` : ''));
  }
  const badRecords = run.skipped.filter((s) => s.line !== undefined);
  // A file refused for its size is usually the export the researcher meant to map: always named, with the way out.
  const tooLarge = run.skipped.filter((s) => s.line === undefined && s.reason.startsWith('too large'));
  const files = run.skipped.length - badRecords.length - tooLarge.length;
  if (files) lines.push(`${count(files, tooLarge.length ? 'other file' : 'file')} skipped (--verbose lists them)`);
  for (const s of tooLarge) lines.push(`skipped ${s.path}: ${s.reason}`);
  // Bad records are few and each one is something to fix in the export: always listed.
  for (const s of badRecords) lines.push(`skipped record ${s.path}:${s.line}: ${s.reason.replace(/^line \d+: /, '').replace(/; record skipped$/, '')}`);
  lines.push(`wrote ${path.relative(process.cwd(), out) || out}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/**
 * `--min-topic-size auto|N`: a folder run defaults to auto (the sweep picks the granularity); precomputed input keeps
 * BERTopic's fixed default so runs on the reference compare with BERTopic's. A number is always exactly BERTopic's.
 */
export function minTopicSizeArg(a: ParsedArgs, kind: RunInput['kind']): number | 'auto' | undefined {
  const v = str(a, 'min-topic-size');
  if (v === 'auto' || (v === undefined && kind === 'folder')) {
    if (str(a, 'min-samples') || str(a, 'cluster-selection')) {
      throw new UsageError('--min-samples and --cluster-selection need a numeric --min-topic-size (auto chooses them)');
    }
    return 'auto';
  }
  return int(a, 'min-topic-size', 2, 100000);
}

/** The API key never comes from a flag (it would land in shell history and process lists), only from the environment. */
function apiKeyFromEnv(a: ParsedArgs): string | undefined {
  const name = str(a, 'api-key-env') ?? API_KEY_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--api-key-env takes the name of an environment variable, got "${name}"`);
  if (str(a, 'api-key-env') && !process.env[name]) throw new UsageError(`--api-key-env ${name}: that environment variable is not set`);
  return process.env[name] || undefined;
}

function embeddingFromArgs(a: ParsedArgs): SettingsOverrides['embedding'] {
  const endpointUrl = str(a, 'endpoint');
  const backend = oneOf(a, 'embedding', ['auto', 'transformers', 'static', 'endpoint', 'lsa'] as const) ?? (endpointUrl ? 'endpoint' : undefined);
  if (endpointUrl && backend !== 'endpoint') throw new UsageError('--endpoint goes with --embedding endpoint');
  for (const f of ['concurrency', 'timeout', 'api-key-env']) {
    if (str(a, f) !== undefined && backend !== 'endpoint') throw new UsageError(`--${f} goes with --embedding endpoint`);
  }
  const model = str(a, 'model');
  const isDir = model !== undefined && fs.existsSync(model) && fs.statSync(model).isDirectory();
  const common = { backend, concurrency: int(a, 'concurrency', 1, 256), timeoutSeconds: int(a, 'timeout', 1, 3600) };
  // --model names the model of whichever backend runs: a served model's name, a model2vec id or folder, a transformer.
  if (backend === 'endpoint') return { ...common, endpointUrl, endpointModel: model };
  if (backend === 'static') return { ...common, staticModel: isDir ? path.resolve(model!) : model };
  return { ...common, model: isDir ? path.basename(path.resolve(model!)) : model, localModelPath: isDir ? path.resolve(model!) : undefined };
}

export function settingsFromArgs(a: ParsedArgs, kind: RunInput['kind']): SettingsOverrides {
  return {
    seed: int(a, 'seed', 0, 2 ** 32 - 1),
    chunkTokens: int(a, 'chunk-tokens', 16, 8192),
    embedding: embeddingFromArgs(a),
    hdbscan: {
      minClusterSize: minTopicSizeArg(a, kind), minSamples: int(a, 'min-samples', 1, 100000),
      method: oneOf(a, 'cluster-selection', ['eom', 'leaf'] as const),
    },
    vectorizer: { minDf: int(a, 'min-df', 1, 1000) },
    refine: refineFromArgs(a),
    representation: { mmrDiversity: fraction(a, 'mmr-diversity'), keybert: a.flags.has('keybert') || undefined },
    csvColumns: csvColumnsFromArgs(a),
    maxFileMB: int(a, 'max-file-mb', 1, 65536),
  };
}

function csvColumnsFromArgs(a: ParsedArgs): SettingsOverrides['csvColumns'] {
  const spec = str(a, 'csv-columns');
  if (spec === undefined) return undefined;
  try {
    return parseColumnMap(spec);
  } catch (e) {
    throw new UsageError(`--csv-columns: ${(e as Error).message}`);
  }
}

function refineFromArgs(a: ParsedArgs): SettingsOverrides['refine'] {
  const nr = str(a, 'nr-topics');
  const strategy = oneOf(a, 'reduce-outliers', ['c-tf-idf', 'embeddings', 'distributions'] as const);
  const threshold = fraction(a, 'outlier-threshold');
  if (threshold !== undefined && !strategy) throw new UsageError('--outlier-threshold needs --reduce-outliers');
  return {
    nrTopics: nr === 'auto' ? 'auto' : nr === undefined ? undefined : int(a, 'nr-topics', 2, 100000),
    outliers: strategy ? { strategy, threshold: threshold ?? 0 } : undefined,
  };
}

function fraction(a: ParsedArgs, name: string): number | undefined {
  const t = str(a, name);
  if (t === undefined) return undefined;
  const x = Number(t);
  if (t.trim() === '' || !(x >= 0 && x <= 1)) throw new UsageError(`--${name} must be a number between 0 and 1, got "${t}"`);
  return x;
}

export function inputFromArgs(a: ParsedArgs, out: string): RunInput {
  const textsFile = str(a, 'texts');
  const embFile = str(a, 'embeddings');
  if (textsFile || embFile) {
    if (!textsFile || !embFile) throw new UsageError('--texts and --embeddings go together');
    if (a.positional.length) throw new UsageError('give either a folder or --texts/--embeddings, not both');
    const dim = int(a, 'dim', 1, 100000);
    if (dim === undefined) throw new UsageError('--dim is required with --embeddings');
    const texts = readParagraphs(textsFile);
    const embeddings = readF32(embFile, dim);
    if (embeddings.rows !== texts.length) throw new PipelineError(`${embFile}: ${embeddings.rows} rows for ${texts.length} texts in ${textsFile}`);
    return { kind: 'precomputed', texts: texts.map((t) => ({ text: t.text, file: t.file })), embeddings };
  }
  if (a.positional.length !== 1) throw new UsageError('map needs one folder (or --texts with --embeddings)');
  const root = path.resolve(a.positional[0]);
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (e) {
    // existsSync is also false for a symlink loop; "no such folder" would send the user looking in the wrong place.
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${a.positional[0]}: ${code === 'ELOOP' ? 'a symbolic link loop (the link points back at itself), not a folder' : code === 'ENOENT' || code === 'ENOTDIR' ? 'no such folder' : `cannot be read (${code})`}`);
  }
  if (!st.isDirectory()) throw new UsageError(`${a.positional[0]}: not a folder`);
  const rel = path.relative(root, out);
  const ignore = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? [rel.split(path.sep).join('/')] : [];
  return { kind: 'folder', root, ignore };
}

export function progressPrinter(): (e: ProgressEvent) => void {
  const tty = process.stderr.isTTY;
  let lastStage = '';
  return (e) => {
    const eta = e.etaSeconds !== undefined ? `, ~${Math.ceil(e.etaSeconds)} s left` : '';
    const line = `[${e.stage}] ${e.message}${eta}`;
    // A terminal gets a live line; a log (CI) gets each stage once.
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (e.stage !== lastStage) process.stderr.write(line + '\n');
    lastStage = e.stage;
  };
}
