// Topics over time in the Prevalence tab: each theme's share of a period's chunks, per year or decade, as lines
// (src/analysis/over-time.ts computes it from the taxonomy, as the over-time exports do). An empty period breaks the
// line rather than dropping it to 0 — except in Year mode when most years are empty, where lines join the dated years.
import { periodLabel, topicsOverTime, type OverTimeReport } from '../src/analysis/over-time';
import type { PanelUiState } from '../src/protocol';
import type { PanelContext } from './context';
import { h, replaceChildren } from './dom';
import { readPalette } from './palette';
import { clip, pct, s } from './svg';
import { count } from '../src/words';

interface Series { name: string; color: string; values: Array<number | null> }

const MAX_TOPIC_SERIES = 8;
const DASHES = [undefined, '7 4', '2 3', '10 3 2 3'];

export class OverTimeChart {
  readonly root = h('section', { class: 'over-time', attrs: { 'aria-label': 'Topics over time' } });

  constructor(private readonly ctx: PanelContext) {}

  render(): void {
    const t = this.ctx.index?.taxonomy;
    if (!t) return replaceChildren(this.root);
    const period = this.ctx.ui.overTimePeriod === 'decade' ? 'decade' : 'year';
    const report = topicsOverTime(t, period);
    const toggle = (p: PanelUiState['overTimePeriod'], label: string) => h('button', {
      class: `toggle ${p === period ? 'on' : ''}`, key: `period-${p}`, attrs: { type: 'button', 'aria-pressed': p === period },
      on: { click: () => { this.ctx.setUi({ overTimePeriod: p }); this.render(); } },
    }, label);
    const series = seriesOf(report);
    // Sources years apart leave most years empty: joining the years that have sources reads as a trend, where broken
    // lines would be scattered dots.
    const skipEmpty = period === 'year' && sparse(report);
    replaceChildren(this.root,
      h('div', { class: 'over-time-head' }, h('h3', null, 'Over time'),
        h('div', { class: 'toggles', attrs: { role: 'group', 'aria-label': 'Period' } }, toggle('year', 'Year'), toggle('decade', 'Decade'))),
      lineChart(report, series, skipEmpty),
      h('ul', { class: 'chart-legend' }, series.map((x) => h('li', { class: 'legend-item' }, h('span', { class: 'swatch', style: { backgroundColor: x.color } }), x.name))),
      h('p', { class: 'hint' }, `Share of each ${period}'s chunks (outliers included).`,
        skipEmpty ? ' Years without dated sources are skipped: lines join the years that have them.' : '',
        report.undated.sources ? ` ${count(report.undated.sources, 'undated source')} (${count(report.undated.chunks, 'chunk')}) left out.` : ''));
  }
}

/** Themes plus Unassigned once there are themes; before that, the largest topics. Irrelevant topics are not plotted. */
function seriesOf(r: OverTimeReport): Series[] {
  const pal = readPalette();
  const color = (i: number) => pal.categorical[i % pal.categorical.length];
  const empty = (b: OverTimeReport['buckets'][number]) => b.report.totals.chunks === 0;
  const first = r.buckets[0]?.report;
  if (!first) return [];
  if (first.themes.length) {
    const out: Series[] = first.themes.map((th, i) => ({ name: th.name, color: color(i), values: r.buckets.map((b) => (empty(b) ? null : b.report.themes[i].share)) }));
    if (first.unassigned.topics.length) out.push({ name: 'Unassigned', color: pal.muted, values: r.buckets.map((b) => (empty(b) ? null : b.report.unassigned.share)) });
    return out;
  }
  const topics = first.unassigned.topics.map((x, i) => ({ i, label: x.label, total: r.buckets.reduce((n, b) => n + b.report.unassigned.topics[i].chunks, 0) }));
  return topics.sort((a, b) => b.total - a.total).slice(0, MAX_TOPIC_SERIES).map((x, k) => ({
    name: x.label, color: color(k), values: r.buckets.map((b) => (empty(b) ? null : b.report.unassigned.topics[x.i].share)),
  }));
}

