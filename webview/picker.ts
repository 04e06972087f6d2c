// A small keyboard-first chooser ("Move to theme…"), the keyboard alternative to dragging a card.
import { h } from './dom';

export interface PickItem { id: string; label: string; description?: string }

/** Shows a filterable list next to anchor; resolves with the chosen id, or null on Escape / outside click. */
export function pick(anchor: HTMLElement, title: string, items: PickItem[]): Promise<string | null> {
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null;
    let active = 0;
    let shown = items;
    const input = h('input', { class: 'picker-input', attrs: { type: 'text', 'aria-label': title, placeholder: title, role: 'combobox', 'aria-controls': 'lm-picker-list', 'aria-expanded': 'true' } });
    const list = h('ul', { class: 'picker-list', attrs: { role: 'listbox', id: 'lm-picker-list' } });
    const box = h('div', { class: 'picker', attrs: { role: 'dialog', 'aria-label': title } }, input, list);
    const done = (v: string | null) => {
      box.remove();
      document.removeEventListener('pointerdown', outside, true);
      previous?.focus();
      resolve(v);
    };
    const outside = (e: Event) => { if (!box.contains(e.target as Node)) done(null); };
    const draw = () => {
      list.replaceChildren(...shown.map((it, i) => h('li', {
        class: i === active ? 'active' : '',
        attrs: { role: 'option', id: `lm-pick-${i}`, 'aria-selected': i === active, 'data-id': it.id },
        on: { pointerdown: (e) => { e.preventDefault(); done(it.id); } },
      }, h('span', null, it.label), it.description ? h('span', { class: 'picker-desc' }, it.description) : null)));
      input.setAttribute('aria-activedescendant', shown.length ? `lm-pick-${active}` : '');
    };
    input.addEventListener('input', () => {
      const q = input.value.toLowerCase();
      shown = items.filter((it) => it.label.toLowerCase().includes(q));
      active = 0;
      draw();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') active = Math.min(shown.length - 1, active + 1);
      else if (e.key === 'ArrowUp') active = Math.max(0, active - 1);
      else if (e.key === 'Enter') { e.preventDefault(); done(shown[active]?.id ?? null); return; }
      else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); done(null); return; }
      else return;
      e.preventDefault();
      draw();
    });
    const r = anchor.getBoundingClientRect();
    box.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - 280))}px`;
    box.style.top = `${Math.min(r.bottom + 2, window.innerHeight - 240)}px`;
    document.body.append(box);
    draw();
    input.focus();
    document.addEventListener('pointerdown', outside, true);
  });
}
