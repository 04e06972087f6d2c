// The panel's Compare tab in headless chromium: a "Compare with…" result arrives, the tab opens with the changes, the
// agreement and the disagreements; labels (untrusted) show as text; the tab's button asks the host to compare again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildComparison } from '../../src/analysis/comparison';
import { assignTopic, renameTheme, setIrrelevant } from '../../src/taxonomy/operations';
import { INJECTION_TEXT, makeFixture } from '../support/panel-fixture';
import { chromiumMissing, openPanel, usePanelBrowser } from '../support/webview-page';

const skip = chromiumMissing();
const fx = makeFixture({ injection: true });

describe('Literature Map webview: Compare tab', { skip }, () => {
  const chromium = usePanelBrowser();

  test('shows the comparison, hostile labels as text, and asks the host to compare again', async () => {
    const t = fx.taxonomy;
    // The colleague: another theme name, one topic filed elsewhere, one marked irrelevant.
    let other = renameTheme(t, t.themes[0].id, INJECTION_TEXT.slice(0, 40));
    other = assignTopic(other, t.themes[0].topics[0], t.themes[1].id);
    other = setIrrelevant(other, t.themes[1].topics[0], true);
    const comparison = buildComparison(t, other, 'colleague:taxonomy.json');
    const p = await openPanel(chromium.browser(), chromium.server(), { taxonomy: t, artifact: fx.artifact, uiState: { tab: 'topics' } });
    try {
      await p.page.waitForSelector('.topics-table tbody tr', { state: 'attached' });
      await p.send({ type: 'comparison', comparison });
      await p.page.waitForSelector('.compare-view .agreement-table tbody tr');
      assert.match(await p.page.locator('vscode-tab-header[active]').innerText(), /Compare/i);
      const changes = await p.page.locator('.compare-view .change-list li').allTextContents();
      assert.deepEqual(changes, comparison.changes.map((c) => c.sentence));
      assert.ok(changes.some((c) => c.includes('<script>')), 'a hostile theme name is shown as text');
      const rows = await p.page.locator('.compare-view .agreement-table tbody tr').allInnerTexts();
      assert.equal(rows.length, 2);
      assert.match(rows[0], /^Chunks\s+600\s+\d+\.\d%\s+0\.\d{3}\s+0\.\d{3}$/);
      assert.equal(await p.page.locator('.compare-view li.disagreement').count(), 2);
      const r = await p.page.evaluate(() => ({
        injected: (window as unknown as { __injected?: number }).__injected,
        scripts: document.querySelectorAll('script').length,
        imgs: document.querySelectorAll('img').length,
      }));
      assert.deepEqual(r, { injected: undefined, scripts: 1, imgs: 0 });
      const since = p.posted.length;
      await p.page.locator('vscode-button[data-key="compare-with"]').click();
      await p.waitForPosted((m) => m.type === 'compareWith', since);
    } finally {
      await p.close();
    }
  });
});
