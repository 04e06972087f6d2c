// A stand-in for the parts of `vscode` the language-model client uses (vscode.lm and its error and message types),
// installed before src/host/lm-chat-client.ts loads. Tests set `models` to what the editor would offer.
import { stubModule } from '../support/module-stub';

export class CancellationError extends Error {}

/** VS Code's LanguageModelError: `code` is the name of the static factory that made it. */
export class LanguageModelError extends Error {
  constructor(message: string, readonly code: string) { super(message); }
  // Static methods, as in VS Code: the client compares `code` with their `name`.
  static NoPermissions(m?: string): LanguageModelError { return new LanguageModelError(m ?? 'no permissions', 'NoPermissions'); }
  static Blocked(m?: string): LanguageModelError { return new LanguageModelError(m ?? 'blocked', 'Blocked'); }
  static NotFound(m?: string): LanguageModelError { return new LanguageModelError(m ?? 'not found', 'NotFound'); }
}

export class CancellationTokenSource {
  readonly token = { isCancellationRequested: false };
  cancel(): void { this.token.isCancellationRequested = true; }
  dispose(): void { /* nothing held */ }
}

export interface FakeModel {
  id: string; name: string; vendor: string; family: string; version: string;
  sendRequest: (messages: Array<{ role: string; content: string }>, options: Record<string, unknown>, token: { isCancellationRequested: boolean }) => Promise<{ text: AsyncIterable<string> }>;
  countTokens: (text: string) => Promise<number>;
}

export const offered: { models: FakeModel[]; selections: Array<Record<string, unknown>> } = { models: [], selections: [] };

stubModule('vscode', {
  CancellationError, CancellationTokenSource, LanguageModelError,
  LanguageModelChatMessage: { User: (content: string) => ({ role: 'user', content }) },
  lm: {
    selectChatModels(selector: { id?: string; family?: string }) {
      offered.selections.push(selector);
      return Promise.resolve(offered.models.filter((m) => (selector.id === undefined || m.id === selector.id) && (selector.family === undefined || m.family === selector.family)));
    },
  },
});
