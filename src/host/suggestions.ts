// Asking a language model for label and theme suggestions from the editor: pick the provider from the settings, show
// what would be sent and ask before sending anything, run with a cancellable progress notification, then add the
// answers to the taxonomy file as suggestions (never as labels). The network calls are asynchronous; nothing here
// holds the extension host thread for long.
import * as vscode from 'vscode';
import path from 'node:path';
import { isCancelled } from '../pipeline/errors';
import { createOpenAiChatClient, validateEndpoint, type ChatClient } from '../suggest/chat-client';
import { fileAnswerCache } from '../suggest/cache';
import { planLabels, planThemes, selectTopics, suggestLabels, suggestThemes, type SuggestOptions, type TopicSelection } from '../suggest/suggest';
import { addSuggestions } from '../taxonomy/suggestion-ops';
import type { Taxonomy } from '../taxonomy/types';
import type { SuggestLabelScope } from '../protocol';
import type { FolderModel } from './folder-model';
import { createVsCodeLmClient } from './lm-chat-client';
import { count } from '../words';

export const API_KEY_SECRET = 'literatureMap.suggestions.apiKey';

export interface SuggestRequest { labels?: SuggestLabelScope; topicIds?: string[]; themes?: number }

interface Provider { client: ChatClient; where: string; model: string }

async function provider(context: vscode.ExtensionContext, scope: vscode.Uri): Promise<Provider> {
  const cfg = vscode.workspace.getConfiguration('literatureMap.suggestions', scope);
  const kind = cfg.get<string>('provider', 'vscode');
  const model = cfg.get<string>('model', '').trim();
  if (kind === 'openai-compatible') {
    const endpoint = cfg.get<string>('endpoint', '').trim();
    if (!endpoint) throw new Error('Set literatureMap.suggestions.endpoint to an OpenAI-compatible server (e.g. http://localhost:11434/v1 for Ollama).');
    if (!model) throw new Error('Set literatureMap.suggestions.model to the model the server should use.');
    if (!vscode.workspace.isTrusted) throw new Error('Suggestions from a configured endpoint need a trusted workspace.');
    const host = validateEndpoint(endpoint).host;
    const apiKey = (await context.secrets.get(API_KEY_SECRET)) || undefined;
    return { client: createOpenAiChatClient({ endpoint, apiKey }), where: host, model };
  }
  const { client, name } = await createVsCodeLmClient(model);
  return { client, where: name, model: model || 'default' };
}

function scopeOf(req: SuggestRequest): TopicSelection {
  if (req.labels === 'selected') return { ids: req.topicIds ?? [] };
  if (req.labels === 'largest') return { largest: 10 };
  return req.labels === 'all' ? 'all' : 'unlabelled';
}

