// Topics over time as an SVG line chart: share of each period's chunks per theme (per topic when nothing is curated
// into themes yet). Empty periods break the line instead of dropping it to zero.
import type { OverTimeReport } from '../over-time';
import type { ThemeRow, TopicRow } from '../prevalence';
import { PALETTE, UNASSIGNED_COLOR, themeColor } from './colors';
import { num, svgDocument, text } from './svg';
import { count } from '../../words';

const W = 640;
const H = 320;
const LEFT = 56;
const TOP = 40;
const LEGEND_W = 260;

interface Series { name: string; color: string; values: Array<number | null> }

function series(o: OverTimeReport): Series[] {
  const first = o.buckets[0]?.report;
  if (!first) return [];
  const value = (pick: (r: OverTimeReport['buckets'][number]['report']) => ThemeRow | TopicRow | undefined) =>
    o.buckets.map((b) => (b.report.totals.chunks > 0 ? pick(b.report)?.share ?? 0 : null));
  if (first.themes.length) {
    const out = first.themes.map((th, i) => ({ name: th.name, color: themeColor(th.color, i), values: value((r) => r.themes[i]) }));
    if (first.unassigned.topics.length) out.push({ name: first.unassigned.name, color: UNASSIGNED_COLOR, values: value((r) => r.unassigned) });
    return out;
  }
  return first.unassigned.topics.map((tp, i) => ({
    name: tp.label, color: PALETTE[i % PALETTE.length], values: value((r) => r.unassigned.topics.find((x) => x.id === tp.id)),
  }));
}

export function overTimeChartSvg(o: OverTimeReport, title?: string): string {
  const all = series(o);
  const what = o.buckets[0]?.report.themes.length ? 'Themes' : 'Topics';
  title ??= `${what} over time (share of each ${o.period}'s chunks)`;
  const n = o.buckets.length;
  const max = Math.max(0.1, Math.ceil(Math.max(0, ...all.flatMap((s) => s.values.map((v) => v ?? 0))) * 10) / 10);
  const x = (i: number) => LEFT + (n > 1 ? (i / (n - 1)) * W : W / 2);
  const y = (v: number) => TOP + H - (v / max) * H;
  const body: string[] = [text(16, 24, title, 'font-size="14" font-weight="bold"', 90)];

  // Axes and grid: five steps of the rounded-up maximum.
  for (let k = 0; k <= 5; k++) {
    const v = (max * k) / 5;
    body.push(`<line x1="${LEFT}" y1="${num(y(v))}" x2="${LEFT + W}" y2="${num(y(v))}" stroke="${k ? '#eeeeee' : '#888888'}"/>`,
      text(LEFT - 6, y(v) + 4, `${num(v * 100)}%`, 'text-anchor="end" fill="#444444"'));
  }
  // At most ~16 period labels, evenly spaced, always the first and the last.
  const every = Math.max(1, Math.ceil(n / 16));
  o.buckets.forEach((b, i) => {
    if (i % every === 0 || i === n - 1) body.push(text(x(i), TOP + H + 16, b.period, 'text-anchor="middle" fill="#444444"'));
  });

  for (const s of all) {
    let d = '';
    let pen = false;
    const dots: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${num(x(i))} ${num(y(v))}`;
      pen = true;
      dots.push(`<circle cx="${num(x(i))}" cy="${num(y(v))}" r="3"/>`);
    });
    body.push(`<g fill="${s.color}" stroke="${s.color}">`, `<path d="${d}" fill="none" stroke-width="2"/>`, ...dots, '</g>');
  }

  let ly = TOP;
  for (const s of all) {
    body.push(`<rect x="${LEFT + W + 24}" y="${ly}" width="12" height="12" fill="${s.color}"/>`, text(LEFT + W + 42, ly + 10, s.name, '', 34));
    ly += 18;
  }
  const notes: string[] = [];
  if (!n) notes.push('No source has a date: nothing to plot.');
  if (o.undated.sources) notes.push(`${count(o.undated.sources, 'undated source')} (${count(o.undated.chunks, 'chunk')}) not shown.`);
  let ny = TOP + H + 40;
  for (const line of notes) { body.push(text(LEFT, ny, line, 'fill="#444444"', 120)); ny += 16; }
  return svgDocument(LEFT + W + 24 + LEGEND_W, Math.max(ny, ly) + 8, title, body);
}
