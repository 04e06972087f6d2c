// What a researcher sees, in headless chromium at 1280 and 1920 px: a 100-topic map whose neighbouring topics never
// share a colour and whose labels never overlap, a map that refits when its panel resizes, layouts that fit (no clipped
// percentages, no overlapping year labels, ellipsised names with the full text as tooltip), and a one-line Whisper
// transcript whose excerpt opens at the segment's column. Screenshots of each view in three themes go to shots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chunkSource } from '../../src/pipeline/chunking';
import { isSkipped, parseSource } from '../../src/pipeline/formats/index';
import type { WebviewMessage } from '../../src/protocol';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';
import { makeFixture } from '../support/panel-fixture';
import { chromiumMissing, launchChromium, openPanel, startServer, type PanelServer } from '../support/webview-page';

const skip = chromiumMissing();
const LONG_THEME = 'Evaluation, testing and quality assurance of model output before and after deployment';

/** 100 topics, 6 themes of 8 topics, sources dated over 230 years, one theme with a long name. */
function bigFixture(): { taxonomy: Taxonomy; artifact: RunArtifact } {
  const fx = makeFixture({ topics: 100, chunks: 6000, themes: 6, perTheme: 8, seed: 11, sources: 60, yearSpan: [1790, 2020] });
  fx.taxonomy.themes[0].name = LONG_THEME;
  return fx;
}

async function mapReady(page: Page): Promise<void> {
  await page.waitForFunction(() => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')?.dataset.pointsDrawn) > 0);
}

/** The map's painted extent (non-transparent pixels) as a fraction of the canvas, left/top/right/bottom. */
function paintedExtent(page: Page): Promise<{ l: number; t: number; r: number; b: number }> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('.map-canvas')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let l = c.width, t = c.height, r = 0, b = 0;
    for (let y = 0; y < c.height; y += 2) for (let x = 0; x < c.width; x += 2) {
      if (d[(y * c.width + x) * 4 + 3] > 0) { l = Math.min(l, x); r = Math.max(r, x); t = Math.min(t, y); b = Math.max(b, y); }
    }
    return { l: l / c.width, t: t / c.height, r: r / c.width, b: b / c.height };
  });
}

