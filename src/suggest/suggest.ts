// Asking a language model for topic labels and a theme grouping, and recording its answers as suggestions in the
// taxonomy — never as curation. Pure apart from the client and the cache it is handed: the same taxonomy, chunk texts,
// model, parameters and cache give the same bytes, whatever order the answers arrive in.
import { isCancelled, throwIfAborted } from '../pipeline/errors';
import { sha256Hex } from '../pipeline/hash';
import type { LabelSuggestion, SuggestionProvenance, Taxonomy, ThemeSuggestion, Topic, TopicId } from '../taxonomy/types';
import { AnswerError, labelFlags, parseLabelAnswer, parseThemeAnswer, quoteOccurs } from './answer';
import type { AnswerCache } from './cache';
import type { ChatClient, ChatRequest } from './chat-client';
import { estimateTokens, LABEL_TEMPLATE, labelMessages, promptHash, THEME_TEMPLATE, themeMessages } from './prompt';

export interface SuggestOptions {
  model: string;
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  /** Representative excerpts sent per topic. */
  excerpts?: number;
  /** Estimated-token budget for a topic's excerpts (see estimateTokens). */
  excerptTokens?: number;
  concurrency?: number;
}

const DEFAULTS = { temperature: 0, seed: 42, maxTokens: 300, excerpts: 4, excerptTokens: 1200, concurrency: 2 };

/** Which topics to label: ids, or a rule the researcher picked. */
export type TopicSelection = { ids: TopicId[] } | 'unlabelled' | 'all' | { largest: number };

export function selectTopics(t: Taxonomy, sel: TopicSelection): Topic[] {
  const relevant = t.topics.filter((tp) => !tp.irrelevant);
  if (sel === 'all') return relevant;
  if (sel === 'unlabelled') return relevant.filter((tp) => !tp.customLabel);
  if ('largest' in sel) return [...relevant].sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1)).slice(0, sel.largest);
  const want = new Set(sel.ids);
  const out = t.topics.filter((tp) => want.has(tp.id));
  const missing = sel.ids.filter((id) => !out.some((tp) => tp.id === id));
  if (missing.length) throw new Error(`no topic with id ${missing.map((m) => `"${m}"`).join(', ')}`);
  return out;
}

export interface LabelPlan {
  topic: Topic;
  request: ChatRequest;
  hash: string;
  excerpts: Array<{ chunk: string; text: string }>;
  estimatedTokens: number;
  cached: boolean;
}

function requestFor(opts: SuggestOptions, messages: ChatRequest['messages'], maxTokens?: number): ChatRequest {
  return {
    model: opts.model, messages, json: true,
    temperature: opts.temperature ?? DEFAULTS.temperature,
    seed: opts.seed ?? DEFAULTS.seed,
    maxTokens: maxTokens ?? opts.maxTokens ?? DEFAULTS.maxTokens,
  };
}

/** What would be sent, and how much of it the cache already answers: the preview shown before anything leaves. */
export async function planLabels(topics: Topic[], chunkText: (id: string) => string | undefined, opts: SuggestOptions, cache: AnswerCache): Promise<LabelPlan[]> {
  const plans: LabelPlan[] = [];
  for (const topic of topics) {
    const excerpts = topic.representative.slice(0, opts.excerpts ?? DEFAULTS.excerpts)
      .map((r) => ({ chunk: r.chunk, text: chunkText(r.chunk) ?? r.excerpt }));
    const { messages, sentExcerpts } = labelMessages({
      keywords: topic.keywords.slice(0, 10).map(([w]) => w), excerpts, excerptTokens: opts.excerptTokens ?? DEFAULTS.excerptTokens,
    });
    const request = requestFor(opts, messages);
    const hash = promptHash(request);
    plans.push({
      topic, request, hash, excerpts: sentExcerpts,
      estimatedTokens: messages.reduce((n, m) => n + estimateTokens(m.content), 0) + request.maxTokens,
      cached: (await cache.get(hash)) !== undefined,
    });
  }
  return plans;
}

export interface SuggestProgress { done: number; total: number; topic?: TopicId; fromCache?: boolean }

export interface SuggestReport {
  requests: number;
  fromCache: number;
  failed: Array<{ topic: TopicId; message: string }>;
  added: number;
}

function provenanceOf(client: ChatClient, req: ChatRequest, hash: string, model: string, fingerprint: string | undefined,
  usage: { prompt: number; completion: number } | undefined, at: string, template: string, chunks: string[], keywords: string[]): SuggestionProvenance {
  return {
    provider: client.provider, endpoint: client.host, model,
    ...(fingerprint ? { modelVersion: fingerprint } : {}),
    parameters: { temperature: req.temperature, ...(req.seed !== undefined ? { seed: req.seed } : {}), maxTokens: req.maxTokens },
    template, promptHash: hash, chunks, keywords,
    ...(usage ? { tokens: usage } : {}),
    at,
  };
}

async function ask(client: ChatClient, cache: AnswerCache, req: ChatRequest, hash: string, now: () => Date, signal?: AbortSignal) {
  const hit = await cache.get(hash);
  if (hit) return { ...hit, fromCache: true };
  const result = await client.complete(req, signal);
  const answer = { result, at: now().toISOString() };
  await cache.put(hash, answer);
  return { ...answer, fromCache: false };
}

/** Runs `work` over items with at most `n` at once; results in item order. */
async function pool<T, R>(items: T[], n: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  }));
  return out;
}

export interface LabelRun {
  taxonomy: Taxonomy;
  report: SuggestReport;
}

/**
 * Labels each planned topic. A topic whose request or answer fails is listed in the report and the others are kept;
 * a cancel stops asking but keeps what already came back. Suggestions are appended (an identical prompt's suggestion is
 * not added twice), flagged, and never touch `label`.
 */
