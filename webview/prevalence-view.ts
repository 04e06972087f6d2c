// The Prevalence tab: the paper's table (chunks, share of chunks, sources, share of sources per theme and topic) and
// its bar chart, from the host's PrevalenceReport (src/analysis/prevalence.ts, the numbers every export prints), and
// topics over time when sources carry dates.
import type { Figure, PrevalenceReport, ThemeRow, TopicRow } from '../src/analysis/prevalence';
import { yearOf } from '../src/analysis/over-time';
import type { PanelContext } from './context';
import { h, replaceChildren } from './dom';
import { OverTimeChart } from './over-time-chart';
import { readPalette } from './palette';
import { clip, pct, s } from './svg';
import { count } from '../src/words';

const SHARE_TITLE = 'Share of all chunks of the corpus, outliers included (rows add up to 100%)';
const SOURCE_SHARE_TITLE = 'Share of sources with at least one chunk in it (a source counts once per theme)';

export class PrevalenceView {
  readonly root = h('section', { class: 'view prevalence-view', attrs: { 'aria-label': 'Prevalence' } });
  private readonly overTime: OverTimeChart;

  constructor(private readonly ctx: PanelContext) {
    this.overTime = new OverTimeChart(ctx);
  }

  render(): void {
    const index = this.ctx.index;
    const prev = this.ctx.state?.prevalence;
    if (!index || !prev) return replaceChildren(this.root);
    const dated = index.taxonomy.sources.some((src) => yearOf(src.date) !== undefined);
    if (dated) this.overTime.render();
    replaceChildren(this.root,
      h('p', { class: 'summary' },
        `${count(prev.totals.chunks, 'chunk', undefined, (x) => x.toLocaleString())} from ${count(prev.totals.sources, 'source')}; ${count(prev.totals.outliers, 'outlier chunk', undefined, (x) => x.toLocaleString())} (${pct(prev.outliers.share)}) are in no topic. `,
        'Shares are of all chunks, outliers included; irrelevant topics count in no theme.'),
      h('div', { class: 'prevalence-body' },
        h('figure', { class: 'prevalence-chart' }, barChart(prev), h('figcaption', null, 'Share of chunks per theme')),
        table(prev, (id) => this.ctx.selectTopic(id, { show: 'topics' }))),
      dated ? this.overTime.root : null);
  }
}

function table(prev: PrevalenceReport, select: (id: string) => void): HTMLElement {
  const max = Math.max(1e-9, ...prev.themes.map((r) => r.share), prev.unassigned.share, prev.irrelevant.share, prev.outliers.share);
  const row = (cls: string, key: string, name: HTMLElement | string, f: Figure, title?: string, bar = true) => h('tr', { class: cls, key },
    h('th', { attrs: { scope: 'row', ...(title ? { title } : {}) } }, name),
    h('td', { class: 'num chunks' }, f.chunks.toLocaleString()),
    h('td', { class: 'num share' }, pct(f.share)),
    h('td', { class: 'num sources' }, String(f.sources)),
    h('td', { class: 'num source-share' }, pct(f.sourceShare)),
    h('td', { class: 'bar-cell', attrs: { 'aria-hidden': 'true' } }, bar ? h('span', { class: 'bar', style: { width: `${(100 * f.share) / max}%` } }) : null));
  const topicRow = (t: TopicRow) => row('topic-row', `prev-topic-${t.id}`,
    h('button', { class: 'link', attrs: { type: 'button', title: 'Show this topic' }, on: { click: () => select(t.id) } }, t.label), t);
  const group = (g: ThemeRow, cls: string, key: string, title?: string) => [row(`theme-row ${cls}`, key, g.name, g, title), g.topics.map(topicRow)];
  const rows = [
    prev.themes.map((g) => group(g, '', `prev-theme-${g.id}`)),
    prev.unassigned.topics.length ? group(prev.unassigned, 'muted unassigned', 'prev-unassigned', 'Topics in no theme') : null,
    prev.irrelevant.topics.length
      ? group(prev.irrelevant, 'muted irrelevant', 'prev-irrelevant', 'Topics marked irrelevant: listed apart, counted in no theme or the unassigned total') : null,
    prev.outliers.chunks ? row('theme-row muted outliers', 'prev-outliers', 'Outliers (no topic)', prev.outliers) : null,
    row('total-row', 'prev-total', 'All chunks', { chunks: prev.totals.chunks, share: prev.totals.chunks ? 1 : 0, shareNonOutlier: 1, sources: prev.totals.sources, sourceShare: prev.totals.sources ? 1 : 0 }, undefined, false),
  ];
  const col = (label: string, title?: string) => h('th', { attrs: { scope: 'col', ...(title ? { title } : {}) }, class: 'num' }, label);
  return h('table', { class: 'prevalence-table' },
    h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Theme / topic'), col('Chunks'), col('Share of chunks', SHARE_TITLE),
      col('Sources'), col('Share of sources', SOURCE_SHARE_TITLE), h('th', { attrs: { scope: 'col', 'aria-hidden': 'true' } }))),
    h('tbody', null, rows));
}

/** Horizontal bars of each theme's share of chunks (then Unassigned, Irrelevant, Outliers in grey). */
function barChart(prev: PrevalenceReport): SVGElement {
  const pal = readPalette();
  const bars: Array<{ name: string; share: number; color: string; cls: string }> = prev.themes.map((g, i) => ({
    name: g.name, share: g.share, color: pal.categorical[i % pal.categorical.length], cls: 'theme',
  }));
  if (prev.unassigned.topics.length) bars.push({ name: 'Unassigned', share: prev.unassigned.share, color: pal.muted, cls: 'other' });
  if (prev.irrelevant.topics.length) bars.push({ name: 'Irrelevant', share: prev.irrelevant.share, color: pal.muted, cls: 'other' });
  if (prev.outliers.chunks) bars.push({ name: 'Outliers', share: prev.outliers.share, color: pal.muted, cls: 'other' });
  const rowH = 24;
  const labelW = 170;
  const valueW = 56;
  const width = 560;
  const plotW = width - labelW - valueW;
  const height = bars.length * rowH + 8;
  const max = Math.max(1e-9, ...bars.map((b) => b.share));
  return s('svg', { class: 'bar-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'Bar chart: share of chunks per theme' },
    bars.map((b, i) => {
      const y = 4 + i * rowH;
      const w = Math.max(b.share > 0 ? 1 : 0, (plotW * b.share) / max);
      return s('g', { class: `bar-row ${b.cls}`, 'data-share': b.share.toFixed(6) },
        s('title', {}, `${b.name}: ${pct(b.share)} of chunks`),
        s('text', { x: labelW - 8, y: y + rowH / 2, 'text-anchor': 'end', 'dominant-baseline': 'central', fill: pal.foreground }, clip(b.name, 24)),
        s('rect', { x: labelW, y: y + 4, width: w.toFixed(1), height: rowH - 8, rx: 2, fill: b.color, ...(b.cls === 'other' ? { 'fill-opacity': 0.6 } : {}) }),
        s('text', { x: labelW + w + 6, y: y + rowH / 2, 'dominant-baseline': 'central', fill: pal.foreground, class: 'bar-value' }, pct(b.share)));
    }),
    s('line', { x1: labelW, x2: labelW, y1: 2, y2: height - 2, stroke: pal.muted, 'stroke-width': 1 }));
}
