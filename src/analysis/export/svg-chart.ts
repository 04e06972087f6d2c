// The prevalence bar chart: one bar per theme (bold) and per topic (indented, under its theme), length by share of
// all chunks, the figure's usual companion to the prevalence table.
import type { PrevalenceReport } from '../prevalence';
import { IRRELEVANT_COLOR, OUTLIER_COLOR, UNASSIGNED_COLOR, themeColor } from './colors';
import { percent } from './escape';
import { tableRows } from './rows';
import { num, svgDocument, text } from './svg';

const ROW = 20;
const LABEL_W = 300;
const BAR_W = 340;
const VALUE_W = 120;
const PAD = 12;

export function prevalenceChartSvg(p: PrevalenceReport, title = 'Prevalence of themes and topics'): string {
  const rows = tableRows(p).filter((r) => r.kind !== 'total');
  const max = Math.max(0, ...rows.map((r) => r.figure.share)) || 1;
  const colorOf = new Map<string | null, string>();
  p.themes.forEach((th, i) => colorOf.set(th.id, themeColor(th.color, i)));
  const body: string[] = [text(PAD, PAD + 14, title, 'font-size="14" font-weight="bold"', 90)];
  let y = PAD + 28;
  for (const r of rows) {
    const group = r.kind === 'outliers' ? undefined : r.group;
    const color = r.kind === 'outliers' ? OUTLIER_COLOR
      : group?.id ? colorOf.get(group.id)!
        : group === p.irrelevant ? IRRELEVANT_COLOR : UNASSIGNED_COLOR;
    const isGroup = r.kind !== 'topic';
    const name = r.kind === 'outliers' ? 'Outliers' : r.kind === 'topic' ? r.topic.label : r.group.name;
    const w = (r.figure.share / max) * BAR_W;
    body.push(
      `<g>`,
      text(PAD + (isGroup ? 0 : 16), y + 14, name, isGroup ? 'font-weight="bold"' : '', isGroup ? 44 : 42),
      `<rect x="${PAD + LABEL_W}" y="${y + 3}" width="${num(w)}" height="${ROW - 6}" fill="${color}"${isGroup ? '' : ' fill-opacity="0.6"'}/>`,
      text(PAD + LABEL_W + w + 6, y + 14, `${percent(r.figure.share)} (${r.figure.chunks})`, 'fill="#444444"'),
      `</g>`,
    );
    y += ROW;
  }
  return svgDocument(PAD * 2 + LABEL_W + BAR_W + VALUE_W, y + PAD, title, body);
}