/** True when most periods between the first and last dated source are empty (sources years apart). */
function sparse(r: OverTimeReport): boolean {
  return r.buckets.filter((b) => b.report.totals.chunks === 0).length > r.buckets.length / 2;
}

/** Axis ticks at round multiples (1, 2, 5, 10, 20, 25, 50, … periods' worth of years) that fit the width. */
export function timeTicks(first: number, last: number, minStep: number, fit: number): number[] {
  const span = Math.max(0, last - first);
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].map((k) => k * minStep).find((k) => Math.floor(span / k) + 1 <= fit) ?? Math.max(minStep, span);
  const out: number[] = [];
  for (let v = Math.ceil(first / step) * step; v <= last; v += step) out.push(v);
  return out.length ? out : [first];
}

function lineChart(r: OverTimeReport, series: Series[], skipEmpty: boolean): SVGElement {
  const pal = readPalette();
  const width = 640;
  const height = 220;
  // Room on the left for "100%", and half a label either side of the axis.
  const m = { l: 52, r: 28, t: 10, b: 28 };
  const starts = r.buckets.map((b) => parseInt(b.period, 10));
  const first = starts[0] ?? 0, last = starts[starts.length - 1] ?? 0;
  const plotW = width - m.l - m.r;
  const plotH = height - m.t - m.b;
  const max = Math.max(0.05, ...series.flatMap((x) => x.values.filter((v): v is number => v !== null)));
  const top = Math.ceil(max * 10) / 10;
  // Positioned by year, not by index, so uneven gaps look uneven.
  const xAt = (year: number) => m.l + (last === first ? plotW / 2 : (plotW * (year - first)) / (last - first));
  const x = (i: number) => xAt(starts[i]);
  const y = (v: number) => m.t + plotH * (1 - v / top);
  const step = r.period === 'decade' ? 10 : 1;
  const labelW = r.period === 'decade' ? 46 : 38;
  const years = timeTicks(first, last, step, Math.max(1, Math.floor(plotW / labelW)));
  const ticks = [0, top / 2, top];
  const tickText = (v: number) => (Math.abs(v * 100 - Math.round(v * 100)) < 1e-9 ? `${Math.round(v * 100)}%` : pct(v));
  return s('svg', { class: 'line-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Line chart: share of chunks per ${r.period}` },
    ticks.map((v) => [
      s('line', { x1: m.l, x2: width - m.r, y1: y(v), y2: y(v), stroke: pal.muted, 'stroke-opacity': v ? 0.35 : 0.8, 'stroke-width': 1 }),
      s('text', { x: m.l - 6, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'central', fill: pal.muted, class: 'tick-label' }, tickText(v)),
    ]),
    years.map((v) => s('text', { x: xAt(v), y: height - 8, 'text-anchor': 'middle', fill: pal.muted, class: 'period-label' }, periodLabel(v, r.period))),
    series.map((sr, k) => s('g', { class: 'series' },
      s('title', {}, sr.name),
      runs(sr.values, skipEmpty).map((run) => s('polyline', {
        points: run.map((i) => `${x(i).toFixed(1)},${y(sr.values[i]!).toFixed(1)}`).join(' '), fill: 'none', stroke: sr.color, 'stroke-width': 2,
        // Dashes tell lines apart where colours are close (or in high contrast) and show both of two coinciding lines.
        'stroke-dasharray': DASHES[k % DASHES.length],
      })),
      sr.values.map((v, i) => (v === null ? null : s('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3, fill: sr.color },
        s('title', {}, `${clip(sr.name, 60)}, ${r.buckets[i].period}: ${pct(v)}`)))))));
}

/** Index runs of consecutive non-null values: an empty period breaks the line, unless skipEmpty joins across it. */
function runs(values: Array<number | null>, skipEmpty: boolean): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (skipEmpty) return;
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(i);
  });
  if (cur.length) out.push(cur);
  return out.filter((r) => r.length > 1);
}
