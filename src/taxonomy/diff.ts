// What changed between two versions of a taxonomy, as a reviewer would say it: topics renamed, moved between themes,
// merged, marked irrelevant; themes added, removed, renamed. The line diff of the file shows the same, but as ids.
import type { Taxonomy, Theme, Topic, TopicId } from './types';

export type TaxonomyChange =
  | { kind: 'theme-added'; themeId: string; name: string; topics: number }
  | { kind: 'theme-removed'; themeId: string; name: string; topics: number }
  | { kind: 'theme-renamed'; themeId: string; from: string; to: string }
  | { kind: 'theme-described'; themeId: string; name: string }
  | { kind: 'topic-renamed'; topicId: TopicId; from: string; to: string }
  | { kind: 'topic-moved'; topicId: TopicId; label: string; from: string | null; to: string | null }
  | { kind: 'topic-irrelevant'; topicId: TopicId; label: string; irrelevant: boolean; theme: string | null }
  | { kind: 'topic-noted'; topicId: TopicId; label: string }
  | { kind: 'topics-merged'; topicId: TopicId; label: string; absorbed: Array<{ topicId: TopicId; label: string }> }
  | { kind: 'topic-added'; topicId: TopicId; label: string }
  | { kind: 'topic-removed'; topicId: TopicId; label: string }
  | { kind: 'run-changed'; from: string; to: string };

export interface TaxonomyDiff {
  changes: Array<TaxonomyChange & { sentence: string }>;
}

const q = (s: string) => JSON.stringify(s);

function home(t: Taxonomy): Map<TopicId, Theme> {
  const m = new Map<TopicId, Theme>();
  for (const th of t.themes) for (const id of th.topics) if (!m.has(id)) m.set(id, th);
  return m;
}

/**
 * The topics a merged topic absorbed: `previous` of a topic whose status is `merged`, and the parts a newer schema
 * records on hand-merged topics (`mergedFrom`) when the file has them.
 */
export function mergedParts(tp: Topic): TopicId[] {
  const parts = (tp as Topic & { mergedFrom?: Array<{ id: TopicId }> }).mergedFrom?.map((p) => p.id) ?? [];
  return [...new Set([...(tp.status === 'merged' ? tp.previous ?? [] : []), ...parts])].filter((id) => id !== tp.id);
}

export function sentence(c: TaxonomyChange): string {
  const topic = (label: string, id: string) => `Topic ${q(label)} (${id})`;
  const theme = (name: string | null) => (name === null ? 'no theme' : `theme ${q(name)}`);
  switch (c.kind) {
    case 'theme-added': return `Theme ${q(c.name)} (${c.themeId}) added${c.topics ? ` with ${c.topics} topic${c.topics === 1 ? '' : 's'}` : ''}.`;
    case 'theme-removed': return `Theme ${q(c.name)} (${c.themeId}) removed${c.topics ? `; its ${c.topics} topic${c.topics === 1 ? '' : 's'} left it` : ''}.`;
    case 'theme-renamed': return `Theme ${q(c.from)} (${c.themeId}) renamed to ${q(c.to)}.`;
    case 'theme-described': return `Theme ${q(c.name)} (${c.themeId}): description changed.`;
    case 'topic-renamed': return `${topic(c.from, c.topicId)} renamed to ${q(c.to)}.`;
    case 'topic-moved': return `${topic(c.label, c.topicId)} moved from ${theme(c.from)} to ${theme(c.to)}.`;
    case 'topic-irrelevant': return c.irrelevant
      ? `${topic(c.label, c.topicId)} marked irrelevant${c.theme ? ` (taken out of ${theme(c.theme)})` : ''}.`
      : `${topic(c.label, c.topicId)} marked relevant again${c.theme ? ` (into ${theme(c.theme)})` : ''}.`;
    case 'topic-noted': return `${topic(c.label, c.topicId)}: note changed.`;
    case 'topics-merged': return `Topic${c.absorbed.length > 1 ? 's' : ''} ${c.absorbed.map((x) => `${q(x.label)} (${x.topicId})`).join(', ')} merged into ${q(c.label)} (${c.topicId}).`;
    case 'topic-added': return `${topic(c.label, c.topicId)} is new (a re-run found it).`;
    case 'topic-removed': return `${topic(c.label, c.topicId)} is gone (a re-run no longer finds it).`;
    case 'run-changed': return `Re-run: corpus ${c.from} → ${c.to}.`;
  }
}

