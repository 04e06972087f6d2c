// The Output channel: stage timings, skipped files and why, and the stack of anything unexpected.
import * as vscode from 'vscode';

// The in-editor tests set LM_LOG_TO_CONSOLE so the log reaches the test runner's output.
const mirror = !!process.env.LM_LOG_TO_CONSOLE;

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Literature Map', { log: true });
  info(line: string): void { this.channel.info(line); if (mirror) console.log(`[literature-map] ${line}`); }
  warn(line: string): void { this.channel.warn(line); if (mirror) console.log(`[literature-map] WARN ${line}`); }
  error(line: string, e?: unknown): void {
    const text = e === undefined ? line : `${line}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
    this.channel.error(text);
    if (mirror) console.log(`[literature-map] ERROR ${text}`);
  }
  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}
