// Per-topic representative papers (LaTeX with \cite keys, Markdown with DOI links) and the paper × topic table (CSV)
// for mapping studies over bibliographic exports. Titles, names and labels are free text: escaped per format.
import type { Taxonomy } from '../../taxonomy/types';
import { doiUrl, paperCitation } from '../../taxonomy/papers';
import { OUTLIER_KEY } from '../prevalence';
import { topicPapers, DEFAULT_MAX_PAPERS, type TopicPapers } from '../papers';
import { CSV_EOL, csvRow, escapeLatex, escapeMarkdownCell, oneLine } from './escape';
import { topicColumns } from './csv';

const NONE = 'No source of this taxonomy is a bibliographic record (RIS, BibTeX, CSV, WoS, PubMed, CSL-JSON, OpenAlex exports): there are no papers to list.';

/** Characters \cite cannot take in a key; such a key is written as a comment instead of breaking the document. */
const BAD_KEY = /[\s,{}%#\\~]/;

export function papersLatex(t: Taxonomy, max = DEFAULT_MAX_PAPERS): string {
  const rows = topicPapers(t, max);
  if (!rows.length) return `% ${NONE}\n`;
  const out = [
    `% Representative papers per topic: its excerpts' papers first, then those with the most chunks in it (at most ${max}).`,
    '% Needs \\usepackage{booktabs} and the bibliography the keys come from (\\bibliography{…} or \\addbibresource{…}).',
    '\\begin{tabular}{@{}p{0.22\\linewidth}p{0.22\\linewidth}rp{0.4\\linewidth}@{}}',
    '\\toprule',
    'Theme & Topic & Papers & Representative papers \\\\',
    '\\midrule',
  ];
  let group: TopicPapers['group'] | undefined;
  for (const r of rows) {
    if (r.group !== group) {
      if (group) out.push('\\addlinespace');
      group = r.group;
      out.push(`${r.group.id === null ? `\\textit{${escapeLatex(r.group.name)}}` : `\\textbf{${escapeLatex(r.group.name)}}`} & & & \\\\`);
    }
    const keys = r.papers.map((p) => p.key);
    const good = keys.filter((k) => !BAD_KEY.test(k));
    const cite = good.length ? `\\cite{${good.join(',')}}` : '';
    out.push(` & ${escapeLatex(r.topic.label)} & ${r.total} & ${cite} \\\\` + (good.length < keys.length ? ` % keys \\cite cannot take: ${oneLine(keys.filter((k) => BAD_KEY.test(k)).join(' '))}` : ''));
  }
  out.push('\\bottomrule', '\\end{tabular}');
  return out.join('\n') + '\n';
}

/** Inline Markdown text (not a table cell): the same escapes keep titles from turning into links or emphasis. */
const md = escapeMarkdownCell;

export function papersMarkdown(t: Taxonomy, max = DEFAULT_MAX_PAPERS): string {
  const rows = topicPapers(t, max);
  if (!rows.length) return `${NONE}\n`;
  const out: string[] = ['# Representative papers per topic', '',
    `Each topic's representative excerpts' papers first, then the papers with the most chunks in it (at most ${max}).`];
  let group: TopicPapers['group'] | undefined;
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group;
      out.push('', `## ${md(r.group.name)}`);
    }
    out.push('', `### ${md(r.topic.label)} (${r.total} paper${r.total === 1 ? '' : 's'})`, '');
    for (const p of r.papers) {
      const venue = p.venue ? ` ${md(p.venue)}.` : '';
      const doi = p.doi ? ` [doi:${md(p.doi)}](${doiUrl(p.doi)})` : '';
      out.push(`- ${md(paperCitation(p))}. *${md(p.title)}*.${venue}${doi} \`${p.key.replace(/`/g, '')}\``);
    }
  }
  return out.join('\n') + '\n';
}

/** One row per paper (taxonomy order): key, metadata, chunks, then chunk counts per topic, then outliers. */
export function paperTopicCsv(t: Taxonomy): string {
  const cols = topicColumns(t);
  const lines = [csvRow(['key', 'title', 'first_author', 'year', 'venue', 'doi', 'file', 'line', 'title_only', 'chunks', ...cols.map((c) => c.label), 'outliers'])];
  for (const s of t.sources) {
    const r = s.record;
    if (!r) continue;
    lines.push(csvRow([r.key, oneLine(r.title), oneLine(r.authors[0] ?? ''), r.year ?? '', oneLine(r.venue ?? ''), r.doi ?? '', r.file, r.lines[0], r.titleOnly ? 1 : 0,
      s.chunks, ...cols.map((c) => s.topicCounts[c.id] ?? 0), s.topicCounts[OUTLIER_KEY] ?? 0]));
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}
