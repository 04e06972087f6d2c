// When a merge needs the researcher's yes first, and the words that say what it will do. A merge is undoable, but one
// click on the hierarchy's root must not silently fold a whole map into one topic: more than a few topics, topics from
// different themes, or topics set aside as irrelevant are confirmed with counts and names. No vscode import (tested).
import type { Taxonomy, TopicId } from '../taxonomy/types';

/** Merging more topics than this at once asks first. */
export const MERGE_CONFIRM_OVER = 3;

export interface MergeWarning {
  message: string;
  detail: string;
  /** The confirm button's label. */
  action: string;
}

function names(list: string[], max = 6): string {
  const shown = list.slice(0, max).map((n) => `"${n}"`).join(', ');
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

/** Undefined when the merge is ordinary (a few topics, at most one theme, none irrelevant). */
export function mergeWarning(t: Taxonomy, topicIds: TopicId[]): MergeWarning | undefined {
  const ids = [...new Set(topicIds)];
  const topics = ids.map((id) => t.topics.find((tp) => tp.id === id)).filter((tp) => tp !== undefined);
  const themes = t.themes.filter((th) => th.topics.some((id) => ids.includes(id)));
  const irrelevant = topics.filter((tp) => tp.irrelevant);
  const reasons: string[] = [];
  if (topics.length > MERGE_CONFIRM_OVER) reasons.push(`${topics.length} topics`);
  if (themes.length > 1) reasons.push(`topics from ${themes.length} themes (${names(themes.map((th) => th.name))})`);
  if (irrelevant.length) reasons.push(`${irrelevant.length} topic${irrelevant.length === 1 ? '' : 's'} marked irrelevant (${names(irrelevant.map((tp) => tp.label))})`);
  if (!reasons.length) return undefined;
  const chunks = topics.reduce((n, tp) => n + tp.size, 0);
  const keep = [...topics].sort((a, b) => b.size - a.size)[0];
  const home = t.themes.find((th) => th.topics.includes(keep.id)) ?? themes[0];
  const detail = [
    `Merging ${reasons.join(', ')} into one topic of ${chunks} chunks, keeping the id of "${keep.label}".`,
    `Topics: ${names(topics.map((tp) => tp.label), 10)}.`,
    home ? `The merged topic goes in theme "${home.name}"${themes.length > 1 ? `; it leaves ${names(themes.filter((th) => th !== home).map((th) => th.name))}` : ''}.` : '',
    irrelevant.length && home ? 'It will not be marked irrelevant.' : '',
    'You can undo it (Literature Map: Undo Taxonomy Edit).',
  ].filter(Boolean).join('\n');
  return { message: `Merge ${topics.length} topics into one?`, detail, action: `Merge ${topics.length} Topics` };
}
