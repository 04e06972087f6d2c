// The Output channel: stage timings, skipped files and why, and the stack of anything unexpected.
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Literature Map', { log: true });
  info(line: string): void { this.channel.info(line); }
  warn(line: string): void { this.channel.warn(line); }
  error(line: string, e?: unknown): void {
    this.channel.error(e === undefined ? line : `${line}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}
