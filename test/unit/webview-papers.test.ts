// Issue 16 in the panel (headless chromium, the built dist/webview.js): an excerpt whose source is a paper — a record
// of a bibliographic export — is named by its first author, year and title, not by "file#key:line"; clicking it still
// asks the host to open that source at the record's lines (the host resolves the export file).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeFixture } from '../support/panel-fixture';
import { chromiumMissing, launchChromium, openPanel, startServer, type PanelServer } from '../support/webview-page';

const skip = chromiumMissing();

describe('Literature Map webview: papers', { skip }, () => {
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

  test('a paper excerpt shows "Family et al. (year) Title"; a click posts openChunk for the record', async () => {
    const fx = makeFixture();
    const topic = fx.taxonomy.topics[3];
    const ref = topic.representative[0];
    const src = fx.taxonomy.sources.find((s) => s.path === ref.source)!;
    src.record = { file: 'refs/scopus.ris', lines: [ref.lines[0], ref.lines[1]], key: 'smith2019deep', title: 'Deep <b>review</b> of prompts', authors: ['Smith, J.', 'Jones, K.', 'Lee, M.'], year: 2019, keywords: [] };
    const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact, uiState: { tab: 'topics' } });
    try {
      await p.page.waitForSelector('.topics-table tbody tr', { state: 'attached' });
      await p.page.click(`tr[data-topic="${topic.id}"]`);
      await p.page.waitForSelector('.topic-detail .excerpt');
      const first = p.page.locator('.topic-detail .excerpt').first();
      assert.equal((await first.locator('.excerpt-source').innerText()).trim(), 'Smith et al. (2019) Deep <b>review</b> of prompts', 'the title as text, markup and all');
      assert.equal(await first.getAttribute('title'), `Open refs/scopus.ris at line ${ref.lines[0]}`);
      assert.equal(await p.page.locator('.topic-detail .excerpt-source b').count(), 0, 'no element made from the title');
      const since = p.posted.length;
      await first.click();
      const open = await p.waitForPosted((m) => m.type === 'openChunk', since);
      assert.equal(open.type === 'openChunk' && open.loc.source, ref.source);
      assert.equal(open.type === 'openChunk' && open.loc.lineStart, ref.lines[0]);
    } finally {
      await p.close();
    }
  });
});
