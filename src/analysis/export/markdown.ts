// The theme × topic prevalence table as a GitHub-flavoured Markdown table, ready for a paper draft or a README.
import type { PrevalenceReport } from '../prevalence';
import { escapeMarkdownCell, percent } from './escape';
import { tableNote, tableRows } from './rows';

const HEADER = ['Theme', 'Topic', 'Chunks', '% of chunks', '% of non-outlier chunks', 'Sources', '% of sources'];

export function prevalenceMarkdown(p: PrevalenceReport): string {
  const lines = [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i < 2 ? ':--' : '--:')).join(' | ')} |`,
  ];
  for (const r of tableRows(p)) {
    const f = r.figure;
    const numbers = (bold: boolean, nonOutlier = true) => {
      const cells = [String(f.chunks), percent(f.share), nonOutlier ? percent(f.shareNonOutlier) : '', String(f.sources), percent(f.sourceShare)];
      return bold ? cells.map((c) => (c ? `**${c}**` : c)) : cells;
    };
    let cells: string[];
    switch (r.kind) {
      case 'theme': cells = [`**${escapeMarkdownCell(r.group.name)}**`, '', ...numbers(true)]; break;
      case 'unassigned':
      case 'irrelevant': cells = [`*${escapeMarkdownCell(r.group.name)}*`, '', ...numbers(false)]; break;
      case 'topic': cells = ['', escapeMarkdownCell(r.topic.label), ...numbers(false)]; break;
      case 'outliers': cells = ['*Outliers*', '', ...numbers(false, false)]; break;
      case 'total': cells = ['**Total**', '', ...numbers(true, false)]; break;
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n\n${tableNote(p)}\n`;
}
