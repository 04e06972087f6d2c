// The theme × topic prevalence table as a LaTeX `tabular` with booktabs rules (\usepackage{booktabs}), the form papers
// print it in. Only the tabular: the researcher wraps it in their own table float, caption and label.
import type { PrevalenceReport } from '../prevalence';
import { escapeLatex, percent } from './escape';
import { tableNote, tableRows } from './rows';

const pct = (share: number) => percent(share).replace('%', '\\%');

export function prevalenceLatex(p: PrevalenceReport): string {
  const out = [
    `% ${tableNote(p)}`,
    '% Needs \\usepackage{booktabs}.',
    '\\begin{tabular}{@{}llrrrrr@{}}',
    '\\toprule',
    'Theme & Topic & Chunks & \\% chunks & \\% non-outlier & Sources & \\% sources \\\\',
    '\\midrule',
  ];
  let first = true;
  for (const r of tableRows(p)) {
    const f = r.figure;
    const nums = (nonOutlier = true) => [String(f.chunks), pct(f.share), nonOutlier ? pct(f.shareNonOutlier) : '', String(f.sources), pct(f.sourceShare)];
    let cells: string[];
    if (r.kind === 'topic') {
      cells = ['', escapeLatex(r.topic.label), ...nums()];
    } else {
      // A rule between groups, as in the usual theme/topic prevalence tables.
      if (!first) out.push(r.kind === 'total' ? '\\midrule' : '\\addlinespace');
      const name = r.kind === 'outliers' ? 'Outliers' : r.kind === 'total' ? 'Total' : escapeLatex(r.group.name);
      const styled = r.kind === 'theme' || r.kind === 'total' ? `\\textbf{${name}}` : `\\textit{${name}}`;
      cells = [styled, '', ...nums(r.kind !== 'outliers' && r.kind !== 'total')];
    }
    first = false;
    out.push(`${cells.join(' & ')} \\\\`);
  }
  out.push('\\bottomrule', '\\end{tabular}');
  return out.join('\n') + '\n';
}
