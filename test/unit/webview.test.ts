// The panel in headless Debian chromium, loaded from the built dist/webview.js with the host's real HTML and CSP and a
// stubbed acquireVsCodeApi: rendering, every curation action (mouse and keyboard), injection, the 15k-point map.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { buildHierarchy, computePrevalence } from '../../src/host/panel/state';
import type { WebviewMessage } from '../../src/protocol';
import { INJECTION_TEXT, makeFixture } from '../support/panel-fixture';
import { chromiumMissing, openPanel, usePanelBrowser, type PanelPage } from '../support/webview-page';

const skip = chromiumMissing();
const fx = makeFixture({ injection: true, dates: true });
const [th0, th1, th2] = fx.taxonomy.themes;
const unassigned = fx.taxonomy.unassigned;

function only<T extends WebviewMessage['type']>(p: PanelPage, type: T, since: number): Array<Extract<WebviewMessage, { type: T }>> {
  return p.posted.slice(since).filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);
}

describe('Literature Map webview', { skip }, () => {
  const chromium = usePanelBrowser();

  async function open(tab: 'topics' | 'map' | 'board' | 'prevalence' | 'hierarchy', extra: Parameters<typeof openPanel>[2] | object = {}): Promise<PanelPage> {
    const p = await openPanel(chromium.browser(), chromium.server(), { taxonomy: fx.taxonomy, artifact: fx.artifact, uiState: { tab }, ...extra });
    await p.page.waitForSelector('.topics-table tbody tr', { state: 'attached' });
    return p;
  }

  test('renders topics, board and prevalence from the host state, after posting ready', async () => {
    const p = await open('topics');
    try {
      assert.equal(p.posted[0].type, 'ready');
      const rows = await p.page.locator('.topics-table tbody tr').count();
      assert.equal(rows, fx.taxonomy.topics.length);
      assert.match(await p.page.locator('.panel-header').innerText(), /12 topics · 3 themes · 600 chunks · 20 sources/);
      // Largest first by default.
      const sizes = await p.page.locator('.topics-table tbody tr td:nth-child(2)').allInnerTexts();
      assert.deepEqual(sizes.map(Number), [...sizes.map(Number)].sort((a, b) => b - a));
      assert.equal(await p.page.locator('.board-column').count(), fx.taxonomy.themes.length + 2);
      assert.deepEqual(await p.page.locator('.theme-column .column-name').allTextContents(), fx.taxonomy.themes.map((t) => t.name));
      const prev = computePrevalence(fx.taxonomy);
      const firstTheme = p.page.locator('.prevalence-table tr.theme-row').first();
      assert.match(await firstTheme.textContent() ?? '', new RegExp(`${th0.name}${prev.themes[0].chunks}`));
    } finally {
      await p.close();
    }
  });

  test('filter by text, by theme and unassigned only; sort by label', async () => {
    const p = await open('topics');
    try {
      await p.page.locator('vscode-textfield[data-key="topic-filter"] input').or(p.page.locator('vscode-textfield[data-key="topic-filter"]')).first().click();
      await p.page.keyboard.type('hallucination');
      const expected = fx.taxonomy.topics.filter((t) => t.label.includes('hallucination') || t.keywords.some(([k]) => k.includes('hallucination'))).length;
      assert.ok(expected > 0 && expected < fx.taxonomy.topics.length);
      await p.page.waitForFunction((n) => document.querySelectorAll('.topics-table tbody tr').length === n, expected);
      assert.equal((await p.page.evaluate(() => (window as unknown as { __lmUiState: { filterText: string } }).__lmUiState)).filterText, 'hallucination');
      await p.page.keyboard.press('Control+A');
      await p.page.keyboard.press('Backspace');
      await p.page.evaluate(() => {
        const s = document.querySelector('vscode-single-select[data-key="theme-filter"]') as HTMLElement & { value: string };
        s.value = 'unassigned';
        s.dispatchEvent(new Event('change'));
      });
      await p.page.waitForFunction((n) => document.querySelectorAll('.topics-table tbody tr').length === n, unassigned.length);
      await p.page.evaluate((id) => {
        const s = document.querySelector('vscode-single-select[data-key="theme-filter"]') as HTMLElement & { value: string };
        s.value = id;
        s.dispatchEvent(new Event('change'));
      }, th1.id);
      await p.page.waitForFunction((n) => document.querySelectorAll('.topics-table tbody tr').length === n, th1.topics.length);
      await p.page.evaluate(() => {
        const s = document.querySelector('vscode-single-select[data-key="theme-filter"]') as HTMLElement & { value: string };
        s.value = 'all';
        s.dispatchEvent(new Event('change'));
      });
      await p.page.click('button[data-key="sort-label"]');
      const labels = await p.page.locator('.topics-table tbody .topic-label').allTextContents();
      assert.deepEqual(labels, [...labels].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    } finally {
      await p.close();
    }
  });

  test('selecting a topic shows excerpts; clicking one opens the transcript; all chunks load on demand, paginated', async () => {
    const p = await open('topics');
    try {
      const topic = fx.taxonomy.topics[3];
      await p.page.click(`tr[data-topic="${topic.id}"]`);
      await p.page.waitForSelector('.topic-detail .excerpt');
      assert.equal(await p.page.locator('.topic-detail h2').textContent(), topic.label);
      let since = p.posted.length;
      await p.page.locator('.topic-detail .excerpt').first().click();
      const open1 = await p.waitForPosted((m) => m.type === 'openChunk', since);
      const ref = topic.representative[0];
      assert.deepEqual(open1, { type: 'openChunk', loc: { source: ref.source, lineStart: ref.lines[0], lineEnd: ref.lines[1], timeStart: ref.time![0] } });
      since = p.posted.length;
      await p.page.click('vscode-button[data-key="show-all-chunks"]');
      const req = await p.waitForPosted((m) => m.type === 'requestChunks', since);
      assert.equal(req.type === 'requestChunks' && req.topicId, topic.id);
      await p.page.waitForSelector('.all-chunks .excerpt');
      assert.equal(await p.page.locator('.all-chunks .excerpt').count(), Math.min(50, topic.size));
      assert.match(await p.page.locator('.all-chunks h3').textContent() ?? '', new RegExp(`of ${topic.size}\\)`));
    } finally {
      await p.close();
    }
  });

  test('prevalence: the table and chart show computePrevalence exactly (an irrelevant topic inside a theme counts in no theme); over time follows dates', async () => {
    const t = structuredClone(fx.taxonomy);
    const irrelevantId = t.topics.find((x) => x.irrelevant)!.id;
    t.themes[0].topics.push(irrelevantId);
    const p = await openPanel(chromium.browser(), chromium.server(), { taxonomy: t, artifact: fx.artifact, uiState: { tab: 'prevalence' } });
    const page = p.page;
    try {
      await page.waitForSelector('.prevalence-table tbody tr');
      const prev = computePrevalence(t);
      const cells = (key: string) => page.locator(`.prevalence-table tr[data-key="${key}"] td.num`).allTextContents();
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const expect = (f: { chunks: number; share: number; sources: number; sourceShare: number }) => [f.chunks.toLocaleString('en-US'), pct(f.share), String(f.sources), pct(f.sourceShare)];
      const shown = await page.evaluate(() => Array.from(document.querySelectorAll('.prevalence-table tbody tr')).map((tr) => [
        tr.getAttribute('data-key'), ...Array.from(tr.querySelectorAll('td.num')).map((td) => td.textContent)]));
      const want: Array<Array<string | null>> = [];
      for (const g of prev.themes) {
        want.push([`prev-theme-${g.id}`, ...expect(g)]);
        for (const x of g.topics) want.push([`prev-topic-${x.id}`, ...expect(x)]);
      }
      want.push(['prev-unassigned', ...expect(prev.unassigned)], ...prev.unassigned.topics.map((x) => [`prev-topic-${x.id}`, ...expect(x)]));
      want.push(['prev-irrelevant', ...expect(prev.irrelevant)], ...prev.irrelevant.topics.map((x) => [`prev-topic-${x.id}`, ...expect(x)]));
      want.push(['prev-outliers', ...expect(prev.outliers)]);
      want.push(['prev-total', ...expect({ chunks: prev.totals.chunks, share: 1, sources: prev.totals.sources, sourceShare: 1 })]);
      assert.deepEqual(shown, want);
      // The irrelevant topic sits in the Irrelevant group, not under the theme it is listed in.
      assert.equal(await page.locator(`.prevalence-table tr[data-key="prev-topic-${irrelevantId}"]`).count(), 1);
      assert.deepEqual(await cells(`prev-irrelevant`), expect(prev.irrelevant));
      const bars = await page.locator('svg.bar-chart g.bar-row').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-share'))));
      assert.deepEqual(bars, [...prev.themes.map((g) => g.share), prev.unassigned.share, prev.irrelevant.share, prev.outliers.share].map((x) => +x.toFixed(6)));
      assert.ok(await page.locator('svg.bar-chart rect').first().evaluate((r) => Number(r.getAttribute('width')) > 10));

      // Dated sources: one line per theme (+ Unassigned) over 2015–2020; the toggle switches to decades.
      await page.waitForSelector('.over-time svg.line-chart');
      const labels = () => page.locator('.over-time .period-label').allTextContents();
      assert.deepEqual(await labels(), ['2015', '2016', '2017', '2018', '2019', '2020']);
      assert.equal(await page.locator('.over-time g.series').count(), t.themes.length + 1);
      assert.ok(await page.locator('.over-time polyline').count() >= t.themes.length);
      assert.match(await page.locator('.over-time .hint').textContent() ?? '', /1 undated source/);
      await page.click('button[data-key="period-decade"]');
      await page.waitForFunction(() => document.querySelectorAll('.over-time .period-label').length === 2);
      assert.deepEqual(await labels(), ['2010s', '2020s']);
      assert.equal((await page.evaluate(() => (window as unknown as { __lmUiState: { overTimePeriod: string } }).__lmUiState)).overTimePeriod, 'decade');

      // No dates: no over-time chart.
      const undated = structuredClone(t);
      for (const src of undated.sources) delete src.date;
      await p.send({ type: 'state', state: { folder: 'fixture-talks', taxonomyPath: 'taxonomy.json', taxonomy: undated, problems: [], prevalence: computePrevalence(undated), hasArtifact: true } });
      await page.waitForFunction(() => !document.querySelector('.over-time'));
      assert.equal(await page.locator('.prevalence-table tbody tr').count(), want.length);
    } finally {
      await p.close();
    }
  });

  test('hierarchy: the host\'s tree renders indented; "Merge these" posts mergeTopics with the node\'s topics', async () => {
    const p = await open('hierarchy');
    const page = p.page;
    try {
      const req = await p.waitForPosted((m) => m.type === 'requestHierarchy', 0);
      assert.equal(req.type, 'requestHierarchy');
      await page.waitForSelector('.hierarchy-view .tree-node');
      const tree = buildHierarchy(fx.artifact, fx.taxonomy)!;
      const n = tree.topicIds.length;
      assert.equal(await page.locator('.hierarchy-view li.tree-node').count(), n - 1);
      assert.deepEqual((await page.locator('.hierarchy-view li.tree-leaf').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-topic')))).sort(), [...tree.topicIds].sort());
      // The root is the last merge; the first merge (closest pair) sits deeper in the tree.
      assert.equal(await page.locator('.tree-root > li').first().getAttribute('data-node'), String(n + n - 2));
      const first = tree.merges[0];
      const depth = await page.locator(`li[data-node="${first.id}"]`).evaluate((li) => { let d = 0; for (let e: Element | null = li; e; e = e.parentElement) if (e.matches('ul.tree')) d++; return d; });
      assert.ok(depth >= 2);
      assert.match(await page.locator(`li[data-node="${first.id}"] .tree-distance`).first().textContent() ?? '', new RegExp(`#1 · distance ${first.distance.toFixed(3)}`));
      const since = p.posted.length;
      await page.click(`button[data-key="merge-node-${first.id}"]`);
      const merge = await p.waitForPosted((m) => m.type === 'mergeTopics', since);
      assert.deepEqual(merge.type === 'mergeTopics' && merge.topicIds, first.topics);
      assert.equal(only(p, 'requestHierarchy', 0).length, 1, 'asked once for the same topics');
      assert.match(await page.locator('th button[data-key="sort-npmi"]').getAttribute('title') ?? '', /NPMI@10: how often/);
      assert.match(await page.locator('.panel-header .quality').first().getAttribute('title') ?? '', /NPMI@10/);
    } finally {
      await p.close();
    }
  });

  test('theme board: each curation action by mouse (including a real HTML5 drag) posts the right message', async () => {
    const p = await open('board');
    const page = p.page;
    try {
      let since = p.posted.length;
      // Drag an unassigned topic onto the second theme.
      const topicId = unassigned[0];
      await page.dragAndDrop(`li.topic-card[data-topic="${topicId}"]`, `.board-column[data-column="${th1.id}"] .column-header`);
      const assign = await p.waitForPosted((m) => m.type === 'assignTopic', since);
      assert.deepEqual({ ...assign, requestId: 0 }, { type: 'assignTopic', topicId, themeId: th1.id, index: 0, requestId: 0 });

      since = p.posted.length;
      await page.locator('vscode-textfield[data-key="new-theme-name"]').click();
      await page.keyboard.type('Evaluation <b>practice</b>');
      await page.click('vscode-button[data-key="create-theme"]');
      const created = await p.waitForPosted((m) => m.type === 'createTheme', since);
      assert.equal(created.type === 'createTheme' && created.name, 'Evaluation <b>practice</b>');

      since = p.posted.length;
      await page.click(`button[data-key="theme-rename-${th0.id}"]`);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Testing and evaluation');
      await page.keyboard.press('Enter');
      await p.waitForPosted((m) => m.type === 'renameTheme', since);
      assert.deepEqual(only(p, 'renameTheme', since).map((m) => [m.themeId, m.name]), [[th0.id, 'Testing and evaluation']]);

      since = p.posted.length;
      await page.click(`.board-column[data-column="${th1.id}"] .theme-description`);
      await page.keyboard.type('Where the money goes.');
      await page.keyboard.press('Control+Enter');
      await p.waitForPosted((m) => m.type === 'setThemeDescription', since);
      assert.deepEqual(only(p, 'setThemeDescription', since).map((m) => [m.themeId, m.text]), [[th1.id, 'Where the money goes.']]);

      since = p.posted.length;
      await page.click(`button[data-key="theme-right-${th0.id}"]`);
      await p.waitForPosted((m) => m.type === 'moveTheme', since);
      assert.deepEqual(only(p, 'moveTheme', since).map((m) => [m.themeId, m.toIndex]), [[th0.id, 1]]);

      since = p.posted.length;
      await page.click(`button[data-key="theme-delete-${th2.id}"]`);
      await page.click(`vscode-button[data-key="confirm-delete-${th2.id}"]`);
      await p.waitForPosted((m) => m.type === 'deleteTheme', since);
      assert.deepEqual(only(p, 'deleteTheme', since).map((m) => m.themeId), [th2.id]);

      const t = fx.taxonomy.topics.find((x) => x.id === th0.topics[1])!;
      since = p.posted.length;
      await page.click(`button[data-key="rename-${t.id}"]`);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Evaluation methods');
      await page.keyboard.press('Enter');
      await p.waitForPosted((m) => m.type === 'renameTopic', since);
      assert.deepEqual(only(p, 'renameTopic', since).map((m) => [m.topicId, m.label]), [[t.id, 'Evaluation methods']]);

      since = p.posted.length;
      await page.click(`button[data-key="note-${t.id}"]`);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Compare with interview 3.');
      await page.keyboard.press('Control+Enter');
      await p.waitForPosted((m) => m.type === 'setTopicNote', since);
      assert.deepEqual(only(p, 'setTopicNote', since).map((m) => [m.topicId, m.note]), [[t.id, 'Compare with interview 3.']]);

      since = p.posted.length;
      await page.click(`button[data-key="irrelevant-${t.id}"]`);
      await p.waitForPosted((m) => m.type === 'setIrrelevant', since);
      assert.deepEqual(only(p, 'setIrrelevant', since).map((m) => [m.topicId, m.irrelevant]), [[t.id, true]]);

      since = p.posted.length;
      await page.click(`vscode-checkbox[data-key="select-${unassigned[1]}"]`);
      await page.click(`vscode-checkbox[data-key="select-${unassigned[2]}"]`);
      await page.click('vscode-button[data-key="merge-selected"]');
      await p.waitForPosted((m) => m.type === 'mergeTopics', since);
      assert.deepEqual(only(p, 'mergeTopics', since).map((m) => m.topicIds), [[unassigned[1], unassigned[2]]]);
    } finally {
      await p.close();
    }
  });

  test('undo/redo buttons and keys, the Vanished column (restore as note, dismiss), the missing-run-data note', async () => {
    const p = await open('board');
    try {
      const vanished = [{ id: 't-0000beef', label: 'Gold standard', keywords: ['gold', 'silver', 'coin'], size: 17, themes: [th0.id], note: 'Check 1896.' }];
      const taxonomy = { ...fx.taxonomy, vanished };
      await p.send({ type: 'state', state: {
        folder: 'fixture-talks', taxonomyPath: 'taxonomy.json', taxonomy, problems: [], prevalence: computePrevalence(taxonomy), hasArtifact: true,
        runDataNote: 'The per-chunk data is not on this machine.', history: { undo: 'Rename topic to "X"', redo: null },
      } });
      const page = p.page;
      await page.waitForSelector('.vanished-card');
      assert.equal(await page.getAttribute('button[data-key="history-undo"]', 'title'), 'Undo “Rename topic to "X"” (Ctrl+Z)');
      assert.equal(await page.getAttribute('button[data-key="history-redo"]', 'disabled'), '');
      assert.match(await page.locator('.run-data-note').innerText(), /not on this machine/);
      assert.match(await page.locator('.vanished-column').innerText(), /Vanished[\s\S]*Gold standard[\s\S]*gold · silver · coin[\s\S]*was in [\s\S]*Check 1896\./);

      let since = p.posted.length;
      await page.click('button[data-key="history-undo"]');
      await p.waitForPosted((m) => m.type === 'undo', since);
      since = p.posted.length;
      await page.focus(`li.topic-card[data-topic="${unassigned[0]}"]`);
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+Shift+Z');
      await page.keyboard.press('Control+y');
      // Both redos: the second key's message may still be on its way when the first arrives.
      let redos = 0;
      await p.waitForPosted((m) => m.type === 'redo' && ++redos === 2, since);
      assert.deepEqual(p.posted.slice(since).filter((m) => m.type === 'undo' || m.type === 'redo').map((m) => m.type), ['undo', 'redo', 'redo']);
      // In a text field Ctrl+Z is the field's own.
      since = p.posted.length;
      await page.click('vscode-textfield[data-key="new-theme-name"]');
      await page.keyboard.type('abc');
      await page.keyboard.press('Control+z');
      await page.click('button[data-key="dismiss-t-0000beef"]');
      await p.waitForPosted((m) => m.type === 'dismissVanished', since);
      assert.deepEqual(p.posted.slice(since).filter((m) => m.type === 'undo').length, 0);

      since = p.posted.length;
      await page.click('button[data-key="restore-t-0000beef"]');
      await page.waitForSelector('.picker-input');
      assert.match(await page.locator('.picker-list li').first().innerText(), new RegExp(`${th0.name}[\\s\\S]*its theme`), 'its former theme is offered first');
      await page.keyboard.press('Enter');
      const restore = await p.waitForPosted((m) => m.type === 'restoreVanished', since);
      assert.deepEqual(restore.type === 'restoreVanished' && [restore.vanishedId, restore.target], ['t-0000beef', { kind: 'theme', id: th0.id }]);
    } finally {
      await p.close();
    }
  });

  test('theme board: keyboard alternatives for every drag and edit', async () => {
    const p = await open('board');
    const page = p.page;
    const card = (id: string) => page.locator(`li.topic-card[data-topic="${id}"]`);
    try {
      // M opens "Move to theme…"; typing filters; Enter moves.
      let since = p.posted.length;
      await card(unassigned[0]).focus();
      await page.keyboard.press('m');
      await page.waitForSelector('.picker');
      await page.keyboard.type(th2.name.slice(0, 6));
      await page.keyboard.press('Enter');
      await p.waitForPosted((m) => m.type === 'assignTopic', since);
      assert.deepEqual(only(p, 'assignTopic', since).map((m) => [m.topicId, m.themeId, m.index]), [[unassigned[0], th2.id, undefined]]);
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.topic), unassigned[0], 'focus returns to the card');

      // Alt+Down reorders within the theme.
      since = p.posted.length;
      await card(th0.topics[0]).focus();
      await page.keyboard.press('Alt+ArrowDown');
      await p.waitForPosted((m) => m.type === 'assignTopic', since);
      assert.deepEqual(only(p, 'assignTopic', since).map((m) => [m.topicId, m.themeId, m.index]), [[th0.topics[0], th0.id, 1]]);

      since = p.posted.length;
      await card(th0.topics[1]).focus();
      await page.keyboard.press('Alt+ArrowUp');
      await p.waitForPosted((m) => m.type === 'assignTopic', since);
      assert.deepEqual(only(p, 'assignTopic', since).map((m) => [m.topicId, m.index]), [[th0.topics[1], 0]]);

      // Delete takes a topic out of its theme.
      since = p.posted.length;
      await card(th1.topics[0]).focus();
      await page.keyboard.press('Delete');
      await p.waitForPosted((m) => m.type === 'assignTopic', since);
      assert.deepEqual(only(p, 'assignTopic', since).map((m) => [m.topicId, m.themeId]), [[th1.topics[0], null]]);

      since = p.posted.length;
      await card(unassigned[1]).focus();
      await page.keyboard.press('F2');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Renamed by keyboard');
      await page.keyboard.press('Enter');
      await p.waitForPosted((m) => m.type === 'renameTopic', since);
      assert.deepEqual(only(p, 'renameTopic', since).map((m) => m.label), ['Renamed by keyboard']);

      since = p.posted.length;
      await card(unassigned[1]).focus();
      await page.keyboard.press('n');
      await page.keyboard.type('A note');
      await page.keyboard.press('Control+Enter');
      await p.waitForPosted((m) => m.type === 'setTopicNote', since);
      assert.deepEqual(only(p, 'setTopicNote', since).map((m) => [m.topicId, m.note]), [[unassigned[1], 'A note']]);

      since = p.posted.length;
      await card(unassigned[2]).focus();
      await page.keyboard.press('i');
      await p.waitForPosted((m) => m.type === 'setIrrelevant', since);
      assert.deepEqual(only(p, 'setIrrelevant', since).map((m) => [m.topicId, m.irrelevant]), [[unassigned[2], true]]);

      // Space selects for merge; the merge button then merges them.
      since = p.posted.length;
      await card(unassigned[2]).focus();
      await page.keyboard.press(' ');
      await card(unassigned[3]).focus();
      await page.keyboard.press(' ');
      await page.locator('vscode-button[data-key="merge-selected"]').focus();
      await page.keyboard.press('Enter');
      await p.waitForPosted((m) => m.type === 'mergeTopics', since);
      assert.deepEqual(only(p, 'mergeTopics', since).map((m) => m.topicIds), [[unassigned[2], unassigned[3]]]);

      // Theme headers: Alt+→ reorders, F2 renames, Delete asks, then deletes.
      const header = page.locator(`header[data-key="theme-${th1.id}"]`);
      since = p.posted.length;
      await header.focus();
      await page.keyboard.press('Alt+ArrowRight');
      await p.waitForPosted((m) => m.type === 'moveTheme', since);
      assert.deepEqual(only(p, 'moveTheme', since).map((m) => [m.themeId, m.toIndex]), [[th1.id, 2]]);

      since = p.posted.length;
      await header.focus();
      await page.keyboard.press('F2');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Costs');
      await page.keyboard.press('Enter');
      await p.waitForPosted((m) => m.type === 'renameTheme', since);
      assert.deepEqual(only(p, 'renameTheme', since).map((m) => m.name), ['Costs']);

      since = p.posted.length;
      await header.focus();
      await page.keyboard.press('Delete');
      await page.keyboard.press('Enter');
      await p.waitForPosted((m) => m.type === 'deleteTheme', since);
      assert.deepEqual(only(p, 'deleteTheme', since).map((m) => m.themeId), [th1.id]);
    } finally {
      await p.close();
    }
  });

  test('hostile text renders literally everywhere: no element injected, no script run, no CSP violation', async () => {
    const p = await open('topics', { uiState: { tab: 'topics', selectedTopic: fx.taxonomy.topics[0].id } });
    const page = p.page;
    try {
      await page.waitForSelector('.topic-detail .excerpt');
      await page.click('vscode-button[data-key="show-all-chunks"]');
      await page.waitForSelector('.all-chunks .excerpt');
      for (const tab of ['[data-key="tab-board"]', '[data-key="tab-prevalence"]', '[data-key="tab-map"]']) await page.click(tab);
      const r = await page.evaluate((text) => {
        const w = window as unknown as Record<string, unknown>;
        const app = document.getElementById('app')!;
        const literal = Array.from(app.querySelectorAll('*')).filter((el) => el.childElementCount === 0 && el.textContent?.includes(text)).length;
        return {
          injected: w.__injected,
          alerts: w.__lmAlerts,
          violations: w.__lmViolations,
          scripts: document.querySelectorAll('script').length,
          imgs: document.querySelectorAll('img').length,
          onerror: document.querySelectorAll('[onerror]').length,
          literal,
          sourceShown: Array.from(app.querySelectorAll('.excerpt-source')).some((el) => el.textContent?.includes('<img src=x onerror=alert(1)>.txt')),
        };
      }, INJECTION_TEXT);
      assert.equal(r.injected, undefined);
      assert.equal(r.alerts, 0);
      assert.deepEqual(r.violations, []);
      assert.equal(r.scripts, 1, 'only the nonce-tagged bundle');
      assert.equal(r.imgs, 0);
      assert.equal(r.onerror, 0);
      assert.ok(r.literal >= 4, `the hostile label/excerpt shows as text in table, detail, board, prevalence (found ${r.literal})`);
      assert.ok(r.sourceShown, 'the hostile file name shows as text');
    } finally {
      await p.close();
    }
  });

  test('the map draws 15,000 points, labels topics, hover shows the excerpt as text, click selects the topic', async () => {
    const big = makeFixture({ topics: 40, chunks: 15_000, seed: 3, injection: true });
    const p = await openPanel(chromium.browser(), chromium.server(), { taxonomy: big.taxonomy, artifact: big.artifact, uiState: { tab: 'map' } });
    const page = p.page;
    try {
      await page.waitForFunction(() => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')?.dataset.pointsDrawn) > 0);
      const drawn = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('.map-canvas')!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
        return { points: Number(c.dataset.pointsDrawn), painted, total: c.width * c.height, firstPaint: Number(c.dataset.firstPaintMs) };
      });
      assert.equal(drawn.points, 15_000);
      assert.ok(drawn.painted > 20_000, `non-background pixels: ${drawn.painted}`);
      assert.ok(drawn.firstPaint >= 0);
      // Hover the densest spot of a topic's blob: its centroid.
      const target = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('.map-canvas')!;
        const r = c.getBoundingClientRect();
        const ctx = c.getContext('2d')!;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const dpr = c.width / r.width;
        for (let y = 10; y < c.height - 10; y += 3) for (let x = 10; x < c.width - 10; x += 3) {
          const i = (y * c.width + x) * 4;
          if (d[i + 3] > 200) return { x: r.left + x / dpr, y: r.top + y / dpr };
        }
        return null;
      });
      assert.ok(target);
      const since = p.posted.length;
      await page.mouse.move(target.x, target.y);
      const req = await p.waitForPosted((m) => m.type === 'requestExcerpt', since);
      assert.equal(req.type, 'requestExcerpt');
      await page.waitForSelector('.map-tooltip:not([hidden])');
      const tip = await page.locator('.map-tooltip .tooltip-text').textContent();
      const idx = req.type === 'requestExcerpt' ? req.index : -1;
      assert.ok(tip && big.artifact.chunks[idx].text.startsWith(tip.slice(0, 40)));
      await page.mouse.click(target.x, target.y);
      const ui = await page.evaluate(() => (window as unknown as { __lmUiState: { selectedTopic: string | null } }).__lmUiState);
      assert.equal(ui.selectedTopic, big.artifact.topicOf[idx]);
      assert.equal(await page.evaluate(() => document.querySelectorAll('img, [onerror]').length), 0);
    } finally {
      await p.close();
    }
  });

  test('the intertopic view draws one circle per topic; hover names it, click selects it', async () => {
    const p = await open('map', { uiState: { tab: 'map', mapMode: 'topics' } });
    const page = p.page;
    try {
      await page.waitForFunction(() => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')?.dataset.bubblesDrawn) > 0);
      assert.equal(Number(await page.locator('.map-canvas').getAttribute('data-bubbles-drawn')), fx.taxonomy.topics.length);
      assert.equal(Number(await page.locator('.map-canvas').getAttribute('data-points-drawn')), 0);
      const target = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('.map-canvas')!;
        const r = c.getBoundingClientRect();
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const dpr = c.width / r.width;
        for (let y = 10; y < c.height - 10; y += 4) for (let x = 10; x < c.width - 10; x += 4) {
          if (d[(y * c.width + x) * 4 + 3] > 90) return { x: r.left + x / dpr + 6, y: r.top + y / dpr + 6 };
        }
        return null;
      });
      assert.ok(target);
      await page.mouse.move(target.x, target.y);
      await page.waitForSelector('.map-tooltip:not([hidden])');
      const label = await page.locator('.map-tooltip .tooltip-topic').textContent();
      assert.ok(fx.taxonomy.topics.some((t) => t.label === label));
      await page.mouse.click(target.x, target.y);
      const ui = await page.evaluate(() => (window as unknown as { __lmUiState: { selectedTopic: string | null } }).__lmUiState);
      assert.equal(fx.taxonomy.topics.find((t) => t.id === ui.selectedTopic)?.label, label);
    } finally {
      await p.close();
    }
  });

  test('UI state survives a reload; a new state from the host (external edit) re-renders; refused edits show the reason', async () => {
    const topic = fx.taxonomy.topics.find((t) => t.id === unassigned[0])!;
    const p = await open('topics', { uiState: { tab: 'topics', selectedTopic: topic.id, filterText: '', sort: { key: 'label', descending: false } }, refuseWith: 'Theme name already exists' });
    const page = p.page;
    try {
      assert.equal(await page.locator('.topic-detail h2').textContent(), topic.label);
      assert.equal(await page.locator('tr.selected').getAttribute('data-topic'), topic.id);
      const edited = structuredClone(fx.taxonomy);
      edited.topics[fx.taxonomy.topics.indexOf(topic)].label = 'Renamed in the file';
      edited.themes[0].topics.push(topic.id);
      await p.send({ type: 'state', state: { folder: 'fixture-talks', taxonomyPath: 'taxonomy.json', taxonomy: edited, problems: [], prevalence: computePrevalence(edited), hasArtifact: true } });
      await page.waitForFunction(() => document.querySelector('.topic-detail h2')?.textContent === 'Renamed in the file');
      assert.match(await page.locator('tr.selected td.theme').textContent() ?? '', new RegExp(th0.name));
      await page.click('[data-key="tab-board"]');
      await page.locator('vscode-textfield[data-key="new-theme-name"]').click();
      await page.keyboard.type('Costs');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.notice.error');
      assert.match(await page.locator('.notice.error').textContent() ?? '', /Theme name already exists/);
      await p.send({ type: 'state', state: { folder: 'fixture-talks', taxonomyPath: 'taxonomy.json', taxonomy: null, problems: [{ message: 'Unexpected token } in JSON at line 4', severity: 'error' }], prevalence: null, hasArtifact: false } });
      await page.waitForSelector('.problem.error');
      assert.match(await page.locator('.empty-state').textContent() ?? '', /could not be read/);
    } finally {
      await p.close();
    }
  });

  test('screenshots in a dark, a light and a high-contrast theme (shots/)', async () => {
    fs.mkdirSync('shots', { recursive: true });
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      const p = await open('map', { theme });
      const shot = async (tab: string) => {
        await p.page.click(`[data-key="tab-${tab}"]`);
        await p.page.evaluate(() => document.fonts.ready);
        const file = `shots/panel-${theme}-${tab}.png`;
        await p.page.screenshot({ path: file });
        assert.ok(fs.statSync(file).size > 10_000);
      };
      await p.page.waitForFunction(() => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')?.dataset.pointsDrawn) > 0);
      await shot('map');
      await p.page.evaluate(() => {
        const s = document.querySelector('vscode-single-select[data-key="map-mode"]') as HTMLElement & { value: string };
        s.value = 'topics';
        s.dispatchEvent(new Event('change'));
      });
      await p.page.waitForFunction(() => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')?.dataset.bubblesDrawn) > 0);
      await p.page.screenshot({ path: `shots/panel-${theme}-intertopic.png` });
      await p.page.click('[data-key="tab-topics"]');
      await p.page.click(`tr[data-topic="${fx.taxonomy.topics[6].id}"]`);
      for (const tab of ['topics', 'board', 'prevalence']) await shot(tab);
      // The over-time chart sits below the table.
      await p.page.locator('.over-time').scrollIntoViewIfNeeded();
      await p.page.screenshot({ path: `shots/panel-${theme}-over-time.png` });
      await p.page.click('[data-key="tab-hierarchy"]');
      await p.page.waitForSelector('.hierarchy-view .tree-node');
      await p.page.screenshot({ path: `shots/panel-${theme}-hierarchy.png` });
      await p.close();
    }
  });
});
