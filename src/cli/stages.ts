// The single-stage commands: cluster, describe and score, on the reference file formats, so each stage can be checked
// against BERTopic on identical inputs.
import { parseArgs, requireStr, int, oneOf, UsageError } from './args';
import { readAssignments, readF32, readParagraphs, readTopicWords, writeAssignments, writeTopicWords, InputFileError } from './io';
import { hdbscan, renumberBySize } from '../pipeline/hdbscan';
import { describeTopics } from '../pipeline/representation';
import { npmiCoherence, topicDiversity } from '../pipeline/scoring';
import { DEFAULT_SETTINGS } from '../pipeline/settings';
import { count } from '../words';

export async function clusterCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { input: 'value', dim: 'value', 'min-cluster-size': 'value', 'min-samples': 'value', method: 'value', out: 'value' });
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
  const input = requireStr(a, 'input');
  const X = readF32(input, int(a, 'dim', 1, 100000) ?? missing('dim'));
  if (X.rows === 0) throw new InputFileError(`${input}: no rows to cluster (the file is empty)`);
  const minClusterSize = int(a, 'min-cluster-size', 2) ?? missing('min-cluster-size');
  const out = requireStr(a, 'out');
  const t0 = performance.now();
  const r = hdbscan(X, { minClusterSize, minSamples: int(a, 'min-samples', 1), method: oneOf(a, 'method', ['eom', 'leaf'] as const) ?? 'eom' });
  const labels = renumberBySize(r.labels);
  writeAssignments(out, labels, r.probabilities);
  let k = 0, noise = 0;
  for (const l of labels) { if (l < 0) noise++; else k = Math.max(k, l + 1); }
  process.stdout.write(`${count(X.rows, 'point')} → ${count(k, 'cluster')}, ${count(noise, 'outlier')} (${pct(noise / X.rows)}) in ${((performance.now() - t0) / 1000).toFixed(2)} s → ${out}\n`);
  return 0;
}

export async function describeCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { texts: 'value', assignments: 'value', 'top-n': 'value', 'min-df': 'value', out: 'value' });
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
  const textsFile = requireStr(a, 'texts');
  const assignFile = requireStr(a, 'assignments');
  const texts = readParagraphs(textsFile).map((p) => p.text);
  const labels = readAssignments(assignFile);
  if (labels.length !== texts.length) throw new InputFileError(`${assignFile}: ${labels.length} assignments for ${texts.length} texts in ${textsFile}`);
  const topN = int(a, 'top-n', 1, 1000) ?? 10;
  const out = requireStr(a, 'out');
  const v = DEFAULT_SETTINGS.vectorizer;
  const d = describeTopics(texts, labels, { ngramRange: v.ngramRange, minDf: int(a, 'min-df', 1) ?? v.minDf, topN, representativeCount: 3 });
  writeTopicWords(out, d.topics);
  process.stdout.write(`${count(d.topics.length, 'topic')} described (top ${count(topN, 'word')}) → ${out}\n`);
  return 0;
}

export async function scoreCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, { texts: 'value', topics: 'value', json: 'bool' });
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
  const texts = readParagraphs(requireStr(a, 'texts')).map((p) => p.text);
  const topics = readTopicWords(requireStr(a, 'topics')).filter((t) => t.topic !== -1);
  const words = topics.map((t) => t.words);
  const diversity = topicDiversity(words, 25);
  const npmi = npmiCoherence(texts, words, { topK: 10, ngramRange: DEFAULT_SETTINGS.vectorizer.ngramRange }).overall;
  if (a.flags.has('json')) process.stdout.write(JSON.stringify({ diversity: round4(diversity), npmi: round4(npmi), topics: topics.length }) + '\n');
  else process.stdout.write(`topics ${topics.length}\ndiversity@25 ${round4(diversity).toFixed(4)}\nNPMI@10 ${round4(npmi).toFixed(4)}\n`);
  return 0;
}

function missing(name: string): never {
  throw new UsageError(`--${name} is required`);
}

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

