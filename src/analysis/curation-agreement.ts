// How consistently two researchers curated the same run: each unit (a chunk, or a topic of the run) gets one category
// per curation — the theme its topic is in, or "unassigned", "irrelevant", "outlier" — and agreement statistics are
// computed over those codes (agreement.ts). Themes are matched by id when both curations have the theme (same origin),
// the rest by overlap (Hungarian assignment), so two branches that named their themes differently can still agree.
//
// Topics merged on one side are followed through the merged topic's `previous` ids: every topic of the run stays a
// unit, and its chunk count is solved from the sizes the two files record.
import { mergedParts } from '../taxonomy/diff';
import type { Taxonomy, Topic, TopicId } from '../taxonomy/types';
import { alphaFromConfusion, cohenKappa, confusionMatrix, maxAssignment, percentAgreement, type Confusion } from './agreement';

export class AgreementInputError extends Error {
  override readonly name = 'AgreementInputError';
}

export const SPECIAL = ['unassigned', 'irrelevant', 'outlier'] as const;
export type Special = (typeof SPECIAL)[number];

export interface Category {
  /** Theme id, or one of SPECIAL. */
  id: string;
  name: string;
}

export interface AlignedPair {
  a: Category | null;
  b: Category | null;
  /** Chunks both put in this pair. */
  overlap: number;
  how: 'same id' | 'overlap' | 'special' | 'unmatched';
}

export interface Figures {
  units: number;
  percent: number;
  kappa: number;
  alpha: number;
}

export interface ThemeRow {
  /** "A name" or "A name ↔ B name" when the aligned names differ. */
  name: string;
  a: Category | null;
  b: Category | null;
  both: number;
  onlyA: number;
  onlyB: number;
  kappa: number;
}

export interface Disagreement {
  topicId: TopicId;
  label: string;
  keywords: string[];
  excerpts: string[];
  chunks: number;
  a: Category;
  b: Category;
}

export interface AgreementReport {
  names: { a: string; b: string };
  alignment: AlignedPair[];
  chunks: Figures;
  topics: Figures;
  themes: ThemeRow[];
  disagreements: Disagreement[];
}

/** The run both curations must share: what the pipeline was given, not what the curation did to its output. */
function runKey(t: Taxonomy): string {
  const r = t.run;
  return JSON.stringify([r.corpus.fingerprint, r.corpus.chunks, r.seed, r.embedding, r.settings, r.refinements ?? []]);
}

/** The topic of `t` that holds the run topic `atom`: itself, or the topic a merge folded it into. */
function holderOf(t: Taxonomy, atom: TopicId): Topic | undefined {
  return t.topics.find((x) => x.id === atom) ?? t.topics.find((x) => mergedParts(x).includes(atom));
}

function categoryOf(t: Taxonomy, topic: Topic): Category {
  const th = t.themes.find((x) => x.topics.includes(topic.id));
  if (th) return { id: th.id, name: th.name };
  return topic.irrelevant ? { id: 'irrelevant', name: 'irrelevant' } : { id: 'unassigned', name: 'unassigned' };
}

/** Chunk counts of the run's topics from the sizes both files record (a merged topic's size is the sum of its parts). */
function atomSizes(atoms: TopicId[], sides: Taxonomy[], holders: Array<Map<TopicId, Topic>>): Map<TopicId, number> {
  const eqs = sides.flatMap((t, s) => t.topics.map((tp) => ({ size: tp.size, atoms: atoms.filter((x) => holders[s].get(x) === tp) })));
  const known = new Map<TopicId, number>();
  for (let changed = true; changed;) {
    changed = false;
    for (const e of eqs) {
      const unknown = e.atoms.filter((x) => !known.has(x));
      if (unknown.length !== 1) continue;
      known.set(unknown[0], e.size - e.atoms.reduce((s, x) => s + (known.get(x) ?? 0), 0));
      changed = true;
    }
  }
  const missing = atoms.filter((x) => !known.has(x));
  if (missing.length) throw new AgreementInputError(`cannot tell how many chunks topic ${missing[0]} holds: both curations merged it, into topics of different make-up`);
  return known;
}

const figures = (m: Confusion, units: number): Figures => ({ units, percent: percentAgreement(m), kappa: cohenKappa(m), alpha: alphaFromConfusion(m) });

