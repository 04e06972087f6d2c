// Through the real workbench: palette → "Map Topics in Folder…" → pick the workspace folder → the taxonomy file appears
// → the Themes view lists the groups and topics → screenshots in shots/ (look at them).
import fs from 'node:fs';
import path from 'node:path';
import { REPO, log, runCommand, screenshot, startCodeServer, waitForFile, waitForWorkbench, withPage } from './harness';
import { FIXTURE_SETTINGS, fixtureWorkspace } from './fixtures';

export async function uiTest(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const cs = await startCodeServer({
    name: 'ui', settings: FIXTURE_SETTINGS,
    extensions: [{ id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO }],
  });
  await withPage(cs, 'ui', async (page) => {
    const ws = fixtureWorkspace('ui');
    await page.goto(cs.url(ws));
    await waitForWorkbench(page);
    log('ui: workbench up');
    // Before any run the Themes view explains itself and offers the command.
    await runCommand(page, 'Literature Map: Focus on Themes View');
    await page.locator('.welcome-view-content', { hasText: 'No taxonomy in this workspace yet' }).first().waitFor({ timeout: 20000 });
    await screenshot(page, 'side-panel-welcome');
    await runCommand(page, 'Literature Map: Map Topics in Folder…');
    // The folder quick pick lists the workspace folder first.
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(ws) }).first();
    await pick.waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    log('ui: mapping started');
    const text = await waitForFile(path.join(ws, 'taxonomy.json'), (t) => { try { return (JSON.parse(t) as { topics: unknown[] }).topics.length > 0; } catch { return false; } });
    const topics = (JSON.parse(text) as { topics: Array<{ label: string }> }).topics;
    log(`ui: taxonomy.json written with ${topics.length} topics`);
    await runCommand(page, 'Literature Map: Focus on Themes View');
    const tree = page.locator('.pane-body .monaco-list-row');
    await tree.filter({ hasText: 'Unassigned' }).first().waitFor({ timeout: 20000 });
    await tree.filter({ hasText: topics[0].label.slice(0, 20) }).first().waitFor({ timeout: 20000 });
    // A theme through the palette's input box, then a topic dragged onto it with the mouse.
    await runCommand(page, 'Literature Map: New Theme');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill('Astronomy');
    await input.press('Enter');
    const themeRow = tree.filter({ hasText: 'Astronomy' }).first();
    await themeRow.waitFor({ timeout: 20000 });
    const astro = topics.find((t) => /telescope|galaxy|planet|orbit|comet/.test(t.label)) ?? topics[0];
    const file = path.join(ws, 'taxonomy.json');
    await tree.filter({ hasText: astro.label.slice(0, 20) }).first().dragTo(themeRow);
    await waitForFile(file, (t) => {
      try { return (JSON.parse(t) as { themes: Array<{ name: string; topics: string[] }> }).themes.some((th) => th.name === 'Astronomy' && th.topics.length === 1); } catch { return false; }
    }, 20000);
    log('ui: drag and drop wrote the assignment');
    await tree.filter({ hasText: /Astronomy\s*1 topic\b/ }).first().waitFor({ timeout: 10000 });
    // Expand the topic and open one of its excerpts: the transcript opens in an editor.
    await tree.filter({ hasText: astro.label.slice(0, 20) }).first().click();
    const excerpt = tree.filter({ hasText: /astronomy-\d+\.\w+:\d+/ }).first();
    await excerpt.waitFor({ timeout: 10000 });
    await excerpt.click();
    await page.locator('.tabs-container .tab', { hasText: /astronomy-\d+/ }).first().waitFor({ timeout: 15000 });
    log('ui: excerpt opened its transcript');
    // Let the notifications go so the shot shows the view, not toasts.
    await page.keyboard.press('Escape');
    await page.locator('.notifications-toasts .monaco-list-row').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => undefined);
    await screenshot(page, 'side-panel');
    await runCommand(page, 'Literature Map: Open Panel');
    const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    // The panel shows this run: one row per topic of the file, the dragged topic's label among them.
    const rows = frame.locator('.topics-table tbody tr');
    await rows.first().waitFor({ timeout: 30000 });
    await rows.filter({ hasText: astro.label.slice(0, 20) }).first().waitFor({ timeout: 10000 });
    const shown = await rows.count();
    if (shown !== topics.length) throw new Error(`the panel lists ${shown} topics, the file has ${topics.length}`);
    await screenshot(page, 'panel');
  });
}
