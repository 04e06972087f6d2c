// Parity with the Python hdbscan package (0.8.33) on BERTopic's 5-d UMAP output of the SOTU reference (committed
// fixture, so this runs without ../shared): the partition of the exact-MST run, BERTopic's default run, and the
// membership probabilities. Also the regression guard for issue 7: the MST is built from a k-d tree, not from all
// n²/2 pairs (counted, not timed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hdbscan, renumberBySize } from '../../src/pipeline/hdbscan';
import { adjustedRandIndex } from '../../src/pipeline/ari';

const FIX = path.resolve(process.cwd(), 'test/fixtures/sotu');

function load() {
  const buf = fs.readFileSync(path.join(FIX, 'umap5d.f32'));
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const exact = JSON.parse(fs.readFileSync(path.join(FIX, 'assignments-exact-mst.json'), 'utf8')) as { topics: number[]; probabilities: number[] };
  const bertopic = JSON.parse(fs.readFileSync(path.join(FIX, 'assignments.json'), 'utf8')) as { topics: number[] };
  return { X: { data, rows: data.length / 5, dim: 5 }, exact, bertopic };
}

test('hdbscan reproduces hdbscan 0.8.33 on the 15,038 × 5 SOTU reference (min_cluster_size 15)', { timeout: 60_000 }, () => {
  const { X, exact, bertopic } = load();
  assert.equal(X.rows, 15038);
  const res = hdbscan(X, { minClusterSize: 15 });
  const labels = renumberBySize(res.labels);
  const ariExact = adjustedRandIndex(labels, exact.topics);
  const ariBertopic = adjustedRandIndex(labels, bertopic.topics);
  const clusters = Math.max(...labels) + 1;
  const outliers = labels.filter((l) => l === -1).length / labels.length;
  console.log(`hdbscan parity: ARI ${ariExact.toFixed(4)} vs exact MST, ${ariBertopic.toFixed(4)} vs BERTopic; ` +
    `${clusters} clusters, ${(outliers * 100).toFixed(1)}% outliers; ${res.stats.distanceEvaluations} distance evaluations`);
  assert.ok(ariExact >= 0.97, `ARI vs exact-MST reference ${ariExact}`);
  assert.ok(ariBertopic >= 0.9, `ARI vs BERTopic's assignments ${ariBertopic}`);
  assert.equal(clusters, 92);

  // Where the label agrees the probability should be hdbscan's to float32 precision.
  let agree = 0, close = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== exact.topics[i]) continue;
    agree++;
    if (Math.abs(res.probabilities[i] - exact.probabilities[i]) < 1e-5) close++;
  }
  assert.ok(agree / labels.length >= 0.995, `labels agree on ${agree} of ${labels.length}`);
  assert.ok(close / agree >= 0.995, `probabilities match on ${close} of ${agree} agreeing points`);

  // Regression guard (issue 7): kNN + Borůvka touch a small fraction of the n²/2 pairs an O(n²) MST would.
  const n = X.rows;
  assert.ok(res.stats.distanceEvaluations < (n * n) / 20, `${res.stats.distanceEvaluations} distance evaluations`);
});
