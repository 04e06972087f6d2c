// The engine's c-TF-IDF as the taxonomy's operations need it: with the vectorizer settings the file's run recorded, so a
// merge (and a re-run re-applying one) describes topics with the run's vocabulary rules. One definition for the
// extension and the CLI.
import { describeTopics } from '../pipeline/representation';
import { DEFAULT_SETTINGS } from '../pipeline/settings';
import type { MergeContext } from './operations';
import type { RunInfo } from './types';

/** The run's vectorizer settings as the taxonomy recorded them (defaults for anything missing or malformed). */
export function runVectorizer(run: RunInfo): { ngramRange: [number, number]; minDf: number; extraStopWords: string[] } {
  const v = (run.settings as { vectorizer?: Partial<typeof DEFAULT_SETTINGS.vectorizer> }).vectorizer;
  const d = DEFAULT_SETTINGS.vectorizer;
  const ngram = Array.isArray(v?.ngramRange) && v.ngramRange.length === 2 && v.ngramRange.every((x) => Number.isInteger(x) && x > 0) ? v.ngramRange : d.ngramRange;
  return {
    ngramRange: [ngram[0], ngram[1]],
    minDf: typeof v?.minDf === 'number' && v.minDf > 0 ? v.minDf : d.minDf,
    extraStopWords: Array.isArray(v?.extraStopWords) ? v.extraStopWords.filter((w): w is string => typeof w === 'string') : (d.extraStopWords ?? []),
  };
}

/**
 * c-TF-IDF keywords for merged topics. minDf is 1 whatever the run used: a merge re-describes classes of the run's own
 * chunks, and a term the run kept must not drop out because the classes changed.
 */
export function mergeDescriber(run: RunInfo): MergeContext['describe'] {
  const v = runVectorizer(run);
  return (texts, labels) => describeTopics(texts, labels, {
    ngramRange: v.ngramRange, minDf: 1, extraStopWords: v.extraStopWords, topN: 10, representativeCount: 3,
  }).topics;
}
