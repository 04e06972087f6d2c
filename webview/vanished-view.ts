// The board's "Vanished" column: topics of an earlier run that no topic of the latest run matched, with what each held
// (label, keywords, former themes, note), to restore as a note on a theme or topic, or to dismiss.
import type { VanishedTopic } from '../src/taxonomy/types';
import type { PanelContext } from './context';
import { h, iconButton } from './dom';
import { pick } from './picker';

export function vanishedColumn(ctx: PanelContext): HTMLElement | null {
  const t = ctx.index?.taxonomy;
  if (!t || !t.vanished.length) return null;
  return h('div', { class: 'board-column special-column vanished-column', attrs: { 'data-column': '__vanished', role: 'group', 'aria-label': 'Vanished' } },
    h('header', { class: 'column-header', attrs: { title: 'Topics of an earlier run that no topic of the latest run matched. Restore one as a note, or dismiss it.' } },
      h('h3', { class: 'column-title' }, h('span', { class: 'column-name' }, 'Vanished'), h('vscode-badge', { attrs: { variant: 'counter' } }, t.vanished.length)),
      h('div', { class: 'column-figures' }, 'from earlier runs')),
    h('ol', { class: 'card-list', attrs: { 'aria-label': 'Vanished topics' } }, t.vanished.map((v) => card(ctx, v))));
}

function card(ctx: PanelContext, v: VanishedTopic): HTMLElement {
  const themes = v.themes.map((id) => ctx.index?.themeById.get(id)?.name).filter((n): n is string => !!n);
  const el = h('li', {
    class: 'topic-card vanished-card', key: `vanished-${v.id}`,
    attrs: { tabindex: 0, 'data-vanished': v.id, 'aria-label': `Vanished: ${v.label}, ${v.size} chunks${themes.length ? `, was in ${themes.join(', ')}` : ''}` },
  },
  h('div', { class: 'card-top' }, h('span', { class: 'card-label' }, v.label), h('vscode-badge', { attrs: { variant: 'counter', title: `${v.size} chunks` } }, v.size)),
  h('div', { class: 'card-keywords' }, v.keywords.slice(0, 4).join(' · ')),
  themes.length ? h('div', { class: 'card-keywords' }, `was in ${themes.join(', ')}`) : null,
  v.note ? h('p', { class: 'card-note' }, v.note) : null,
  h('div', { class: 'card-actions' },
    iconButton('note', 'Restore as a note on a theme or topic…', () => void restore(ctx, el, v), `restore-${v.id}`),
    iconButton('close', 'Dismiss', () => void ctx.act({ type: 'dismissVanished', vanishedId: v.id }), `dismiss-${v.id}`)));
  return el;
}

async function restore(ctx: PanelContext, anchor: HTMLElement, v: VanishedTopic): Promise<void> {
  const t = ctx.index?.taxonomy;
  if (!t) return;
  // Its former themes first, then the topic that took its chunks if a re-run merged it, then the rest.
  const absorber = t.topics.find((tp) => tp.previous?.includes(v.id));
  const themes = [...t.themes].sort((a, b) => Number(v.themes.includes(b.id)) - Number(v.themes.includes(a.id)));
  const topics = [...(absorber ? [absorber] : []), ...t.topics.filter((tp) => tp !== absorber)];
  const items = [
    ...themes.map((th) => ({ id: `theme:${th.id}`, label: th.name, description: v.themes.includes(th.id) ? 'its theme (description)' : 'theme (description)' })),
    ...topics.map((tp) => ({ id: `topic:${tp.id}`, label: tp.label, description: tp === absorber ? 'took its chunks (note)' : 'topic (note)' })),
  ];
  const to = await pick(anchor, `Restore "${v.label}" as a note on…`, items);
  if (!to) return;
  const [kind, id] = to.split(':') as ['theme' | 'topic', string];
  await ctx.act({ type: 'restoreVanished', vanishedId: v.id, target: { kind, id } });
}
