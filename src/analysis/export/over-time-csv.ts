// Topics over time as a long-form CSV: one row per period × theme / topic, so a data frame pivots it either way.
import type { OverTimeReport } from '../over-time';
import { CSV_EOL, csvRow, fraction } from './escape';
import { tableRows } from './rows';

export function overTimeCsv(o: OverTimeReport): string {
  const lines = [csvRow(['period', 'period_sources', 'period_chunks', 'level', 'theme_id', 'theme', 'topic_id', 'topic', 'chunks', 'share'])];
  for (const b of o.buckets) {
    const p = b.report;
    const head = [b.period, p.totals.sources, p.totals.chunks];
    // An empty period has no share to report: blank, not 0, so a plot shows a gap rather than a dip.
    const share = (x: number) => (p.totals.chunks > 0 ? fraction(x) : '');
    for (const r of tableRows(p)) {
      if (r.kind === 'total' || r.kind === 'outliers') continue;
      if (r.kind === 'topic') {
        lines.push(csvRow([...head, 'topic', r.group.id ?? '', r.group.name, r.topic.id, r.topic.label, r.figure.chunks, share(r.figure.share)]));
      } else {
        lines.push(csvRow([...head, r.kind, r.group.id ?? '', r.group.name, '', '', r.figure.chunks, share(r.figure.share)]));
      }
    }
    // Every period lists the same rows, outliers included even when there are none, so the CSV pivots cleanly.
    lines.push(csvRow([...head, 'outliers', '', '', '', '', p.outliers.chunks, share(p.outliers.share)]));
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}