export async function suggestLabels(t: Taxonomy, plans: LabelPlan[], client: ChatClient, cache: AnswerCache,
  opts: { concurrency?: number; signal?: AbortSignal; now?: () => Date; chunkText: (id: string) => string | undefined; onProgress?: (p: SuggestProgress) => void }): Promise<LabelRun> {
  const now = opts.now ?? (() => new Date());
  const report: SuggestReport = { requests: 0, fromCache: 0, failed: [], added: 0 };
  let done = 0;
  let cancelled = false;
  const answers = await pool(plans, opts.concurrency ?? DEFAULTS.concurrency, async (plan) => {
    if (cancelled || opts.signal?.aborted) { cancelled = true; return undefined; }
    try {
      const a = await ask(client, cache, plan.request, plan.hash, now, opts.signal);
      if (a.fromCache) report.fromCache++; else report.requests++;
      const parsed = parseLabelAnswer(a.result.text);
      opts.onProgress?.({ done: ++done, total: plans.length, topic: plan.topic.id, fromCache: a.fromCache });
      return { plan, a, parsed };
    } catch (e) {
      if (isCancelled(e)) { cancelled = true; return undefined; }
      report.failed.push({ topic: plan.topic.id, message: (e as Error).message });
      opts.onProgress?.({ done: ++done, total: plans.length, topic: plan.topic.id });
      return undefined;
    }
  });
  const byTopic = new Map<TopicId, LabelSuggestion>();
  const roundLabels: string[] = [];
  for (const x of answers) {
    if (!x) continue;
    const { plan, a, parsed } = x;
    const cited = parsed.excerpt !== undefined ? plan.excerpts[parsed.excerpt - 1] : undefined;
    // The quote is checked against the whole chunk, not the cut excerpt the model saw.
    const inChunk = (e: { chunk: string; text: string }) => quoteOccurs(parsed.quote, opts.chunkText(e.chunk) ?? e.text);
    const found = cited && inChunk(cited) ? cited : plan.excerpts.find(inChunk);
    const others = [...t.topics.filter((tp) => tp.id !== plan.topic.id && tp.customLabel).map((tp) => tp.label), ...roundLabels];
    roundLabels.push(parsed.label);
    byTopic.set(plan.topic.id, {
      label: parsed.label, description: parsed.description, quote: parsed.quote,
      ...(found ?? cited ? { quoteChunk: (found ?? cited)!.chunk } : {}),
      flags: labelFlags(parsed.label, found !== undefined, others),
      status: 'pending',
      provenance: provenanceOf(client, plan.request, plan.hash, a.result.model, a.result.fingerprint, a.result.usage, a.at, LABEL_TEMPLATE,
        plan.excerpts.map((e) => e.chunk), plan.topic.keywords.slice(0, 10).map(([w]) => w)),
    });
  }
  const topics = t.topics.map((tp) => {
    const s = byTopic.get(tp.id);
    if (!s) return tp;
    const list = tp.suggestions ?? [];
    if (list.some((o) => o.provenance.promptHash === s.provenance.promptHash && o.label === s.label)) return tp;
    report.added++;
    return { ...tp, suggestions: [...list, s] };
  });
  if (cancelled) throwIfAborted(opts.signal);
  return { taxonomy: { ...t, topics }, report };
}

export interface ThemePlan { request: ChatRequest; hash: string; topics: Topic[]; estimatedTokens: number; cached: boolean }

export async function planThemes(t: Taxonomy, themes: number, opts: SuggestOptions, cache: AnswerCache): Promise<ThemePlan> {
  const topics = t.topics.filter((tp) => !tp.irrelevant);
  const messages = themeMessages(topics.map((tp) => ({ label: tp.label, keywords: tp.keywords.map(([w]) => w) })), themes);
  const request = requestFor(opts, messages, Math.max(opts.maxTokens ?? 0, 200 + 40 * topics.length));
  const hash = promptHash(request);
  return {
    request, hash, topics,
    estimatedTokens: messages.reduce((n, m) => n + estimateTokens(m.content), 0) + request.maxTokens,
    cached: (await cache.get(hash)) !== undefined,
  };
}

/** Replaces the pending part of an earlier proposal; decided theme suggestions stay as the record of what was done. */
export async function suggestThemes(t: Taxonomy, plan: ThemePlan, client: ChatClient, cache: AnswerCache,
  opts: { signal?: AbortSignal; now?: () => Date } = {}): Promise<{ taxonomy: Taxonomy; fromCache: boolean }> {
  const a = await ask(client, cache, plan.request, plan.hash, opts.now ?? (() => new Date()), opts.signal);
  let groups;
  try {
    groups = parseThemeAnswer(a.result.text, plan.topics.length);
  } catch (e) {
    throw e instanceof AnswerError ? new AnswerError(`${client.host}: ${e.message}`) : e;
  }
  const prov = provenanceOf(client, plan.request, plan.hash, a.result.model, a.result.fingerprint, a.result.usage, a.at, THEME_TEMPLATE,
    [], []);
  const proposed: ThemeSuggestion[] = groups.map((g, i) => ({
    id: `ts-${sha256Hex(`${plan.hash}\n${i}`).slice(0, 8)}`,
    name: g.name, description: g.description,
    topics: g.topics.map((n) => plan.topics[n - 1].id),
    status: 'pending',
    provenance: prov,
  }));
  // The same answer gives the same ids, so a proposal already decided on is not proposed again.
  const decided = (t.themeSuggestions ?? []).filter((s) => s.status !== 'pending' && s.status !== 'stale');
  const fresh = proposed.filter((p) => !decided.some((s) => s.id === p.id));
  return { taxonomy: { ...t, themeSuggestions: [...decided, ...fresh] }, fromCache: a.fromCache };
}
