// Every export the CLI and the Export… command offer, in one catalogue, so both produce byte-identical files.
import type { RunArtifact, Taxonomy } from '../../taxonomy/types';
import { topicsOverTime, type Period } from '../over-time';
import { computePrevalence } from '../prevalence';
import { matrixCsv, prevalenceCsv } from './csv';
import { overTimeJson, prevalenceJson } from './json';
import { prevalenceLatex } from './latex';
import { prevalenceMarkdown } from './markdown';
import { overTimeCsv } from './over-time-csv';
import { paperTopicCsv, papersLatex, papersMarkdown } from './papers';
import { prevalenceChartSvg } from './svg-chart';
import { mapSvg } from './svg-map';
import { overTimeChartSvg } from './svg-over-time';

export const FORMATS = ['md', 'csv', 'latex', 'svg', 'json'] as const;
export const TABLES = ['prevalence', 'matrix', 'over-time', 'chart', 'map', 'papers'] as const;
export type ExportFormat = (typeof FORMATS)[number];
export type ExportTable = (typeof TABLES)[number];

export interface ExportSpec {
  format: ExportFormat;
  table: ExportTable;
  label: string;
  /** File name without folder, for save dialogs and the CLI's help. */
  fileName: string;
  /** Needs the per-chunk run artifact (only the map). */
  needsArtifact?: boolean;
  /** Only meaningful when some sources are records of bibliographic exports. */
  needsPapers?: boolean;
}

export const EXPORTS: readonly ExportSpec[] = [
  { format: 'md', table: 'prevalence', label: 'Prevalence table (Markdown)', fileName: 'prevalence.md' },
  { format: 'csv', table: 'prevalence', label: 'Prevalence table (CSV)', fileName: 'prevalence.csv' },
  { format: 'latex', table: 'prevalence', label: 'Prevalence table (LaTeX booktabs tabular)', fileName: 'prevalence.tex' },
  { format: 'csv', table: 'matrix', label: 'Source × topic chunk counts (CSV)', fileName: 'source-topic-matrix.csv' },
  { format: 'svg', table: 'chart', label: 'Prevalence bar chart (SVG)', fileName: 'prevalence.svg' },
  { format: 'svg', table: 'map', label: 'Map of chunks by theme (SVG)', fileName: 'map.svg', needsArtifact: true },
  { format: 'csv', table: 'over-time', label: 'Topics over time (CSV)', fileName: 'over-time.csv' },
  { format: 'svg', table: 'over-time', label: 'Topics over time chart (SVG)', fileName: 'over-time.svg' },
  { format: 'json', table: 'prevalence', label: 'Prevalence numbers (JSON)', fileName: 'prevalence.json' },
  { format: 'json', table: 'over-time', label: 'Topics over time numbers (JSON)', fileName: 'over-time.json' },
  { format: 'latex', table: 'papers', label: 'Representative papers per topic (LaTeX \\cite keys)', fileName: 'papers.tex', needsPapers: true },
  { format: 'md', table: 'papers', label: 'Representative papers per topic (Markdown, with DOIs)', fileName: 'papers.md', needsPapers: true },
  { format: 'csv', table: 'papers', label: 'Paper × topic chunk counts (CSV)', fileName: 'paper-topic.csv', needsPapers: true },
];

/** What `--format X` exports when no `--table` is given. */
export const DEFAULT_TABLE: Record<ExportFormat, ExportTable> = {
  md: 'prevalence', csv: 'prevalence', latex: 'prevalence', svg: 'chart', json: 'prevalence',
};

export function findExport(format: ExportFormat, table: ExportTable): ExportSpec | undefined {
  return EXPORTS.find((e) => e.format === format && e.table === table);
}

/** A request the inputs cannot satisfy (no artifact for the map, or one from another run). */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface ExportOptions {
  period?: Period;
  artifact?: RunArtifact;
}

export function renderExport(t: Taxonomy, format: ExportFormat, table: ExportTable, opts: ExportOptions = {}): string {
  const spec = findExport(format, table);
  if (!spec) {
    const ok = EXPORTS.filter((e) => e.format === format).map((e) => e.table);
    throw new ExportError(`--format ${format} cannot export "${table}" (it exports: ${ok.join(', ')})`);
  }
  switch (`${format}/${table}`) {
    case 'md/prevalence': return prevalenceMarkdown(computePrevalence(t));
    case 'csv/prevalence': return prevalenceCsv(computePrevalence(t));
    case 'latex/prevalence': return prevalenceLatex(computePrevalence(t));
    case 'json/prevalence': return prevalenceJson(computePrevalence(t));
    case 'csv/matrix': return matrixCsv(t);
    case 'svg/chart': return prevalenceChartSvg(computePrevalence(t));
    case 'csv/over-time': return overTimeCsv(topicsOverTime(t, opts.period));
    case 'svg/over-time': return overTimeChartSvg(topicsOverTime(t, opts.period));
    case 'json/over-time': return overTimeJson(topicsOverTime(t, opts.period));
    case 'latex/papers': return papersLatex(t);
    case 'md/papers': return papersMarkdown(t);
    case 'csv/papers': return paperTopicCsv(t);
    case 'svg/map': {
      if (!opts.artifact) throw new ExportError('the map needs the run artifact (per-chunk coordinates): map the folder first, or pass --artifact FILE');
      const a = opts.artifact;
      if (a.topicOf.length * 2 !== a.coords2d.length) throw new ExportError(`the run artifact is inconsistent: ${a.topicOf.length} chunks but ${a.coords2d.length / 2} map points`);
      return mapSvg(t, a);
    }
  }
  throw new ExportError(`no exporter for ${format}/${table}`);
}

export { computePrevalence } from '../prevalence';
export { topicsOverTime } from '../over-time';
