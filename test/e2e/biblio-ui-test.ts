// Issue 16 through the real workbench: a folder of bibliographic exports (RIS + Scopus CSV + BibTeX + a transcript)
// whose taxonomy names papers. The side panel shows each excerpt as the paper's title with its first author and year,
// and clicking it opens the export file with the record selected (the status bar's line is the record's last line).
import fs from 'node:fs';
import path from 'node:path';
import { REPO, log, runCommand, screenshot, startCodeServer, waitForWorkbench, withPage } from './harness';
import { FIXTURE_SETTINGS } from './fixtures';
import { runTopicModel } from '../../src/pipeline/orchestrator';
import { resolveSettings } from '../../src/pipeline/settings';
import { taxonomyFromRun } from '../../src/taxonomy/build';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';

/** The mixed fixture folder, mapped here (outside the editor) so the phase only tests what the editor shows. */
async function bibliographicWorkspace(): Promise<{ ws: string; taxonomy: Taxonomy }> {
  const ws = fs.mkdtempSync(path.join(REPO, '.vscode-test', 'ws-biblio-'));
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'biblio', 'mixed'), ws, { recursive: true });
  const settings = resolveSettings({ hdbscan: { minClusterSize: 3 }, embedding: { backend: 'lsa' } });
  const { taxonomy } = taxonomyFromRun(await runTopicModel({ kind: 'folder', root: ws }, settings));
  fs.writeFileSync(path.join(ws, 'taxonomy.json'), serializeTaxonomy(taxonomy));
  return { ws, taxonomy };
}

export async function biblioUiTest(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const { ws, taxonomy } = await bibliographicWorkspace();
  const byPath = new Map(taxonomy.sources.map((s) => [s.path, s]));
  // A topic whose first excerpt is a paper, and that paper.
  const topic = taxonomy.topics.find((t) => byPath.get(t.representative[0]?.source)?.record);
  if (!topic) throw new Error('the bibliographic fixture mapped to no topic with a paper excerpt');
  const ref = topic.representative[0];
  const paper = byPath.get(ref.source)!.record!;
  log(`biblio: expecting "${paper.title}" (${paper.year}) from ${paper.file}:${ref.lines[0]}–${ref.lines[1]}`);

  const cs = await startCodeServer({
    name: 'biblio', settings: { ...FIXTURE_SETTINGS, 'literatureMap.minTopicSize': 3 },
    extensions: [{ id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO }],
  });
  await withPage(cs, 'biblio', async (page) => {
    await page.goto(cs.url(ws));
    await waitForWorkbench(page);
    await runCommand(page, 'Literature Map: Focus on Themes View');
    const tree = page.locator('.pane-body .monaco-list-row');
    const topicRow = tree.filter({ hasText: topic.label.slice(0, 20) }).first();
    await topicRow.waitFor({ timeout: 30000 });
    await topicRow.click();
    // The excerpt is named by the paper: its title, and "Family & Family (year)" / "Family et al. (year)".
    const excerpt = tree.filter({ hasText: paper.title.slice(0, 30) }).filter({ hasText: `(${paper.year})` }).first();
    await excerpt.waitFor({ timeout: 15000 });
    const text = await excerpt.innerText();
    if (text.includes(`${paper.file}:`)) throw new Error(`the excerpt still shows the file name: ${text}`);
    log(`biblio: side panel shows "${text.replace(/\s+/g, ' ')}"`);
    await page.keyboard.press('Escape');
    await screenshot(page, 'biblio-side-panel');
    await excerpt.click();
    await page.locator('.tabs-container .tab', { hasText: path.basename(paper.file) }).first().waitFor({ timeout: 15000 });
    // The record is selected with the cursor at its start (as every excerpt opens), so the status bar shows its first line.
    await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${ref.lines[0]}, Col`) }).first().waitFor({ timeout: 15000 });
    log(`biblio: the excerpt opened ${paper.file} at the record (cursor at line ${ref.lines[0]}, the record selected)`);
    await screenshot(page, 'biblio-open-record');
  });
}
