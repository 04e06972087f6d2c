// A curated taxonomy of a small hand-built run (six topics of different sizes, two themes) for the team tests: merge
// driver, diff and agreement.
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { assignTopic, createTheme, mergeTopics, renameTopic, setIrrelevant } from '../../src/taxonomy/operations';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';
import { fakeDescribe, makeRun, many } from './taxonomy-runs';

export interface TeamBase {
  taxonomy: Taxonomy;
  /** The file as the run wrote it, before the curation above (what two researchers who each map the corpus start from). */
  fresh: Taxonomy;
  artifact: RunArtifact;
  /** Topic ids by topic number of the run (0 = climate, 1 = school, … 5 = farm). */
  topic: string[];
  /** Theme ids: Environment, Society. */
  env: string;
  society: string;
}

export function teamBase(): TeamBase {
  const run = makeRun([
    { path: 'a.txt', chunks: [...many(0, 8), ...many(1, 6), -1, ...many(2, 5)] },
    { path: 'b.txt', chunks: [...many(3, 4), ...many(4, 3), ...many(5, 2), -1, ...many(0, 2)] },
  ]);
  const built = taxonomyFromRun(run);
  let t = built.taxonomy;
  // Topics are numbered by size: 0 climate (10), 1 school (6), 2 health (5), 3 trade (4), 4 army (3), 5 farm (2).
  const topic = t.topics.map((x) => x.id);
  t = createTheme(t, { name: 'Environment' });
  t = createTheme(t, { name: 'Society' });
  const [env, society] = t.themes.map((x) => x.id);
  t = assignTopic(t, topic[0], env);
  t = assignTopic(t, topic[5], env);
  t = assignTopic(t, topic[1], society);
  t = assignTopic(t, topic[2], society);
  t = renameTopic(t, topic[0], 'Climate');
  t = setIrrelevant(t, topic[4], true);
  return { taxonomy: t, fresh: built.taxonomy, artifact: built.artifact, topic, env, society };
}

export function mergeInBase(b: TeamBase, t: Taxonomy, ids: string[]): Taxonomy {
  return mergeTopics(t, ids, { artifact: b.artifact, describe: fakeDescribe }).taxonomy;
}

/** Both resolutions of a file the driver left conflicted: keep every "ours" side, or every "theirs" side. */
export function conflictSides(text: string): { ours: string; theirs: string } {
  const pick = (keep: 'ours' | 'theirs') => {
    const out: string[] = [];
    let state: 'both' | 'ours' | 'theirs' = 'both';
    for (const line of text.split('\n')) {
      if (line.startsWith('<<<<<<< ')) state = 'ours';
      else if (line === '=======') state = 'theirs';
      else if (line.startsWith('>>>>>>> ')) state = 'both';
      else if (state === 'both' || state === keep) out.push(line);
    }
    return out.join('\n');
  };
  return { ours: pick('ours'), theirs: pick('theirs') };
}
