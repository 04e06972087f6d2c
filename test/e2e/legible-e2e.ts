// The side panel as a researcher sees it, in the real workbench: a 100-topic taxonomy with 6 themes, excerpt rows that
// show file and position at the view's default width, screenshots in the light, dark and high-contrast themes at 1280
// and 1920 px (shots/legible-side-panel-*.png), and excerpts that open where they are: a one-line Whisper JSON at the
// segment's text, a WebVTT cue selected from its first line with the cursor at its start.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chunkSource } from '../../src/pipeline/chunking';
import { isSkipped, parseSource } from '../../src/pipeline/formats/index';
import type { Chunk } from '../../src/pipeline/types';
import { serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { ChunkRef } from '../../src/taxonomy/types';
import { makeFixture } from '../support/panel-fixture';
import { FIXTURE_SETTINGS } from './fixtures';
import { REPO, log, runCommand, screenshot, startCodeServer, waitForWorkbench, withPage } from './harness';


const VTT = ['WEBVTT', '', '1', '00:00:01.000 --> 00:00:04.000', 'Welcome to the evaluation panel, everyone.', '',
  '2', '00:00:04.500 --> 00:00:08.000', 'We test every prompt against a golden set before release.', ''].join('\n');

function whisperOneLine(): string {
  const segs = Array.from({ length: 30 }, (_, i) => ({ id: i, start: i * 5, end: i * 5 + 5, text: ` Segment ${i}: we evaluate retrieval quality and latency for release ${i}.` }));
  return JSON.stringify({ text: segs.map((s) => s.text).join(''), segments: segs, language: 'en' });
}

function refOf(c: Chunk): ChunkRef {
  return {
    chunk: c.id, source: c.source, lines: [c.lineStart, c.lineEnd],
    ...(c.timeStart !== undefined && c.timeEnd !== undefined ? { time: [c.timeStart, c.timeEnd] as [number, number] } : {}),
    ...(c.colStart !== undefined && c.colEnd !== undefined ? { cols: [c.colStart, c.colEnd] as [number, number] } : {}),
    excerpt: c.text.slice(0, 200),
  };
}

function chunksOf(ws: string, rel: string, maxTokens: number): Chunk[] {
  const p = parseSource(fs.readFileSync(path.join(ws, rel)), rel);
  if (isSkipped(p)) throw new Error(`${rel}: ${p.reason}`);
  return chunkSource(p, { maxTokens });
}

/** A workspace with taxonomy.json (100 topics, 6 themes) whose first themed topic cites a VTT cue and a Whisper segment. */
function workspace(): { ws: string; topicLabel: string; whisper: Chunk; vtt: Chunk; whisperText: string } {
  const ws = fs.mkdtempSync(path.join(REPO, '.vscode-test', 'ws-legible-'));
  fs.mkdirSync(path.join(ws, 'talks'));
  fs.writeFileSync(path.join(ws, 'talks', 'panel.vtt'), VTT);
  const whisperText = whisperOneLine();
  fs.writeFileSync(path.join(ws, 'episode.json'), whisperText);
  const whisper = chunksOf(ws, 'episode.json', 40)[2];
  const vtt = chunksOf(ws, 'talks/panel.vtt', 12).find((c) => VTT.split('\n')[c.lineStart - 1] === '2');
  if (!vtt) throw new Error('no chunk of talks/panel.vtt starts at the second cue');
  const fx = makeFixture({ topics: 100, chunks: 6000, themes: 6, perTheme: 8, seed: 11, sources: 60, yearSpan: [1790, 2020] });
  const t = fx.taxonomy;
  t.themes[0].name = 'Evaluation, testing and quality assurance of model output';
  const topic = t.topics.find((x) => x.id === t.themes[0].topics[0])!;
  topic.representative = [refOf(whisper), refOf(vtt), ...topic.representative.slice(0, 1)];
  fs.writeFileSync(path.join(ws, 'taxonomy.json'), serializeTaxonomy(t));
  return { ws, topicLabel: topic.label, whisper, vtt, whisperText };
}

async function workbenchTheme(page: Page, cls: string): Promise<void> {
  await page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), cls, { timeout: 20000 });
}

/** The editor's "Ln 1, Col 16 (13 selected)" status: where the cursor is and how much is selected. */
async function selectionStatus(page: Page, want: RegExp): Promise<string> {
  const item = page.locator('#status\\.editor\\.selection');
  await item.filter({ hasText: want }).waitFor({ timeout: 15000 });
  return (await item.innerText()).trim();
}

