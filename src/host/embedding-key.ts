// The embedding server's API key lives in VS Code's SecretStorage (the OS keychain), never in settings or the
// taxonomy. The command sets or clears it; a run hands it to the worker process in its environment only.
import * as vscode from 'vscode';
import { API_KEY_ENV } from '../pipeline/embedding/endpoint-client';

const SECRET = 'literatureMap.embedding.apiKey';

export function registerEmbeddingKeyCommand(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('literatureMap.setEmbeddingApiKey', async () => {
    const value = await vscode.window.showInputBox({
      title: 'Literature Map: API key of the embedding server',
      prompt: 'Sent as "Authorization: Bearer …" to the endpoint in literatureMap.embedding.endpoint.url. Kept in the OS keychain. Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    if (value.trim()) {
      await context.secrets.store(SECRET, value.trim());
      void vscode.window.showInformationMessage('Literature Map: embedding API key saved in the keychain.');
    } else {
      await context.secrets.delete(SECRET);
      void vscode.window.showInformationMessage('Literature Map: embedding API key removed.');
    }
  });
}

/** The environment entries a worker run needs for the key (none when no key is stored). */
export async function embeddingKeyEnv(context: vscode.ExtensionContext): Promise<Record<string, string>> {
  const key = await context.secrets.get(SECRET);
  return key ? { [API_KEY_ENV]: key } : {};
}
