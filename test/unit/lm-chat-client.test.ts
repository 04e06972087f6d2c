// The suggestion client over VS Code's Language Model API, with a scripted vscode.lm: which model a setting selects,
// what is sent (one user message: the API has no system role; the consent justification; temperature and seed), what
// comes back (text, model, fingerprint, token usage), and how the editor's errors become one-line messages.
import './lm-vscode-stub.helper';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationError, LanguageModelError, offered, type FakeModel } from './lm-vscode-stub.helper';
import { createVsCodeLmClient, LM_JUSTIFICATION } from '../../src/host/lm-chat-client';
import { CancelledError, PipelineError } from '../../src/pipeline/errors';
import type { ChatRequest } from '../../src/suggest/chat-client';

async function* chunks(...parts: string[]): AsyncIterable<string> {
  for (const p of parts) yield p;
}

function model(id: string, family: string, sendRequest?: FakeModel['sendRequest']): FakeModel {
  return {
    id, family, name: `Model ${id}`, vendor: 'acme', version: `${id}-v1`,
    sendRequest: sendRequest ?? (() => Promise.resolve({ text: chunks('{"label":', '"x"}') })),
    countTokens: (text) => Promise.resolve(text.length),
  };
}

const request: ChatRequest = {
  model: '', messages: [{ role: 'system', content: 'You label topics.' }, { role: 'user', content: 'Topic: climate, carbon.' }],
  temperature: 0, seed: 7, maxTokens: 400, json: true,
};

test('a setting selects the model by id, else by family; empty takes the first model offered', async () => {
  offered.models = [model('a', 'fam-a'), model('b', 'fam-b')];
  assert.equal((await createVsCodeLmClient('b')).name, 'Model b (acme)');
  offered.selections = [];
  assert.equal((await createVsCodeLmClient('fam-b')).name, 'Model b (acme)');
  assert.deepEqual(offered.selections, [{ id: 'fam-b' }, { family: 'fam-b' }], 'an id first, then a family');
  assert.equal((await createVsCodeLmClient('')).name, 'Model a (acme)');
  const c = await createVsCodeLmClient('a');
  assert.equal(c.client.provider, 'vscode-lm');
  assert.equal(c.client.host, 'acme');
});

test('no model: one line naming the setting, or telling how to get a model', async () => {
  offered.models = [model('a', 'fam-a')];
  await assert.rejects(createVsCodeLmClient('gpt-x'), (e: Error) => e instanceof PipelineError && e.message === 'No VS Code language model has the id or family "gpt-x" (setting literatureMap.suggestions.model).');
  offered.models = [];
  await assert.rejects(createVsCodeLmClient(''), (e: Error) => e instanceof PipelineError && /^VS Code offers no language model: install a chat model provider/.test(e.message));
});

test('complete: one user message (system text first), the justification, temperature and seed; the answer with its provenance', async () => {
  let sent: { messages: Array<{ role: string; content: string }>; options: Record<string, unknown> } | undefined;
  offered.models = [model('a', 'fam-a', (messages, options) => {
    sent = { messages, options };
    return Promise.resolve({ text: chunks('{"label":', ' "Climate"}') });
  })];
  const { client } = await createVsCodeLmClient('a');
  const r = await client.complete(request);
  assert.deepEqual(sent!.messages, [{ role: 'user', content: 'You label topics.\n\nTopic: climate, carbon.' }]);
  assert.equal(sent!.options.justification, LM_JUSTIFICATION);
  assert.deepEqual(sent!.options.modelOptions, { temperature: 0, seed: 7 });
  assert.equal(r.text, '{"label": "Climate"}');
  assert.equal(r.model, 'acme/a');
  assert.equal(r.fingerprint, 'a-v1');
  assert.deepEqual(r.usage, { prompt: 'You label topics.\n\nTopic: climate, carbon.'.length, completion: r.text.length });
});

test('the editor\'s refusals become one-line messages naming the model', async () => {
  const cases: Array<[Error, string]> = [
    [LanguageModelError.NoPermissions(), 'Model a: permission to use the model was not given'],
    [LanguageModelError.Blocked(), 'Model a: the request was blocked (quota or policy)'],
    [LanguageModelError.NotFound(), 'Model a: the model is no longer available'],
    [new LanguageModelError('rate limited by provider', 'Other'), 'Model a: rate limited by provider'],
    [new Error('socket hang up'), 'Model a: socket hang up'],
  ];
  for (const [err, message] of cases) {
    offered.models = [model('a', 'fam-a', () => Promise.reject(err))];
    const { client } = await createVsCodeLmClient('a');
    await assert.rejects(client.complete(request), (e: Error) => e instanceof PipelineError && e.message === message, message);
  }
});

test('cancelling: an aborted signal cancels the editor\'s token and ends as a cancelled run, as does the editor\'s CancellationError', async () => {
  let token: { isCancellationRequested: boolean } | undefined;
  const ac = new AbortController();
  offered.models = [model('a', 'fam-a', (_m, _o, t) => {
    token = t;
    ac.abort();
    return Promise.resolve({ text: chunks('partial') });
  })];
  const { client } = await createVsCodeLmClient('a');
  await assert.rejects(client.complete(request, ac.signal), (e: Error) => e instanceof CancelledError);
  assert.equal(token!.isCancellationRequested, true, 'the abort reached the editor\'s cancellation token');

  offered.models = [model('a', 'fam-a', () => Promise.reject(new CancellationError()))];
  const again = await createVsCodeLmClient('a');
  await assert.rejects(again.client.complete(request), (e: Error) => e instanceof CancelledError);
});
