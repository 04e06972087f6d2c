// Categorical colours for topics and themes, taken only from the theme's colour variables so every theme stays legible.
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
