// Label and theme suggestions against a loopback OpenAI-compatible server: success, broken answers, back-off, timeout,
// cancel, the cache, and how suggestions are stored, decided and carried — never replacing curation silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOpenAiChatClient } from '../../src/suggest/chat-client';
import { fileAnswerCache, memoryAnswerCache, type AnswerCache } from '../../src/suggest/cache';
import { planLabels, planThemes, selectTopics, suggestLabels, suggestThemes } from '../../src/suggest/suggest';
import { quoteOccurs } from '../../src/suggest/answer';
import { LABEL_TEMPLATE, labelMessages, THEME_TEMPLATE, themeMessages } from '../../src/suggest/prompt';
import { acceptLabelSuggestion, acceptThemeSuggestion, acceptThemeSuggestionTopic, rejectLabelSuggestion, rejectThemeSuggestion } from '../../src/taxonomy/suggestion-ops';
import { mergeTopics, renameTopic } from '../../src/taxonomy/operations';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { reconcile } from '../../src/taxonomy/reconcile';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';
import { fakeDescribe, makeRun, many } from '../support/taxonomy-runs';
import { chatCompletion, startMockChatServer, type RecordedRequest } from '../support/mock-chat-server';

const FIXED = () => new Date('2026-12-03T10:00:00.000Z');

function fixture(): { taxonomy: Taxonomy; artifact: RunArtifact } {
  return taxonomyFromRun(makeRun([
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 4)] },
    { path: 'b.txt', chunks: [...many(2, 5), ...many(0, 2)] },
  ]));
}

function textsOf(artifact: RunArtifact): (id: string) => string | undefined {
  const m = new Map(artifact.chunks.map((c) => [c.id, c.text]));
  return (id) => m.get(id);
}

/** Answers with a label built from the keywords the prompt lists, quoting the first excerpt's first three words. */
function echoKeywords(req: RecordedRequest): string {
  const user = (req.body.messages as Array<{ content: string }>)[1].content;
  const kws = /most distinctive first: (.*)/.exec(user)![1].split(', ');
  const first = /\[1\] (\S+ \S+ \S+)/.exec(user)![1];
  return JSON.stringify({ label: `${kws[0]} and ${kws[1]}`, description: `About ${kws[0]}.`, quote: first, excerpt: 1 });
}

async function run(t: Taxonomy, artifact: RunArtifact, server: { url: string }, cache: AnswerCache = memoryAnswerCache(), extra: { signal?: AbortSignal; timeoutMs?: number; sleeps?: number[] } = {}) {
  const client = createOpenAiChatClient({
    endpoint: server.url, apiKey: 'sk-test', timeoutMs: extra.timeoutMs ?? 5000, baseDelayMs: 7,
    sleep: async (ms) => { extra.sleeps?.push(ms); },
  });
  const plans = await planLabels(selectTopics(t, 'all'), textsOf(artifact), { model: 'mock-model' }, cache);
  return suggestLabels(t, plans, client, cache, { chunkText: textsOf(artifact), now: FIXED, signal: extra.signal, concurrency: 2 });
}

