// Theme colours for the SVG exports. A theme's colour may be a VS Code theme colour id ("charts.blue"), which means
// nothing outside the editor: those map to the Dark+/Light+ chart colours, anything else to a colour-blind-safe
// palette (Okabe–Ito) by theme position, so the same file always gives the same picture.
const CHARTS: Record<string, string> = {
  'charts.red': '#f14c4c',
  'charts.blue': '#3794ff',
  'charts.yellow': '#cca700',
  'charts.orange': '#d18616',
  'charts.green': '#388a34',
  'charts.purple': '#b180d7',
  'charts.foreground': '#616161',
  'charts.lines': '#808080',
};

export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#b8a200', '#7f3c8d', '#11a579', '#3969ac'];
export const UNASSIGNED_COLOR = '#8c8c8c';
export const IRRELEVANT_COLOR = '#c8c8c8';
export const OUTLIER_COLOR = '#d9d9d9';

export function themeColor(color: string | undefined, index: number): string {
  if (color && /^#[0-9a-fA-F]{6}$/.test(color)) return color.toLowerCase();
  if (color && CHARTS[color]) return CHARTS[color];
  return PALETTE[index % PALETTE.length];
}
