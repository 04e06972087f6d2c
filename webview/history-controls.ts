// Undo / Redo in the panel: two header buttons naming what they would revert or replay, and Ctrl+Z / Ctrl+Shift+Z
// (Cmd on macOS; Ctrl+Y too) wherever focus is not in a text field, which keeps its own text undo. The host owns the
// history (it survives a reload and is shared with the side panel); these only ask it.
import type { CurationAction, PanelState } from '../src/protocol';
import { h, icon, replaceChildren } from './dom';

export class HistoryControls {
  readonly root = h('div', { class: 'history-controls', attrs: { role: 'group', 'aria-label': 'Undo and redo' } });

  constructor(private readonly act: (a: CurationAction) => Promise<boolean>) {
    // Capture phase, and no further: VS Code's webview script also listens on the window and forwards Ctrl+Z to the
    // workbench, whose Undo then runs the browser's text undo in here (refilling a field cleared long ago).
    window.addEventListener('keydown', (e) => {
      const verb = historyKey(e);
      if (!verb || isTextField(e.target)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      void this.act({ type: verb });
    }, { capture: true });
  }

  render(state: PanelState | null): void {
    const undo = state?.history?.undo ?? null;
    const redo = state?.history?.redo ?? null;
    const button = (verb: 'undo' | 'redo', what: string | null) => h('button', {
      class: 'icon-button', key: `history-${verb}`,
      attrs: {
        type: 'button', disabled: !what,
        title: what ? `${verb === 'undo' ? 'Undo' : 'Redo'} “${what}” (${verb === 'undo' ? 'Ctrl+Z' : 'Ctrl+Shift+Z'})` : `Nothing to ${verb}`,
        'aria-label': what ? `${verb === 'undo' ? 'Undo' : 'Redo'} ${what}` : `Nothing to ${verb}`,
      },
      on: { click: () => void this.act({ type: verb }) },
    }, icon(verb === 'undo' ? 'discard' : 'redo'));
    replaceChildren(this.root, button('undo', undo), button('redo', redo));
  }
}

/** 'undo' for Ctrl/Cmd+Z, 'redo' for Ctrl/Cmd+Shift+Z and Ctrl+Y. */
export function historyKey(e: KeyboardEvent): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}

function isTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'vscode-textfield' || tag === 'vscode-textarea' || el.isContentEditable;
}