/** Returns a sentence for the panel: what was added, or why nothing was. */
export async function runSuggestions(context: vscode.ExtensionContext, model: FolderModel, req: SuggestRequest): Promise<{ ok: boolean; message: string }> {
  const t = model.taxonomy;
  if (!t) return { ok: false, message: 'No taxonomy yet: map a folder first.' };
  const cfg = vscode.workspace.getConfiguration('literatureMap.suggestions', model.folder.uri);
  let p: Provider;
  try {
    p = await provider(context, model.folder.uri);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const opts: SuggestOptions = {
    model: p.model,
    excerpts: cfg.get<number>('excerpts', 4),
    excerptTokens: cfg.get<number>('excerptTokens', 1200),
    concurrency: cfg.get<number>('concurrency', 2),
  };
  const cache = fileAnswerCache(path.join(context.globalStorageUri.fsPath, 'suggestions'));
  const artifact = model.artifact && model.artifact.corpusFingerprint === t.run.corpus.fingerprint ? model.artifact : undefined;
  const texts = new Map(artifact?.chunks.map((c) => [c.id, c.text]) ?? []);
  const chunkText = (id: string) => texts.get(id);
  let labelPlans: Awaited<ReturnType<typeof planLabels>> = [];
  try {
    labelPlans = req.labels ? await planLabels(selectTopics(t, scopeOf(req)), chunkText, opts, cache) : [];
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const themePlan = req.themes ? await planThemes(t, req.themes, opts, cache) : undefined;
  if (!labelPlans.length && !themePlan) return { ok: false, message: 'No topic to label (irrelevant topics and those you named are left out unless you choose them).' };

  const sending = labelPlans.filter((x) => !x.cached).length + (themePlan && !themePlan.cached ? 1 : 0);
  if (sending > 0) {
    const tokens = labelPlans.filter((x) => !x.cached).reduce((n, x) => n + x.estimatedTokens, 0) + (themePlan && !themePlan.cached ? themePlan.estimatedTokens : 0);
    const what = [
      labelPlans.length ? `labels for ${count(labelPlans.length, 'topic')} (each: its top 10 keywords and up to ${opts.excerpts} excerpts of ~${Math.round((opts.excerptTokens ?? 1200) / (opts.excerpts ?? 4))} tokens)` : '',
      themePlan ? `a grouping of ${count(themePlan.topics.length, 'topic')} into about ${req.themes} themes (each topic's label and top 8 keywords)` : '',
    ].filter(Boolean).join(' and ');
    const cached = labelPlans.length - labelPlans.filter((x) => !x.cached).length + (themePlan?.cached ? 1 : 0);
    const go = await vscode.window.showInformationMessage(
      `Send ${sending} request${sending === 1 ? '' : 's'} to ${p.where}?`,
      { modal: true, detail: `Asks for ${what}. About ${tokens.toLocaleString()} tokens in all.${cached ? ` ${cached} answer${cached === 1 ? '' : 's'} will come from the cache.` : ''} Answers are stored as suggestions; no label changes until you accept one.` },
      'Send',
    );
    if (go !== 'Send') return { ok: false, message: 'Nothing was sent.' };
  }

  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Literature Map: suggestions', cancellable: true }, async (progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    let answered: Taxonomy = t;
    const lines: string[] = [];
    try {
      if (labelPlans.length) {
        const r = await suggestLabels(t, labelPlans, p.client, cache, {
          chunkText, signal: ac.signal, concurrency: opts.concurrency,
          onProgress: (x) => progress.report({ message: `labels ${x.done}/${x.total}`, increment: 100 / (labelPlans.length + (themePlan ? 1 : 0)) }),
        });
        answered = r.taxonomy;
        lines.push(`${r.report.added} label suggestion${r.report.added === 1 ? '' : 's'} added`);
        if (r.report.failed.length) lines.push(`${r.report.failed.length} failed (${r.report.failed[0].message})`);
      }
      if (themePlan) {
        progress.report({ message: 'themes' });
        const r = await suggestThemes(answered, themePlan, p.client, cache, { signal: ac.signal });
        answered = r.taxonomy;
        lines.push(`${count((answered.themeSuggestions ?? []).filter((s) => s.status === 'pending').length, 'theme')} proposed`);
      }
    } catch (e) {
      if (isCancelled(e)) lines.push('cancelled');
      else lines.push((e as Error).message);
    } finally {
      sub.dispose();
    }
    const ok = answered === t ? false : await model.apply((cur) => addSuggestions(cur, t, answered), 'Add suggestions');
    return { ok, message: `${lines.join('; ')}.` };
  });
}

export function registerSuggestionCommands(context: vscode.ExtensionContext, active: () => FolderModel | undefined): vscode.Disposable {
  const reg = vscode.commands.registerCommand;
  const run = async (req: SuggestRequest) => {
    const m = active();
    if (!m) return void vscode.window.showInformationMessage('No taxonomy yet: map a folder first.');
    const r = await runSuggestions(context, m, req);
    void (r.ok ? vscode.window.showInformationMessage(`Literature Map: ${r.message}`) : vscode.window.showWarningMessage(`Literature Map: ${r.message}`));
  };
  return vscode.Disposable.from(
    reg('literatureMap.suggestLabels', async () => {
      const pick = await vscode.window.showQuickPick([
        { label: 'Topics without a label of yours', scope: 'unlabelled' as const },
        { label: 'The 10 largest topics', scope: 'largest' as const },
        { label: 'All relevant topics', scope: 'all' as const },
      ], { title: 'Suggest labels for…' });
      if (pick) await run({ labels: pick.scope });
    }),
    reg('literatureMap.suggestThemes', async () => {
      const n = await vscode.window.showInputBox({ title: 'Suggest themes', prompt: 'About how many themes?', value: '8', validateInput: (v) => (/^\d+$/.test(v) && +v >= 1 && +v <= 200 ? undefined : 'A whole number from 1 to 200') });
      if (n) await run({ themes: Number(n) });
    }),
    reg('literatureMap.setSuggestionApiKey', async () => {
      const key = await vscode.window.showInputBox({ title: 'API key for the suggestion endpoint', prompt: 'Kept in VS Code\'s secret storage, never in a file. Empty removes it.', password: true, ignoreFocusOut: true });
      if (key === undefined) return;
      if (key) await context.secrets.store(API_KEY_SECRET, key);
      else await context.secrets.delete(API_KEY_SECRET);
      void vscode.window.showInformationMessage(key ? 'API key stored.' : 'API key removed.');
    }),
  );
}
