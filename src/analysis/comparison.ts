// "Compare with…": this taxonomy against another version of it (a branch, a commit), as the panel shows it — what
// changed, in sentences, and how far the two curations agree. The same functions `literature-map diff` and `agree` use.
import { diffTaxonomies, type TaxonomyChange } from '../taxonomy/diff';
import type { Taxonomy } from '../taxonomy/types';
import { AgreementInputError, compareCurations, type AgreementReport } from './curation-agreement';

export interface Comparison {
  /** What this file is compared with, e.g. "colleague:taxonomy.json". */
  against: string;
  /** From the other version to this file: what this file changes. */
  changes: Array<TaxonomyChange & { sentence: string }>;
  /** Null when the two are not curations of the same run (the reason is in agreementNote). */
  agreement: AgreementReport | null;
  agreementNote?: string;
}

export function buildComparison(current: Taxonomy, other: Taxonomy, against: string): Comparison {
  const changes = diffTaxonomies(other, current).changes;
  try {
    return { against, changes, agreement: compareCurations(current, other, { a: 'this file', b: against }) };
  } catch (e) {
    if (!(e instanceof AgreementInputError)) throw e;
    return { against, changes, agreement: null, agreementNote: e.message };
  }
}
