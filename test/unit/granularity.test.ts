// The granularity sweep and `auto`: the sweep's clusterings are hdbscan()'s, its figures track the exact describe,
// it is deterministic, the auto rule does what docs/granularity.md says, and on a folder that collapses under the
// fixed default (issue 15's case) `auto` gives a usable map and the run says it collapsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hdbscan, renumberBySize } from '../../src/pipeline/hdbscan';
import { hdbscanSweep } from '../../src/pipeline/hdbscan/sweep';
import { AUTO_RULE, betterOptions, chooseAuto, granularityGrid, isCollapsed, keepChosenGranularity, parseClusterOption, sweepGranularity } from '../../src/pipeline/granularity';
import { FigureContext } from '../../src/pipeline/topic-figures';
import { describeLabels } from '../../src/pipeline/topics-from-layout';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import type { GranularityOption, Matrix, RunResult } from '../../src/pipeline/types';
import { PipelineError } from '../../src/pipeline/errors';
import { appliedOption, saveRunLayout } from '../../src/pipeline/run-layout';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { encodeArtifact } from '../../src/taxonomy/artifact-codec';
import { reconcile } from '../../src/taxonomy/reconcile';
import { renameTopic } from '../../src/taxonomy/operations';
import { makeCollapsedCorpus } from '../support/collapsed-corpus';

const FIX = path.resolve(__dirname, '../../../test/fixtures/sotu');

function referenceLayout(rows?: number): Matrix {
  const buf = fs.readFileSync(path.join(FIX, 'umap5d.f32'));
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const n = rows ?? data.length / 5;
  return { data: data.subarray(0, n * 5), rows: n, dim: 5 };
}

test('every option of the sweep is exactly hdbscan() with the same parameters', () => {
  const X = referenceLayout(6000);
  const grid = granularityGrid(X.rows).filter((o) => [5, 10, 15, 50].includes(o.minClusterSize));
  assert.ok(grid.some((o) => o.minSamples !== Math.min(o.minClusterSize, 10)), 'the grid has a second min_samples');
  const swept = hdbscanSweep(X, grid);
  for (const s of swept) {
    const want = hdbscan(X, { minClusterSize: s.option.minClusterSize, minSamples: s.option.minSamples, method: s.option.method }).labels;
    assert.deepEqual(s.labels, want, JSON.stringify(s.option));
  }
});

test('the grid spans minimum sizes 5 … 3% of the chunks, both selections, min_samples ≤ 10', () => {
  const grid = granularityGrid(15038);
  const sizes = [...new Set(grid.map((o) => o.minClusterSize))];
  assert.equal(sizes[0], 5);
  assert.ok(Math.max(...sizes) <= 15038 * 0.03 && Math.max(...sizes) >= 300);
  assert.deepEqual([...new Set(grid.map((o) => o.method))].sort(), ['eom', 'leaf']);
  assert.ok(new Set(grid.map((o) => o.minSamples)).size <= 3, 'at most three MSTs');
  assert.ok(granularityGrid(700).every((o) => o.minClusterSize <= 21 || o.minClusterSize === 10));
});

test('the sweep is deterministic', () => {
  const X = referenceLayout(3000);
  const words = ['tariff', 'gold', 'silver', 'indian', 'tribes', 'mail', 'postal', 'army', 'navy', 'war', 'peace', 'tax'];
  // Synthetic texts keyed to the layout's clusters would be circular; any fixed texts do for determinism.
  const docs = Array.from({ length: X.rows }, (_, i) => `${words[i % 12]} ${words[(i * 7) % 12]} ${words[(i * 5) % 11]} policy`);
  const a = sweepGranularity(X, docs, { ngramRange: [1, 2], minDf: 2 });
  const b = sweepGranularity(X, docs.slice(), { ngramRange: [1, 2], minDf: 2 });
  assert.deepEqual(a.options, b.options);
  assert.equal(a.auto, b.auto);
});

