// Deciding on a language model's suggestions: pure operations like the rest of curation (operations.ts), so undo,
// the store's merge and the file's history treat them the same way. Accepting writes curation; rejecting only records
// the decision. A custom label is never replaced unless the caller says the researcher confirmed it.
import { assignTopic, createTheme, newThemeId, renameTopic, TaxonomyOpError } from './operations';
import type { LabelSuggestion, Taxonomy, ThemeSuggestion, Topic, TopicId } from './types';

function fail(message: string): never {
  throw new TaxonomyOpError(message);
}

function topicOf(t: Taxonomy, id: TopicId): Topic {
  return t.topics.find((tp) => tp.id === id) ?? fail(`No topic with id "${id}"`);
}

function suggestionOf(tp: Topic, index: number): LabelSuggestion {
  return tp.suggestions?.[index] ?? fail(`Topic "${tp.label}" has no suggestion number ${index + 1}`);
}

function setStatus(t: Taxonomy, topicId: TopicId, index: number, status: LabelSuggestion['status']): Taxonomy {
  return {
    ...t,
    topics: t.topics.map((tp) => (tp.id === topicId
      ? { ...tp, suggestions: tp.suggestions!.map((s, i) => (i === index ? { ...s, status } : s)) }
      : tp)),
  };
}

/**
 * Writes the suggested label (or the researcher's edit of it) as the topic's label. Refuses to replace a custom label
 * unless `replaceCustom` — the UI asks first and passes it only on a yes.
 */
export function acceptLabelSuggestion(t: Taxonomy, topicId: TopicId, index: number, opts: { editedLabel?: string; replaceCustom?: boolean } = {}): Taxonomy {
  const tp = topicOf(t, topicId);
  const s = suggestionOf(tp, index);
  if (tp.customLabel && !opts.replaceCustom && tp.label !== (opts.editedLabel ?? s.label)) {
    fail(`Topic "${tp.label}" has a label you chose; accepting "${opts.editedLabel ?? s.label}" would replace it`);
  }
  const edited = opts.editedLabel !== undefined && opts.editedLabel.trim() !== s.label;
  const renamed = renameTopic(t, topicId, edited ? opts.editedLabel! : s.label);
  return setStatus(renamed, topicId, index, edited ? 'edited' : 'accepted');
}

export function rejectLabelSuggestion(t: Taxonomy, topicId: TopicId, index: number): Taxonomy {
  suggestionOf(topicOf(t, topicId), index);
  return setStatus(t, topicId, index, 'rejected');
}

function themeSuggestionOf(t: Taxonomy, id: string): ThemeSuggestion {
  return t.themeSuggestions?.find((s) => s.id === id) ?? fail(`No theme suggestion with id "${id}"`);
}

function replaceSuggestion(t: Taxonomy, s: ThemeSuggestion): Taxonomy {
  return { ...t, themeSuggestions: t.themeSuggestions!.map((x) => (x.id === s.id ? s : x)) };
}

function inSomeTheme(t: Taxonomy, topicId: TopicId): boolean {
  return t.themes.some((th) => th.topics.includes(topicId));
}

/**
 * Accepts one proposed member: creates the proposed theme on first use (a name already taken gets " (suggested)"),
 * then moves the topic into it. Moving a topic the researcher already put in a theme is an explicit per-topic choice.
 */
export function acceptThemeSuggestionTopic(t: Taxonomy, suggestionId: string, topicId: TopicId): Taxonomy {
  let s = themeSuggestionOf(t, suggestionId);
  if (!s.topics.includes(topicId)) fail(`Topic ${topicId} is not proposed for theme "${s.name}"`);
  let next = t;
  if (!s.theme || !next.themes.some((th) => th.id === s.theme)) {
    const taken = (n: string) => next.themes.some((th) => th.name.toLocaleLowerCase() === n.toLocaleLowerCase());
    const name = taken(s.name) ? `${s.name} (suggested)` : s.name;
    const id = newThemeId(next, name);
    next = createTheme(next, { name, description: s.description, id });
    s = { ...s, theme: id };
  }
  next = assignTopic(next, topicId, s.theme!);
  const topics = s.topics.filter((x) => x !== topicId);
  return replaceSuggestion(next, { ...s, topics, status: topics.length ? s.status : 'accepted' });
}

/** Accepts the whole proposed theme: its topics not yet in any theme go in; topics the researcher placed stay put. */
export function acceptThemeSuggestion(t: Taxonomy, suggestionId: string): { taxonomy: Taxonomy; leftInPlace: TopicId[] } {
  const s = themeSuggestionOf(t, suggestionId);
  const leftInPlace = s.topics.filter((id) => inSomeTheme(t, id) || !t.topics.some((tp) => tp.id === id));
  let next = t;
  for (const id of s.topics) if (!leftInPlace.includes(id)) next = acceptThemeSuggestionTopic(next, suggestionId, id);
  const after = themeSuggestionOf(next, suggestionId);
  return { taxonomy: replaceSuggestion(next, { ...after, topics: [], status: 'accepted' }), leftInPlace };
}

