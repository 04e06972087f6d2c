// Two curations of one run compared (src/analysis/curation-agreement.ts) and described (src/taxonomy/diff.ts).
import assert from 'node:assert/strict';
import test from 'node:test';
import { compareCurations } from '../../src/analysis/curation-agreement';
import { agreementCsv, agreementLatex, agreementMarkdown } from '../../src/analysis/export/agreement';
import { diffTaxonomies } from '../../src/taxonomy/diff';
import { assignTopic, createTheme, deleteTheme, renameTheme, renameTopic, setIrrelevant } from '../../src/taxonomy/operations';
import type { Taxonomy } from '../../src/taxonomy/types';
import { mergeInBase, teamBase } from '../support/team-taxonomy';

const b = teamBase();
const base = b.taxonomy;
const T = b.topic;

/** The same curation with every theme given a new id and name, in reverse order. */
function relabelled(t: Taxonomy): Taxonomy {
  return { ...t, themes: [...t.themes].reverse().map((th, i) => ({ ...th, id: `th-0000000${i}`, name: `Group ${i}` })) };
}

test('a relabelled copy (new theme ids and names) aligns by overlap and agrees perfectly', () => {
  const r = compareCurations(base, relabelled(base));
  assert.equal(r.chunks.percent, 1);
  assert.equal(r.chunks.kappa, 1);
  assert.equal(r.chunks.alpha, 1);
  assert.equal(r.topics.kappa, 1);
  assert.deepEqual(r.alignment.filter((p) => p.how === 'overlap').map((p) => [p.a!.name, p.b!.name]), [['Environment', 'Group 1'], ['Society', 'Group 0']]);
  assert.deepEqual(r.disagreements, []);
  assert.equal(r.chunks.units, 32, 'every chunk, outliers included');
});

test('chunk and topic units, per-theme table and disagreements, checked by hand', () => {
  // B files trade (4 chunks) into Environment and marks school (6 chunks) irrelevant.
  const other = setIrrelevant(assignTopic(base, T[3], b.env), T[1], true);
  const r = compareCurations(base, other, { a: 'ana', b: 'ben' });
  // Chunks: 32 (30 in topics, 2 outliers), of which 10 disagree → 22/32. Topics: 6, of which 2 disagree.
  assert.equal(r.chunks.percent, 22 / 32);
  assert.equal(r.topics.percent, 4 / 6);
  const env = r.themes.find((x) => x.name === 'Environment')!;
  assert.deepEqual([env.both, env.onlyA, env.onlyB], [12, 0, 4]);
  const soc = r.themes.find((x) => x.name === 'Society')!;
  assert.deepEqual([soc.both, soc.onlyA, soc.onlyB], [5, 6, 0]);
  // Per-theme κ for Society by hand: both 5, only A 6, only B 0, neither 21 → p_o = 26/32,
  // p_e = (11/32)(5/32) + (21/32)(27/32) → κ = (p_o − p_e)/(1 − p_e).
  const po = 26 / 32, pe = (11 / 32) * (5 / 32) + (21 / 32) * (27 / 32);
  assert.ok(Math.abs(soc.kappa - (po - pe) / (1 - pe)) < 1e-12);
  assert.deepEqual(r.disagreements.map((d) => [d.topicId, d.chunks, d.a.name, d.b.name]), [[T[1], 6, 'Society', 'irrelevant'], [T[3], 4, 'unassigned', 'Environment']]);
  assert.deepEqual(r.disagreements[0].keywords.slice(0, 2), ['school', 'teachers']);
  assert.match(r.disagreements[0].excerpts[0], /^school teachers/);
  const md = agreementMarkdown(r);
  assert.match(md, /\| Chunks \| 32 \| 68\.8% \| /);
  assert.match(md, /- \*\*school, teachers, students\*\* \(t-[0-9a-f]{8}, 6 chunks\): ana → Society, ben → irrelevant/);
  assert.match(agreementCsv(r), /^level,theme,theme_id_a,theme_id_b,units,both,only_a,only_b,agreement,kappa,alpha\r\noverall,chunks,,,32,,,,0\.6875,/);
  assert.match(agreementCsv(r, 'disagreements'), /\r\nt-[0-9a-f]{8},"school, teachers, students",6,Society,irrelevant,/);
  assert.match(agreementLatex(r), /^Society & 5 & 6 & 0 & 0\.\d\d \\\\$/m);
});

test('topics merged on one side stay units, their chunks solved from the recorded sizes', () => {
  const merged = mergeInBase(b, base, [T[1], T[2]]); // school (6) absorbs health (5), both in Society
  const r = compareCurations(base, merged);
  assert.equal(r.topics.units, 6);
  assert.equal(r.chunks.units, 32);
  assert.equal(r.chunks.percent, 1);
  // Merged on both sides alike: one unit for both, sizes still add up.
  const both = compareCurations(merged, assignTopic(merged, T[3], b.env));
  assert.equal(both.chunks.units, 32);
  assert.equal(both.disagreements.length, 1);
});

test('two taxonomies of different runs are refused with a clear message', () => {
  const other = { ...base, run: { ...base.run, corpus: { ...base.run.corpus, fingerprint: 'f'.repeat(64) } } };
  assert.throws(() => compareCurations(base, other, { a: 'a.json', b: 'b.json' }),
    /^AgreementInputError: a\.json and b\.json are curations of different runs \(corpus [0-9a-f]{12}… vs ffffffffffff…\): agreement compares two curations of the same run/);
});

test('diff says what changed in sentences', () => {
  let next = renameTopic(base, T[1], 'Schools');
  next = renameTheme(next, b.society, 'People');
  next = assignTopic(next, T[3], b.env);
  next = setIrrelevant(next, T[2], true);
  next = createTheme(next, { name: 'Economy' });
  next = deleteTheme(next, b.env);
  next = mergeInBase(b, next, [T[0], T[5]]);
  const d = diffTaxonomies(base, next);
  assert.deepEqual(d.changes.map((c) => c.sentence), [
    `Theme "Environment" (${b.env}) removed; its 2 topics left it.`,
    `Theme "Society" (${b.society}) renamed to "People".`,
    `Theme "Economy" (${next.themes[1].id}) added.`,
    `Topic "farm, crops, rain" (${T[5]}) merged into "Climate" (${T[0]}).`,
    `Topic "school, teachers, students" (${T[1]}) renamed to "Schools".`,
    `Topic "health, hospital, doctors" (${T[2]}) marked irrelevant (taken out of theme "Society").`,
  ]);
  assert.deepEqual(diffTaxonomies(base, base).changes, []);
});