function option(p: Partial<GranularityOption>): GranularityOption {
  return { minClusterSize: 10, minSamples: 10, method: 'eom', topics: 20, outlierShare: 0.3, largestShare: 0.1, npmi: 0.2, diversity: 0.7, ...p };
}

test('auto: best NPMI × coverage × balance among options with ≥ 5 topics and no topic over a third', () => {
  const options = [
    option({ minClusterSize: 5, topics: 2, largestShare: 0.97, outlierShare: 0, npmi: 0.5 }), // collapsed: excluded
    option({ minClusterSize: 8, topics: 12, largestShare: 0.4, outlierShare: 0.05, npmi: 0.4 }), // over a third: excluded
    option({ minClusterSize: 10, topics: 30, largestShare: 0.05, outlierShare: 0.4, npmi: 0.25 }), // 0.1425
    option({ minClusterSize: 15, topics: 25, largestShare: 0.08, outlierShare: 0.3, npmi: 0.23 }), // 0.1481
    option({ minClusterSize: 20, topics: 4, largestShare: 0.3, outlierShare: 0.1, npmi: 0.3 }), // too few topics
  ];
  assert.equal(chooseAuto(options), 3);
  // Nothing qualifies: the option whose largest topic is smallest.
  assert.equal(chooseAuto([options[0], options[1], options[4]]), 2);
  assert.ok(isCollapsed(options[0]) && isCollapsed(options[4]) && !isCollapsed(options[3]));
  assert.deepEqual(betterOptions(options, 2).map((o) => o.minClusterSize), [15, 10]);
});

test('sweep figures track the exact describe and score of the same labelling', () => {
  const X = referenceLayout(4000);
  const words = 'economy tariff currency gold silver banks indian tribes mail postal army navy treaty mexico slavery union'.split(' ');
  // Texts that follow the layout's clusters, so c-TF-IDF has something to find.
  const labels = renumberBySize(hdbscan(X, { minClusterSize: 15 }).labels);
  const texts = Array.from(labels, (l, i) => {
    const w = (k: number) => words[(Math.max(0, l) * 3 + k + (i % 2)) % words.length];
    return `${w(0)} ${w(1)} ${w(2)} policy ${w(0)} ${words[i % words.length]}`;
  });
  const fast = new FigureContext(texts, { ngramRange: [1, 2], minDf: 2 }).figures(labels);
  const chunks = texts.map((text, i) => ({ id: `c${i}`, source: `s${i % 7}`, index: i, text, textHash: '', lineStart: 1, lineEnd: 1 }));
  const exact = describeLabels(texts, chunks, labels, undefined, resolveSettings({ representation: { representativeCount: 0 } }));
  assert.equal(fast.topics, exact.topics.length);
  assert.ok(Math.abs(fast.npmi - exact.quality.npmi) < 0.02, `${fast.npmi} vs ${exact.quality.npmi}`);
  assert.ok(Math.abs(fast.diversity - exact.quality.diversity) < 0.05, `${fast.diversity} vs ${exact.quality.diversity}`);
  assert.ok(Math.abs(fast.outlierShare - exact.quality.outlierShare) < 1e-4);
});

// Issue 15's folder: 24 addresses from 24 decades, LSA. Two runs of ~3 s each.
let collapsedDir: string;
let fixed: RunResult;
let auto: RunResult;
test('a folder that collapses under min topic size 10: the run says so and lists better options', async () => {
  collapsedDir = makeCollapsedCorpus();
  fixed = await runTopicModel({ kind: 'folder', root: collapsedDir }, resolveSettings({ embedding: { backend: 'lsa' }, hdbscan: { minClusterSize: 10 } }));
  const sizes = fixed.topics.map((t) => t.size);
  assert.ok(fixed.chunks.length >= 650 && fixed.chunks.length <= 800, `${fixed.chunks.length} chunks`);
  assert.ok(sizes.length < 5 || sizes[0] > 0.5 * fixed.chunks.length, `collapsed: ${sizes}`);
  const g = fixed.granularity;
  assert.ok(g, 'the collapsed run carries the sweep');
  assert.equal(g.collapsed, true);
  assert.ok(betterOptions(g.options).length >= 3);
  // An explicit number is BERTopic's exact behaviour: nothing chosen, nothing recorded.
  assert.equal(fixed.meta.settings.hdbscan.minClusterSize, 10);
  assert.equal(fixed.meta.settings.hdbscan.auto, undefined);
  assert.ok(fixed.layout && fixed.layout.length === fixed.chunks.length * 5);
});

