// Map first paint for 15,000 chunks in headless Debian chromium: from the map message reaching the webview to the first
// frame with every point drawn (median of 3 fresh page loads), plus the cost of one redraw while zooming.
// Run: npm run build && node out/bench/webview.bench.js
import { makeFixture } from '../test/support/panel-fixture';
import { chromiumMissing, launchChromium, openPanel, startServer } from '../test/support/webview-page';
import { median } from './common';


async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    console.log(`webview bench skipped: ${missing}`);
    return;
  }
  const n = Number(process.env.LM_BENCH_POINTS || 15_000);
  const fx = makeFixture({ topics: 60, chunks: n, seed: 11 });
  const browser = await launchChromium();
  const server = await startServer();
  const firstPaint: number[] = [];
  const loadToPaint: number[] = [];
  const redraw: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      const started = Date.now();
      const p = await openPanel(browser, server, { taxonomy: fx.taxonomy, artifact: fx.artifact, uiState: { tab: 'map' } });
      await p.page.waitForFunction((k) => Number(document.querySelector<HTMLCanvasElement>('.map-canvas')?.dataset.pointsDrawn) === k, n, { timeout: 60_000 });
      loadToPaint.push(Date.now() - started);
      firstPaint.push(Number(await p.page.locator('.map-canvas').getAttribute('data-first-paint-ms')));
      const draws = await p.page.evaluate(async () => {
        const c = document.querySelector<HTMLCanvasElement>('.map-canvas')!;
        const r = c.getBoundingClientRect();
        const out: number[] = [];
        for (let i = 0; i < 20; i++) {
          c.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 2 ? 120 : -120, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, cancelable: true }));
          await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
          out.push(Number(c.dataset.lastDrawMs));
        }
        return out;
      });
      redraw.push(median(draws));
      await p.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`webview map, ${n.toLocaleString('en')} points, headless chromium (median of 3):`);
  console.log(`  first paint after the map message: ${median(firstPaint).toFixed(1)} ms  [${firstPaint.map((x) => x.toFixed(1)).join(', ')}]`);
  console.log(`  page load → all points drawn:      ${median(loadToPaint)} ms  [${loadToPaint.join(', ')}]`);
  console.log(`  one redraw while zooming:          ${median(redraw).toFixed(2)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