export function compareCurations(a: Taxonomy, b: Taxonomy, names = { a: 'A', b: 'B' }): AgreementReport {
  if (runKey(a) !== runKey(b)) {
    const fa = a.run.corpus.fingerprint.slice(0, 12), fb = b.run.corpus.fingerprint.slice(0, 12);
    const why = fa !== fb ? `corpus ${fa}… vs ${fb}…` : a.run.seed !== b.run.seed ? `seed ${a.run.seed} vs ${b.run.seed}` : 'different settings or model';
    throw new AgreementInputError(`${names.a} and ${names.b} are curations of different runs (${why}): agreement compares two curations of the same run — start both from one mapped taxonomy`);
  }
  // A merged topic keeps the id of its largest part, so every topic id on either side is a topic of the run.
  const atoms = [...new Set([...a.topics, ...b.topics].map((x) => x.id))];
  const holders = [a, b].map((t, s) => new Map(atoms.map((id) => {
    const h = holderOf(t, id);
    if (!h) throw new AgreementInputError(`topic ${id} is in ${s ? names.a : names.b} but not in ${s ? names.b : names.a}, and no merge there records it: are these curations of the same run?`);
    return [id, h] as const;
  })));
  const sizes = atomSizes(atoms, [a, b], holders);

  // Categories: a's themes, then b's themes, then the specials shared by both.
  const catA = new Map(atoms.map((id) => [id, categoryOf(a, holders[0].get(id)!)]));
  const catB = new Map(atoms.map((id) => [id, categoryOf(b, holders[1].get(id)!)]));
  const outliers = a.run.corpus.outliers;
  const overlap = (ta: string, tb: string) => atoms.reduce((s, id) => s + (catA.get(id)!.id === ta && catB.get(id)!.id === tb ? sizes.get(id)! : 0), 0);

  // Align: same theme id first, then the rest by overlap.
  const alignment: AlignedPair[] = [];
  const restA = a.themes.filter((x) => !b.themes.some((y) => y.id === x.id));
  const restB = b.themes.filter((y) => !a.themes.some((x) => x.id === y.id));
  for (const x of a.themes) {
    const y = b.themes.find((z) => z.id === x.id);
    if (y) alignment.push({ a: { id: x.id, name: x.name }, b: { id: y.id, name: y.name }, overlap: overlap(x.id, y.id), how: 'same id' });
  }
  const assigned = maxAssignment(restA.map((x) => restB.map((y) => overlap(x.id, y.id))));
  const usedB = new Set<number>();
  restA.forEach((x, i) => {
    const j = assigned[i];
    const ov = j >= 0 ? overlap(x.id, restB[j].id) : 0;
    if (j >= 0 && ov > 0) {
      usedB.add(j);
      alignment.push({ a: { id: x.id, name: x.name }, b: { id: restB[j].id, name: restB[j].name }, overlap: ov, how: 'overlap' });
    } else {
      alignment.push({ a: { id: x.id, name: x.name }, b: null, overlap: 0, how: 'unmatched' });
    }
  });
  restB.forEach((y, j) => { if (!usedB.has(j)) alignment.push({ a: null, b: { id: y.id, name: y.name }, overlap: 0, how: 'unmatched' }); });
  for (const s of SPECIAL) alignment.push({ a: { id: s, name: s }, b: { id: s, name: s }, overlap: s === 'outlier' ? outliers : overlap(s, s), how: 'special' });

  // One code per aligned pair; an unmatched theme is a code of its own.
  const codeA = new Map<string, number>(), codeB = new Map<string, number>();
  alignment.forEach((p, i) => { if (p.a) codeA.set(p.a.id, i); if (p.b) codeB.set(p.b.id, i); });
  const k = alignment.length;
  const outlierCode = codeA.get('outlier')!;
  const chunkA = [...atoms.map((id) => codeA.get(catA.get(id)!.id)!), outlierCode];
  const chunkB = [...atoms.map((id) => codeB.get(catB.get(id)!.id)!), outlierCode];
  const weights = [...atoms.map((id) => sizes.get(id)!), outliers];
  const chunkM = confusionMatrix(chunkA, chunkB, k, weights);
  const topicM = confusionMatrix(chunkA.slice(0, -1), chunkB.slice(0, -1), k);
  const nChunks = weights.reduce((s, x) => s + x, 0);

  const themes: ThemeRow[] = alignment.filter((p) => p.how !== 'special').map((p) => {
    const i = alignment.indexOf(p);
    const both = chunkM[i][i];
    const inA = chunkM[i].reduce((s, x) => s + x, 0), inB = chunkM.reduce((s, r) => s + r[i], 0);
    const bin: Confusion = [[both, inA - both], [inB - both, nChunks - inA - inB + both]];
    const name = p.a && p.b ? (p.a.name === p.b.name ? p.a.name : `${p.a.name} ↔ ${p.b.name}`) : (p.a ?? p.b)!.name;
    return { name, a: p.a, b: p.b, both, onlyA: inA - both, onlyB: inB - both, kappa: cohenKappa(bin) };
  });

  const disagreements: Disagreement[] = [];
  for (const id of atoms) {
    if (chunkA[atoms.indexOf(id)] === chunkB[atoms.indexOf(id)]) continue;
    const tp = [a, b].map((t) => t.topics.find((x) => x.id === id)).find(Boolean) ?? holders[0].get(id)!;
    disagreements.push({
      topicId: id, label: tp.label, keywords: tp.keywords.slice(0, 8).map(([w]) => w),
      excerpts: tp.representative.slice(0, 2).map((r) => r.excerpt), chunks: sizes.get(id)!,
      a: catA.get(id)!, b: catB.get(id)!,
    });
  }
  disagreements.sort((x, y) => y.chunks - x.chunks || (x.topicId < y.topicId ? -1 : 1));
  return { names, alignment, chunks: figures(chunkM, nChunks), topics: figures(topicM, atoms.length), themes, disagreements };
}