test('auto on the collapsed folder: ≥ 8 topics, the largest ≤ 35% of chunks, outliers ≤ 45%; choice and rule recorded', async () => {
  auto = await runTopicModel({ kind: 'folder', root: collapsedDir }, resolveSettings({ embedding: { backend: 'lsa' }, hdbscan: { minClusterSize: 'auto' } }));
  const n = auto.chunks.length;
  assert.ok(auto.topics.length >= 8, `${auto.topics.length} topics`);
  assert.ok(auto.topics[0].size <= 0.35 * n, `largest ${auto.topics[0].size} of ${n}`);
  assert.ok(auto.quality.outlierShare <= 0.45, `outliers ${auto.quality.outlierShare}`);
  const rec = auto.meta.settings.hdbscan;
  assert.equal(rec.minClusterSize, 'auto');
  assert.equal(rec.auto?.rule, AUTO_RULE);
  const pick = auto.granularity!.options[auto.granularity!.auto];
  assert.deepEqual({ m: rec.auto?.minClusterSize, s: rec.auto?.minSamples, method: rec.auto?.method }, { m: pick.minClusterSize, s: pick.minSamples, method: pick.method });
  assert.equal(auto.topics.length, pick.topics);
  // The sweep's fast figures against the exact describe of the same clustering, on real text.
  assert.ok(Math.abs(pick.npmi - auto.quality.npmi) < 0.01, `NPMI sweep ${pick.npmi} vs exact ${auto.quality.npmi}`);
  assert.ok(Math.abs(pick.diversity - auto.quality.diversity) < 0.02, `diversity sweep ${pick.diversity} vs exact ${auto.quality.diversity}`);
  assert.ok(Math.abs(pick.outlierShare - auto.quality.outlierShare) < 1e-4);
  assert.equal(auto.granularity!.collapsed, false);
  // The same layout as the fixed run: only the clustering differs.
  assert.deepEqual(auto.layout, fixed.layout);
  fs.rmSync(collapsedDir, { recursive: true, force: true });
});

