// A stand-in for the `vscode` module, installed before src/host/export.ts loads (esbuild keeps import order), so the
// Export… command's flow runs under node:test. Calls are recorded; tests replace the window prompts with scripted ones.
import path from 'node:path';
import fs from 'node:fs';
import { stubModule } from '../support/module-stub';

export class Uri {
  private constructor(readonly fsPath: string) {}
  static file(p: string): Uri { return new Uri(path.resolve(p)); }
  static joinPath(u: Uri, ...parts: string[]): Uri { return new Uri(path.join(u.fsPath, ...parts)); }
  toString(): string { return `file://${this.fsPath}`; }
}

export const calls: Array<{ fn: string; args: unknown[] }> = [];
const commands = new Map<string, (...a: unknown[]) => unknown>();

function answer(fn: string, args: unknown[]): Promise<unknown> {
  calls.push({ fn, args });
  return Promise.resolve(undefined);
}

export const stub = {
  Uri,
  commands: {
    registerCommand(id: string, fn: (...a: unknown[]) => unknown) {
      commands.set(id, fn);
      return { dispose: () => commands.delete(id) };
    },
    executeCommand(id: string, ...args: unknown[]) {
      calls.push({ fn: 'executeCommand', args: [id, ...args] });
      const fn = commands.get(id);
      return Promise.resolve(fn ? fn(...args) : undefined);
    },
  },
  window: {
    showQuickPick: (items: unknown, opts: unknown) => answer('showQuickPick', [items, opts]),
    showSaveDialog: (opts: unknown) => answer('showSaveDialog', [opts]),
    showInformationMessage: (...a: unknown[]) => answer('showInformationMessage', a),
    showWarningMessage: (...a: unknown[]) => answer('showWarningMessage', a),
    showErrorMessage: (...a: unknown[]) => answer('showErrorMessage', a),
  },
  workspace: {
    asRelativePath: (u: Uri | string) => path.basename(typeof u === 'string' ? u : u.fsPath),
    fs: {
      writeFile: async (u: Uri, data: Uint8Array) => {
        calls.push({ fn: 'writeFile', args: [u.fsPath] });
        fs.writeFileSync(u.fsPath, data);
      },
    },
  },
};

stubModule('vscode', stub);
