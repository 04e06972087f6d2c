// Inline SVG for the charts, built like dom.ts's h(): elements and attributes one by one, text as text nodes, so a
// theme or topic name can never become markup.
const NS = 'http://www.w3.org/2000/svg';

export type SvgChild = SVGElement | string | null | undefined | false | SvgChild[];

export function s(tag: string, attrs: Record<string, string | number | undefined> = {}, ...children: SvgChild[]): SVGElement {
  const el = document.createElementNS(NS, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    if (/^on/i.test(k) || /^(xlink:)?href$/i.test(k)) throw new Error(`refusing attribute ${k}`);
    el.setAttribute(k, String(v));
  }
  const add = (c: SvgChild) => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else if (typeof c === 'string') el.appendChild(document.createTextNode(c));
    else el.appendChild(c);
  };
  children.forEach(add);
  return el;
}

/** A label cut to max characters with "…"; the caller keeps the full text in a <title>. */
export function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function pct(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}
