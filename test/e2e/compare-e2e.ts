// Curating as a team, through the real workbench: a clone whose .gitattributes routes taxonomy files to the merge
// driver but whose config lacks it gets the repair offer (accepted here: the config is written); then "Compare with…"
// a colleague's branch shows the changes and the agreement table in the panel. Screenshot: shots/e2e-compare.png.
// Standalone: node out/test/e2e/compare-e2e.js (after npm run build and scripts/setup-e2e.sh).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE_SETTINGS, fixtureWorkspace } from './fixtures';
import { REPO, log, runCommand, runStandalone, screenshot, startCodeServer, waitForWorkbench, withPage } from './harness';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { assignTopic, createTheme, renameTopic, setIrrelevant } from '../../src/taxonomy/operations';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** main: one researcher's curation; colleague: another's, with differently named themes and two topics filed apart. */
async function prepare(ws: string): Promise<void> {
  const settings = resolveSettings({ chunkTokens: 40, hdbscan: { minClusterSize: 5 }, umap: { nNeighbors: 10 }, embedding: { backend: 'lsa' } });
  const base = taxonomyFromRun(await runTopicModel({ kind: 'folder', root: ws }, settings)).taxonomy;
  const ids = base.topics.map((t) => t.id);
  if (ids.length < 3) throw new Error(`the fixture mapped to ${ids.length} topics; the comparison needs 3`);
  const curate = (names: [string, string], split: number, extra: (t: Taxonomy) => Taxonomy): Taxonomy => {
    let t = createTheme(createTheme(base, { name: names[0] }), { name: names[1] });
    ids.forEach((id, i) => { t = assignTopic(t, id, t.themes[i < split ? 0 : 1].id); });
    return extra(t);
  };
  const write = (t: Taxonomy) => fs.writeFileSync(path.join(ws, 'taxonomy.json'), serializeTaxonomy(t));
  git(ws, 'init', '-q', '-b', 'main');
  for (const [k, v] of [['user.name', 'Ana'], ['user.email', 'ana@example.org'], ['commit.gpgsign', 'false']]) git(ws, 'config', k, v);
  // Committed by a colleague who ran `literature-map git-setup`; this clone's config does not have the driver.
  fs.writeFileSync(path.join(ws, '.gitattributes'), 'taxonomy.json merge=literature-map\n');
  write(curate(['Sky', 'Ground'], Math.ceil(ids.length / 2), (t) => t));
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'Ana: first curation');
  git(ws, 'checkout', '-q', '-b', 'colleague');
  write(curate(['Astronomy', 'Earth'], Math.ceil(ids.length / 2) + 1, (t) => setIrrelevant(renameTopic(t, ids[0], 'Telescopes'), ids[ids.length - 1], true)));
  git(ws, 'commit', '-q', '-am', 'Ben: second curation');
  git(ws, 'checkout', '-q', 'main');
}

export async function compareTest(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const ws = fixtureWorkspace('compare');
  await prepare(ws);
  const cs = await startCodeServer({ name: 'compare', settings: { ...FIXTURE_SETTINGS, 'workbench.colorTheme': 'Default Dark Modern' }, extensions: [{ id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO }] });
  await withPage(cs, 'e2e-compare', async (page) => {
    await page.goto(cs.url(ws));
    await waitForWorkbench(page);
    // The extension activates with its view (not on a file name); then it offers the repair: the clone routes taxonomy
    // files to the driver, the config lacks it.
    await runCommand(page, 'Literature Map: Focus on Themes View');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'has not set it up' }).first();
    await toast.waitFor({ timeout: 60000 });
    await toast.locator('.monaco-button', { hasText: 'Set Up' }).click();
    for (let i = 0; ; i++) {
      const driver = (() => { try { return git(ws, 'config', '--get', 'merge.literature-map.driver'); } catch { return ''; } })();
      if (driver.includes('merge-driver.js')) break;
      if (i > 100) throw new Error('the repair offer did not write merge.literature-map.driver');
      await page.waitForTimeout(200);
    }
    if (!fs.existsSync(path.join(ws, '.git', 'literature-map', 'merge-driver.js'))) throw new Error('the driver script was not installed');
    log('compare: the repair offer set the merge driver up in the clone');

    await runCommand(page, 'Literature Map: Compare with…');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'colleague' }).first();
    await row.waitFor({ timeout: 15000 });
    await row.click();
    const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await frame.locator('.compare-view .agreement-table tbody tr').first().waitFor({ timeout: 30000 });
    const changes = await frame.locator('.compare-view .change-list li').allTextContents();
    if (!changes.some((c) => /renamed to "Sky"|Theme "Sky" .* added/.test(c))) throw new Error(`unexpected changes: ${changes.join(' | ')}`);
    const chunksRow = await frame.locator('.compare-view .agreement-table tbody tr').first().textContent();
    const alignedRows = await frame.locator('.compare-view .theme-agreement-table tbody tr').allTextContents();
    if (!alignedRows.some((r) => r.includes('Sky ↔ Astronomy'))) throw new Error(`themes not aligned by overlap: ${alignedRows.join(' | ')}`);
    const disagreements = await frame.locator('.compare-view li.disagreement').count();
    if (disagreements < 1) throw new Error('no disagreement listed');
    log(`compare: ${changes.length} changes; chunks row "${chunksRow?.replace(/\s+/g, ' ').trim()}"; ${disagreements} disagreements`);
    await page.keyboard.press('Escape');
    await page.locator('.notifications-toasts .monaco-list-row').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => undefined);
    await screenshot(page, 'e2e-compare');
    await frame.locator('.compare-view li.disagreement').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-compare-disagreements');
  });
}

if (require.main === module) runStandalone('compare', compareTest);
