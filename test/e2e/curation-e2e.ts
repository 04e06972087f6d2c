// Curation that survives git and re-runs, through the real workbench (code-server) on the bundled example corpus in a
// git repository: map → curate in the panel (themes, rename, merge, irrelevant) → undo → git commit → the hierarchy's
// root "Merge these" asks first (cancel: nothing changes) → an accidental bulk merge → git checkout taxonomy.json →
// the views follow the restored file → Re-run → every theme, label, merge and irrelevant mark of the commit is in the
// file, nothing vanished. Screenshots in shots/curation-*.png. Standalone: node out/test/e2e/curation-e2e.js.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO, log, reloadWindow, runCommand, runStandalone, screenshot, startCodeServer, waitForFile, waitForWorkbench, withPage } from './harness';

interface Part { id: string; keywords: string[] }
interface TopicLike { id: string; label: string; customLabel: boolean; irrelevant: boolean; size: number; mergedFrom?: Part[] }
interface TaxonomyLike {
  run: { artifact?: string };
  topics: TopicLike[];
  themes: Array<{ id: string; name: string; topics: string[] }>;
  vanished: unknown[];
}

function parse(text: string): TaxonomyLike | null {
  try { return JSON.parse(text) as TaxonomyLike; } catch { return null; }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

function assert(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

/** The bundled example corpus in a fresh git repository. */
function exampleRepo(): string {
  const ws = fs.mkdtempSync(path.join(REPO, '.vscode-test', 'ws-curation-'));
  fs.cpSync(path.join(REPO, 'examples', 'sotu-sample'), ws, { recursive: true });
  git(ws, 'init', '-q');
  git(ws, 'add', '-A');
  git(ws, 'commit', '-qm', 'corpus');
  return ws;
}

export async function curationTest(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const cs = await startCodeServer({
    name: 'curation', settings: { 'literatureMap.embedding.backend': 'lsa', 'workbench.colorTheme': 'Default Dark Modern' },
    extensions: [{ id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO }],
  });
  await withPage(cs, 'curation', async (page) => {
    const ws = exampleRepo();
    const file = path.join(ws, 'taxonomy.json');
    const read = () => parse(fs.readFileSync(file, 'utf8'))!;
    const until = (ok: (t: TaxonomyLike) => boolean, what: string, ms = 20000): Promise<TaxonomyLike> =>
      waitForFile(file, (text) => { const t = parse(text); return !!t && ok(t); }, ms).then((text) => parse(text)!, (e: Error) => { throw new Error(`${what}: ${e.message}`); });

    await page.goto(cs.url(ws));
    await waitForWorkbench(page);
    await runCommand(page, 'Literature Map: Map Topics in Folder…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(ws) }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const first = parse(await waitForFile(file, (t) => (parse(t)?.topics.length ?? 0) > 6, 240000))!;
    log(`curation: mapped the example corpus, ${first.topics.length} topics`);
    await dismissToasts(page);

    await runCommand(page, 'Literature Map: Open Panel');
    const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await frame.locator('.topics-table tbody tr').first().waitFor({ timeout: 30000 });
    await frame.locator('[data-key="tab-board"]').click();

    // Curate in the panel: two themes, topics moved onto them (keyboard: M), a rename (F2), an irrelevant mark (I) and
    // a merge of two unassigned topics (Space selects, then "Merge selected").
    const [t0, t1, t2, t3, t4, t5] = first.topics.map((t) => t.id);
    for (const name of ['Economy', 'Foreign affairs']) {
      await frame.locator('vscode-textfield[data-key="new-theme-name"]').click();
      await page.keyboard.type(name);
      await frame.locator('vscode-button[data-key="create-theme"]').click();
      await until((t) => t.themes.some((th) => th.name === name), `theme ${name} created`);
    }
    const card = (id: string) => frame.locator(`li.topic-card[data-topic="${id}"]`);
    /** Focuses a card and presses a key until `appears` shows up (a re-render from the previous edit may replace the card). */
    const press = async (id: string, key: string, appears: Locator) => {
      for (let attempt = 1; ; attempt++) {
        await card(id).focus();
        await page.keyboard.press(key);
        try {
          await appears.waitFor({ timeout: 3000 });
          return;
        } catch (e) {
          if (attempt === 3) throw e;
          await page.keyboard.press('Escape');
        }
      }
    };
    const moveTo = async (id: string, theme: string) => {
      await press(id, 'm', frame.locator('.picker-input'));
      await page.keyboard.type(theme);
      await page.keyboard.press('Enter');
      const t = await until((x) => !!x.themes.find((th) => th.name === theme)?.topics.includes(id), `${id} moved to ${theme}`);
      await frame.locator(`.board-column[data-column="${t.themes.find((th) => th.name === theme)!.id}"] li.topic-card[data-topic="${id}"]`).waitFor({ timeout: 10000 });
    };
    await moveTo(t0, 'Economy');
    await moveTo(t1, 'Economy');
    await moveTo(t2, 'Foreign affairs');
    const field = frame.locator('input.inline-edit');
    await press(t0, 'F2', field);
    await field.fill('Money and the budget');
    await field.press('Enter');
    await until((t) => t.topics.find((x) => x.id === t0)?.label === 'Money and the budget', 'topic renamed');
    await frame.locator('li.topic-card .card-label', { hasText: 'Money and the budget' }).waitFor({ timeout: 10000 });
    await press(t5, 'i', frame.locator(`.board-column[data-column="__irrelevant"] li.topic-card[data-topic="${t5}"]`));
    await until((t) => !!t.topics.find((x) => x.id === t5)?.irrelevant, 'topic marked irrelevant');
    await frame.locator(`vscode-checkbox[data-key="select-${t3}"]`).click();
    await frame.locator(`vscode-checkbox[data-key="select-${t4}"]`).click();
    await frame.locator('vscode-button[data-key="merge-selected"]').click();
    const mergedFile = await until((t) => t.topics.length === first.topics.length - 1, 'two topics merged');
    const merged = mergedFile.topics.find((x) => x.mergedFrom)!;
    assert(merged && new Set(merged.mergedFrom!.map((p) => p.id)).has(t3) && new Set(merged.mergedFrom!.map((p) => p.id)).has(t4), 'the merge is recorded part by part');
    await moveTo(merged.id, 'Foreign affairs');
    log('curation: themes, rename, irrelevant mark and merge written to taxonomy.json');

    // Undo in the panel (Ctrl+Z on the board) takes the last edit back to the byte; redo (Ctrl+Shift+Z) replays it.
    const curated = fs.readFileSync(file, 'utf8');
    await frame.locator(`.board-column li.topic-card[data-topic="${merged.id}"]`).waitFor({ timeout: 10000 });
    await press(t1, 'i', frame.locator(`.board-column[data-column="__irrelevant"] li.topic-card[data-topic="${t1}"]`));
    await until((t) => !!t.topics.find((x) => x.id === t1)?.irrelevant, 'a second irrelevant mark');
    await frame.locator('[data-key="tab-board"]').click();
    await page.keyboard.press('Control+z');
    await waitForFile(file, (text) => text === curated, 15000);
    await page.keyboard.press('Control+Shift+z');
    await until((t) => !!t.topics.find((x) => x.id === t1)?.irrelevant, 'redo');
    await page.keyboard.press('Control+z');
    await waitForFile(file, (text) => text === curated, 15000);
    log('curation: Ctrl+Z / Ctrl+Shift+Z in the panel undid and redid an edit to the byte');

    // The history outlives a window reload: an edit, a reload, then Ctrl+Z in the restored panel undoes it.
    await press(t1, 'i', frame.locator(`.board-column[data-column="__irrelevant"] li.topic-card[data-topic="${t1}"]`));
    await until((t) => !!t.topics.find((x) => x.id === t1)?.irrelevant, 'an edit before the reload');
    // The history is written just after the file: the reload is the user's next step once it is on disk (a reload
    // sooner is what deactivate()'s flush covers; this test is about the restored panel, not that race).
    const history = path.join(cs.runDir, 'user-data', 'User', 'globalStorage', `${pkg.publisher}.${pkg.name}`, 'runs',
      createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 16), 'history.json');
    await waitForFile(history, (text) => {
      try {
        const h = JSON.parse(text) as { index: number; entries: Array<{ description: string }> };
        return h.index === h.entries.length && h.entries[h.index - 1]?.description === 'Mark topic irrelevant';
      } catch { return false; }
    }, 15000);
    await reloadWindow(page);
    const again = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await again.locator('header.panel-header').waitFor({ timeout: 60000 }).catch((e: Error) => {
      throw new Error(`the panel did not come back after Reload Window: ${e.message}`);
    });
    const undoButton = again.locator('button[data-key="history-undo"]:not([disabled])');
    await undoButton.waitFor({ timeout: 20000 }).catch(async (e: Error) => {
      const shown = await again.locator('button[data-key="history-undo"]').getAttribute('title').catch(() => null);
      throw new Error(`after the reload the panel offers no undo (button title: ${shown}; history on disk: ${fs.existsSync(history) ? fs.readFileSync(history, 'utf8').slice(0, 200) : 'none'}): ${e.message}`);
    });
    const title = (await undoButton.getAttribute('title')) ?? '';
    assert(/^Undo “Mark topic irrelevant”/.test(title), `after the reload the panel still offers to undo the edit (${title})`);
    await undoButton.click();
    await waitForFile(file, (text) => text === curated, 15000);
    log('curation: after a window reload the panel undid the edit made before it');
    await again.locator('[data-key="tab-board"]').click();
    await screenshot(page, 'curation-1-curated-board');

    git(ws, 'add', 'taxonomy.json');
    git(ws, 'commit', '-qm', 'curated taxonomy');
    const committed = fs.readFileSync(file, 'utf8');
    const commit = parse(committed)!;

    // The hierarchy's root "Merge these" would fold every topic into one: it asks first. Cancel changes nothing.
    await frame.locator('[data-key="tab-hierarchy"]').click();
    const rootMerge = frame.locator('.tree-root > li.tree-node > .tree-row .tree-merge').first();
    await rootMerge.waitFor({ timeout: 60000 });
    await rootMerge.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15000 });
    const question = (await dialog.textContent()) ?? '';
    assert(/Merge \d+ topics into one\?/.test(question) && question.includes('Economy') && question.includes('irrelevant'), `the question names counts, themes and irrelevant topics: ${question}`);
    await screenshot(page, 'curation-2-root-merge-asks');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10000 });
    await frame.locator('.notice.info', { hasText: 'nothing was changed' }).waitFor({ timeout: 10000 });
    assert(fs.readFileSync(file, 'utf8') === committed, 'cancelling the root merge left the file byte-for-byte unchanged');
    log('curation: the root "Merge these" asked first; Cancel changed nothing');

    // The accident: the same click, confirmed.
    await rootMerge.click();
    await dialog.waitFor({ timeout: 15000 });
    await dialog.locator('.monaco-button', { hasText: /^Merge \d+ Topics$/ }).click();
    await until((t) => t.topics.length === 1, 'the bulk merge');
    await frame.locator('[data-key="tab-map"]').click();
    await page.waitForTimeout(500);
    await screenshot(page, 'curation-3-after-bulk-merge');

    // git checkout taxonomy.json: the file is the commit again, and every view follows it.
    git(ws, 'checkout', '--', 'taxonomy.json');
    assert(fs.readFileSync(file, 'utf8') === committed, 'git restored the committed file');
    const n = commit.topics.length;
    await frame.locator('.panel-header .summary', { hasText: `${n} topics` }).waitFor({ timeout: 20000 });
    await frame.locator('[data-key="tab-hierarchy"]').click();
    await frame.locator('.tree-root > li.tree-node > .tree-row', { hasText: `${n} topics` }).first().waitFor({ timeout: 60000 });
    await screenshot(page, 'curation-4-restored-hierarchy');
    await frame.locator('[data-key="tab-map"]').click();
    await page.waitForTimeout(500);
    await screenshot(page, 'curation-5-restored-map');
    await frame.locator('[data-key="tab-topics"]').click();
    await frame.locator(`.topics-table tbody tr[data-topic="${merged.id}"]`).click();
    await frame.locator('vscode-button[data-key="show-all-chunks"]', { hasText: `Show all ${merged.size} chunks` }).click();
    const allChunks = frame.locator('h3', { hasText: /^All chunks \(\d+ of \d+\)$/ }).first();
    await allChunks.waitFor({ timeout: 20000 });
    const [, shown, total] = /\((\d+) of (\d+)\)/.exec((await allChunks.textContent()) ?? '')!.map(Number);
    assert(total === merged.size && shown > 0, `the restored merged topic lists its ${merged.size} chunks (shows ${shown} of ${total})`);
    assert(await frame.locator('.run-data-note').count() === 0, 'no "run data missing" note: the restored file found its run data');
    await screenshot(page, 'curation-6-restored-topics');
    log(`curation: after git checkout the views show the ${n} topics of the commit (hierarchy, map, all ${total} chunks of the merged topic)`);

    // Re-run: the commit's curation is all there, nothing vanished.
    await dismissToasts(page);
    await runCommand(page, 'Literature Map: Re-run');
    const toast = page.locator('.notifications-toasts .monaco-list-row', { hasText: 'carried over' }).first();
    await toast.waitFor({ timeout: 240000 });
    const summary = (await toast.textContent()) ?? '';
    log(`curation: re-run says: ${summary.replace(/\s+/g, ' ').slice(0, 200)}`);
    assert(new RegExp(`${n} topics from 771 chunks of 39 files — ${n} carried over \\(1 merge re-applied\\), 0 split off, 0 new; 0 vanished`).test(summary), `the summary adds up: ${summary}`);
    await screenshot(page, 'curation-7-rerun-summary');
    const after = read();
    for (const th of commit.themes) {
      const now = after.themes.find((x) => x.id === th.id);
      assert(now && now.name === th.name && now.topics.join() === th.topics.join(), `theme ${th.name} and its topics survive the re-run`);
    }
    for (const tp of commit.topics) {
      const now = after.topics.find((x) => x.id === tp.id);
      assert(now, `topic ${tp.label} (${tp.id}) survives the re-run`);
      assert(now.label === tp.label && now.customLabel === tp.customLabel && now.irrelevant === tp.irrelevant, `label and mark of ${tp.label} survive`);
      assert(JSON.stringify(now.mergedFrom ?? null) === JSON.stringify(tp.mergedFrom ?? null), `the merge of ${tp.label} survives`);
    }
    assert(after.vanished.length === 0, 'nothing vanished');
    assert(fs.readFileSync(file, 'utf8') === committed, 'unchanged inputs: the re-run wrote the committed bytes');
    await runCommand(page, 'Literature Map: Focus on Themes View');
    await page.locator('.pane-body .monaco-list-row', { hasText: 'Foreign affairs' }).first().waitFor({ timeout: 20000 });
    await dismissToasts(page);
    await screenshot(page, 'curation-8-side-panel-after-rerun');
    log('curation: after the re-run every theme, label, merge and irrelevant mark of the commit is in taxonomy.json; nothing vanished');
  });
}

async function dismissToasts(page: Page): Promise<void> {
  const rows: Locator = page.locator('.notifications-toasts .monaco-list-row');
  for (let i = 0; i < 5 && (await rows.count()) > 0; i++) {
    await rows.first().hover().catch(() => undefined);
    await page.locator('.notifications-toasts .codicon-notifications-clear').first().click({ timeout: 2000 }).catch(() => undefined);
  }
}

if (require.main === module) runStandalone('curation', curationTest);
