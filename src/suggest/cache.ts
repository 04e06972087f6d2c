// Answers cached by prompt hash (model + parameters + filled prompt): asking the same question again sends nothing and
// gives the same bytes, including the time of the original answer. One small JSON file per answer, written atomically.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../pipeline/atomic-write';
import type { ChatResult } from './chat-client';

export interface CachedAnswer { result: ChatResult; at: string }

export interface AnswerCache {
  get(hash: string): Promise<CachedAnswer | undefined>;
  put(hash: string, answer: CachedAnswer): Promise<void>;
}

export function fileAnswerCache(dir: string): AnswerCache {
  const file = (hash: string) => path.join(dir, hash.slice(0, 2), `${hash}.json`);
  return {
    async get(hash) {
      try {
        const v = JSON.parse(await fs.promises.readFile(file(hash), 'utf8')) as CachedAnswer;
        return v && typeof v.result?.text === 'string' && typeof v.at === 'string' ? v : undefined;
      } catch {
        return undefined; // missing or damaged: ask again
      }
    },
    async put(hash, answer) {
      await fs.promises.mkdir(path.dirname(file(hash)), { recursive: true });
      writeFileAtomicSync(file(hash), JSON.stringify(answer));
    },
  };
}

export function memoryAnswerCache(): AnswerCache & { size(): number } {
  const m = new Map<string, CachedAnswer>();
  return { async get(h) { return m.get(h); }, async put(h, a) { m.set(h, a); }, size: () => m.size };
}
