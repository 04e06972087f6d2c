// Escaping for each output language. Labels and theme names are free text typed by researchers: any of them may hold
// the characters each format gives a meaning to, and an export must show them literally.

/** Newlines (any convention) and tabs become one space: a table cell or a chart label is one line. */
export function oneLine(s: string): string {
  return s.replace(/\s*(?:\r\n|\r|\n|\u2028|\u2029)\s*/g, ' ').replace(/\t/g, ' ');
}

/**
 * A GFM table cell. Backslash escapes (valid before any ASCII punctuation in CommonMark) keep `|` from ending the cell,
 * `*`/`_`/`~` from becoming emphasis, `$` from starting math (GitHub), `<` from starting HTML (a label "<script>" stays
 * text), `&` from starting an entity and `[`/`]`/`` ` `` from links and code.
 */
export function escapeMarkdownCell(s: string): string {
  return oneLine(s).replace(/[\\`*_~[\]<>|&#$]/g, (c) => '\\' + c);
}

/** RFC 4180: quote a field that holds a comma, quote, CR or LF (or starts/ends with space), doubling inner quotes. */
export function escapeCsvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(fields: Array<string | number>): string {
  return fields.map((f) => escapeCsvField(String(f))).join(',');
}

/** RFC 4180 line ending. */
export const CSV_EOL = '\r\n';

const LATEX: Record<string, string> = {
  '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '\\': '\\textbackslash{}',
  // Outside math mode these print as other glyphs (¡ ¿ —) in OT1; the text commands are right in every encoding.
  '<': '\\textless{}', '>': '\\textgreater{}', '|': '\\textbar{}',
};

/** Text mode, one pass so the backslashes of inserted commands are never escaped again. */
export function escapeLatex(s: string): string {
  return oneLine(s).replace(/[&%$#_{}~^\\<>|]/g, (c) => LATEX[c]);
}

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text and attribute values in SVG; control characters XML 1.0 forbids are dropped. */
export function escapeXml(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML[c]);
}

/** "12.3%": one decimal, the precision a prevalence table reports. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Fractions in machine-readable exports: six decimals, no float noise, no "-0". */
export function fraction(share: number): number {
  const r = Math.round(share * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}
