// The granularity control through the real workbench (code-server): map issue 15's collapsing folder with the fixed
// min topic size 10 (2 topics), give a topic a curated label, open the panel, see the map called collapsed, choose the
// auto option in the granularity table, and see the topic count change in taxonomy.json and the curated label survive
// on its matched topic; then the way back is one click. Screenshots in shots/.
// Standalone: node out/test/e2e/granularity-e2e.js (after npm run build and scripts/setup-e2e.sh).
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { makeCollapsedCorpus } from '../support/collapsed-corpus';
import { REPO, log, runCommand, runStandalone, screenshot, startCodeServer, waitForFile, withPage } from './harness';

interface TaxonomyLike { topics: Array<{ id: string; label: string; customLabel: boolean; size: number }> }

function readTaxonomy(text: string): TaxonomyLike | null {
  try { return JSON.parse(text) as TaxonomyLike; } catch { return null; }
}

const LABEL = 'Curated before the granularity change';

export async function granularityTest(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const settings = { 'literatureMap.embedding.backend': 'lsa', 'literatureMap.minTopicSize': 10, 'workbench.colorTheme': 'Default Dark Modern' };
  const cs = await startCodeServer({ name: 'granularity', settings, extensions: [{ id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO }] });
  await withPage(cs, 'e2e-granularity', async (page) => {
    const ws = makeCollapsedCorpus(fs.mkdtempSync(path.join(REPO, '.vscode-test', 'ws-granularity-')));
    const file = path.join(ws, 'taxonomy.json');
    await page.goto(cs.url(ws));
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    await runCommand(page, 'Literature Map: Map Topics in Folder…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(ws) }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const first = readTaxonomy(await waitForFile(file, (t) => (readTaxonomy(t)?.topics.length ?? 0) > 0, 180000))!;
    log(`granularity: fixed min topic size 10 → ${first.topics.length} topics (${first.topics.map((t) => t.size).join(', ')})`);
    if (first.topics.length >= 5) throw new Error(`the fixture did not collapse: ${first.topics.length} topics`);
    await page.keyboard.press('Escape');

    await runCommand(page, 'Literature Map: Open Panel');
    const frame: FrameLocator = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await frame.locator('.topics-table tbody tr').first().waitFor({ timeout: 30000 });
    // Curate: rename the largest topic on the theme board (the rename button edits the label in place).
    const target = first.topics[0];
    await frame.locator('[data-key="tab-board"]').click();
    await frame.locator(`[data-key="rename-${target.id}"]`).click();
    await page.keyboard.type(LABEL);
    await page.keyboard.press('Enter');
    await waitForFile(file, (t) => !!readTaxonomy(t)?.topics.some((x) => x.id === target.id && x.label === LABEL), 15000);
    log('granularity: curated label written through the panel');
    await frame.locator('[data-key="tab-topics"]').click();

    await frame.locator('.granularity-collapsed').waitFor({ timeout: 15000 });
    await frame.locator('.granularity-table').waitFor({ timeout: 15000 });
    await screenshot(page, 'e2e-granularity-collapsed');
    const autoRow = frame.locator('.granularity-table tbody tr', { has: frame.locator('.badge', { hasText: 'auto' }) });
    const wanted = Number(await autoRow.locator('td').nth(3).textContent());
    const clicked = Date.now();
    await autoRow.locator('button', { hasText: 'Apply' }).click();
    const after = readTaxonomy(await waitForFile(file, (t) => (readTaxonomy(t)?.topics.length ?? 0) >= 8, 120000))!;
    log(`granularity: applied the auto option → ${after.topics.length} topics (table said ${wanted}) in ${Date.now() - clicked} ms`);
    if (after.topics.length !== wanted) throw new Error(`the table promised ${wanted} topics, taxonomy.json has ${after.topics.length}`);
    const kept = after.topics.find((x) => x.label === LABEL);
    if (!kept || !kept.customLabel) throw new Error('the curated label did not survive the granularity change');
    log(`granularity: the curated label is on ${kept.id} (${kept.size} chunks; was ${target.id}, ${target.size} chunks)`);
    await frame.locator('.topics-table tbody tr', { hasText: LABEL }).first().waitFor({ timeout: 15000 });
    await frame.locator('[data-key="granularity-back"]').waitFor({ timeout: 15000 });
    await frame.locator('.granularity-collapsed').waitFor({ state: 'detached', timeout: 15000 });
    await page.waitForTimeout(500);
    await screenshot(page, 'e2e-granularity-applied');
    await frame.locator('[data-key="tab-map"]').click();
    await page.waitForTimeout(800);
    await screenshot(page, 'e2e-granularity-map');
  });
}

if (require.main === module) runStandalone('granularity', granularityTest);
