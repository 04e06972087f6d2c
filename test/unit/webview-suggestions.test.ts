// The Suggestions tab in headless chromium: open suggestions beside the current label with their evidence and
// provenance, accept (as edited) / reject, per-topic and whole-theme decisions, model text kept as text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { WebviewMessage } from '../../src/protocol';
import type { SuggestionProvenance, Taxonomy } from '../../src/taxonomy/types';
import { INJECTION_TEXT, makeFixture } from '../support/panel-fixture';
import { chromiumMissing, launchChromium, openPanel, startServer, type PanelServer } from '../support/webview-page';

const skip = chromiumMissing();

const provenance: SuggestionProvenance = {
  provider: 'openai-compatible', endpoint: 'localhost:11434', model: 'llama3.1:8b', modelVersion: 'sha256:abc',
  parameters: { temperature: 0, seed: 42, maxTokens: 300 }, template: 'label-v1', promptHash: 'b'.repeat(64),
  chunks: [], keywords: [], tokens: { prompt: 812, completion: 41 }, at: '2026-12-03T10:00:00.000Z',
};

function withSuggestions(): Taxonomy {
  const { taxonomy } = makeFixture({ topics: 8 });
  const topics = taxonomy.topics.map((tp, i) => (i === 0
    ? { ...tp, suggestions: [{ label: 'Evaluation of model quality', description: 'How teams test outputs.', quote: 'we evaluate every release', flags: [], status: 'pending' as const, provenance }] }
    : i === 1
      ? { ...tp, customLabel: true, label: 'My label', suggestions: [{ label: INJECTION_TEXT, description: '', quote: 'made up', flags: ['quote-not-found' as const], status: 'pending' as const, provenance }] }
      : tp));
  const themeSuggestions = [{
    id: 'ts-0000abcd', name: 'Building with models', description: 'Engineering practice.', topics: [topics[2].id, topics[3].id],
    status: 'pending' as const, provenance: { ...provenance, template: 'themes-v1' },
  }];
  return { ...taxonomy, topics, themeSuggestions };
}

describe('Suggestions tab', { skip }, () => {
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

  test('shows open suggestions with evidence and provenance; accept (edited), reject, theme decisions post the right actions', async () => {
    const taxonomy = withSuggestions();
    const p = await openPanel(browser, server, { taxonomy, uiState: { tab: 'suggestions' } });
    try {
      await p.page.waitForSelector('.suggestion-table tbody tr');
      assert.equal(await p.page.locator('.suggestion-row').count(), 2);
      const first = p.page.locator(`[data-key="sugg-${taxonomy.topics[0].id}-0"]`);
      assert.match(await first.innerText(), /“we evaluate every release”/);
      assert.match(await first.innerText(), /llama3\.1:8b \(sha256:abc\) via localhost:11434 · label-v1 · temperature 0 · 812\+41 tokens/);
      // Model output is text, never markup.
      const second = p.page.locator(`[data-key="sugg-${taxonomy.topics[1].id}-0"]`);
      assert.equal(await second.locator('input.edit-label').inputValue(), INJECTION_TEXT);
      assert.equal(await p.page.evaluate(() => (window as unknown as { __injected?: number }).__injected), undefined);
      assert.match(await second.innerText(), /quote not found in the cited excerpt/);
      assert.match(await second.innerText(), /yours/);

      let since = p.posted.length;
      await first.locator('input.edit-label').fill('Evaluating model quality');
      await p.page.click(`[data-key="sugg-${taxonomy.topics[0].id}-0-accept"]`);
      const accepted = await p.waitForPosted((m) => m.type === 'acceptLabelSuggestion', since) as Extract<WebviewMessage, { type: 'acceptLabelSuggestion' }>;
      assert.deepEqual([accepted.topicId, accepted.index, accepted.editedLabel], [taxonomy.topics[0].id, 0, 'Evaluating model quality']);

      since = p.posted.length;
      await p.page.click(`[data-key="sugg-${taxonomy.topics[1].id}-0-reject"]`);
      const rejected = await p.waitForPosted((m) => m.type === 'rejectLabelSuggestion', since) as Extract<WebviewMessage, { type: 'rejectLabelSuggestion' }>;
      assert.equal(rejected.topicId, taxonomy.topics[1].id);

      const proposal = p.page.locator('[data-key="prop-ts-0000abcd"]');
      assert.match(await proposal.innerText(), /Building with models/i);
      since = p.posted.length;
      await proposal.getByRole('button', { name: `Accept ${taxonomy.topics[2].label} in Building with models` }).click();
      const one = await p.waitForPosted((m) => m.type === 'acceptThemeSuggestion', since) as Extract<WebviewMessage, { type: 'acceptThemeSuggestion' }>;
      assert.deepEqual([one.suggestionId, one.topicId], ['ts-0000abcd', taxonomy.topics[2].id]);
      since = p.posted.length;
      await p.page.click('[data-key="prop-ts-0000abcd-reject"]');
      const whole = await p.waitForPosted((m) => m.type === 'rejectThemeSuggestion', since) as Extract<WebviewMessage, { type: 'rejectThemeSuggestion' }>;
      assert.equal(whole.topicId, undefined);

      since = p.posted.length;
      await p.page.click('[data-key="suggest-labels"]');
      const ask = await p.waitForPosted((m) => m.type === 'suggest', since) as Extract<WebviewMessage, { type: 'suggest' }>;
      assert.equal(ask.labels, 'unlabelled');

      fs.mkdirSync('shots', { recursive: true });
      for (const theme of ['dark', 'light'] as const) {
        const q = theme === 'dark' ? p : await openPanel(browser, server, { taxonomy, uiState: { tab: 'suggestions' }, theme });
        await q.page.waitForSelector('.suggestion-table tbody tr');
        await q.page.evaluate(() => document.fonts.ready);
        await q.page.screenshot({ path: `shots/panel-${theme}-suggestions.png` });
        if (q !== p) await q.close();
      }
    } finally {
      await p.close();
    }
  });
});