test('labels are stored as pending suggestions with provenance; labels and curation untouched', async () => {
  const { taxonomy, artifact } = fixture();
  const server = await startMockChatServer((req) => ({ body: chatCompletion(echoKeywords(req)) }));
  try {
    const { taxonomy: out, report } = await run(taxonomy, artifact, server);
    assert.equal(report.requests, 3);
    assert.equal(report.failed.length, 0);
    assert.deepEqual(out.topics.map((tp) => tp.label), taxonomy.topics.map((tp) => tp.label));
    const s = out.topics[0].suggestions![0];
    assert.equal(s.label, 'climate and carbon');
    assert.equal(s.status, 'pending');
    assert.deepEqual(s.flags, []);
    assert.equal(s.quoteChunk, taxonomy.topics[0].representative[0].chunk);
    assert.equal(s.provenance.model, 'mock-model:7b');
    assert.equal(s.provenance.modelVersion, 'fp_mock');
    assert.equal(s.provenance.endpoint, new URL(server.url).host);
    assert.deepEqual(s.provenance.parameters, { temperature: 0, seed: 42, maxTokens: 300 });
    assert.deepEqual(s.provenance.tokens, { prompt: 120, completion: 30 });
    assert.equal(s.provenance.at, '2026-12-03T10:00:00.000Z');
    assert.deepEqual(s.provenance.chunks, taxonomy.topics[0].representative.map((r) => r.chunk));
    // What was sent: temperature 0, a seed, JSON mode, the key as a bearer token, never in the file.
    const body = server.requests[0].body;
    assert.equal(body.temperature, 0);
    assert.equal(body.seed, 42);
    assert.deepEqual(body.response_format, { type: 'json_object' });
    assert.equal(server.requests[0].headers.authorization, 'Bearer sk-test');
    const bytes = serializeTaxonomy(out);
    assert.ok(!bytes.includes('sk-test'));
    // The file round-trips through the validator.
    const back = parseTaxonomy(bytes, 'taxonomy.json');
    assert.ok(back.ok, JSON.stringify(!back.ok && back.errors));
    assert.equal(serializeTaxonomy(back.taxonomy), bytes);
  } finally {
    await server.close();
  }
});

test('a malformed answer fails that topic only; a quote not in the chunk is flagged', async () => {
  const { taxonomy, artifact } = fixture();
  const server = await startMockChatServer((req, n) => {
    if (n === 1) return { body: chatCompletion('Sure! Here is the label: {"label": "Broken, "description"}') };
    if (n === 2) return { body: chatCompletion(JSON.stringify({ label: 'Invented', description: 'x', quote: 'words nobody ever wrote', excerpt: 1 })) };
    return { body: chatCompletion('```json\n' + echoKeywords(req) + '\n```') };
  });
  try {
    const { taxonomy: out, report } = await run(taxonomy, artifact, server, memoryAnswerCache());
    assert.equal(report.failed.length, 1);
    assert.match(report.failed[0].message, /JSON does not parse/);
    const withSuggestions = out.topics.filter((tp) => tp.suggestions?.length);
    assert.equal(withSuggestions.length, 2);
    const invented = withSuggestions.find((tp) => tp.suggestions![0].label === 'Invented')!;
    assert.deepEqual(invented.suggestions![0].flags, ['quote-not-found']);
  } finally {
    await server.close();
  }
});

test('429 is retried after Retry-After when given, with back-off when not; 503 too', async () => {
  const { taxonomy, artifact } = fixture();
  const server = await startMockChatServer((req, n) => {
    if (n === 1) return { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } };
    if (n === 2) return { status: 429, body: { error: 'slow down' } };
    if (n === 3) return { status: 503, body: 'queue full' };
    return { body: chatCompletion(echoKeywords(req)) };
  });
  const sleeps: number[] = [];
  try {
    const { report } = await run(taxonomy, artifact, server, memoryAnswerCache(), { sleeps });
    assert.equal(report.failed.length, 0);
    assert.equal(server.requests.length, 6);
    assert.equal(sleeps[0], 2000);
    assert.ok(sleeps.slice(1).every((ms) => ms === 7 || ms === 14), `back-off delays ${sleeps}`);
  } finally {
    await server.close();
  }
});

test('a server that never answers times out with a message naming the host, the others still arrive', async () => {
  const { taxonomy, artifact } = fixture();
  const server = await startMockChatServer((req, n) => (n === 1 ? { hang: true } : { body: chatCompletion(echoKeywords(req)) }));
  try {
    const { report } = await run(taxonomy, artifact, server, memoryAnswerCache(), { timeoutMs: 300 });
    assert.equal(report.failed.length, 1);
    assert.match(report.failed[0].message, new RegExp(`^127\\.0\\.0\\.1:\\d+: no answer within`));
  } finally {
    await server.close();
  }
});