describe('What a researcher sees (legibility)', { skip }, () => {
  let browser: Browser;
  let server: PanelServer;
  const fx = bigFixture();
  before(async () => {
    browser = await launchChromium();
    server = await startServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('100 topics: no two neighbouring topics share a colour, and neighbours are far apart in colour', async (t) => {
    for (const [colourBy, theme] of [['plain', 'dark'], ['plain', 'light'], ['plain', 'high-contrast'], ['themes', 'dark'], ['themes', 'light']] as const) {
      const taxonomy = colourBy === 'plain' ? { ...fx.taxonomy, themes: [], unassigned: fx.taxonomy.topics.filter((t) => !t.irrelevant).map((t) => t.id) } : fx.taxonomy;
      const p = await openPanel(browser, server, { taxonomy, artifact: fx.artifact, theme, uiState: { tab: 'map' } });
      try {
        await mapReady(p.page);
        const byId = JSON.parse(await p.page.locator('.map-canvas').getAttribute('data-topic-colours') ?? '{}') as Record<string, string>;
        const topicIds = taxonomy.topics.map((t) => t.id);
        const colours = topicIds.map((id) => byId[id]);
        assert.ok(colours.every((c) => typeof c === 'string'));
        // Neighbours, computed here independently of the panel: each topic's 3 nearest centroids, and topics with points
        // within 1/100 of the map's extent of each other.
        const idx = new Map(topicIds.map((id, i) => [id, i]));
        const c = fx.artifact.coords2d;
        const pts = fx.artifact.topicOf.map((id, i) => ({ t: id === null ? -1 : idx.get(id)!, x: c[2 * i], y: c[2 * i + 1] })).filter((q) => q.t >= 0);
        const xs = pts.map((q) => q.x), ys = pts.map((q) => q.y);
        const near = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / 100;
        const pairs = new Set<string>();
        const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
        const sorted = [...pts].sort((a, b) => a.x - b.x);
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length && sorted[j].x - sorted[i].x <= near; j++) {
            if (sorted[i].t !== sorted[j].t && Math.abs(sorted[j].y - sorted[i].y) <= near) pairs.add(key(sorted[i].t, sorted[j].t));
          }
        }
        const cent = topicIds.map((_, t) => {
          const mine = pts.filter((q) => q.t === t);
          return [mine.reduce((s, q) => s + q.x, 0) / mine.length, mine.reduce((s, q) => s + q.y, 0) / mine.length];
        });
        // Topics with no chunk on the map (the fixture has some) have no centroid and no neighbours.
        cent.forEach(([x, y], a) => Number.isFinite(x) && cent.map(([u, v], b) => ({ b, d: (u - x) ** 2 + (v - y) ** 2 })).filter((e) => e.b !== a && Number.isFinite(e.d))
          .sort((p1, p2) => p1.d - p2.d).slice(0, 3).forEach((e) => pairs.add(key(a, e.b))));
        assert.ok(pairs.size > 150, `a dense map: ${pairs.size} neighbouring pairs`);
        const distance = await p.page.evaluate((ps) => {
          const cs = ps.colours;
          const rgb = (s: string) => { const e = document.createElement('span'); e.style.color = s; document.body.append(e); const m = getComputedStyle(e).color.match(/\d+/g)!.map(Number); e.remove(); return m; };
          let min = Infinity;
          for (const k of ps.pairs) {
            const [a, b] = k.split('-').map(Number);
            const p1 = rgb(cs[a]), q = rgb(cs[b]);
            const rm = (p1[0] + q[0]) / 2;
            min = Math.min(min, Math.sqrt((2 + rm / 256) * (p1[0] - q[0]) ** 2 + 4 * (p1[1] - q[1]) ** 2 + (2 + (255 - rm) / 256) * (p1[2] - q[2]) ** 2));
          }
          return min;
        }, { pairs: [...pairs], colours });
        for (const k of pairs) {
          const [a, b] = k.split('-').map(Number);
          assert.notEqual(colours[a].toLowerCase(), colours[b].toLowerCase(), `${colourBy}: topics ${a} and ${b} are neighbours with one colour`);
        }
        // Not just different strings: visibly different ("redmean" RGB distance; near-identical blues are < 40).
        assert.ok(distance >= 40, `${colourBy}, ${theme}: closest neighbouring colours are ${distance.toFixed(0)} apart`);
        t.diagnostic(`${colourBy}, ${theme}: ${new Set(colours).size} colours; ${pairs.size} neighbouring pairs; closest pair ${distance.toFixed(0)} apart`);
        if (colourBy === 'themes') {
          // A theme's topics are shades of one family: hue within 40° of the theme colour's.
          const hues = await p.page.evaluate((cs) => cs.map((s) => {
            const e = document.createElement('span'); e.style.color = s; document.body.append(e);
            const [r, g, b] = getComputedStyle(e).color.match(/\d+/g)!.map((v) => Number(v) / 255); e.remove();
            const mx = Math.max(r, g, b), mn = Math.min(r, g, b), d = mx - mn;
            if (!d) return 0;
            const h = mx === r ? ((g - b) / d + 6) % 6 : mx === g ? (b - r) / d + 2 : (r - g) / d + 4;
            return h * 60;
          }), colours);
          for (const th of taxonomy.themes) {
            const hs = th.topics.map((id) => hues[idx.get(id)!]);
            const spread = Math.max(...hs.map((h1) => Math.max(...hs.map((h2) => Math.min(Math.abs(h1 - h2), 360 - Math.abs(h1 - h2))))));
            assert.ok(spread <= 80, `${th.name}: hues ${hs.map((h) => h.toFixed(0)).join(', ')}`);
          }
        }
      } finally {
        await p.close();
      }
    }
  });

  test('100 topics: label boxes never overlap and stay on the canvas, at 1280 and 1920 px and zoomed in', async () => {
    for (const width of [1280, 1920]) {
      const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact, uiState: { tab: 'map' }, viewport: { width, height: width === 1280 ? 800 : 1080 } });
      try {
        await mapReady(p.page);
        const check = async (what: string) => {
          const r = await p.page.evaluate(() => {
            const c = document.querySelector<HTMLCanvasElement>('.map-canvas')!;
            return { boxes: JSON.parse(c.dataset.labelBoxes ?? '[]') as number[][], w: c.clientWidth, h: c.clientHeight };
          });
          assert.ok(r.boxes.length >= 12, `${what}: ${r.boxes.length} labels shown`);
          for (const [x, y, w, h] of r.boxes) assert.ok(x >= 0 && y >= 0 && x + w <= r.w + 0.1 && y + h <= r.h + 0.1, `${what}: label box ${[x, y, w, h]} leaves the canvas`);
          for (let i = 0; i < r.boxes.length; i++) for (let j = i + 1; j < r.boxes.length; j++) {
            const [ax, ay, aw, ah] = r.boxes[i], [bx, by, bw, bh] = r.boxes[j];
            const overlap = ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
            assert.ok(!overlap, `${what}: labels ${i} ${r.boxes[i]} and ${j} ${r.boxes[j]} overlap`);
          }
          return r.boxes.length;
        };
        const fitted = await check(`${width} px`);
        const before = Number(await p.page.locator('.map-canvas').getAttribute('data-draw-count'));
        await p.page.focus('.map-canvas');
        for (let i = 0; i < 4; i++) await p.page.keyboard.press('+');
        await p.page.waitForFunction((n) => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')!.dataset.drawCount) > n, before);
        const zoomed = await check(`${width} px zoomed`);
        assert.ok(zoomed >= fitted || zoomed >= 12);
      } finally {
        await p.close();
      }
    }
  });

  test('the map refits after its panel resizes: no corner of a larger canvas, the zoom kept', async () => {
    const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact, uiState: { tab: 'map' }, viewport: { width: 900, height: 500 } });
    try {
      await mapReady(p.page);
      const small = await paintedExtent(p.page);
      const drawn = Number(await p.page.locator('.map-canvas').getAttribute('data-draw-count'));
      await p.page.setViewportSize({ width: 1920, height: 1080 });
      await p.page.waitForFunction((n) => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')!.dataset.drawCount) > n, drawn);
      const big = await paintedExtent(p.page);
      // Fitted both times: the points reach across most of the canvas in its tighter direction, centred.
      for (const [what, e] of [['900×500', small], ['1920×1080', big]] as const) {
        assert.ok(Math.max(e.r - e.l, e.b - e.t) > 0.8, `${what}: points span ${JSON.stringify(e)}`);
        assert.ok(Math.abs((e.l + e.r) / 2 - 0.5) < 0.08 && Math.abs((e.t + e.b) / 2 - 0.5) < 0.08, `${what}: centred, ${JSON.stringify(e)}`);
      }
    } finally {
      await p.close();
    }
  });

  test('layouts fit at 1280 and 1920 px: table columns, board columns, over-time labels; long names ellipsised with a tooltip', async () => {
    for (const width of [1280, 1920]) {
      const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact, uiState: { tab: 'topics' }, viewport: { width, height: width === 1280 ? 800 : 1080 } });
      try {
        await p.page.waitForSelector('.topics-table tbody tr', { state: 'attached' });
        const table = await p.page.evaluate(() => {
          const list = document.querySelector('.topics-list')!;
          const th = Array.from(document.querySelectorAll('.topics-table thead th')).at(-1)!.getBoundingClientRect();
          const cell = document.querySelector<HTMLElement>('.topics-table td.theme .cell-text');
          return { overflow: list.scrollWidth - list.clientWidth, themeRight: th.right, listRight: list.getBoundingClientRect().right, cellTitle: cell?.title ?? '', ellipsised: cell ? cell.scrollWidth > cell.clientWidth : false };
        });
        assert.ok(table.overflow <= 1, `${width}: the Topics table scrolls sideways by ${table.overflow}px`);
        assert.ok(table.themeRight <= table.listRight + 1, `${width}: the Theme column is cut`);
        // Sorted by size, the first rows are the themed topics: the long theme name is ellipsised, its title in full.
        const titles = await p.page.locator('.topics-table td.theme .cell-text').evaluateAll((es) => es.map((e) => (e as HTMLElement).title));
        assert.ok(titles.includes(LONG_THEME), `${width}: the full theme name is the cell's tooltip`);
        await p.page.click('[data-key="tab-board"]');
        const board = await p.page.evaluate(() => {
          const cols = Array.from(document.querySelectorAll('.board-column')).map((c) => c.getBoundingClientRect());
          const wrap = document.querySelector('.board-columns')!;
          return { count: cols.length, scrolls: wrap.scrollWidth > wrap.clientWidth + 1, last: cols.at(-1)!.right, right: wrap.getBoundingClientRect().right };
        });
        assert.equal(board.count, 8);
        // At 1920 all eight columns fit; at 1280 the row scrolls and the Irrelevant column is reachable, not cut off.
        if (width === 1920) assert.ok(!board.scrolls && board.last <= board.right + 1, `${width}: board columns cut (${board.last} > ${board.right})`);
        await p.page.click('[data-key="tab-prevalence"]');
        await p.page.locator('.over-time').scrollIntoViewIfNeeded();
        const chart = await p.page.evaluate(() => {
          const svg = document.querySelector('.over-time svg')!.getBoundingClientRect();
          const labels = Array.from(document.querySelectorAll('.over-time .period-label')).map((e) => e.getBoundingClientRect());
          const ticks = Array.from(document.querySelectorAll('.over-time .tick-label')).map((e) => ({ text: e.textContent, r: e.getBoundingClientRect() }));
          return { svg: { l: svg.left, r: svg.right }, labels: labels.map((r) => [r.left, r.right]), ticks: ticks.map((t) => ({ text: t.text, l: t.r.left })), points: document.querySelectorAll('.over-time circle').length };
        });
        assert.ok(chart.labels.length >= 4, `${width}: ${chart.labels.length} year labels`);
        for (let i = 1; i < chart.labels.length; i++) assert.ok(chart.labels[i][0] >= chart.labels[i - 1][1] + 2, `${width}: year labels ${i - 1} and ${i} overlap`);
        for (const t of chart.ticks) assert.ok(t.l >= chart.svg.l, `${width}: tick "${t.text}" is clipped`);
      } finally {
        await p.close();
      }
    }
  });

  test('a panel in a narrow editor group (900 and 640 px): the Topics table keeps its Theme column without scrolling sideways', async () => {
    for (const width of [900, 640]) {
      const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact, uiState: { tab: 'topics', selectedTopic: fx.taxonomy.themes[0].topics[0] }, viewport: { width, height: 800 } });
      try {
        await p.page.waitForSelector('.topics-table tbody tr', { state: 'attached' });
        const r = await p.page.evaluate(() => {
          const list = document.querySelector('.topics-list')!;
          const th = Array.from(document.querySelectorAll('.topics-table thead th')).at(-1)!.getBoundingClientRect();
          return { overflow: list.scrollWidth - list.clientWidth, themeRight: th.right, listRight: list.getBoundingClientRect().right, page: document.documentElement.scrollWidth - window.innerWidth };
        });
        assert.ok(r.overflow <= 1 && r.page <= 1, `${width}: the table scrolls sideways by ${r.overflow}px (page ${r.page}px)`);
        assert.ok(r.themeRight <= r.listRight + 1, `${width}: the Theme column is cut`);
        await p.page.screenshot({ path: `shots/legible-dark-${width}-topics.png` });
      } finally {
        await p.close();
      }
    }
  });

  test('a one-line Whisper transcript: the excerpt opens at its segment\'s column, not at the whole line', async () => {
    const segs = Array.from({ length: 40 }, (_, i) => ({ id: i, start: i * 4, end: i * 4 + 4, text: ` Segment ${i} talks about retrieval, évaluation and cost number ${i}.` }));
    const file = JSON.stringify({ text: segs.map((s) => s.text).join(''), segments: segs, language: 'en' })
      .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const parsed = parseSource(Buffer.from(file), 'episode.json');
    assert.ok(!isSkipped(parsed));
    const chunks = chunkSource(parsed, { maxTokens: 60 });
    assert.ok(chunks.length > 3);
    const base = makeFixture({ topics: 2, chunks: chunks.length, themes: 0 });
    const artifact: RunArtifact = {
      ...base.artifact,
      chunks: chunks.map((c) => ({ id: c.id, source: c.source, index: c.index, lineStart: c.lineStart, lineEnd: c.lineEnd, timeStart: c.timeStart, timeEnd: c.timeEnd, colStart: c.colStart, colEnd: c.colEnd, text: c.text })),
    };
    const topicId = base.taxonomy.topics[0].id;
    const p = await openPanel(browser, server, { taxonomy: base.taxonomy, artifact, uiState: { tab: 'topics', selectedTopic: topicId } });
    try {
      await p.page.click('[data-key="show-all-chunks"]');
      await p.page.waitForSelector('.all-chunks .excerpt');
      const members = artifact.topicOf.map((t, i) => (t === topicId ? i : -1)).filter((i) => i >= 0);
      const target = artifact.chunks[members[1]];
      const since = p.posted.length;
      const source = await p.page.locator('.all-chunks .excerpt').nth(1).locator('.excerpt-source').innerText();
      assert.doesNotMatch(source, /:1\b/, 'no meaningless ":1" for a one-line file');
      assert.match(source, /episode\.json @ \d+:\d\d/);
      await p.page.locator('.all-chunks .excerpt').nth(1).click();
      const open = await p.waitForPosted((m) => m.type === 'openChunk', since) as Extract<WebviewMessage, { type: 'openChunk' }>;
      assert.equal(open.loc.lineStart, 1);
      assert.equal(open.loc.colStart, target.colStart);
      // Resolved on the file's text, the location starts at the chunk's first segment's text and ends with its last's.
      const enc = (t: string) => JSON.stringify(t).slice(1, -1).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const first = segs.findIndex((sg) => file.startsWith(enc(sg.text), open.loc.colStart));
      const last = segs.findIndex((sg) => file.slice(0, open.loc.colEnd).endsWith(enc(sg.text)));
      assert.ok(first >= 0 && last >= first, `selection ${open.loc.colStart}–${open.loc.colEnd} is not on segment text`);
      assert.ok(target.text.startsWith(segs[first].text.trim()), `starts at segment ${first}`);
      assert.ok(target.text.endsWith(segs[last].text.trim()), `ends with segment ${last}`);
    } finally {
      await p.close();
    }
  });

  test('screenshots: map (100 topics), Topics, board (6 themes), over time (230 years) at 1280 and 1920 px in three themes', async () => {
    fs.mkdirSync('shots', { recursive: true });
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      for (const width of [1280, 1920]) {
        const height = width === 1280 ? 800 : 1080;
        const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact, theme, uiState: { tab: 'map' }, viewport: { width, height } });
        try {
          await mapReady(p.page);
          await p.page.evaluate(() => document.fonts.ready);
          const shot = async (name: string) => {
            const file = `shots/legible-${theme}-${width}-${name}.png`;
            await p.page.screenshot({ path: file });
            assert.ok(fs.statSync(file).size > 10_000);
          };
          await shot('map');
          await p.page.click('[data-key="tab-topics"]');
          await p.page.click(`tr[data-topic="${fx.taxonomy.themes[0].topics[0]}"]`);
          await shot('topics');
          await p.page.click('[data-key="tab-board"]');
          await shot('board');
          await p.page.click('[data-key="tab-prevalence"]');
          await p.page.locator('.over-time').scrollIntoViewIfNeeded();
          await shot('over-time');
        } finally {
          await p.close();
        }
      }
    }
  });
});