export function rejectThemeSuggestion(t: Taxonomy, suggestionId: string, topicId?: TopicId): Taxonomy {
  const s = themeSuggestionOf(t, suggestionId);
  if (topicId === undefined) return replaceSuggestion(t, { ...s, rejectedTopics: [...(s.rejectedTopics ?? []), ...s.topics], topics: [], status: 'rejected' });
  if (!s.topics.includes(topicId)) fail(`Topic ${topicId} is not proposed for theme "${s.name}"`);
  const topics = s.topics.filter((x) => x !== topicId);
  return replaceSuggestion(t, {
    ...s, topics, rejectedTopics: [...(s.rejectedTopics ?? []), topicId],
    status: topics.length ? s.status : s.theme ? 'accepted' : 'rejected',
  });
}

/**
 * After a re-run or a merge: suggestions follow their topic by id (reconcile keeps a matched topic's id). A pending
 * label suggestion whose topic no longer has the keywords it was asked about, or that absorbed other topics, becomes
 * stale. Proposed theme members that no longer exist are dropped; a pending proposal that lost members becomes stale.
 */
export function followSuggestions(prev: Taxonomy | undefined, next: Taxonomy): Taxonomy {
  if (!prev) return next;
  const before = new Map(prev.topics.map((tp) => [tp.id, tp]));
  const topics = next.topics.map((tp) => {
    const old = before.get(tp.id);
    const carried = [...(old?.suggestions ?? []), ...(tp.suggestions ?? [])];
    // Only a merge brings other topics' suggestions along; a split-off piece starts without its parent's.
    // Absorbed just now: the previous file still had the other topics. A merge a re-run re-applies (its parts were
    // already one topic in the previous file) changes nothing, so it leaves the suggestions as they were.
    const mergedIn = tp.status === 'merged' && (tp.previous ?? []).some((id) => id !== tp.id && before.has(id));
    const absorbed = mergedIn ? (tp.previous ?? []).flatMap((id) => (id !== tp.id ? before.get(id)?.suggestions ?? [] : [])) : [];
    const all = dedupe([...carried, ...absorbed]);
    if (!all.length) return tp.suggestions ? { ...tp, suggestions: undefined } : tp;
    const words = tp.keywords.slice(0, 10).map(([w]) => w).join('\n');
    const suggestions = all.map((s) => (s.status === 'pending' && (mergedIn || s.provenance.keywords.join('\n') !== words) ? { ...s, status: 'stale' as const } : s));
    return { ...tp, suggestions };
  });
  const ids = new Set(topics.map((tp) => tp.id));
  const themeSuggestions = (next.themeSuggestions ?? prev.themeSuggestions)?.map((s) => {
    const kept = s.topics.filter((id) => ids.has(id));
    return kept.length === s.topics.length ? s : { ...s, topics: kept, status: s.status === 'pending' ? 'stale' as const : s.status };
  });
  return { ...next, topics, ...(themeSuggestions ? { themeSuggestions } : {}) };
}

function dedupe(list: LabelSuggestion[]): LabelSuggestion[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = key(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Adds what a suggestion round produced (computed on `asked`) to the file as it is now: the researcher may have edited
 * it while the model was answering. New label suggestions go to the topics that still exist; a new theme proposal
 * replaces the undecided part of the old one.
 */
export function addSuggestions(current: Taxonomy, asked: Taxonomy, answered: Taxonomy): Taxonomy {
  const before = new Map(asked.topics.map((tp) => [tp.id, new Set((tp.suggestions ?? []).map(key))]));
  const fresh = new Map<TopicId, LabelSuggestion[]>();
  for (const tp of answered.topics) {
    const old = before.get(tp.id) ?? new Set<string>();
    const added = (tp.suggestions ?? []).filter((s) => !old.has(key(s)));
    if (added.length) fresh.set(tp.id, added);
  }
  const topics = current.topics.map((tp) => {
    const add = fresh.get(tp.id)?.filter((s) => !(tp.suggestions ?? []).some((o) => key(o) === key(s)));
    return add?.length ? { ...tp, suggestions: [...(tp.suggestions ?? []), ...add] } : tp;
  });
  const proposalChanged = JSON.stringify(asked.themeSuggestions ?? []) !== JSON.stringify(answered.themeSuggestions ?? []);
  if (!proposalChanged) return { ...current, topics };
  const decided = (current.themeSuggestions ?? []).filter((s) => s.status !== 'pending' && s.status !== 'stale');
  const proposed = (answered.themeSuggestions ?? []).filter((s) => (s.status === 'pending') && !decided.some((d) => d.id === s.id));
  return { ...current, topics, themeSuggestions: [...decided, ...proposed] };
}

function key(s: LabelSuggestion): string {
  return `${s.provenance.promptHash}\n${s.label}`;
}