test('cancelling stops the run with CancelledError', async () => {
  const { taxonomy, artifact } = fixture();
  const ac = new AbortController();
  const server = await startMockChatServer(() => { ac.abort(); return { hang: true }; });
  try {
    await assert.rejects(run(taxonomy, artifact, server, memoryAnswerCache(), { signal: ac.signal }), { name: 'CancelledError' });
  } finally {
    await server.close();
  }
});

test('asking again is served from the cache: zero requests, the same bytes', async () => {
  const { taxonomy, artifact } = fixture();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-suggest-'));
  const server = await startMockChatServer((req) => ({ body: chatCompletion(echoKeywords(req)) }));
  try {
    const first = await run(taxonomy, artifact, server, fileAnswerCache(dir));
    const sent = server.requests.length;
    const plans = await planLabels(selectTopics(taxonomy, 'all'), textsOf(artifact), { model: 'mock-model' }, fileAnswerCache(dir));
    assert.ok(plans.every((p) => p.cached), 'the preview knows every answer is cached');
    const second = await run(taxonomy, artifact, server, fileAnswerCache(dir));
    assert.equal(server.requests.length, sent);
    assert.equal(second.report.fromCache, 3);
    assert.equal(serializeTaxonomy(second.taxonomy), serializeTaxonomy(first.taxonomy));
    // Asking again on the file that already holds the suggestions adds nothing.
    const third = await run(first.taxonomy, artifact, server, fileAnswerCache(dir));
    assert.equal(third.report.added, 0);
    assert.equal(serializeTaxonomy(third.taxonomy), serializeTaxonomy(first.taxonomy));
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('duplicate and template-echo labels are flagged', async () => {
  const { taxonomy, artifact } = fixture();
  const server = await startMockChatServer((req, n) => ({
    body: chatCompletion(JSON.stringify({ label: n === 3 ? 'Short specific label' : 'Same label', description: '', quote: '', excerpt: 1 })),
  }));
  try {
    const { taxonomy: out } = await run(taxonomy, artifact, server, memoryAnswerCache());
    const flags = out.topics.map((tp) => tp.suggestions![0]).map((s) => [s.label, s.flags]);
    const same = flags.filter(([l]) => l === 'Same label').map(([, f]) => f as string[]);
    assert.equal(same.length, 2);
    assert.ok(same[1].includes('duplicate-label'));
    assert.ok((flags.find(([l]) => l === 'Short specific label')![1] as string[]).includes('template-echo'));
  } finally {
    await server.close();
  }
});

test('quotes match across case, punctuation and spacing but not across words', () => {
  assert.ok(quoteOccurs('Climate, carbon  EMISSIONS', 'the climate carbon emissions of it'));
  assert.ok(!quoteOccurs('climate carb', 'climate carbon'));
  assert.ok(!quoteOccurs('', 'anything'));
});

function withSuggestion(t: Taxonomy, topic = 0, label = 'Suggested'): Taxonomy {
  const tp = t.topics[topic];
  const s = {
    label, description: 'd', quote: 'q', flags: [], status: 'pending' as const,
    provenance: {
      provider: 'openai-compatible', endpoint: 'localhost:11434', model: 'm', parameters: { temperature: 0, maxTokens: 300 },
      template: 'label-v1', promptHash: 'a'.repeat(64), chunks: [], keywords: tp.keywords.slice(0, 10).map(([w]) => w), at: '2026-12-03T10:00:00.000Z',
    },
  };
  return { ...t, topics: t.topics.map((x, i) => (i === topic ? { ...x, suggestions: [s] } : x)) };
}

test('accepting writes the label; a custom label is never replaced without confirmation; rejecting records it', () => {
  const { taxonomy } = fixture();
  const id = taxonomy.topics[0].id;
  const t = withSuggestion(taxonomy);
  const accepted = acceptLabelSuggestion(t, id, 0);
  assert.equal(accepted.topics[0].label, 'Suggested');
  assert.equal(accepted.topics[0].customLabel, true);
  assert.equal(accepted.topics[0].suggestions![0].status, 'accepted');
  const edited = acceptLabelSuggestion(t, id, 0, { editedLabel: 'My wording' });
  assert.equal(edited.topics[0].label, 'My wording');
  assert.equal(edited.topics[0].suggestions![0].status, 'edited');
  const custom = renameTopic(t, id, 'Researcher label');
  assert.throws(() => acceptLabelSuggestion(custom, id, 0), /has a label you chose/);
  assert.equal(acceptLabelSuggestion(custom, id, 0, { replaceCustom: true }).topics[0].label, 'Suggested');
  const rejected = rejectLabelSuggestion(custom, id, 0);
  assert.equal(rejected.topics[0].label, 'Researcher label');
  assert.equal(rejected.topics[0].suggestions![0].status, 'rejected');
});

test('suggestions follow their topic through an unchanged re-run (same bytes) and go stale when it changes', () => {
  const files = [
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 4)] },
    { path: 'b.txt', chunks: [...many(2, 5), ...many(0, 2)] },
  ];
  const first = taxonomyFromRun(makeRun(files));
  const t = withSuggestion(first.taxonomy);
  const again = reconcile(t, first.artifact, taxonomyFromRun(makeRun(files)));
  assert.equal(serializeTaxonomy(again.taxonomy), serializeTaxonomy(t));
  // The same chunks described by other keywords (as after a settings change): the undecided suggestion may no longer fit.
  const changed = taxonomyFromRun(makeRun(files));
  changed.taxonomy.topics[0] = { ...changed.taxonomy.topics[0], keywords: [['tariffs', 0.5], ['exports', 0.4]] };
  const rerun = reconcile(t, first.artifact, changed);
  const carried = rerun.taxonomy.topics.find((tp) => tp.suggestions?.length);
  assert.ok(carried, 'the suggestion is still there');
  assert.equal(carried.id, t.topics[0].id);
  assert.equal(carried.suggestions![0].status, 'stale');
});

