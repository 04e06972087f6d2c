// Re-runs keep the curation. A fresh run (taxonomyFromRun) is matched against the previous file so that labels,
// theme membership, notes and irrelevant marks carry over to the topics that are "the same" as before.
//
// The matching rule (also in docs/taxonomy.md):
// 1. With the previous run artifact (per-chunk topic ids): candidate pairs (previous P, new N) share at least one chunk
//    id; score = Jaccard(members(P), members(N)). Pairs are taken greedily, best score first (ties: more shared chunks,
//    then previous id, then new id, so the result never depends on iteration order), one-to-one, if score ≥ 0.3.
//    Chunk ids are derived from source path + position + text, so chunks of untouched files keep their ids.
// 2. Splits: an unmatched new topic N with at least half of its chunks from one previous topic P (the one it shares
//    most with) is a piece of P. If P is already matched (to M), N and M are both flagged "split": M keeps P's id,
//    label, note and irrelevant mark (the larger half usually wins step 1); N gets its own id, keeps P's classification
//    (it goes in P's theme right after M, or is irrelevant if P was) but not P's label or note. If P is not matched,
//    N takes P's place ("kept") — P lost most of its chunks but N is what is left of it.
// 3. Merges: an unmatched previous topic P with at least half of its chunks in a new topic N that is matched to another
//    previous topic is merged into N: N is flagged "merged" (previous = the absorbed ids), P's curation is recorded in
//    `vanished` so nothing the researcher wrote is lost.
// 4. Without the artifact (deleted cache, another machine): score = ½·Jaccard(representative chunk ids) +
//    ½·Jaccard(top-10 keywords), greedy one-to-one as in 1 with the same threshold; no split or merge detection.
// 5. Merges by hand (`mergedFrom`): steps 1–4 see a merged topic as the run topics it was made of, each carrying its
//    curation; when two or more of them carry on, they are merged again (reconcile(), below).
// Unmatched new topics are "new"; unmatched previous topics are added to `vanished` with what they held.
// A matched topic whose members are identical (or, without the artifact, whose keywords and excerpts are identical)
// keeps its status and `previous` as they were, so a re-run with unchanged inputs and settings gives the same bytes.
import { artifactKey } from './artifact-codec';
import { topicIdFor } from './ids';
import { mergeTopicGroups, type MergeContext } from './operations';
import { followSuggestions } from './suggestion-ops';
import { deriveUnassigned } from './validate';
import type { RunArtifact, Taxonomy, Theme, Topic, TopicId, VanishedTopic } from './types';

export const MATCH_THRESHOLD = 0.3;
export const PIECE_SHARE = 0.5;

/**
 * What a re-run did, in the file's topics. The counts add up: kept + splitOff + new = the new file's topics, and
 * kept + absorbed + vanished = the previous file's topics.
 */
export interface ReconcileReport {
  /** [previous id (carried on), id this run alone would have given]: one per previous topic that carries on. */
  kept: Array<[TopicId, TopicId]>;
  new: TopicId[];
  /** Previous topics no new topic matched or absorbed. */
  vanished: TopicId[];
  /** Both halves of every split (final ids). */
  split: TopicId[];
  /** The smaller halves of splits: new ids that keep a previous topic's place in its theme. */
  splitOff: TopicId[];
  /** New topics that absorbed more than one previous topic (final ids). */
  merged: TopicId[];
  /** Previous topics the run merged into another one (their curation is in `vanished` of the file). */
  absorbed: TopicId[];
  /** Topics merged by hand whose merge the re-run applied again (final ids). */
  remerged: TopicId[];
}

/** The one-sentence summary of a re-run, the same in the CLI, the log and the notification. */
export function describeReconcile(r: ReconcileReport): string {
  const total = r.kept.length + r.splitOff.length + r.new.length;
  return `${total} topic${total === 1 ? '' : 's'}: ${carriedSentence(r)}`;
}

