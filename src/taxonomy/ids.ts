// Ids derived from content, never from a clock or a counter, so the same run or the same sequence of edits gives
// the same ids on any machine (and tests are deterministic).
import { sha256Hex } from '../pipeline/hash';
import type { ThemeId, TopicId } from './types';

/** Ids are 32 bits; a collision is resolved by salting the hash with a counter until the id is free. */
function freeId(prefix: string, basis: string, taken: (id: string) => boolean): string {
  for (let salt = 0; ; salt++) {
    const id = prefix + sha256Hex(salt === 0 ? basis : `${basis}#${salt}`).slice(0, 8);
    if (!taken(id)) return id;
  }
}

/** A topic's id from its member chunk ids (order-independent): the same members give the same id. */
export function topicIdFor(chunkIds: Iterable<string>, taken: (id: string) => boolean = () => false): TopicId {
  return freeId('t-', [...chunkIds].sort().join('\n'), taken);
}

/** A new theme's id from its name and the ids already in use. */
export function themeIdFor(name: string, existing: Iterable<string>): ThemeId {
  const ids = new Set(existing);
  return freeId('th-', `${name}\n${[...ids].sort().join('\n')}`, (id) => ids.has(id));
}
