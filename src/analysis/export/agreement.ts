// The agreement report (curation-agreement.ts) as Markdown (the whole report: figures, alignment, per-theme table,
// disagreements), CSV (one table, long form) and a LaTeX booktabs tabular (the per-theme table a paper prints).
import type { AgreementReport, Figures } from '../curation-agreement';
import { CSV_EOL, csvRow, escapeLatex, escapeMarkdownCell, fraction, oneLine } from './escape';

export const AGREEMENT_FORMATS = ['md', 'csv', 'latex', 'json'] as const;
export const AGREEMENT_TABLES = ['themes', 'disagreements', 'alignment'] as const;
export type AgreementFormat = (typeof AGREEMENT_FORMATS)[number];
export type AgreementTable = (typeof AGREEMENT_TABLES)[number];

/** κ and α to 3 decimals, "n/a" where they are undefined (one category throughout). */
export function stat(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : 'n/a';
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const num = (x: number) => (Number.isFinite(x) ? fraction(x) : '');

function figureRows(r: AgreementReport): Array<[string, Figures]> {
  return [['Chunks', r.chunks], ['Topics', r.topics]];
}

export function agreementMarkdown(r: AgreementReport): string {
  const md = escapeMarkdownCell;
  const out = [
    `# Agreement: ${md(r.names.a)} vs ${md(r.names.b)}`,
    '',
    '| Units | n | Agreement | Cohen\'s κ | Krippendorff\'s α |',
    '|---|---:|---:|---:|---:|',
    ...figureRows(r).map(([name, f]) => `| ${name} | ${f.units} | ${pct(f.percent)} | ${stat(f.kappa)} | ${stat(f.alpha)} |`),
    '',
    'Chunk units are weighted by topic size; each chunk\'s code is its topic\'s theme (or unassigned, irrelevant, outlier).',
    '',
    '## Themes',
    '',
    `| Theme | Both | Only ${md(r.names.a)} | Only ${md(r.names.b)} | κ |`,
    '|---|---:|---:|---:|---:|',
    ...r.themes.map((t) => `| ${md(t.name)} | ${t.both} | ${t.onlyA} | ${t.onlyB} | ${stat(t.kappa)} |`),
    '',
    '## Theme alignment',
    '',
    `| ${md(r.names.a)} | ${md(r.names.b)} | Matched by | Chunks in both |`,
    '|---|---|---|---:|',
    ...r.alignment.map((p) => `| ${p.a ? md(p.a.name) : '—'} | ${p.b ? md(p.b.name) : '—'} | ${p.how} | ${p.overlap} |`),
    '',
    `## Disagreements (${r.disagreements.length})`,
    '',
  ];
  if (!r.disagreements.length) out.push('None: both curations file every topic the same way.');
  for (const d of r.disagreements) {
    out.push(`- **${md(d.label)}** (${d.topicId}, ${d.chunks} chunks): ${md(r.names.a)} → ${md(d.a.name)}, ${md(r.names.b)} → ${md(d.b.name)}`);
    out.push(`  - keywords: ${md(d.keywords.join(', '))}`);
    for (const e of d.excerpts) out.push(`  - > ${md(e)}`);
  }
  return out.join('\n') + '\n';
}

export function agreementCsv(r: AgreementReport, table: AgreementTable = 'themes'): string {
  const lines: string[] = [];
  if (table === 'themes') {
    lines.push(csvRow(['level', 'theme', 'theme_id_a', 'theme_id_b', 'units', 'both', 'only_a', 'only_b', 'agreement', 'kappa', 'alpha']));
    for (const [name, f] of figureRows(r)) lines.push(csvRow(['overall', name.toLowerCase(), '', '', f.units, '', '', '', num(f.percent), num(f.kappa), num(f.alpha)]));
    for (const t of r.themes) lines.push(csvRow(['theme', oneLine(t.name), t.a?.id ?? '', t.b?.id ?? '', r.chunks.units, t.both, t.onlyA, t.onlyB, '', num(t.kappa), '']));
  } else if (table === 'alignment') {
    lines.push(csvRow(['theme_a', 'theme_id_a', 'theme_b', 'theme_id_b', 'matched_by', 'chunks_in_both']));
    for (const p of r.alignment) lines.push(csvRow([p.a?.name ?? '', p.a?.id ?? '', p.b?.name ?? '', p.b?.id ?? '', p.how, p.overlap]));
  } else {
    lines.push(csvRow(['topic_id', 'topic', 'chunks', 'a', 'b', 'keywords', 'excerpt']));
    for (const d of r.disagreements) lines.push(csvRow([d.topicId, oneLine(d.label), d.chunks, d.a.name, d.b.name, d.keywords.join('; '), oneLine(d.excerpts[0] ?? '')]));
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}

export function agreementLatex(r: AgreementReport): string {
  const tex = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '--');
  const out = [
    `% Agreement between ${oneLine(r.names.a)} and ${oneLine(r.names.b)}: chunks ${pct(r.chunks.percent)}, kappa ${stat(r.chunks.kappa)}, alpha ${stat(r.chunks.alpha)}; topics ${pct(r.topics.percent)}, kappa ${stat(r.topics.kappa)}, alpha ${stat(r.topics.alpha)}.`,
    '% Needs \\usepackage{booktabs}.',
    '\\begin{tabular}{@{}lrrrr@{}}',
    '\\toprule',
    `Theme & Both & Only ${escapeLatex(r.names.a)} & Only ${escapeLatex(r.names.b)} & $\\kappa$ \\\\`,
    '\\midrule',
    ...r.themes.map((t) => `${escapeLatex(t.name)} & ${t.both} & ${t.onlyA} & ${t.onlyB} & ${tex(t.kappa)} \\\\`),
    '\\midrule',
    `\\multicolumn{5}{@{}l}{Chunks: ${pct(r.chunks.percent).replace('%', '\\%')} agreement, $\\kappa = ${tex(r.chunks.kappa)}$, $\\alpha = ${tex(r.chunks.alpha)}$} \\\\`,
    `\\multicolumn{5}{@{}l}{Topics: ${pct(r.topics.percent).replace('%', '\\%')} agreement, $\\kappa = ${tex(r.topics.kappa)}$, $\\alpha = ${tex(r.topics.alpha)}$} \\\\`,
    '\\bottomrule',
    '\\end{tabular}',
  ];
  return out.join('\n') + '\n';
}

export function agreementJson(r: AgreementReport): string {
  // NaN is not JSON: undefined statistics are written as null.
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

export function formatAgreement(r: AgreementReport, format: AgreementFormat, table?: AgreementTable): string {
  switch (format) {
    case 'md': return agreementMarkdown(r);
    case 'csv': return agreementCsv(r, table);
    case 'latex': return agreementLatex(r);
    case 'json': return agreementJson(r);
  }
}
