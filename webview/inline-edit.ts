// Replaces a piece of text with an editor in place. Enter (Ctrl+Enter when multiline) commits, Escape cancels, leaving
// the field commits. The caller re-renders from the host's answer, so nothing here keeps the edited value.
import { h } from './dom';

export function editInline(target: HTMLElement, opts: { value: string; label: string; multiline?: boolean; onCommit: (v: string) => void; onCancel?: () => void }): void {
  const field = opts.multiline
    ? h('textarea', { class: 'inline-edit', attrs: { 'aria-label': opts.label, rows: 3 } })
    : h('input', { class: 'inline-edit', attrs: { type: 'text', 'aria-label': opts.label } });
  field.value = opts.value;
  let finished = false;
  const finish = (commit: boolean) => {
    if (finished) return;
    finished = true;
    const v = opts.multiline ? field.value : field.value.trim();
    field.replaceWith(target);
    if (commit && v !== opts.value && (opts.multiline || v)) opts.onCommit(v);
    else opts.onCancel?.();
    target.focus();
  };
  field.addEventListener('keydown', (ev) => {
    const e = ev as KeyboardEvent;
    e.stopPropagation();
    if (e.key === 'Escape') { e.preventDefault(); finish(false); }
    else if (e.key === 'Enter' && (!opts.multiline || e.ctrlKey || e.metaKey)) { e.preventDefault(); finish(true); }
  });
  field.addEventListener('blur', () => finish(true));
  // Dragging from inside a text field would start a card drag.
  field.addEventListener('dragstart', (e) => e.stopPropagation());
  target.replaceWith(field);
  field.focus();
  field.select();
}
