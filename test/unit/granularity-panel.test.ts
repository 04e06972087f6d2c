// The panel's granularity control: the host's state for it (granularity-state.ts) and the webview part
// (webview/granularity-view.ts) in headless chromium — the collapsed sentence, the option table, Apply and Back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { computePrevalence } from '../../src/host/panel/state';
import { granularityState } from '../../src/host/panel/granularity-state';
import type { GranularityOption } from '../../src/pipeline/types';
import type { RunLayoutInfo } from '../../src/pipeline/run-layout';
import type { GranularityState, WebviewMessage } from '../../src/protocol';
import { makeFixture } from '../support/panel-fixture';
import { chromiumMissing, launchChromium, openPanel, startServer, type PanelServer } from '../support/webview-page';

const fx = makeFixture({});
const opt = (m: number, s: number, method: 'eom' | 'leaf', topics: number, largestShare: number): GranularityOption =>
  ({ minClusterSize: m, minSamples: s, method, topics, outlierShare: 0.3, largestShare, npmi: 0.25, diversity: 0.7 });
const OPTIONS = [opt(5, 5, 'eom', 40, 0.04), opt(5, 5, 'leaf', 43, 0.04), opt(10, 10, 'eom', 2, 0.97), opt(10, 10, 'leaf', 16, 0.06)];

function info(p: Partial<RunLayoutInfo> = {}): RunLayoutInfo {
  return {
    rows: fx.taxonomy.run.corpus.chunks, dim: 5, corpusFingerprint: fx.taxonomy.run.corpus.fingerprint,
    granularity: { options: OPTIONS, auto: 1, collapsed: false, topics: 12, largestShare: 0.1 },
    applied: { minClusterSize: 10, minSamples: 10, method: 'eom' }, ...p,
  };
}

test('host state: options, auto, applied and previous from the saved layout; collapsed judged on the taxonomy as it is', () => {
  const g = granularityState(info({ previous: { minClusterSize: 5, minSamples: 5, method: 'leaf' } }), fx.taxonomy)!;
  assert.equal(g.options.length, 4);
  assert.equal(g.auto, 1);
  assert.deepEqual(g.previous, { minClusterSize: 5, minSamples: 5, method: 'leaf' });
  assert.equal(g.collapsed, null, 'the fixture has 12 balanced topics');
  // Two topics, one holding most chunks: said in a sentence.
  const chunks = fx.taxonomy.run.corpus.chunks;
  const collapsed = { ...fx.taxonomy, topics: [{ ...fx.taxonomy.topics[0], size: Math.round(chunks * 0.9) }, fx.taxonomy.topics[1]] };
  assert.match(granularityState(info(), collapsed)!.collapsed ?? '', /^This map collapsed: 2 topics, the largest holding 90% of all chunks\./);
  // A layout of another run, or none: no control.
  assert.equal(granularityState(info({ corpusFingerprint: 'other' }), fx.taxonomy), null);
  assert.equal(granularityState(undefined, fx.taxonomy), null);
});

describe('granularity control in the webview', { skip: chromiumMissing() }, () => {
  let browser: Browser;
  let server: PanelServer;
  before(async () => {
    browser = await launchChromium();
    server = await startServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const state = (granularity: GranularityState) => ({
    type: 'state' as const,
    state: { folder: 'fixture-talks', taxonomyPath: 'taxonomy.json', taxonomy: fx.taxonomy, problems: [], prevalence: computePrevalence(fx.taxonomy), hasArtifact: true, granularity },
  });

  test('a collapsed map: the sentence, the open table with figures, auto and current marked; Apply and Back post the option', async () => {
    const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact });
    try {
      await p.page.waitForSelector('.topics-table tbody tr', { state: 'attached' });
      assert.equal(await p.page.locator('.granularity').isHidden(), true, 'no control without a saved layout');
      const collapsed = 'This map collapsed: 2 topics, the largest holding 97% of all chunks.';
      await p.send(state({ options: OPTIONS, auto: 1, applied: { minClusterSize: 10, minSamples: 10, method: 'eom' }, previous: null, collapsed }));
      await p.page.locator('.granularity-collapsed', { hasText: collapsed }).waitFor();
      const rows = p.page.locator('.granularity-table tbody tr');
      assert.equal(await rows.count(), OPTIONS.length);
      assert.match(await rows.nth(1).innerText(), /5\s+5\s+leaf\s+43\s+30%\s+4%\s+0\.250\s+0\.700\s+auto\s*Apply/);
      assert.match(await p.page.locator('.granularity-table tr.applied').innerText(), /10\s+10\s+eom\s+2\s.*current/);
      assert.equal(await p.page.locator('[data-key="granularity-back"]').count(), 0);
      const since = p.posted.length;
      await rows.nth(1).locator('button', { hasText: 'Apply' }).click();
      const m = await p.waitForPosted((x) => x.type === 'applyGranularity', since) as Extract<WebviewMessage, { type: 'applyGranularity' }>;
      assert.deepEqual(m.option, { minClusterSize: 5, minSamples: 5, method: 'leaf' });

      // The host applied it: the previous option is one click away.
      await p.send(state({ options: OPTIONS, auto: 1, applied: m.option, previous: { minClusterSize: 10, minSamples: 10, method: 'eom' }, collapsed: null }));
      await p.page.locator('.granularity-collapsed').waitFor({ state: 'detached' });
      const back = p.page.locator('[data-key="granularity-back"]');
      assert.match(await back.innerText(), /Back to min size 10, eom/);
      const before2 = p.posted.length;
      await back.click();
      const m2 = await p.waitForPosted((x) => x.type === 'applyGranularity', before2) as Extract<WebviewMessage, { type: 'applyGranularity' }>;
      assert.deepEqual(m2.option, { minClusterSize: 10, minSamples: 10, method: 'eom' });
    } finally {
      await p.close();
    }
  });
});
