// The Map tab: all chunks coloured by topic or theme, hover shows the excerpt, click selects the topic, wheel/drag or
// the keyboard zoom and pan.
import { describeLocation } from '../src/chunk-location';
import { paperCitation, paperOf } from '../src/taxonomy/papers';
import type { MapData, PanelContext } from './context';
import { h, replaceChildren } from './dom';
import { MapCanvas, type MapBubble, type MapLabel } from './map-canvas';
import { distinct, extendedPalette, readPalette, shadesOf } from './palette';
import { colourTopics, topicNeighbours } from './topic-colours';
import { count } from '../src/words';

/** Colours closer than this ("redmean" RGB distance) read as one on a dense map: the general pool keeps only one. */
const MIN_COLOUR_DISTANCE = 60;

export class MapView {
  readonly root = h('section', { class: 'view map-view', attrs: { 'aria-label': 'Map of all chunks' } });
  private readonly mapCanvas = new MapCanvas();
  private readonly tooltip = h('div', { class: 'map-tooltip', attrs: { role: 'tooltip', hidden: true } });
  private readonly status = h('div', { class: 'map-status', attrs: { 'aria-live': 'polite' } });
  private readonly legend = h('div', { class: 'map-legend' });
  private readonly stage = h('div', { class: 'map-stage' });
  private hoverIndex = -1;
  private hoverTimer = 0;
  private readonly excerptCache = new Map<number, string>();
  private sceneFor: MapData | null = null;
  private neighbours: { map: MapData; adj: Array<Set<number>> } | null = null;
  /** Colour group per chunk and per topic (bubble) of the current scene, and the selection's group: hover highlights
   *  the group under the pointer and leaving restores the selection's. */
  private groups = new Int32Array(0);
  private topicGroups: number[] = [];
  private selectedGroup = -1;
  private visible = false;

