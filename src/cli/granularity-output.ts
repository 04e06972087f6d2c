// How the CLI shows granularity: the option table of `sweep`, and what `map` says about a collapsed map or an auto
// choice. The sentences come from the pipeline's granularity module so the panel says the same.
import { betterOptions, collapseSentence, optionLabel, optionSummary } from '../pipeline/granularity';
import type { GranularityOption, GranularityReport, PipelineSettings } from '../pipeline/types';
import { pct } from './stages';

export function optionTable(options: readonly GranularityOption[], auto?: number): string[] {
  const head = `${'min size'.padStart(8)} ${'min_samples'.padStart(11)} ${'selection'.padEnd(9)} ${'topics'.padStart(6)} ${'outliers'.padStart(8)} ${'largest'.padStart(8)} ${'NPMI@10'.padStart(8)} ${'div@25'.padStart(7)}`;
  return [head, ...options.map((o, i) =>
    `${String(o.minClusterSize).padStart(8)} ${String(o.minSamples).padStart(11)} ${o.method.padEnd(9)} ${String(o.topics).padStart(6)} ${pct(o.outlierShare).padStart(8)} ` +
    `${pct(o.largestShare).padStart(8)} ${o.npmi.toFixed(4).padStart(8)} ${o.diversity.toFixed(4).padStart(7)}${i === auto ? '  ← auto' : ''}`)];
}

/** Lines for `map`'s summary: what auto chose, and a collapsed map said out loud with the better options. */
export function granularityLines(g: GranularityReport | undefined, settings: PipelineSettings): string[] {
  const lines: string[] = [];
  const chose = settings.hdbscan.auto;
  if (chose) lines.push(`min topic size auto → ${optionLabel(chose)} (best of ${chose.options} options by ${chose.rule}; \`literature-map sweep\` lists them)`);
  const said = g && collapseSentence(g);
  if (g && said) {
    lines.push(said);
    const better = betterOptions(g.options, 5);
    if (better.length) {
      lines.push('Better options (re-run with --min-topic-size N --cluster-selection eom|leaf [--min-samples N]):');
      for (const o of better) lines.push(`  ${optionSummary(o)}`);
    }
  }
  return lines;
}
