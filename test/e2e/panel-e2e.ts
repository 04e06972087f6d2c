// The Literature Map panel through the real workbench (code-server): map a fixture folder, open the panel, create a
// theme and drag a topic onto it, and see both edits reach taxonomy.json; screenshots of the panel in the dark and the
// light theme. Standalone: node out/test/e2e/panel-e2e.js (after npm run build and scripts/setup-e2e.sh).
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { FIXTURE_SETTINGS, fixtureWorkspace } from './fixtures';
import { REPO, log, reloadWindow, runCommand, runStandalone, screenshot, startCodeServer, waitForFile, withPage } from './harness';

interface TaxonomyLike { topics: Array<{ id: string; label: string }>; themes: Array<{ id: string; name: string; topics: string[] }> }

function readTaxonomy(text: string): TaxonomyLike | null {
  try { return JSON.parse(text) as TaxonomyLike; } catch { return null; }
}

/** To the preferred light theme (Light Modern). The palette's theme picker is not used: offline, typing into it turns
 *  into a marketplace search. */
async function toLightTheme(page: Page): Promise<void> {
  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
  await page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs'), undefined, { timeout: 20000 });
  await page.waitForTimeout(500);
}

export async function panelTest(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const cs = await startCodeServer({ name: 'panel', settings: { ...FIXTURE_SETTINGS, 'workbench.colorTheme': 'Default Dark Modern' }, extensions: [{ id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO }] });
  await withPage(cs, 'e2e-panel', async (page) => {
    const ws = fixtureWorkspace('panel');
    const file = path.join(ws, 'taxonomy.json');
    await page.goto(cs.url(ws));
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    await runCommand(page, 'Literature Map: Map Topics in Folder…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(ws) }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const first = readTaxonomy(await waitForFile(file, (t) => (readTaxonomy(t)?.topics.length ?? 0) > 1))!;
    log(`panel: taxonomy.json has ${first.topics.length} topics`);
    await page.keyboard.press('Escape');

    await runCommand(page, 'Literature Map: Open Panel');
    const frame: FrameLocator = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await frame.locator('.topics-table tbody tr').first().waitFor({ timeout: 30000 });
    await frame.locator('[data-key="tab-board"]').click();

    // Create a theme from the board, then drag the first unassigned topic onto it.
    await frame.locator('vscode-textfield[data-key="new-theme-name"]').click();
    await page.keyboard.type('Panel e2e theme');
    await frame.locator('vscode-button[data-key="create-theme"]').click();
    const withTheme = readTaxonomy(await waitForFile(file, (t) => !!readTaxonomy(t)?.themes.some((th) => th.name === 'Panel e2e theme'), 15000))!;
    const theme = withTheme.themes.find((th) => th.name === 'Panel e2e theme')!;
    log('panel: theme created through the panel');
    const column = frame.locator(`.board-column[data-column="${theme.id}"]`);
    await column.waitFor({ timeout: 10000 });
    const card = frame.locator('.board-column[data-column="__unassigned"] li.topic-card').first();
    const topicId = await card.getAttribute('data-topic');
    if (!topicId) throw new Error('no unassigned topic card on the board');
    const dropped = Date.now();
    await card.dragTo(column.locator('.column-header'));
    await waitForFile(file, (t) => !!readTaxonomy(t)?.themes.find((th) => th.id === theme.id)?.topics.includes(topicId), 15000);
    log(`panel: dragged ${topicId} onto the theme; taxonomy.json changed ${Date.now() - dropped} ms after the drop began`);
    await column.locator(`li.topic-card[data-topic="${topicId}"]`).waitFor({ timeout: 10000 });
    // A single keypress (I: mark irrelevant) times the path webview → host → taxonomy file without a simulated drag.
    const other = frame.locator('.board-column[data-column="__unassigned"] li.topic-card').first();
    const otherId = await other.getAttribute('data-topic');
    await other.focus();
    const pressed = Date.now();
    await page.keyboard.press('i');
    await waitForFile(file, (t) => !!readTaxonomy(t)?.topics.find((x) => x.id === otherId && (x as { irrelevant?: boolean }).irrelevant), 15000);
    log(`panel: keypress → taxonomy.json changed in ${Date.now() - pressed} ms`);
    await frame.locator(`.board-column[data-column="__irrelevant"] li.topic-card[data-topic="${otherId}"]`).waitFor({ timeout: 10000 });
    await screenshot(page, 'e2e-panel-dark-board');
    await frame.locator('[data-key="tab-map"]').click();
    await page.waitForTimeout(500);
    await screenshot(page, 'e2e-panel-dark-map');

    await toLightTheme(page);
    await frame.locator('[data-key="tab-board"]').click();
    await page.waitForTimeout(500);
    await screenshot(page, 'e2e-panel-light-board');
    await frame.locator('[data-key="tab-topics"]').click();
    await frame.locator('.topics-table tbody tr').first().click();
    await page.waitForTimeout(300);
    await screenshot(page, 'e2e-panel-light-topics');

    // Reload Window restores the panel through its serializer, re-rendered from the file. (Which UI state comes back
    // depends on when the workbench last flushed its storage, so only the taxonomy content is asserted.)
    await reloadWindow(page);
    const restored = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await restored.locator(`.board-column[data-column="${theme.id}"] li.topic-card[data-topic="${topicId}"]`).waitFor({ state: 'attached', timeout: 60000 });
    const tab = await restored.locator('vscode-tab-header[active]').textContent().catch(() => '?');
    log(`panel: restored after a window reload (tab ${tab?.trim()})`);
  });
}

if (require.main === module) runStandalone('panel', panelTest);
