// The prevalence numbers (and topics over time) as JSON for scripts and notebooks: the same figures as the tables,
// fractions to six decimals, keys in a fixed order.
import type { OverTimeReport } from '../over-time';
import type { Figure, PrevalenceReport, ThemeRow, TopicRow } from '../prevalence';
import { fraction } from './escape';

function figure(f: Figure) {
  return { chunks: f.chunks, share: fraction(f.share), shareNonOutlier: fraction(f.shareNonOutlier), sources: f.sources, sourceShare: fraction(f.sourceShare) };
}

function topic(t: TopicRow) {
  return { id: t.id, label: t.label, themeId: t.themeId, ...figure(t) };
}

function group(g: ThemeRow) {
  return { id: g.id, name: g.name, ...figure(g), topics: g.topics.map(topic) };
}

export function prevalenceObject(p: PrevalenceReport) {
  return {
    totals: p.totals,
    themes: p.themes.map(group),
    unassigned: group(p.unassigned),
    irrelevant: group(p.irrelevant),
    outliers: figure(p.outliers),
  };
}

export function prevalenceJson(p: PrevalenceReport): string {
  return JSON.stringify({ kind: 'literature-map/prevalence', version: 1, ...prevalenceObject(p) }, null, 2) + '\n';
}

export function overTimeJson(o: OverTimeReport): string {
  return JSON.stringify({
    kind: 'literature-map/over-time',
    version: 1,
    period: o.period,
    undated: o.undated,
    periods: o.buckets.map((b) => ({ period: b.period, ...prevalenceObject(b.report) })),
  }, null, 2) + '\n';
}
