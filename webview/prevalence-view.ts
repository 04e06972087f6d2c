// The Prevalence tab: chunks, share and sources per theme and per topic, with bars (the paper's prevalence table).
import type { PrevalenceFigure } from '../src/protocol';
import type { PanelContext } from './context';
import { h, replaceChildren } from './dom';

export class PrevalenceView {
  readonly root = h('section', { class: 'view prevalence-view', attrs: { 'aria-label': 'Prevalence' } });

  constructor(private readonly ctx: PanelContext) {}

  render(): void {
    const index = this.ctx.index;
    const prev = this.ctx.state?.prevalence;
    if (!index || !prev) return replaceChildren(this.root);
    const total = prev.totalChunks || 1;
    const max = Math.max(1, ...Object.values(prev.themes).map((f) => f.chunks), prev.unassigned.chunks);
    const row = (cls: string, name: string, f: PrevalenceFigure, key: string, onClick?: () => void) => h('tr', { class: cls, key },
      h('th', { attrs: { scope: 'row' } }, onClick ? h('button', { class: 'link', attrs: { type: 'button' }, on: { click: onClick } }, name) : name),
      h('td', { class: 'num' }, f.chunks.toLocaleString()),
      h('td', { class: 'num' }, `${((100 * f.chunks) / total).toFixed(1)}%`),
      h('td', { class: 'num' }, `${f.sources} / ${prev.totalSources}`),
      h('td', { class: 'bar-cell', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'bar', style: { width: `${(100 * f.chunks) / max}%` } })));
    const rows: HTMLElement[] = [];
    for (const th of index.taxonomy.themes) {
      rows.push(row('theme-row', th.name, prev.themes[th.id] ?? { chunks: 0, sources: 0 }, `prev-${th.id}`));
      for (const id of th.topics) {
        const t = index.topicById.get(id);
        if (t) rows.push(row('topic-row', t.label, prev.topics[id] ?? { chunks: 0, sources: 0 }, `prev-${id}`, () => this.ctx.selectTopic(id, { show: 'topics' })));
      }
    }
    rows.push(row('theme-row muted', 'Unassigned topics', prev.unassigned, 'prev-unassigned'));
    replaceChildren(this.root,
      h('p', { class: 'summary' }, `${prev.totalChunks.toLocaleString()} chunks from ${prev.totalSources} sources; ${prev.outliers.toLocaleString()} outlier chunks (${((100 * prev.outliers) / total).toFixed(1)}%) are in no topic.`),
      h('table', { class: 'prevalence-table' },
        h('thead', null, h('tr', null, ...['Theme / topic', 'Chunks', 'Share', 'Sources', ''].map((x, i) => h('th', { attrs: { scope: 'col' }, class: i && i < 4 ? 'num' : '' }, x)))),
        h('tbody', null, rows)));
  }
}