  constructor(private readonly ctx: PanelContext) {
    const canvas = this.mapCanvas.canvas;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Scatter plot of chunks. Arrow keys pan, plus and minus zoom, 0 resets.');
    this.stage.append(canvas, this.tooltip);
    this.mapCanvas.onViewChange = (v) => this.ctx.setUi({ mapView: { ...v } });
    this.wireEvents(canvas);
    new ResizeObserver(() => { if (this.visible) this.mapCanvas.requestDraw(); }).observe(this.stage);
    const colorBy = h('vscode-single-select', {
      attrs: { 'aria-label': 'Colour by' }, key: 'map-color-by',
      on: { change: (e) => { this.ctx.setUi({ mapColorBy: (e.target as HTMLSelectElement).value as 'topic' | 'theme' }); this.render(); } },
    },
      h('vscode-option', { attrs: { value: 'topic', selected: ctx.ui.mapColorBy === 'topic' } }, 'Colour by topic'),
      h('vscode-option', { attrs: { value: 'theme', selected: ctx.ui.mapColorBy === 'theme' } }, 'Colour by theme'));
    const mode = h('vscode-single-select', {
      attrs: { 'aria-label': 'Show' }, key: 'map-mode',
      on: { change: (e) => { this.ctx.setUi({ mapMode: (e.target as HTMLSelectElement).value as 'chunks' | 'topics' }); this.hideTooltip(); this.render(); } },
    },
      h('vscode-option', { attrs: { value: 'chunks', selected: ctx.ui.mapMode !== 'topics' } }, 'Every chunk'),
      h('vscode-option', { attrs: { value: 'topics', selected: ctx.ui.mapMode === 'topics' } }, 'Topics (intertopic)'));
    const reset = h('vscode-button', { attrs: { secondary: true, icon: 'screen-full' }, on: { click: () => this.mapCanvas.resetView() } }, 'Fit');
    this.root.append(h('div', { class: 'toolbar' }, mode, colorBy, reset, this.status), this.stage, this.legend);
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) this.mapCanvas.requestDraw();
  }

  onMapArrived(): void {
    this.mapCanvas.markPaintStart();
    this.excerptCache.clear();
  }

  private wireEvents(canvas: HTMLCanvasElement): void {
    let drag: { x: number; y: number; moved: boolean } | null = null;
    canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = canvas.getBoundingClientRect();
      this.mapCanvas.zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015));
    }, { passive: false });
    canvas.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: false };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      const r = canvas.getBoundingClientRect();
      if (drag && (e.buttons & 1)) {
        const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
          drag.moved = true;
          drag.x = e.clientX;
          drag.y = e.clientY;
          this.mapCanvas.panBy(dx, dy);
          this.hideTooltip();
          return;
        }
      }
      this.hover(e.clientX - r.left, e.clientY - r.top);
    });
    canvas.addEventListener('pointerup', (e) => {
      const wasDrag = drag?.moved;
      drag = null;
      if (wasDrag) return;
      const r = canvas.getBoundingClientRect();
      const map = this.ctx.map;
      if (!map) return;
      const sx = e.clientX - r.left, sy = e.clientY - r.top;
      let ti: number;
      if (this.ctx.ui.mapMode === 'topics') ti = this.mapCanvas.hitBubble(sx, sy);
      else {
        const i = this.mapCanvas.hit(sx, sy);
        ti = i >= 0 ? map.topicIndex[i] : -1;
      }
      this.ctx.selectTopic(ti >= 0 ? map.topicIds[ti] : null);
    });
    canvas.addEventListener('pointerleave', () => this.hideTooltip());
    canvas.addEventListener('keydown', (e) => {
      const step = 40;
      const { width, height } = canvas.getBoundingClientRect();
      const keys: Record<string, () => void> = {
        ArrowLeft: () => this.mapCanvas.panBy(step, 0),
        ArrowRight: () => this.mapCanvas.panBy(-step, 0),
        ArrowUp: () => this.mapCanvas.panBy(0, step),
        ArrowDown: () => this.mapCanvas.panBy(0, -step),
        '+': () => this.mapCanvas.zoomAt(width / 2, height / 2, 1.25),
        '=': () => this.mapCanvas.zoomAt(width / 2, height / 2, 1.25),
        '-': () => this.mapCanvas.zoomAt(width / 2, height / 2, 0.8),
        '0': () => this.mapCanvas.resetView(),
      };
      const f = keys[e.key];
      if (f) {
        e.preventDefault();
        f();
      }
    });
  }

  private hover(x: number, y: number): void {
    if (this.ctx.ui.mapMode === 'topics') return this.hoverBubble(x, y);
    const i = this.mapCanvas.hit(x, y);
    if (i === this.hoverIndex) {
      this.placeTooltip(x, y);
      return;
    }
    this.hoverIndex = i;
    window.clearTimeout(this.hoverTimer);
    if (i < 0) return this.hideTooltip();
    this.mapCanvas.setHighlight(this.groups[i] ?? -1);
    this.placeTooltip(x, y);
    const cached = this.excerptCache.get(i);
    if (cached !== undefined) return this.showTooltip(i, cached);
    // Excerpts are fetched on hover rather than shipped with the map: 15k texts would dwarf the coordinates.
    this.hoverTimer = window.setTimeout(() => {
      void this.ctx.excerpt(i).then((item) => {
        const paper = item ? paperOf(this.ctx.index?.taxonomy, item.source) : undefined;
        const where = paper ? `${paperCitation(paper)} ${paper.title}` : item ? describeLocation(item) : '';
        const text = item ? `${where.replace(/\n/g, ' ')}\n${item.text.slice(0, 400)}` : '';
        this.excerptCache.set(i, text);
        if (this.hoverIndex === i) this.showTooltip(i, text);
      }).catch(() => undefined);
    }, 60);
  }

  private hoverBubble(x: number, y: number): void {
    const map = this.ctx.map;
    const t = this.mapCanvas.hitBubble(x, y);
    const topic = t >= 0 && map ? this.ctx.index?.topicById.get(map.topicIds[t]) : undefined;
    if (!topic) return this.hideTooltip();
    this.hoverIndex = -1;
    this.mapCanvas.setHighlight(this.topicGroups[t] ?? -1);
    this.placeTooltip(x, y);
    replaceChildren(this.tooltip,
      h('div', { class: 'tooltip-topic' }, topic.label),
      h('div', { class: 'tooltip-source' }, `${count(topic.size, 'chunk')} · ${count(topic.sourceCount, 'source')}`),
      h('div', { class: 'tooltip-text' }, topic.keywords.slice(0, 8).map(([k]) => k).join(', ')));
    this.tooltip.hidden = false;
  }

  private showTooltip(i: number, text: string): void {
    const map = this.ctx.map;
    const ti = map ? map.topicIndex[i] : -1;
    const topic = ti >= 0 && map ? this.ctx.index?.topicById.get(map.topicIds[ti]) : undefined;
    const [src, ...rest] = text.split('\n');
    replaceChildren(this.tooltip,
      h('div', { class: 'tooltip-topic' }, topic ? topic.label : 'Outlier (no topic)'),
      src ? h('div', { class: 'tooltip-source' }, src) : null,
      h('div', { class: 'tooltip-text' }, rest.join('\n')));
    this.tooltip.hidden = false;
  }

  private placeTooltip(x: number, y: number): void {
    const w = this.stage.clientWidth;
    this.tooltip.style.left = `${Math.min(x + 14, Math.max(0, w - 340))}px`;
    this.tooltip.style.top = `${y + 14}px`;
  }

  private hideTooltip(): void {
    this.hoverIndex = -1;
    this.mapCanvas.setHighlight(this.selectedGroup);
    this.tooltip.hidden = true;
  }

  /** One colour per topic, no two neighbours alike; a theme's topics take shades of the theme's colour first. */
  private topicColours(map: MapData, pal: ReturnType<typeof readPalette>): string[] {
    if (this.neighbours?.map !== map) this.neighbours = { map, adj: topicNeighbours(map.coords, map.topicIndex, map.topicIds.length) };
    const index = this.ctx.index;
    const themes = index?.taxonomy.themes ?? [];
    const themeColour = new Map(themes.map((th, j) => [th.id, th.color || pal.categorical[j % pal.categorical.length]]));
    const used = new Set([...themeColour.values()].map((c) => c.toLowerCase()));
    // Unassigned topics take colours no theme uses, so a colour never suggests a theme the topic is not in.
    const base = distinct(pal.categorical.filter((c) => !used.has(c.toLowerCase())), MIN_COLOUR_DISTANCE);
    const shades = new Map<string, string[]>();
    const preferred = (t: number) => {
      const th = index?.themeOfTopic.get(map.topicIds[t]);
      if (!th) return undefined;
      if (!shades.has(th.id)) shades.set(th.id, shadesOf(themeColour.get(th.id)!, 9, pal.background));
      return shades.get(th.id);
    };
    const more = (n: number) => distinct(extendedPalette(base, n, pal.background).filter((c) => !used.has(c.toLowerCase())), MIN_COLOUR_DISTANCE);
    const colours = colourTopics(this.neighbours.adj, base.length ? base : more(8), preferred, more);
    this.mapCanvas.canvas.dataset.topicColours = JSON.stringify(Object.fromEntries(map.topicIds.map((id, t) => [id, colours[t]])));
    return colours;
  }

  render(): void {
    const map = this.ctx.map;
    const index = this.ctx.index;
    if (!map || !this.ctx.state?.hasArtifact) {
      this.status.textContent = this.ctx.state?.taxonomy ? 'No map: the run artifact is missing. Re-run the model to see the map.' : '';
      this.mapCanvas.setScene({ coords: new Float32Array(0), group: new Int32Array(0), colors: [], outlierColor: '', labelColor: '', haloColor: '', labels: [], highlight: -1 }, false);
      replaceChildren(this.legend);
      return;
    }
    const pal = readPalette();
    const byTheme = this.ctx.ui.mapColorBy === 'theme';
    const themes = index?.taxonomy.themes ?? [];
    const n = map.topicIndex.length;
    const group = new Int32Array(n);
    let colors: string[];
    let labels: MapLabel[];
    const selected = this.ctx.ui.selectedTopic;
    let highlight = -1;
    // Centroids per topic (labels are placed at the mean of a topic's chunks).
    const k = map.topicIds.length;
    const sx = new Float64Array(k), sy = new Float64Array(k), cnt = new Uint32Array(k);
    for (let i = 0; i < n; i++) {
      const t = map.topicIndex[i];
      if (t < 0) continue;
      sx[t] += map.coords[2 * i];
      sy[t] += map.coords[2 * i + 1];
      cnt[t]++;
    }
    if (byTheme) {
      const themeIdx = new Map(themes.map((th, j) => [th.id, j]));
      const topicGroup = map.topicIds.map((id) => {
        const th = index?.themeOfTopic.get(id);
        return th ? themeIdx.get(th.id)! : -1;
      });
      for (let i = 0; i < n; i++) group[i] = map.topicIndex[i] >= 0 ? topicGroup[map.topicIndex[i]] : -1;
      colors = themes.map((th, j) => th.color || pal.categorical[j % pal.categorical.length]);
      labels = [];
      for (let j = 0; j < themes.length; j++) {
        let x = 0, y = 0, c = 0;
        for (let t = 0; t < k; t++) if (topicGroup[t] === j) { x += sx[t]; y += sy[t]; c += cnt[t]; }
        if (c) labels.push({ ...labelTexts(themes[j].name), x: x / c, y: y / c, group: j, priority: c });
      }
      const th = selected ? index?.themeOfTopic.get(selected) : undefined;
      highlight = th ? themeIdx.get(th.id) ?? -1 : -1;
    } else {
      group.set(map.topicIndex);
      colors = this.topicColours(map, pal);
      labels = [];
      for (let t = 0; t < k; t++) {
        if (!cnt[t]) continue;
        const topic = index?.topicById.get(map.topicIds[t]);
        labels.push({ ...labelTexts(topic?.label ?? map.topicIds[t], topic?.keywords[0]?.[0]), x: sx[t] / cnt[t], y: sy[t] / cnt[t], group: t, priority: cnt[t] });
      }
      highlight = selected ? map.topicIds.indexOf(selected) : -1;
    }
    // The same chunks re-sent after a merge keep the researcher's zoom; a different run starts from the saved or fitted view.
    this.groups = group;
    this.topicGroups = byTheme ? map.topicIds.map((id) => { const th = index?.themeOfTopic.get(id); return th ? themes.indexOf(th) : -1; }) : map.topicIds.map((_, t) => t);
    this.selectedGroup = highlight;
    const previous = this.sceneFor;
    const fresh = previous !== map;
    const sameRun = !!previous && previous.coords.length === map.coords.length;
    this.sceneFor = map;
    let bubbles: MapBubble[] | undefined;
    if (this.ctx.ui.mapMode === 'topics') {
      bubbles = [];
      for (let t = 0; t < k; t++) {
        if (!cnt[t]) continue;
        const grp = byTheme ? (() => { const th = index?.themeOfTopic.get(map.topicIds[t]); return th ? themes.indexOf(th) : -1; })() : t;
        bubbles.push({ x: sx[t] / cnt[t], y: sy[t] / cnt[t], size: cnt[t], group: grp, topic: t });
      }
      if (byTheme) {
        // In the intertopic view every circle is a topic, so label topics even when colouring by theme.
        labels = bubbles.map((b) => {
          const topic = index?.topicById.get(map.topicIds[b.topic]);
          return { ...labelTexts(topic?.label ?? map.topicIds[b.topic], topic?.keywords[0]?.[0]), x: b.x, y: b.y, group: b.group, priority: b.size };
        });
      }
    }
    this.mapCanvas.setScene({ coords: map.coords, group, colors, outlierColor: pal.muted, labelColor: pal.foreground, haloColor: pal.background, labels, highlight, ...(bubbles ? { bubbles } : {}) }, !fresh || sameRun);
    if (fresh && !sameRun && this.ctx.ui.mapView) this.mapCanvas.setView(this.ctx.ui.mapView);
    this.status.textContent = `${count(n, 'chunk', undefined, (x) => x.toLocaleString())} · ${count(k, 'topic')}`;
    replaceChildren(this.legend, (byTheme ? themes.map((th, j) => [th.name, colors[j]] as const) : [])
      .map(([name, color]) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch', style: { backgroundColor: color } }), name)));
  }
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A label and the short form tried when it collides: its first keyword (or first comma part), clipped. */
function labelTexts(label: string, firstKeyword?: string): { text: string; short: string } {
  return { text: shorten(label, 28), short: shorten(firstKeyword ?? label.split(/,\s*/)[0], 14) };
}
