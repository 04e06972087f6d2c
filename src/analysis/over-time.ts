// Topics over time: the prevalence table per period (year or decade) of the sources' dates. Each period is the
// prevalence of the sources dated in it, so shares are "of that period's chunks" and follow the same rules as the
// whole-corpus table. Dates come from the corpus reader (file name, front matter, Whisper JSON; docs/analysis.md).
import type { Taxonomy } from '../taxonomy/types';
import { computePrevalence, type PrevalenceReport } from './prevalence';

export type Period = 'year' | 'decade';
export const PERIODS: readonly Period[] = ['year', 'decade'];

export interface PeriodBucket {
  /** "1999" for years, "1990s" for decades. */
  period: string;
  /** Prevalence within the period; an empty period (a gap between dated ones) has zero totals. */
  report: PrevalenceReport;
}

export interface OverTimeReport {
  period: Period;
  /** Every period from the first dated source to the last, gaps included, in time order. */
  buckets: PeriodBucket[];
  /** Sources with no date, or one these rules cannot read: left out of the buckets. */
  undated: { sources: number; chunks: number; paths: string[] };
}

const DATE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?:$|T)/;

/** The year of an ISO date, year-month or year ("2019-03-01", "2019-03", "2019"); undefined otherwise. */
export function yearOf(date: string | undefined): number | undefined {
  const m = date === undefined ? null : DATE.exec(date.trim());
  return m ? Number(m[1]) : undefined;
}

function bucketStart(year: number, period: Period): number {
  return period === 'decade' ? Math.floor(year / 10) * 10 : year;
}

export function periodLabel(start: number, period: Period): string {
  return period === 'decade' ? `${start}s` : String(start);
}

export function topicsOverTime(t: Taxonomy, period: Period = 'year'): OverTimeReport {
  const byStart = new Map<number, Taxonomy['sources']>();
  const undated: OverTimeReport['undated'] = { sources: 0, chunks: 0, paths: [] };
  for (const s of t.sources) {
    const y = yearOf(s.date);
    if (y === undefined) {
      undated.sources++;
      undated.chunks += s.chunks;
      undated.paths.push(s.path);
      continue;
    }
    const start = bucketStart(y, period);
    let list = byStart.get(start);
    if (!list) byStart.set(start, (list = []));
    list.push(s);
  }
  const starts = [...byStart.keys()];
  const buckets: PeriodBucket[] = [];
  if (starts.length) {
    const step = period === 'decade' ? 10 : 1;
    const last = Math.max(...starts);
    for (let start = Math.min(...starts); start <= last; start += step) {
      buckets.push({ period: periodLabel(start, period), report: computePrevalence({ ...t, sources: byStart.get(start) ?? [] }) });
    }
  }
  return { period, buckets, undated };
}
