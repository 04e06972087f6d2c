// CSV exports (RFC 4180: quoted fields, CRLF): the prevalence table in long form, one fully qualified row per theme or
// topic so it loads straight into a data frame, and the source × topic count matrix.
import type { Taxonomy } from '../../taxonomy/types';
import { OUTLIER_KEY, type PrevalenceReport } from '../prevalence';
import { CSV_EOL, csvRow, fraction } from './escape';
import { tableRows } from './rows';

export function prevalenceCsv(p: PrevalenceReport): string {
  const lines = [csvRow(['level', 'theme_id', 'theme', 'topic_id', 'topic', 'chunks', 'share', 'share_non_outlier', 'sources', 'source_share'])];
  for (const r of tableRows(p)) {
    const f = r.figure;
    const nonOutlier = r.kind === 'outliers' || r.kind === 'total' ? '' : fraction(f.shareNonOutlier);
    const where = r.kind === 'topic'
      ? ['topic', r.group.id ?? '', r.group.name, r.topic.id, r.topic.label]
      : r.kind === 'outliers' || r.kind === 'total'
        ? [r.kind, '', '', '', '']
        : [r.kind, r.group.id ?? '', r.group.name, '', ''];
    lines.push(csvRow([...where, f.chunks, fraction(f.share), nonOutlier, f.sources, fraction(f.sourceShare)]));
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}

/** Topic columns in prevalence-table order: theme topics, unassigned, irrelevant. */
export function topicColumns(t: Taxonomy): Array<{ id: string; label: string }> {
  const seen = new Set<string>();
  const order: string[] = [];
  const push = (id: string) => { if (!seen.has(id)) { seen.add(id); order.push(id); } };
  const relevant = new Set(t.topics.filter((x) => !x.irrelevant).map((x) => x.id));
  for (const th of t.themes) for (const id of th.topics) if (relevant.has(id)) push(id);
  for (const x of t.topics) if (!x.irrelevant) push(x.id);
  for (const x of t.topics) push(x.id);
  const byId = new Map(t.topics.map((x) => [x.id, x.label]));
  const labels = order.map((id) => byId.get(id)!);
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  // Data frames rename duplicate headers silently; the id keeps two topics with one label apart.
  return order.map((id, i) => ({ id, label: count.get(labels[i])! > 1 ? `${labels[i]} [${id}]` : labels[i] }));
}

/** One row per source (file order): path, date, chunks, then chunk counts per topic, then outliers. */
export function matrixCsv(t: Taxonomy): string {
  const cols = topicColumns(t);
  const lines = [csvRow(['source', 'date', 'chunks', ...cols.map((c) => c.label), 'outliers'])];
  for (const s of t.sources) {
    lines.push(csvRow([s.path, s.date ?? '', s.chunks, ...cols.map((c) => s.topicCounts[c.id] ?? 0), s.topicCounts[OUTLIER_KEY] ?? 0]));
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}