test('changing the granularity of a saved run gives exactly the full run with that option, and the curation follows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-regranulate-'));
  try {
    const built = taxonomyFromRun(fixed);
    fs.writeFileSync(path.join(dir, 'artifact.lmrun'), await encodeArtifact(built.artifact));
    const applied = appliedOption(fixed.meta.settings.hdbscan)!;
    await saveRunLayout(dir, fixed.layout!, { rows: fixed.chunks.length, dim: 5, corpusFingerprint: fixed.meta.corpusFingerprint, applied, granularity: fixed.granularity });
    const pick = auto.granularity!.options[auto.granularity!.auto];
    const input = { kind: 'layout' as const, dir, artifactFile: path.join(dir, 'artifact.lmrun'), sources: fixed.sources, embedding: fixed.meta.embedding, option: pick };
    const settings = resolveSettings({ embedding: { backend: 'lsa' } });
    const again = await runTopicModel(input, settings);
    assert.deepEqual(again.assignments, auto.assignments);
    assert.deepEqual(again.topics, auto.topics);
    assert.deepEqual(again.coords2d, fixed.coords2d, 'the map is the run’s, not a new layout');
    assert.deepEqual(appliedOption(again.meta.settings.hdbscan), { minClusterSize: pick.minClusterSize, minSamples: pick.minSamples, method: pick.method });
    assert.equal(again.granularity?.collapsed, false);
    assert.deepEqual(again.granularity?.options, fixed.granularity!.options, 'the saved sweep is reused');

    // The researcher's label on the big topic follows it through the reconcile rule.
    const curated = renameTopic(built.taxonomy, built.taxonomy.topics[0].id, 'Curated label');
    const next = reconcile(curated, built.artifact, taxonomyFromRun(again));
    const carrier = next.taxonomy.topics.find((t) => t.label === 'Curated label');
    assert.ok(carrier && carrier.customLabel, 'the curated label survives on a matched topic');
    assert.equal(next.taxonomy.topics.length, again.topics.length);

    // A layout from another run is refused with a message, never used.
    await saveRunLayout(dir, fixed.layout!, { rows: fixed.chunks.length, dim: 5, corpusFingerprint: 'other', applied });
    await assert.rejects(runTopicModel(input, settings), (e: Error) => e instanceof PipelineError && /another run/.test(e.message));
    fs.rmSync(path.join(dir, 'layout.f32'));
    await assert.rejects(runTopicModel(input, settings), (e: Error) => e instanceof PipelineError && /re-run the map once/.test(e.message));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('settings that need the embeddings themselves are refused by a granularity change, with the reason', async () => {
  const settings = resolveSettings({ representation: { keybert: true } });
  const input = { kind: 'layout' as const, dir: os.tmpdir(), artifactFile: 'none.json', sources: [], embedding: { backend: 'lsa' as const, model: 'm', dim: 1 }, option: { minClusterSize: 5, minSamples: 5, method: 'eom' as const } };
  await assert.rejects(runTopicModel(input, settings), (e: Error) => e instanceof PipelineError && /need the embeddings/.test(e.message));
});

test('a granularity request from the panel is taken only as a well-formed HDBSCAN option', () => {
  assert.deepEqual(parseClusterOption({ minClusterSize: 15, minSamples: 5, method: 'leaf', topics: 9 }), { minClusterSize: 15, minSamples: 5, method: 'leaf' });
  for (const bad of [null, 'x', {}, { minClusterSize: 1, minSamples: 5, method: 'eom' }, { minClusterSize: 5.5, minSamples: 5, method: 'eom' },
    { minClusterSize: 5, minSamples: 0, method: 'eom' }, { minClusterSize: 5, minSamples: 5, method: 'dbscan' }]) {
    assert.equal(parseClusterOption(bad), undefined, JSON.stringify(bad));
  }
});

test('a re-run with minimum size auto keeps a granularity chosen in the panel; a number in the settings wins', () => {
  const auto = resolveSettings({ hdbscan: { minClusterSize: 'auto' } });
  const chosen = { hdbscan: { minClusterSize: 15, minSamples: 5, method: 'leaf', epsilon: 0, chosenIn: 'panel' } };
  const kept = keepChosenGranularity(auto, chosen);
  assert.deepEqual(kept.kept, { minClusterSize: 15, minSamples: 5, method: 'leaf' });
  assert.deepEqual({ ...kept.settings.hdbscan }, { minClusterSize: 15, minSamples: 5, method: 'leaf', epsilon: 0, chosenIn: 'panel' });
  assert.equal(keepChosenGranularity(resolveSettings({ hdbscan: { minClusterSize: 10 } }), chosen).kept, undefined);
  // Not chosen in the panel (auto's own pick, or a number from the settings), or a hand-edited value that is no option.
  assert.equal(keepChosenGranularity(auto, { hdbscan: { minClusterSize: 15, minSamples: 5, method: 'leaf' } }).kept, undefined);
  assert.equal(keepChosenGranularity(auto, { hdbscan: { minClusterSize: 'big', method: 'leaf', chosenIn: 'panel' } }).kept, undefined);
  assert.equal(keepChosenGranularity(auto, undefined).settings, auto);
});
