// The only way the panel builds DOM. Strings become text nodes and attributes are set one by one, so transcript text,
// labels and file names can never become markup (no innerHTML anywhere in the webview).
export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string;
  /** Attributes: values are set with setAttribute, never parsed. `on*` names are refused. */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Element properties (value, checked, selectedIndex …). */
  props?: Record<string, unknown>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
  /** Stable identity for restoring focus after a re-render. */
  key?: string;
  style?: Partial<Record<'width' | 'height' | 'left' | 'top' | 'background' | 'backgroundColor' | 'color' | 'borderColor', string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, p?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, p?: Props | null, ...children: Child[]): HTMLElement;
export function h(tag: string, p?: Props | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (p) {
    if (p.class) el.className = p.class;
    if (p.key) el.dataset.key = p.key;
    for (const [k, v] of Object.entries(p.attrs ?? {})) {
      if (v === undefined || v === false) continue;
      if (/^on/i.test(k)) throw new Error(`refusing event-handler attribute ${k}`);
      el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const [k, v] of Object.entries(p.props ?? {})) (el as unknown as Record<string, unknown>)[k] = v;
    for (const [k, v] of Object.entries(p.on ?? {})) if (v) el.addEventListener(k, v as EventListener);
    // CSSOM, not the style attribute: allowed by the CSP without 'unsafe-inline'.
    for (const [k, v] of Object.entries(p.style ?? {})) if (v !== undefined) (el.style as unknown as Record<string, string>)[k] = v;
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === 'string' || typeof c === 'number') el.appendChild(document.createTextNode(String(c)));
    else el.appendChild(c);
  }
}

export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A codicon button: an action icon with an accessible label and a tooltip. */
export function iconButton(name: string, label: string, onClick: (e: MouseEvent) => void, key?: string): HTMLElement {
  return h('button', { class: 'icon-button', attrs: { type: 'button', title: label, 'aria-label': label }, on: { click: onClick }, ...(key ? { key } : {}) },
    icon(name));
}

