// A finished run as the taxonomy file it becomes: built from the run, with the previous file's curation carried over
// (reconcile.ts's rules, the file's merges re-described with the run's vectorizer). The CLI's map and the extension's
// pipeline worker both write exactly this.
import { ArtifactStore } from './artifact-store';
import { taxonomyFromRun } from './build';
import { encodeTaxonomy, type EncodedTaxonomy } from './codec';
import { mergeDescriber } from './describe';
import { reconcile, type ReconcileReport } from './reconcile';
import { parseTaxonomy } from './serialize';
import type { RunResult } from '../pipeline/types';
import type { RunArtifact, Taxonomy } from './types';

export function carryOver(run: RunResult, prev: Taxonomy | undefined, prevArtifact: RunArtifact | undefined): { taxonomy: Taxonomy; artifact: RunArtifact; report: ReconcileReport } {
  const fresh = taxonomyFromRun(run);
  return reconcile(prev, prevArtifact, fresh, { describe: mergeDescriber(fresh.taxonomy.run) });
}

/**
 * carryOver() done where the run ran (the extension's pipeline worker): the previous file from its bytes, its run data
 * from the store, the new run data stored there first (the file names it by key), and the file's bytes serialized and
 * checked as every write is — the host then only writes them.
 */
export async function carryOverToFile(run: RunResult, previousText: string | null, where: { artifactDir: string; fileName: string }): Promise<{ taxonomy: EncodedTaxonomy; report: ReconcileReport }> {
  const artifacts = new ArtifactStore(where.artifactDir);
  let prev: Taxonomy | undefined;
  if (previousText !== null) {
    const parsed = parseTaxonomy(previousText, where.fileName);
    if (!parsed.ok) throw new Error(`${where.fileName} cannot be read: ${parsed.errors[0].message}`);
    prev = parsed.taxonomy;
  }
  const next = carryOver(run, prev, prev && (await artifacts.load(prev.run.artifact)));
  await artifacts.save(next.artifact);
  const { text, parsed } = encodeTaxonomy(next.taxonomy, where.fileName);
  if (!parsed.ok) throw new Error(`internal: the new taxonomy would not validate: ${parsed.errors[0].message}`);
  return { taxonomy: { text, taxonomy: parsed.taxonomy }, report: next.report };
}
