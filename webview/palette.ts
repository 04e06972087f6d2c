// Categorical colours for topics and themes, taken from the theme's colour variables so every theme stays legible, and
// extended with generated hues (and shades of a theme's colour) when a map has more topics than the theme has colours.
const VARS = [
  '--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple',
  '--vscode-charts-red', '--vscode-charts-yellow', '--vscode-terminal-ansiCyan', '--vscode-terminal-ansiMagenta',
  '--vscode-terminal-ansiBrightBlue', '--vscode-terminal-ansiBrightGreen', '--vscode-terminal-ansiBrightRed',
  '--vscode-terminal-ansiBrightMagenta', '--vscode-terminal-ansiBrightCyan', '--vscode-terminal-ansiBrightYellow',
];

export interface Palette {
  categorical: string[];
  foreground: string;
  muted: string;
  background: string;
  focus: string;
}

/** Some theme colours carry transparency (charts.orange derives from a translucent minimap colour); points need the
 *  solid hue, and the map applies its own alpha. */
export function opaque(c: string): string {
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (hex) return hex[1].length === 4 ? `#${hex[1].slice(0, 3)}` : hex[1].length === 8 ? `#${hex[1].slice(0, 6)}` : c;
  const rgba = /^rgba?\(\s*([^,\s]+)[,\s]+([^,\s]+)[,\s]+([^,\s/)]+)/i.exec(c);
  return rgba ? `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})` : c;
}

function cssVar(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

export function readPalette(): Palette {
  const s = getComputedStyle(document.body);
  const foreground = cssVar(s, '--vscode-editor-foreground') || cssVar(s, '--vscode-foreground') || 'CanvasText';
  const seen = new Set<string>();
  const categorical: string[] = [];
  for (const v of VARS) {
    const c = opaque(cssVar(s, v));
    if (c && !seen.has(c.toLowerCase())) {
      seen.add(c.toLowerCase());
      categorical.push(c);
    }
  }
  if (!categorical.length) categorical.push(foreground);
  return {
    categorical,
    foreground,
    muted: cssVar(s, '--vscode-descriptionForeground') || foreground,
    background: cssVar(s, '--vscode-editor-background') || 'Canvas',
    focus: cssVar(s, '--vscode-focusBorder') || foreground,
  };
}

type Rgb = [number, number, number];

/** #rgb, #rrggbb (alpha dropped) or rgb()/rgba() → 0..255 channels; null for anything else (named colours). */
export function parseColor(c: string): Rgb | null {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c.trim());
  if (hex) {
    const v = hex[1];
    if (v.length === 3 || v.length === 4) return [0, 1, 2].map((i) => parseInt(v[i] + v[i], 16)) as Rgb;
    if (v.length === 6 || v.length === 8) return [0, 2, 4].map((i) => parseInt(v.slice(i, i + 2), 16)) as Rgb;
    return null;
  }
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(c.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function toHsl([r, g, b]: Rgb): [number, number, number] {
  r /= 255; g /= 255; b /= 255;
  const max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const hue = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [hue * 60, s, l];
}

/** HSL → #rrggbb (hex, so parseColor reads it back for colour distances). */
function hsl(hDeg: number, sat: number, light: number): string {
  const hue = ((hDeg % 360) + 360) % 360;
  const s = Math.min(1, Math.max(0, sat)), l = Math.min(0.9, Math.max(0.12, light));
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)))).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** A perceptual-ish distance between two colours ("redmean" weighted RGB, 0 … ~765); Infinity when unparsable. */
export function colorDistance(a: string, b: string): number {
  const p = parseColor(a), q = parseColor(b);
  if (!p || !q) return a.toLowerCase() === b.toLowerCase() ? 0 : Infinity;
  const rm = (p[0] + q[0]) / 2, dr = p[0] - q[0], dg = p[1] - q[1], db = p[2] - q[2];
  return Math.sqrt((2 + rm / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rm) / 256) * db * db);
}

/** True when the background is dark, so generated colours are made light enough to read against it. */
export function isDark(background: string): boolean {
  const c = parseColor(background);
  return c ? 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] < 128 : true;
}

/**
 * At least n distinguishable colours: the theme's own first, then hues spaced by the golden angle (so any run of them
 * is spread round the wheel) in two lightness bands, at a lightness that reads on the theme's background.
 */
export function extendedPalette(base: string[], n: number, background: string): string[] {
  const out = [...base];
  const dark = isDark(background);
  for (let i = 0; out.length < n; i++) {
    const band = Math.floor(i / 12) % 3;
    const l = (dark ? 0.62 : 0.42) + (band === 1 ? 0.12 : band === 2 ? -0.1 : 0) * (dark ? 1 : -1);
    out.push(hsl(20 + i * 137.508, band === 2 ? 0.55 : 0.7, l));
  }
  return out;
}

/** The colours in order, leaving out any within minDistance of one kept before it (themes pair near-equal blues). */
export function distinct(colours: string[], minDistance: number): string[] {
  const out: string[] = [];
  for (const c of colours) if (out.every((o) => colorDistance(o, c) >= minDistance)) out.push(c);
  return out;
}

/**
 * Shades of one colour for the topics of a theme: the colour itself, then lighter/darker and slightly turned variants,
 * so a theme's topics read as one family yet neighbours within it differ.
 */
export function shadesOf(color: string, count: number, background: string): string[] {
  const rgb = parseColor(color);
  if (!rgb) return [color];
  const [hue, s, l] = toHsl(rgb);
  const dark = isDark(background);
  const out = [color];
  const steps: Array<[number, number]> = [[0, 0.16], [0, -0.16], [18, 0.08], [-18, -0.08], [18, -0.16], [-18, 0.16], [32, 0], [-32, 0]];
  for (const [dh, dl] of steps) {
    if (out.length >= count) break;
    out.push(hsl(hue + dh, Math.max(0.45, s), l + (dark ? dl : -dl)));
  }
  return out;
}