export function diffTaxonomies(a: Taxonomy, b: Taxonomy): TaxonomyDiff {
  const out: TaxonomyChange[] = [];
  const aThemes = new Map(a.themes.map((x) => [x.id, x])), bThemes = new Map(b.themes.map((x) => [x.id, x]));
  const aTopics = new Map(a.topics.map((x) => [x.id, x])), bTopics = new Map(b.topics.map((x) => [x.id, x]));
  const aHome = home(a), bHome = home(b);

  if (a.run.corpus.fingerprint !== b.run.corpus.fingerprint) {
    const desc = (t: Taxonomy) => `${t.run.corpus.sources} sources, ${t.run.corpus.chunks} chunks`;
    out.push({ kind: 'run-changed', from: desc(a), to: desc(b) });
  }
  for (const th of a.themes) if (!bThemes.has(th.id)) out.push({ kind: 'theme-removed', themeId: th.id, name: th.name, topics: th.topics.length });
  for (const th of b.themes) {
    const old = aThemes.get(th.id);
    if (!old) out.push({ kind: 'theme-added', themeId: th.id, name: th.name, topics: th.topics.length });
    else {
      if (old.name !== th.name) out.push({ kind: 'theme-renamed', themeId: th.id, from: old.name, to: th.name });
      if (old.description !== th.description) out.push({ kind: 'theme-described', themeId: th.id, name: th.name });
    }
  }

  // Merges: a topic of b whose `previous` names topics a has and b no longer has.
  const absorbedBy = new Map<TopicId, Topic>();
  for (const tp of b.topics) {
    const absorbed = mergedParts(tp).filter((id) => aTopics.has(id) && !bTopics.has(id));
    if (!absorbed.length) continue;
    absorbed.forEach((id) => absorbedBy.set(id, tp));
    out.push({ kind: 'topics-merged', topicId: tp.id, label: tp.label, absorbed: absorbed.map((id) => ({ topicId: id, label: aTopics.get(id)!.label })) });
  }
  const name = (th: Theme | undefined) => th?.name ?? null;
  for (const tp of b.topics) {
    const old = aTopics.get(tp.id);
    if (!old) {
      out.push({ kind: 'topic-added', topicId: tp.id, label: tp.label });
      continue;
    }
    if (old.label !== tp.label) out.push({ kind: 'topic-renamed', topicId: tp.id, from: old.label, to: tp.label });
    const from = aHome.get(tp.id), to = bHome.get(tp.id);
    if (old.irrelevant !== tp.irrelevant) {
      // Marking irrelevant takes a topic out of its theme, and back in: one sentence, not two.
      out.push({ kind: 'topic-irrelevant', topicId: tp.id, label: tp.label, irrelevant: tp.irrelevant, theme: tp.irrelevant ? name(from) : name(to) });
      if (tp.irrelevant ? to !== undefined : from !== undefined) out.push({ kind: 'topic-moved', topicId: tp.id, label: tp.label, from: name(from), to: name(to) });
    } else if (from?.id !== to?.id && !(to === undefined && from && !bThemes.has(from.id))) {
      out.push({ kind: 'topic-moved', topicId: tp.id, label: tp.label, from: name(from), to: name(to) });
    }
    if (old.note !== tp.note) out.push({ kind: 'topic-noted', topicId: tp.id, label: tp.label });
  }
  for (const tp of a.topics) if (!bTopics.has(tp.id) && !absorbedBy.has(tp.id)) out.push({ kind: 'topic-removed', topicId: tp.id, label: tp.label });
  return { changes: out.map((c) => ({ ...c, sentence: sentence(c) })) };
}
