// Suggestions through the real workbench, with VS Code's Language Model API served by a test extension's fake chat
// model (test/fixtures/fake-lm-extension): ask for labels from the panel, confirm the preview, accept one and reject
// one, see taxonomy.json change; a second round keeps the accepted label; propose themes and accept one.
// Standalone: node out/test/e2e/suggest-e2e.js (after npm run build and scripts/setup-e2e.sh).
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { FIXTURE_SETTINGS, fixtureWorkspace } from './fixtures';
import { REPO, log, runCommand, runStandalone, screenshot, startCodeServer, waitForFile, withPage } from './harness';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';

function read(file: string): Taxonomy | null {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')) as Taxonomy; } catch { return null; }
}

/** The modal preview ("Send N requests to …?"), or VS Code's own consent dialog for the model: answer yes. */
async function confirmDialogs(page: Page, until: () => boolean, timeoutMs = 60000): Promise<string[]> {
  const seen: string[] = [];
  const end = Date.now() + timeoutMs;
  while (!until() && Date.now() < end) {
    const dialog = page.locator('.monaco-dialog-box');
    if (await dialog.isVisible().catch(() => false)) {
      const text = (await dialog.locator('.dialog-message-text').textContent().catch(() => '')) ?? '';
      seen.push(text);
      const yes = dialog.locator('.dialog-buttons a.monaco-button, .dialog-buttons button', { hasText: /^(Send|Allow|Replace)$/ }).first();
      await yes.click();
    }
    await page.waitForTimeout(200);
  }
  return seen;
}

export async function suggestTest(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const fakeLog = path.join(fs.mkdtempSync(path.join(REPO, '.vscode-test', 'results-')), 'fake-lm.log');
  const cs = await startCodeServer({
    name: 'suggest',
    settings: {
      ...FIXTURE_SETTINGS, 'workbench.colorTheme': 'Default Dark Modern',
      // The Language Model API only offers models while AI features are on.
      'chat.disableAIFeatures': false,
      'literatureMap.suggestions.provider': 'vscode', 'literatureMap.suggestions.model': 'fake-model',
    },
    extensions: [
      { id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO },
      { id: 'literature-map-tests.fake-lm-0.0.1', dir: path.join(REPO, 'test', 'fixtures', 'fake-lm-extension') },
    ],
    env: { LM_FAKE_LOG: fakeLog },
  });
  const requests = () => (fs.existsSync(fakeLog) ? fs.readFileSync(fakeLog, 'utf8').trim().split('\n').filter(Boolean).length : 0);
  await withPage(cs, 'e2e-suggest', async (page) => {
    const ws = fixtureWorkspace('suggest');
    const file = path.join(ws, 'taxonomy.json');
    const settings = resolveSettings({ chunkTokens: 40, hdbscan: { minClusterSize: 5 }, umap: { nNeighbors: 10 }, embedding: { backend: 'lsa' } });
    const first = taxonomyFromRun(await runTopicModel({ kind: 'folder', root: ws }, settings)).taxonomy;
    fs.writeFileSync(file, serializeTaxonomy(first));
    log(`suggest: taxonomy with ${first.topics.length} topics`);

    await page.goto(cs.url(ws));
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    await runCommand(page, 'Literature Map: Open Panel');
    const frame: FrameLocator = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await frame.locator('.topics-table tbody tr').first().waitFor({ timeout: 30000 });
    await frame.locator('[data-key="tab-suggestions"]').click();
    await frame.locator('vscode-button[data-key="suggest-labels"]').click();
    const dialogs = await confirmDialogs(page, () => !!read(file)?.topics.some((t) => t.suggestions?.length));
    log(`suggest: dialogs answered: ${JSON.stringify(dialogs)}`);
    if (!dialogs.some((d) => /^Send \d+ requests? to Fake Model/.test(d))) throw new Error(`no preview before sending: ${JSON.stringify(dialogs)}`);
    await waitForFile(file, (t) => (JSON.parse(t) as Taxonomy).topics.every((tp) => tp.irrelevant || tp.suggestions?.length), 60000);
    const withSuggestions = read(file)!;
    const sentFirst = requests();
    log(`suggest: ${sentFirst} requests; every topic has a suggestion`);
    const [a, b] = withSuggestions.topics;
    if (a.suggestions![0].provenance.provider !== 'vscode-lm' || !/fake-model/.test(a.suggestions![0].provenance.model)) throw new Error(`provenance: ${JSON.stringify(a.suggestions![0].provenance)}`);
    await frame.locator(`[data-key="sugg-${a.id}-0"]`).waitFor({ timeout: 15000 });
    await screenshot(page, 'e2e-suggestions-proposals');

    await frame.locator(`vscode-button[data-key="sugg-${a.id}-0-accept"]`).click();
    await waitForFile(file, (t) => (JSON.parse(t) as Taxonomy).topics[0].label === a.suggestions![0].label, 15000);
    await frame.locator(`vscode-button[data-key="sugg-${b.id}-0-reject"]`).click();
    await waitForFile(file, (t) => (JSON.parse(t) as Taxonomy).topics[1].suggestions?.[0].status === 'rejected', 15000);
    const decided = read(file)!;
    if (!decided.topics[0].customLabel || decided.topics[0].suggestions![0].status !== 'accepted') throw new Error('accept did not write the label');
    if (decided.topics[1].label !== b.label) throw new Error('reject changed the label');
    log('suggest: accepted one (label written), rejected one (label unchanged)');

    // A second round over all topics: answers come from the cache, nothing is sent, the accepted label stays.
    await frame.locator('select.scope').selectOption('all');
    await frame.locator('vscode-button[data-key="suggest-labels"]').click();
    await frame.locator('vscode-button[data-key="suggest-labels"]:not([disabled])').waitFor({ timeout: 30000 });
    await confirmDialogs(page, () => false, 3000);
    const after = read(file)!;
    if (after.topics[0].label !== a.suggestions![0].label) throw new Error('a second round replaced the accepted label');
    if (requests() !== sentFirst) throw new Error(`the second round sent ${requests() - sentFirst} requests; expected the cache to answer`);
    log('suggest: second round served from the cache; the accepted label survived');

    await frame.locator('vscode-button[data-key="suggest-themes"]').click();
    await confirmDialogs(page, () => !!read(file)?.themeSuggestions?.length);
    await waitForFile(file, (t) => !!(JSON.parse(t) as Taxonomy).themeSuggestions?.length, 30000);
    const proposed = read(file)!;
    const themeA = proposed.themeSuggestions!.find((s) => s.name === 'Fake theme A')!;
    await frame.locator(`[data-key="prop-${themeA.id}"]`).waitFor({ timeout: 15000 });
    await screenshot(page, 'e2e-suggestions-themes');
    await frame.locator(`vscode-button[data-key="prop-${themeA.id}-accept"]`).click();
    await waitForFile(file, (t) => (JSON.parse(t) as Taxonomy).themes.some((th) => th.name === 'Fake theme A'), 15000);
    log('suggest: proposed theme accepted into taxonomy.json');
  });
}

if (require.main === module) runStandalone('suggest', suggestTest);