test('theme proposals: accepted per theme or per topic, rejected per topic; placed topics are not moved by a theme accept', async () => {
  const { taxonomy } = fixture();
  const server = await startMockChatServer(() => ({
    body: chatCompletion(JSON.stringify({ themes: [{ name: 'Environment', definition: 'Nature.', topics: [1, 3] }, { name: 'Schools', definition: 'Learning.', topics: [2, 9] }] })),
  }));
  try {
    const client = createOpenAiChatClient({ endpoint: server.url });
    const cache = memoryAnswerCache();
    const plan = await planThemes(taxonomy, 2, { model: 'mock-model' }, cache);
    const { taxonomy: proposed } = await suggestThemes(taxonomy, plan, client, cache, { now: FIXED });
    assert.equal(proposed.themes.length, 0, 'a proposal is not curation');
    const [env, schools] = proposed.themeSuggestions!;
    assert.deepEqual(env.topics, [taxonomy.topics[0].id, taxonomy.topics[2].id]);
    assert.deepEqual(schools.topics, [taxonomy.topics[1].id], 'an out-of-range topic number is dropped');
    const one = acceptThemeSuggestionTopic(proposed, env.id, taxonomy.topics[0].id);
    assert.equal(one.themes.length, 1);
    assert.deepEqual(one.themes[0].topics, [taxonomy.topics[0].id]);
    const rejected = rejectThemeSuggestion(one, env.id, taxonomy.topics[2].id);
    const envAfter = rejected.themeSuggestions!.find((s) => s.id === env.id)!;
    assert.equal(envAfter.status, 'accepted');
    assert.deepEqual(envAfter.rejectedTopics, [taxonomy.topics[2].id]);
    const { taxonomy: all, leftInPlace } = acceptThemeSuggestion(rejected, schools.id);
    assert.deepEqual(leftInPlace, []);
    assert.equal(all.themes.length, 2);
    // A topic the researcher already placed stays where it is when a whole proposed theme is accepted.
    const second = await suggestThemes(all, plan, client, cache, { now: FIXED });
    const again = second.taxonomy.themeSuggestions!.find((s) => s.name === 'Environment' && s.status === 'pending');
    assert.equal(again, undefined, 'decided suggestions are kept, not proposed twice');
    const bytes = serializeTaxonomy(all);
    const back = parseTaxonomy(bytes, 'taxonomy.json');
    assert.ok(back.ok, JSON.stringify(!back.ok && back.errors));
  } finally {
    await server.close();
  }
});

