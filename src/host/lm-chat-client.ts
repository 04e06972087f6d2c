// The suggestion ChatClient over VS Code's Language Model API (vscode.lm): whatever chat models the editor offers
// (Copilot, a local-model extension, …). VS Code asks the user's consent for this extension on first use; its errors
// (no permission, blocked, model gone) become one-line messages.
import * as vscode from 'vscode';
import { CancelledError, PipelineError } from '../pipeline/errors';
import type { ChatClient, ChatRequest, ChatResult } from '../suggest/chat-client';

export const LM_JUSTIFICATION = 'Literature Map sends the keywords and a few excerpts of the topics you chose, to suggest labels and themes.';

/** `model`: a model id or family; empty takes the first chat model VS Code offers. */
export async function createVsCodeLmClient(model: string): Promise<{ client: ChatClient; name: string }> {
  const byId = model ? await vscode.lm.selectChatModels({ id: model }) : [];
  const models = byId.length ? byId : await vscode.lm.selectChatModels(model ? { family: model } : {});
  const m = models[0];
  if (!m) {
    throw new PipelineError(model
      ? `No VS Code language model has the id or family "${model}" (setting literatureMap.suggestions.model).`
      : 'VS Code offers no language model: install a chat model provider, or set literatureMap.suggestions.provider to "openai-compatible" and an endpoint.');
  }
  const client: ChatClient = {
    provider: 'vscode-lm',
    host: m.vendor,
    async complete(req: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
      // The API has no system role: the system text leads the first user message.
      const text = req.messages.map((x) => x.content).join('\n\n');
      const cts = new vscode.CancellationTokenSource();
      const onAbort = () => cts.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const res = await m.sendRequest([vscode.LanguageModelChatMessage.User(text)], {
          justification: LM_JUSTIFICATION,
          modelOptions: { temperature: req.temperature, ...(req.seed !== undefined ? { seed: req.seed } : {}) },
        }, cts.token);
        let out = '';
        for await (const part of res.text) out += part;
        if (signal?.aborted) throw new CancelledError();
        const usage = { prompt: await m.countTokens(text), completion: await m.countTokens(out) };
        return { text: out, model: `${m.vendor}/${m.id}`, ...(m.version ? { fingerprint: m.version } : {}), usage };
      } catch (e) {
        if (signal?.aborted || e instanceof vscode.CancellationError) throw new CancelledError();
        if (e instanceof vscode.LanguageModelError) {
          const why = e.code === vscode.LanguageModelError.NoPermissions.name ? 'permission to use the model was not given'
            : e.code === vscode.LanguageModelError.Blocked.name ? 'the request was blocked (quota or policy)'
              : e.code === vscode.LanguageModelError.NotFound.name ? 'the model is no longer available' : e.message;
          throw new PipelineError(`${m.name}: ${why}`);
        }
        throw new PipelineError(`${m.name}: ${(e as Error)?.message ?? e}`);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        cts.dispose();
      }
    },
  };
  return { client, name: `${m.name} (${m.vendor})` };
}
