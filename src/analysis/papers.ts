// Representative papers per topic, for mapping studies over bibliographic exports: which papers a topic stands for,
// with their citation keys. Computed from the taxonomy alone. Rule (docs/analysis.md): a topic's papers are the
// sources that are records with at least one chunk in it; its representative excerpts' papers come first (in excerpt
// order), then the rest by chunks in the topic, then by the share of their chunks in it, then by citation key.
import type { SourceRecord, Taxonomy } from '../taxonomy/types';
import { computePrevalence, type ThemeRow } from './prevalence';

export interface PaperRef extends SourceRecord {
  /** Chunks of this paper in the topic. */
  chunks: number;
}

export interface TopicPapers {
  group: ThemeRow;
  topic: { id: string; label: string };
  /** Every paper with a chunk in the topic. */
  total: number;
  /** The first `max`, in the order above. */
  papers: PaperRef[];
}

export const DEFAULT_MAX_PAPERS = 10;

/** Themes' topics, then unassigned ones (prevalence-table order); irrelevant topics are left out, as from findings. */
export function topicPapers(t: Taxonomy, max = DEFAULT_MAX_PAPERS): TopicPapers[] {
  const p = computePrevalence(t);
  const records = t.sources.filter((s) => s.record);
  const out: TopicPapers[] = [];
  for (const group of [...p.themes, p.unassigned]) {
    for (const topic of group.topics) {
      const refs = t.topics.find((x) => x.id === topic.id)?.representative.map((r) => r.source) ?? [];
      const ranked = records
        .filter((s) => (s.topicCounts[topic.id] ?? 0) > 0)
        .map((s) => {
          const n = s.topicCounts[topic.id];
          const at = refs.indexOf(s.path);
          return { s, n, rank: at < 0 ? Infinity : at, share: s.chunks ? n / s.chunks : 0 };
        })
        .sort((a, b) => a.rank - b.rank || b.n - a.n || b.share - a.share || (a.s.record!.key < b.s.record!.key ? -1 : a.s.record!.key > b.s.record!.key ? 1 : 0));
      if (!ranked.length) continue;
      out.push({ group, topic: { id: topic.id, label: topic.label }, total: ranked.length, papers: ranked.slice(0, max).map(({ s, n }) => ({ ...s.record!, chunks: n })) });
    }
  }
  return out;
}

/** Whether the taxonomy has papers at all (the exports say so instead of writing an empty list). */
export function hasPapers(t: Taxonomy): boolean {
  return t.sources.some((s) => s.record);
}