test('docs/suggestions.md quotes both prompt templates verbatim', () => {
  const doc = fs.readFileSync(path.join(process.cwd(), 'docs', 'suggestions.md'), 'utf8');
  const label = labelMessages({ keywords: ['{keyword 1}', '{keyword 2}', '…', '{keyword 10}'], excerpts: [{ chunk: 'a', text: '{excerpt 1}' }, { chunk: 'b', text: '{excerpt 2}' }], excerptTokens: 1200 }).messages;
  const themes = themeMessages([{ label: '{label 1}', keywords: ['{keyword 1}', '…', '{keyword 8}'] }, { label: '{label 2}', keywords: ['{keyword 1}', '…', '{keyword 8}'] }], 8);
  for (const m of [...label, ...themes]) {
    const text = m.content.replace('Group these 2 topics into about 8 themes', 'Group these {n} topics into about {k} themes');
    assert.ok(doc.includes('```\n' + text + '\n```'), `docs/suggestions.md lacks the ${m.role} message:\n${text}`);
  }
  assert.match(doc, new RegExp(`### \`${LABEL_TEMPLATE}\``));
  assert.match(doc, new RegExp(`### \`${THEME_TEMPLATE}\``));
});

test('a merge brings the absorbed topics\' suggestions along, stale; decided ones keep their status', () => {
  const { taxonomy, artifact } = fixture();
  let t = withSuggestion(taxonomy, 0, 'Big topic label');
  t = withSuggestion(t, 1, 'Small topic label');
  t = { ...t, topics: t.topics.map((tp, i) => (i === 0 ? { ...tp, suggestions: tp.suggestions!.map((s) => ({ ...s, status: 'rejected' as const })) } : tp)) };
  const { taxonomy: merged } = mergeTopics(t, [t.topics[0].id, t.topics[1].id], { artifact, describe: fakeDescribe });
  const survivor = merged.topics.find((tp) => tp.id === t.topics[0].id)!;
  assert.deepEqual(survivor.suggestions!.map((s) => [s.label, s.status]), [['Big topic label', 'rejected'], ['Small topic label', 'stale']]);
  const back = parseTaxonomy(serializeTaxonomy(merged), 'taxonomy.json');
  assert.ok(back.ok);
});

test('a pending suggestion on a merged topic stays pending when a re-run re-applies the same merge (same bytes)', () => {
  const files = [
    { path: 'a.txt', chunks: [...many(0, 6), ...many(1, 4)] },
    { path: 'b.txt', chunks: [...many(2, 5), ...many(0, 2)] },
  ];
  const first = taxonomyFromRun(makeRun(files));
  const [a, b] = first.taxonomy.topics;
  const { taxonomy: merged, artifact } = mergeTopics(first.taxonomy, [a.id, b.id], { artifact: first.artifact, describe: fakeDescribe });
  const index = merged.topics.findIndex((tp) => tp.id === a.id);
  const t = withSuggestion(merged, index, 'Asked after the merge');
  const rerun = reconcile(t, artifact, taxonomyFromRun(makeRun(files)), { describe: fakeDescribe });
  const carried = rerun.taxonomy.topics.find((tp) => tp.suggestions?.length);
  assert.equal(carried?.suggestions?.[0].status, 'pending');
  assert.equal(serializeTaxonomy(rerun.taxonomy), serializeTaxonomy(t));
});
