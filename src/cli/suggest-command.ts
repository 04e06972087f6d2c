// `literature-map suggest`: ask an OpenAI-compatible chat server (a local Ollama, LM Studio, llama.cpp server, vLLM,
// or a hosted API) for topic labels and/or a theme grouping, and record the answers as suggestions in the taxonomy.
// Nothing is sent with --dry-run; the key comes from an environment variable, never from a flag or a file.
import fs from 'node:fs';
import path from 'node:path';
import { int, parseArgs, requireStr, str, UsageError } from './args';
import { defaultCacheDir, loadRunData, loadPreviousTaxonomy, writeTaxonomyFile } from './taxonomy-file';
import { createOpenAiChatClient } from '../suggest/chat-client';
import { fileAnswerCache } from '../suggest/cache';
import { planLabels, planThemes, selectTopics, suggestLabels, suggestThemes, type TopicSelection } from '../suggest/suggest';
import { InputFileError } from './io';
import { count } from '../words';

export const SUGGEST_USAGE =
  'literature-map suggest <folder|taxonomy.json> --endpoint URL --model NAME [--topics all|unlabelled|largest:N|ID,ID…]\n' +
  '                       [--themes N] [--no-labels] [--dry-run] [--api-key-env VAR] [--excerpts N] [--excerpt-tokens N]\n' +
  '                       [--concurrency N] [--timeout S] [--seed N] [--cache-dir DIR]';

function selection(v: string | undefined): TopicSelection {
  if (v === undefined || v === 'unlabelled') return 'unlabelled';
  if (v === 'all') return 'all';
  const m = /^largest:(\d+)$/.exec(v);
  if (m) return { largest: Number(m[1]) };
  const ids = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length || !ids.every((id) => /^t-[0-9a-f]{8}$/.test(id))) throw new UsageError(`--topics must be all, unlabelled, largest:N or topic ids (t-xxxxxxxx) separated by commas, got "${v}"`);
  return { ids };
}

export async function suggestCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, {
    endpoint: 'value', model: 'value', topics: 'value', themes: 'value', 'no-labels': 'bool', 'dry-run': 'bool',
    'api-key-env': 'value', excerpts: 'value', concurrency: 'value', timeout: 'value', 'cache-dir': 'value', seed: 'value',
    'excerpt-tokens': 'value',
  });
  if (a.positional.length !== 1) throw new UsageError('suggest needs a folder or a taxonomy file');
  const target = path.resolve(a.positional[0]);
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'taxonomy.json') : target;
  const taxonomy = loadPreviousTaxonomy(file);
  if (!taxonomy) throw new InputFileError(`${file}: no such file (run \`literature-map map\` first)`);
  const endpoint = requireStr(a, 'endpoint');
  const model = requireStr(a, 'model');
  const themes = int(a, 'themes', 1, 200);
  const labels = !a.flags.has('no-labels');
  if (!labels && themes === undefined) throw new UsageError('nothing to ask: --no-labels without --themes N');
  const keyVar = str(a, 'api-key-env');
  const apiKey = keyVar ? process.env[keyVar] : undefined;
  if (keyVar && !apiKey) throw new UsageError(`the environment variable ${keyVar} (--api-key-env) is not set`);
  const opts = {
    model,
    seed: int(a, 'seed', 0, 2 ** 31 - 1),
    excerpts: int(a, 'excerpts', 1, 20),
    excerptTokens: int(a, 'excerpt-tokens', 50, 100_000),
    concurrency: int(a, 'concurrency', 1, 32) ?? 2,
  };
  const cacheDir = path.resolve(str(a, 'cache-dir') ?? defaultCacheDir());
  const cache = fileAnswerCache(path.join(cacheDir, 'suggestions'));
  // Found by the key the file records, so it is this file's run (chunk texts do not depend on later merges).
  const usable = await loadRunData(cacheDir, taxonomy);
  const texts = new Map(usable?.chunks.map((c) => [c.id, c.text]) ?? []);
  const chunkText = (id: string) => texts.get(id);
  const out = process.stdout;
  if (!usable) out.write('No run data for this taxonomy in the cache: excerpts are the file\'s ~200-character ones.\n');

  const topics = labels ? selectTopics(taxonomy, selection(str(a, 'topics'))) : [];
  const labelPlans = await planLabels(topics, chunkText, opts, cache);
  const themePlan = themes !== undefined ? await planThemes(taxonomy, themes, opts, cache) : undefined;
  const toSend = labelPlans.filter((p) => !p.cached);
  const tokens = toSend.reduce((n, p) => n + p.estimatedTokens, 0) + (themePlan && !themePlan.cached ? themePlan.estimatedTokens : 0);
  const host = new URL(endpoint).host;
  out.write(`Would send ${toSend.length + (themePlan && !themePlan.cached ? 1 : 0)} request(s) to ${host} (model ${model}), about ${tokens} tokens; ` +
    `${labelPlans.length - toSend.length + (themePlan?.cached ? 1 : 0)} answer(s) come from the cache.\n`);
  if (labelPlans.length) out.write(`Labels for ${labelPlans.length} topic(s): each request sends the topic's top 10 keywords and ${opts.excerpts ?? 4} excerpt(s).\n`);
  if (themePlan) out.write(`A grouping of ${count(themePlan.topics.length, 'topic')} into about ${themes} themes: sends each topic's label and top 8 keywords.\n`);
  if (a.flags.has('dry-run')) return 0;

  const client = createOpenAiChatClient({ endpoint, apiKey, timeoutMs: (int(a, 'timeout', 1, 3600) ?? 120) * 1000 });
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    let next = taxonomy;
    if (labelPlans.length) {
      const r = await suggestLabels(next, labelPlans, client, cache, {
        chunkText, signal: ac.signal, concurrency: opts.concurrency,
        onProgress: process.stderr.isTTY ? (p) => process.stderr.write(`\r${p.done}/${p.total} topics`) : undefined,
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      next = r.taxonomy;
      out.write(`${r.report.added} label suggestion(s) added (${r.report.requests} request(s), ${r.report.fromCache} from the cache).\n`);
      for (const f of r.report.failed) out.write(`  ${f.topic}: ${f.message}\n`);
      const flagged = next.topics.flatMap((tp) => (tp.suggestions ?? []).filter((s) => s.status === 'pending' && s.flags.length).map((s) => `  ${tp.id} "${s.label}": ${s.flags.join(', ')}`));
      if (flagged.length) out.write(`Flagged:\n${flagged.join('\n')}\n`);
      // Written before the theme request, so a failure there keeps the labels already paid for.
      writeTaxonomyFile(file, next);
    }
    if (themePlan) {
      const r = await suggestThemes(next, themePlan, client, cache, { signal: ac.signal });
      next = r.taxonomy;
      const pending = (next.themeSuggestions ?? []).filter((s) => s.status === 'pending');
      out.write(`${pending.length} theme(s) proposed${r.fromCache ? ' (from the cache)' : ''}: ${pending.map((s) => `${s.name} (${s.topics.length})`).join(', ')}.\n`);
    }
    writeTaxonomyFile(file, next);
    out.write(`Suggestions are in ${path.relative(process.cwd(), file) || file}; accept or reject them in VS Code (Literature Map panel).\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
