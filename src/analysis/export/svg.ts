// Pieces every SVG export shares: a self-contained document (no fonts, scripts or links to load) and number output
// that is the same on every machine.
import { escapeXml, oneLine } from './escape';

export const FONT = 'font-family="sans-serif" font-size="12"';

/** Two decimals at most, no trailing zeros, no "-0". */
export function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return String(r === 0 ? 0 : r);
}

export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" ${FONT}>`,
    `<title>${escapeXml(oneLine(title))}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** One-line label cut to `max` characters; the full text goes in a <title> tooltip. */
export function label(text: string, max: number): { shown: string; full: string } {
  const full = oneLine(text);
  const chars = Array.from(full);
  return { shown: chars.length > max ? chars.slice(0, max - 1).join('') + '…' : full, full };
}

export function text(x: number, y: number, content: string, attrs = '', max = 60): string {
  const l = label(content, max);
  const tip = l.shown !== l.full ? `<title>${escapeXml(l.full)}</title>` : '';
  return `<text x="${num(x)}" y="${num(y)}"${attrs ? ' ' + attrs : ''}>${tip}${escapeXml(l.shown)}</text>`;
}