/** describeReconcile without the total: "13 carried over (1 merge re-applied), 1 split off, 0 new; 0 vanished". */
export function carriedSentence(r: ReconcileReport): string {
  return `${r.kept.length} carried over` +
    (r.remerged.length ? ` (${r.remerged.length} merge${r.remerged.length === 1 ? '' : 's'} re-applied)` : '') +
    `, ${r.splitOff.length} split off, ${r.new.length} new; ${r.vanished.length} vanished` +
    (r.absorbed.length ? `, ${r.absorbed.length} merged by the run` : '');
}

/** What the part-level matching returns beyond the report: which previous topics had exactly the same members. */
interface RunsResult {
  taxonomy: Taxonomy;
  artifact: RunArtifact;
  report: ReconcileReport;
  identical: Set<TopicId>;
  /** Ids of the entries this re-run added to `vanished`. */
  vanishedNow: Set<TopicId>;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function jaccard<T>(a: Set<T>, b: Set<T>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

function membersOf(artifact: RunArtifact, ids: Set<TopicId>): Map<TopicId, Set<string>> {
  const m = new Map<TopicId, Set<string>>();
  artifact.topicOf.forEach((id, i) => {
    if (id === null || !ids.has(id) || !artifact.chunks[i]) return;
    let s = m.get(id);
    if (!s) m.set(id, (s = new Set()));
    s.add(artifact.chunks[i].id);
  });
  return m;
}

interface Pair {
  p: TopicId;
  n: TopicId;
  score: number;
  inter: number;
  identical: boolean;
}

function greedy(pairs: Pair[]): Map<TopicId, Pair> {
  pairs.sort((a, b) => b.score - a.score || b.inter - a.inter || cmp(a.p, b.p) || cmp(a.n, b.n));
  const byNew = new Map<TopicId, Pair>();
  const takenPrev = new Set<TopicId>();
  for (const pr of pairs) {
    if (pr.score < MATCH_THRESHOLD || byNew.has(pr.n) || takenPrev.has(pr.p)) continue;
    byNew.set(pr.n, pr);
    takenPrev.add(pr.p);
  }
  return byNew;
}

/** The one-to-one, split and merge matching of the previous run's topics (merges by hand expanded) to the new run's. */
function reconcileRuns(
  prev: Taxonomy,
  prevArtifact: RunArtifact | undefined,
  next: { taxonomy: Taxonomy; artifact: RunArtifact },
): RunsResult {
  const report: ReconcileReport = { kept: [], new: [], vanished: [], split: [], splitOff: [], merged: [], absorbed: [], remerged: [] };
  const identical = new Set<TopicId>();
  const prevById = new Map(prev.topics.map((t) => [t.id, t]));
  const nextTopics = next.taxonomy.topics;
  const usable = prevArtifact !== undefined && prevArtifact.topicOf.length === prevArtifact.chunks.length;

  // Step 1 (or 4): one-to-one matches.
  const pairs: Pair[] = [];
  let prevMembers = new Map<TopicId, Set<string>>();
  let nextMembers = new Map<TopicId, Set<string>>();
  const inter = new Map<string, number>(); // `${n}\n${p}` → shared chunks
  if (usable) {
    prevMembers = membersOf(prevArtifact, new Set(prevById.keys()));
    nextMembers = membersOf(next.artifact, new Set(nextTopics.map((t) => t.id)));
    const prevOfChunk = new Map<string, TopicId>();
    for (const [p, s] of prevMembers) for (const c of s) prevOfChunk.set(c, p);
    for (const [n, s] of nextMembers) {
      for (const c of s) {
        const p = prevOfChunk.get(c);
        if (p !== undefined) inter.set(`${n}\n${p}`, (inter.get(`${n}\n${p}`) ?? 0) + 1);
      }
    }
    for (const [key, k] of inter) {
      const [n, p] = key.split('\n');
      const a = prevMembers.get(p)!.size, b = nextMembers.get(n)!.size;
      pairs.push({ p, n, inter: k, score: k / (a + b - k), identical: k === a && k === b });
    }
  } else {
    for (const P of prev.topics) {
      const pr = new Set(P.representative.map((r) => r.chunk));
      const pk = new Set(P.keywords.slice(0, 10).map(([w]) => w));
      for (const N of nextTopics) {
        const nr = new Set(N.representative.map((r) => r.chunk));
        const nk = new Set(N.keywords.slice(0, 10).map(([w]) => w));
        const score = 0.5 * jaccard(pr, nr) + 0.5 * jaccard(pk, nk);
        if (score > 0) pairs.push({ p: P.id, n: N.id, score, inter: 0, identical: score === 1 });
      }
    }
  }
  const match = greedy(pairs);
  const matchedPrev = new Map<TopicId, TopicId>([...match.values()].map((pr) => [pr.p, pr.n]));

  // Step 2: pieces of a previous topic.
  const splitOf = new Map<TopicId, TopicId>(); // new (smaller half) → previous
  const flaggedSplit = new Set<TopicId>(); // run ids flagged split
  if (usable) {
    const best = (n: TopicId): { p: TopicId; k: number } | undefined => {
      let out: { p: TopicId; k: number } | undefined;
      for (const p of [...prevMembers.keys()].sort(cmp)) {
        const k = inter.get(`${n}\n${p}`) ?? 0;
        if (k > 0 && (!out || k > out.k)) out = { p, k };
      }
      return out;
    };
    const pieces = nextTopics
      .filter((N) => !match.has(N.id))
      .map((N) => ({ n: N.id, b: best(N.id) }))
      .filter((x): x is { n: TopicId; b: { p: TopicId; k: number } } => x.b !== undefined && x.b.k / nextMembers.get(x.n)!.size >= PIECE_SHARE)
      .sort((a, b) => b.b.k - a.b.k || cmp(a.n, b.n));
    for (const { n, b } of pieces) {
      const m = matchedPrev.get(b.p);
      if (m === undefined) {
        const pr: Pair = { p: b.p, n, score: 0, inter: b.k, identical: false };
        match.set(n, pr);
        matchedPrev.set(b.p, n);
      } else {
        splitOf.set(n, b.p);
        flaggedSplit.add(n);
        flaggedSplit.add(m);
      }
    }
  }

  // Step 3: previous topics absorbed into a matched new topic.
  const absorbedInto = new Map<TopicId, TopicId[]>(); // new run id → absorbed previous ids
  const absorbed = new Set<TopicId>();
  if (usable) {
    for (const P of prev.topics) {
      if (matchedPrev.has(P.id)) continue;
      const size = prevMembers.get(P.id)?.size ?? 0;
      let bestN: TopicId | undefined, bestK = 0;
      for (const N of nextTopics) {
        const k = inter.get(`${N.id}\n${P.id}`) ?? 0;
        if (k > bestK) { bestN = N.id; bestK = k; }
      }
      if (bestN !== undefined && size > 0 && bestK / size >= PIECE_SHARE && match.has(bestN)) {
        absorbedInto.set(bestN, [...(absorbedInto.get(bestN) ?? []), P.id]);
        absorbed.add(P.id);
      }
    }
  }

  // Final ids: matched topics carry the previous id; others get a member-derived id that nothing else uses.
  const taken = new Set<string>([...prev.topics.map((t) => t.id), ...prev.vanished.map((v) => v.id)]);
  const finalId = new Map<TopicId, TopicId>();
  for (const N of nextTopics) {
    const pr = match.get(N.id);
    if (pr) finalId.set(N.id, pr.p);
  }
  for (const id of finalId.values()) taken.add(id);
  for (const N of nextTopics) {
    if (finalId.has(N.id)) continue;
    const id = taken.has(N.id) ? topicIdFor(nextMembers.get(N.id) ?? [N.id], (x) => taken.has(x)) : N.id;
    finalId.set(N.id, id);
    taken.add(id);
  }

  const topics: Topic[] = nextTopics.map((N) => {
    const id = finalId.get(N.id)!;
    const pr = match.get(N.id);
    if (pr) {
      const P = prevById.get(pr.p)!;
      const t: Topic = {
        ...N, id,
        label: P.customLabel ? P.label : N.label,
        customLabel: P.customLabel,
        irrelevant: P.irrelevant,
        note: P.note,
        status: pr.identical ? P.status : 'kept',
      };
      delete t.previous;
      if (pr.identical && P.previous) t.previous = P.previous;
      report.kept.push([P.id, N.id]);
      if (pr.identical) identical.add(P.id);
      const swallowed = absorbedInto.get(N.id);
      if (swallowed) {
        t.status = 'merged';
        t.previous = [...swallowed].sort(cmp);
        report.merged.push(id);
      } else if (flaggedSplit.has(N.id)) {
        t.status = 'split';
        report.split.push(id);
      }
      return t;
    }
    const from = splitOf.get(N.id);
    if (from !== undefined) {
      report.split.push(id);
      report.splitOff.push(id);
      return { ...N, id, irrelevant: prevById.get(from)!.irrelevant, status: 'split', previous: [from] };
    }
    report.new.push(id);
    return { ...N, id, status: 'new' };
  });

  const themeOf = (id: TopicId) => prev.themes.filter((th) => th.topics.includes(id)).map((th) => th.id);
  const vanishedNow: VanishedTopic[] = [];
  for (const P of prev.topics) {
    if (matchedPrev.has(P.id)) continue;
    if (!absorbed.has(P.id)) report.vanished.push(P.id);
    else report.absorbed.push(P.id);
    vanishedNow.push({ id: P.id, label: P.label, keywords: P.keywords.slice(0, 10).map(([w]) => w), size: P.size, themes: themeOf(P.id), note: P.note });
  }
  const seen = new Set<TopicId>();
  const vanished = [...prev.vanished, ...vanishedNow].filter((v) => !seen.has(v.id) && (seen.add(v.id), true));

  // Themes keep ids, names, descriptions, colours and order; a smaller split half follows its sibling.
  const carried = new Set(matchedPrev.keys());
  const halvesOf = new Map<TopicId, TopicId[]>(); // previous id → final ids of its smaller halves
  for (const [n, p] of splitOf) halvesOf.set(p, [...(halvesOf.get(p) ?? []), finalId.get(n)!]);
  const irrelevantFinal = new Set(topics.filter((t) => t.irrelevant).map((t) => t.id));
  const themes: Theme[] = prev.themes.map((th) => ({
    ...th,
    topics: th.topics.flatMap((id) => (carried.has(id) ? [id, ...(halvesOf.get(id) ?? []).filter((h) => !irrelevantFinal.has(h))] : [])),
  }));

  const sources = next.taxonomy.sources.map((s) => {
    const counts: Record<string, number> = {};
    for (const [k, n] of Object.entries(s.topicCounts)) counts[k === '-1' ? k : finalId.get(k) ?? k] = n;
    return { ...s, topicCounts: counts };
  });
  const base = next.taxonomy;
  const taxonomy: Taxonomy = {
    ...(base.$schema ?? prev.$schema ? { $schema: base.$schema ?? prev.$schema } : {}),
    schemaVersion: base.schemaVersion,
    run: base.run,
    themes,
    topics,
    unassigned: [],
    vanished,
    sources,
  };
  taxonomy.unassigned = deriveUnassigned(taxonomy);
  const artifact: RunArtifact = { ...next.artifact, topicOf: next.artifact.topicOf.map((id) => (id === null ? null : finalId.get(id) ?? id)) };
  return { taxonomy, artifact, report, identical, vanishedNow: new Set(vanishedNow.map((v) => v.id)) };
}

export interface ReconcileOptions {
  /**
   * c-TF-IDF for re-applied merges whose parts changed (MergeContext.describe). Without it such a merged topic keeps
   * the keywords of its largest part.
   */
  describe?: MergeContext['describe'];
}

/**
 * Matches a new run to the previous file and carries its curation over (the rules at the top of this file), then
 * applies the file's merges by hand again: a merged topic is matched part by part (each run topic it is made of, with
 * the previous run's data), and when the new run has topics matching two or more of its parts they are merged again,
 * keeping the merged topic's id, label, note, theme and irrelevant mark. When every part matched exactly, the merged
 * topic is written as it was (a re-run with unchanged inputs gives the same bytes). A merged topic counts as one topic
 * in the report; it vanishes only when all of its parts do.
 *
 * `prevArtifact` is used only when it is the data of the run `prev` was written from (its key is `prev.run.artifact`);
 * any other run's data would make the file's topics look vanished, so it is ignored and matching falls back to
 * keywords and excerpts.
 */
export function reconcile(
  prev: Taxonomy | undefined,
  prevArtifact: RunArtifact | undefined,
  next: { taxonomy: Taxonomy; artifact: RunArtifact },
  opts: ReconcileOptions = {},
): { taxonomy: Taxonomy; artifact: RunArtifact; report: ReconcileReport } {
  if (!prev) {
    const report: ReconcileReport = { kept: [], new: next.taxonomy.topics.map((t) => t.id), vanished: [], split: [], splitOff: [], merged: [], absorbed: [], remerged: [] };
    return { ...withKey(next), report };
  }
  const artifact = prevArtifact && prev.run.artifact !== undefined && artifactKey(prevArtifact) === prev.run.artifact ? prevArtifact : undefined;
  const mergedTopics = prev.topics.filter((t) => t.mergedFrom && t.mergedFrom.length > 1);
  const base = reconcileRuns(expandMerges(prev, artifact), artifact, next);
  // Label suggestions follow their topics (stale when the topic changed): suggestion-ops.ts.
  if (!mergedTopics.length) return { ...withKey({ taxonomy: followSuggestions(prev, base.taxonomy), artifact: base.artifact }), report: base.report };

  const ownerOf = new Map<TopicId, Topic>();
  for (const T of mergedTopics) for (const p of T.mergedFrom!) ownerOf.set(p.id, T);
  const result = new Map(base.taxonomy.topics.map((t) => [t.id, t]));
  const groups: Array<{ keep: TopicId; ids: TopicId[] }> = [];
  const exact = new Map<TopicId, Topic>(); // keep → the merged topic as the file had it
  for (const T of mergedTopics) {
    const parts = T.mergedFrom!.map((p) => p.id);
    const carried = parts.filter((id) => result.has(id));
    if (carried.length < 2) continue;
    const keep = carried.includes(T.id) ? T.id : [...carried].sort((a, b) => result.get(b)!.size - result.get(a)!.size)[0];
    groups.push({ keep, ids: carried });
    if (carried.length === parts.length && parts.every((id) => base.identical.has(id))) exact.set(keep, T);
  }
  let taxonomy = base.taxonomy;
  const into = new Map<TopicId, TopicId>();
  if (groups.length) {
    const needsKeywords = groups.some((g) => !exact.has(g.keep));
    const merged = mergeTopicGroups(taxonomy, groups, { artifact: base.artifact, describe: needsKeywords && opts.describe ? opts.describe : () => [] });
    const owner = (keep: TopicId) => ownerOf.get(keep)!;
    taxonomy = {
      ...merged.taxonomy,
      // The parts carried the merged topic's curation each: the merged topic gets it once (not its note n times).
      topics: merged.taxonomy.topics.map((t) => {
        if (!groups.some((g) => g.keep === t.id)) return t;
        const T = owner(t.id);
        const was = exact.get(t.id);
        if (was) return { ...was, mergedFrom: was.mergedFrom!.map((m) => ({ ...m })) };
        return { ...t, label: T.customLabel ? T.label : t.label, customLabel: T.customLabel, note: T.note, irrelevant: t.irrelevant && T.irrelevant };
      }),
    };
    for (const g of groups) for (const id of g.ids) if (id !== g.keep) into.set(id, g.keep);
  }

  // Parts of a merged topic that carries on are not vanished; a merged topic all of whose parts are gone is one entry.
  const carriedOwners = new Set([...ownerOf].filter(([p]) => result.has(p)).map(([, T]) => T.id));
  const seen = new Set<TopicId>();
  const vanished: VanishedTopic[] = [];
  for (const v of taxonomy.vanished) {
    const T = base.vanishedNow.has(v.id) ? ownerOf.get(v.id) : undefined;
    if (!T) { vanished.push(v); continue; }
    if (carriedOwners.has(T.id) || seen.has(T.id)) continue;
    seen.add(T.id);
    vanished.push({ id: T.id, label: T.label, keywords: T.keywords.slice(0, 10).map(([w]) => w), size: T.size, themes: prev.themes.filter((th) => th.topics.includes(T.id)).map((th) => th.id), note: T.note });
  }
  taxonomy = { ...taxonomy, vanished };

  // The report in the file's topics: a merged topic is one topic, carried on if any part is.
  const fileId = (p: TopicId) => ownerOf.get(p)?.id ?? p;
  const r = base.report;
  const kept: Array<[TopicId, TopicId]> = [];
  const keptIds = new Set<TopicId>();
  for (const [p, n] of r.kept) if (!keptIds.has(fileId(p))) { keptIds.add(fileId(p)); kept.push([fileId(p), n]); }
  const absorbed = [...new Set(r.absorbed.map(fileId))].filter((id) => !keptIds.has(id));
  const vanishedIds = [...new Set(r.vanished.map(fileId))].filter((id) => !keptIds.has(id) && !absorbed.includes(id));
  const final = (id: TopicId) => into.get(id) ?? id;
  const report: ReconcileReport = {
    kept, new: r.new, vanished: vanishedIds, split: [...new Set(r.split.map(final))], splitOff: r.splitOff,
    merged: [...new Set(r.merged.map(final))], absorbed, remerged: groups.map((g) => g.keep),
  };
  return { ...withKey({ taxonomy: followSuggestions(prev, taxonomy), artifact: base.artifact }), report };
}

/** Records the key of the run data the taxonomy was written with. */
function withKey(r: { taxonomy: Taxonomy; artifact: RunArtifact }): { taxonomy: Taxonomy; artifact: RunArtifact } {
  return { taxonomy: { ...r.taxonomy, run: { ...r.taxonomy.run, artifact: artifactKey(r.artifact) } }, artifact: r.artifact };
}

/**
 * The previous file with each merged topic split back into the run topics it was made of, each carrying the merged
 * topic's curation (label, note, mark, place in its theme), so the matching works on the units the run data knows.
 */
function expandMerges(prev: Taxonomy, artifact: RunArtifact | undefined): Taxonomy {
  if (!prev.topics.some((t) => t.mergedFrom)) return prev;
  const size = new Map<TopicId, number>();
  const runTopicOfChunk = new Map<string, TopicId>();
  if (artifact) {
    artifact.topicOf.forEach((id, i) => {
      if (id === null) return;
      size.set(id, (size.get(id) ?? 0) + 1);
      runTopicOfChunk.set(artifact.chunks[i].id, id);
    });
  }
  const partsOfTopic = new Map<TopicId, TopicId[]>();
  const topics = prev.topics.flatMap((T): Topic[] => {
    if (!T.mergedFrom) return [T];
    partsOfTopic.set(T.id, T.mergedFrom.map((p) => p.id));
    return T.mergedFrom.map((p) => {
      const part: Topic = {
        ...T, id: p.id,
        keywords: p.keywords.map((w): [string, number] => [w, 0]),
        size: size.get(p.id) ?? Math.round(T.size / T.mergedFrom!.length),
        representative: artifact ? T.representative.filter((ref) => runTopicOfChunk.get(ref.chunk) === p.id) : T.representative,
      };
      delete part.mergedFrom;
      return part;
    });
  });
  const themes = prev.themes.map((th) => ({ ...th, topics: th.topics.flatMap((id) => partsOfTopic.get(id) ?? [id]) }));
  return { ...prev, themes, topics };
}
