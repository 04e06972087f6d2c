// Waiting on the extension's own events rather than sleeping: each helper re-checks its condition when the event
// fires and fails with a clear message after a deadline.
import * as vscode from 'vscode';
import type { LiteratureMapApi } from '../../src/extension';

export async function api(): Promise<LiteratureMapApi> {
  const ext = vscode.extensions.getExtension<LiteratureMapApi>('literature-map.literature-map');
  if (!ext) throw new Error('extension literature-map.literature-map is not loaded');
  return ext.activate();
}

export function until<T>(what: string, check: () => T | undefined | false, events: Array<vscode.Event<unknown>>, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = () => { clearTimeout(to); clearInterval(tick); subs.forEach((s) => s.dispose()); };
    const test = () => {
      let v: T | undefined | false;
      try { v = check(); } catch { v = undefined; }
      if (v !== undefined && v !== false) { done(); resolve(v); }
    };
    // The interval is a safety net for events fired before we subscribed; correctness comes from the events.
    const tick = setInterval(test, 250);
    const to = setTimeout(() => { done(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    for (const e of events) subs.push(e(() => test()));
    test();
  });
}
