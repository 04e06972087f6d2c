// The prevalence table's rows in print order, shared by the Markdown, CSV and LaTeX exports so all three list the same
// rows: each theme (file order) then its topics (theme order), then Unassigned and Irrelevant when they hold topics,
// then outliers and the total.
import type { Figure, PrevalenceReport, ThemeRow } from '../prevalence';
import { count, noun } from '../../words';

export type TableRow =
  | { kind: 'theme' | 'unassigned' | 'irrelevant'; group: ThemeRow; figure: Figure }
  | { kind: 'topic'; group: ThemeRow; topic: { id: string; label: string }; figure: Figure }
  | { kind: 'outliers'; figure: Figure }
  | { kind: 'total'; figure: Figure };

export function tableRows(p: PrevalenceReport): TableRow[] {
  const rows: TableRow[] = [];
  const add = (kind: 'theme' | 'unassigned' | 'irrelevant', g: ThemeRow) => {
    rows.push({ kind, group: g, figure: g });
    for (const t of g.topics) rows.push({ kind: 'topic', group: g, topic: t, figure: t });
  };
  for (const th of p.themes) add('theme', th);
  if (p.unassigned.topics.length) add('unassigned', p.unassigned);
  if (p.irrelevant.topics.length) add('irrelevant', p.irrelevant);
  if (p.totals.outliers > 0) rows.push({ kind: 'outliers', figure: p.outliers });
  rows.push({ kind: 'total', figure: totalFigure(p) });
  return rows;
}

export function totalFigure(p: PrevalenceReport): Figure {
  const any = (n: number) => (n > 0 ? 1 : 0);
  return {
    chunks: p.totals.chunks,
    share: any(p.totals.chunks),
    shareNonOutlier: any(p.totals.nonOutlierChunks),
    sources: p.totals.sources,
    sourceShare: any(p.totals.sources),
  };
}

/** The table's note: how to read the shares. Printed under the Markdown and LaTeX tables. */
export function tableNote(p: PrevalenceReport): string {
  return `${count(p.totals.chunks, 'chunk')} from ${count(p.totals.sources, 'source')}, ${p.totals.outliers} of them ${noun(p.totals.outliers, 'outlier')}. ` +
    'Share of chunks counts outliers in the denominator; share of non-outlier chunks does not. ' +
    'A source counts once per theme or topic if at least one of its chunks is in it. ' +
    'Irrelevant topics are listed but excluded from theme totals.';
}