/** One code-server with the workspace open and the first themed topic expanded in the Themes view. */
async function session(colorTheme: string, w: ReturnType<typeof workspace>, body: (page: Page) => Promise<void>): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const cs = await startCodeServer({
    name: 'legible', settings: { ...FIXTURE_SETTINGS, 'workbench.colorTheme': colorTheme },
    extensions: [{ id: `${pkg.publisher}.${pkg.name}-${pkg.version}`, dir: REPO }],
  });
  await withPage(cs, 'legible', async (page) => {
    await page.goto(cs.url(w.ws));
    await waitForWorkbench(page);
    await runCommand(page, 'Literature Map: Focus on Themes View');
    const tree = page.locator('.pane-body .monaco-list-row');
    await tree.filter({ hasText: 'Evaluation, testing' }).first().waitFor({ timeout: 20000 });
    await tree.filter({ hasText: w.topicLabel }).first().click();
    await tree.filter({ hasText: /episode\.json @/ }).first().waitFor({ timeout: 20000 });
    await body(page);
  });
}

async function shots(page: Page, kind: string): Promise<void> {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
    await page.waitForFunction((wd) => window.innerWidth === wd, width);
    await page.locator('.pane-body .monaco-list-row', { hasText: /episode\.json @/ }).first().waitFor();
    await screenshot(page, `legible-side-panel-${kind}-${width}`);
  }
}

export async function legibleTest(): Promise<void> {
  const w = workspace();
  await session('Default Light Modern', w, async (page) => {
    const tree = page.locator('.pane-body .monaco-list-row');
    const whisperRow = tree.filter({ hasText: /episode\.json @/ }).first();
    const vttRow = tree.filter({ hasText: /panel\.vtt:/ }).first();
    // The row leads with where the excerpt is, whole at the view's default width; the excerpt follows.
    const where = (await whisperRow.locator('.label-name').innerText()).trim();
    if (!/^episode\.json @ \d+:\d\d$/.test(where)) throw new Error(`Whisper excerpt row reads "${where}"`);
    const vttWhere = (await vttRow.locator('.label-name').innerText()).trim();
    if (!/^panel\.vtt:\d+ @ 0:0\d$/.test(vttWhere)) throw new Error(`VTT excerpt row reads "${vttWhere}"`);
    for (const [r, text] of [[whisperRow, w.whisper.text], [vttRow, w.vtt.text]] as const) {
      const [l, box] = [await r.locator('.label-name').boundingBox(), await r.boundingBox()];
      if (!l || !box || l.x + l.width > box.x + box.width + 1) throw new Error(`the position is cut: ${JSON.stringify({ l, box })}`);
      if (!(await r.locator('.label-description').innerText()).startsWith(text.slice(0, 20))) throw new Error('the excerpt does not follow the position');
    }
    log(`legible: excerpt rows read "${where}" and "${vttWhere}"`);
    await workbenchTheme(page, 'vs');
    await shots(page, 'light');
    // Offline, the theme picker's search goes to the marketplace: the palette's toggle switches to the dark theme.
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await workbenchTheme(page, 'vs-dark');
    await shots(page, 'dark');
    // Open the Whisper excerpt: the cursor at the segment text's first character, the chunk's text selected.
    await whisperRow.click();
    const col = w.whisper.colStart! + 1;
    const status = await selectionStatus(page, new RegExp(`Ln 1, Col ${col} \\(${w.whisper.colEnd! - w.whisper.colStart!} selected\\)`));
    log(`legible: the Whisper excerpt opens at "${status}" (its text starts at column ${col} of ${w.whisperText.length})`);
    // Open the VTT excerpt: the whole cue from its id line selected, the cursor at its start.
    await vttRow.click();
    const lines = VTT.split('\n');
    const selected = lines.slice(w.vtt.lineStart - 1, w.vtt.lineEnd).join('\n').length;
    const vttStatus = await selectionStatus(page, new RegExp(`Ln ${w.vtt.lineStart}, Col 1 \\(${selected} selected\\)`));
    log(`legible: the VTT excerpt opens at "${vttStatus}" (the cue from its id line)`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'legible-vtt-opened');
  });
  await session('Default High Contrast', w, async (page) => {
    await workbenchTheme(page, 'hc-black');
    await shots(page, 'high-contrast');
  });
}
