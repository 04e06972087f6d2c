// The chunk scatter on a 2-D canvas. Points are grouped by colour once per data/colour change, then each frame sets
// fillStyle once per group and fills one path of rects, so 15k+ points draw in a few milliseconds and there is no DOM
// node per point. A uniform grid answers hover/click hit tests.

export interface MapLabel {
  text: string;
  x: number;
  y: number;
  group: number;
  /** Larger is placed first when labels compete for room (a topic's chunk count). */
  priority?: number;
  /** A shorter form tried when the full text collides (the label's first keyword). */
  short?: string;
}

/** A placed label's box in CSS px (left, top, width, height), exposed for tests as data-label-boxes. */
export type LabelBox = [number, number, number, number];

/** The intertopic view: one circle per topic at its centroid, area proportional to its chunks. */
export interface MapBubble { x: number; y: number; size: number; group: number; topic: number }

export interface MapScene {
  coords: Float32Array;
  /** Colour group per point; -1 = outlier (drawn muted, underneath). */
  group: Int32Array;
  colors: string[];
  outlierColor: string;
  labelColor: string;
  haloColor: string;
  labels: MapLabel[];
  /** Group drawn on top with the rest dimmed, or -1. */
  highlight: number;
  /** When set, circles are drawn instead of points. */
  bubbles?: MapBubble[];
}

export interface View { scale: number; x: number; y: number }

const GRID = 96;

export class MapCanvas {
  readonly canvas: HTMLCanvasElement;
  private scene: MapScene | null = null;
  private order = new Uint32Array(0);
  private groupStart: number[] = [];
  private bounds = { minX: 0, minY: 0, maxX: 1, maxY: 1 };
  private gridStart = new Uint32Array(0);
  private gridItems = new Uint32Array(0);
  /** Data units → CSS px: screen = (data - bounds.min) * base * view.scale + view offset. */
  view: View = { scale: 1, x: 0, y: 0 };
  private base = 1;
  private frame = 0;
  drawCount = 0;
  private fitted = false;
  private pendingView: View | null = null;
  /** The canvas size the view was fitted or last drawn at: a resize keeps the centre and zoom, refitting the base. */
  private drawnSize = { w: 0, h: 0 };
  private paintStart = 0;
  onViewChange: ((v: View) => void) | null = null;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'map-canvas';
  }

  setScene(scene: MapScene, keepView: boolean): void {
    const fresh = !this.scene || this.scene.coords !== scene.coords;
    this.scene = scene;
    const n = scene.coords.length / 2;
    // Counting sort by group: outliers (-1) first, then group 0, 1, …
    const groups = scene.colors.length + 1;
    const counts = new Uint32Array(groups + 1);
    for (let i = 0; i < n; i++) counts[scene.group[i] + 2]++;
    for (let g = 1; g <= groups; g++) counts[g] += counts[g - 1];
    this.groupStart = Array.from(counts);
    const cursor = counts.slice();
    this.order = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.order[cursor[scene.group[i] + 1]++] = i;
    if (fresh) {
      this.computeBounds();
      this.buildGrid();
      if (!keepView) this.resetView();
    }
    this.requestDraw();
  }

  private computeBounds(): void {
    const c = this.scene!.coords;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < c.length; i += 2) {
      const x = c[i], y = c[i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (minX > maxX) { minX = 0; maxX = 1; minY = 0; maxY = 1; }
    if (maxX - minX < 1e-9) maxX = minX + 1;
    if (maxY - minY < 1e-9) maxY = minY + 1;
    this.bounds = { minX, minY, maxX, maxY };
  }

  private buildGrid(): void {
    const c = this.scene!.coords;
    const n = c.length / 2;
    const counts = new Uint32Array(GRID * GRID + 1);
    const cellOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      cellOf[i] = this.cell(c[2 * i], c[2 * i + 1]);
      counts[cellOf[i] + 1]++;
    }
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    this.gridStart = counts;
    const cursor = counts.slice();
    this.gridItems = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.gridItems[cursor[cellOf[i]]++] = i;
  }

  private cellXY(x: number, y: number): [number, number] {
    const b = this.bounds;
    const cx = Math.min(GRID - 1, Math.max(0, Math.floor(((x - b.minX) / (b.maxX - b.minX)) * GRID)));
    const cy = Math.min(GRID - 1, Math.max(0, Math.floor(((y - b.minY) / (b.maxY - b.minY)) * GRID)));
    return [cx, cy];
  }

  private cell(x: number, y: number): number {
    const [cx, cy] = this.cellXY(x, y);
    return cy * GRID + cx;
  }

  private size(): { w: number; h: number } {
    return { w: Math.max(1, this.canvas.clientWidth), h: Math.max(1, this.canvas.clientHeight) };
  }

  /** The next draw that paints points records the time since now as data-first-paint-ms (read by the benchmark). */
  markPaintStart(): void {
    this.paintStart = performance.now();
  }

  resetView(): void {
    if (!this.canvas.clientWidth) {
      this.fitted = false;
      return;
    }
    this.fitted = true;
    const { w, h } = this.size();
    const b = this.bounds;
    const pad = 24;
    this.base = Math.min((w - 2 * pad) / (b.maxX - b.minX), (h - 2 * pad) / (b.maxY - b.minY));
    if (!(this.base > 0)) this.base = 1;
    const cw = (b.maxX - b.minX) * this.base, ch = (b.maxY - b.minY) * this.base;
    this.view = { scale: 1, x: (w - cw) / 2, y: (h - ch) / 2 };
    this.drawnSize = { w, h };
    this.onViewChange?.(this.view);
    this.requestDraw();
  }

  /** After the canvas changed size (panel resized, Output toggled): the same data point stays at the centre, at the
   *  same zoom relative to a fresh fit, so the map never sits in a corner of a larger canvas. */
  private refitAfterResize(w: number, h: number): void {
    const old = this.drawnSize;
    const [cx, cy] = this.toData(old.w / 2, old.h / 2);
    const scale = this.view.scale;
    this.resetView();
    const k = this.base * scale;
    this.view = { scale, x: w / 2 - (cx - this.bounds.minX) * k, y: h / 2 - (cy - this.bounds.minY) * k };
    this.onViewChange?.(this.view);
  }

  /** Draws group g on top with the rest dimmed (hover), without rebuilding the scene. */
  setHighlight(g: number): void {
    if (!this.scene || this.scene.highlight === g) return;
    this.scene = { ...this.scene, highlight: g };
    this.requestDraw();
  }

  /** Restores a saved view; the base fit is recomputed for the current size first. */
  setView(v: View): void {
    this.resetView();
    if (!this.fitted) {
      this.pendingView = { ...v };
      return;
    }
    this.view = { ...v };
    this.requestDraw();
  }

  toScreen(x: number, y: number): [number, number] {
    const k = this.base * this.view.scale;
    return [(x - this.bounds.minX) * k + this.view.x, (y - this.bounds.minY) * k + this.view.y];
  }

  toData(sx: number, sy: number): [number, number] {
    const k = this.base * this.view.scale;
    return [(sx - this.view.x) / k + this.bounds.minX, (sy - this.view.y) / k + this.bounds.minY];
  }

  zoomAt(sx: number, sy: number, factor: number): void {
    const scale = Math.min(200, Math.max(0.2, this.view.scale * factor));
    const f = scale / this.view.scale;
    this.view = { scale, x: sx - (sx - this.view.x) * f, y: sy - (sy - this.view.y) * f };
    this.onViewChange?.(this.view);
    this.requestDraw();
  }

  panBy(dx: number, dy: number): void {
    this.view = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
    this.onViewChange?.(this.view);
    this.requestDraw();
  }

  /** The nearest point within radiusPx of a screen position, or -1. */
  hit(sx: number, sy: number, radiusPx = 6): number {
    if (!this.scene) return -1;
    const [dx, dy] = this.toData(sx, sy);
    const r = radiusPx / (this.base * this.view.scale);
    const [x0, y0] = this.cellXY(dx - r, dy - r);
    const [x1, y1] = this.cellXY(dx + r, dy + r);
    const c = this.scene.coords;
    let best = -1, bestD = r * r;
    for (let cy = y0; cy <= y1; cy++) {
      for (let cx = x0; cx <= x1; cx++) {
        const k = cy * GRID + cx;
        for (let j = this.gridStart[k]; j < this.gridStart[k + 1]; j++) {
          const i = this.gridItems[j];
          const ex = c[2 * i] - dx, ey = c[2 * i + 1] - dy;
          const d = ex * ex + ey * ey;
          if (d <= bestD) { bestD = d; best = i; }
        }
      }
    }
    return best;
  }

  private bubbleRadius(b: MapBubble, maxSize: number): number {
    return Math.max(4, 46 * Math.sqrt(b.size / maxSize) * Math.sqrt(this.view.scale));
  }

  /** The topic index of the smallest circle under a screen position, or -1. */
  hitBubble(sx: number, sy: number): number {
    const bs = this.scene?.bubbles;
    if (!bs?.length) return -1;
    const maxSize = Math.max(1, ...bs.map((b) => b.size));
    let best = -1, bestR = Infinity;
    for (const b of bs) {
      const [x, y] = this.toScreen(b.x, b.y);
      const r = this.bubbleRadius(b, maxSize);
      if ((x - sx) ** 2 + (y - sy) ** 2 <= r * r && r < bestR) { bestR = r; best = b.topic; }
    }
    return best;
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws now; returns the number of points drawn. */
  draw(): number {
    const s = this.scene;
    // Hidden (another tab): nothing to draw, and the fit must wait until the canvas has a size.
    if (!this.canvas.clientWidth) return 0;
    if (!this.fitted) {
      this.resetView();
      if (this.pendingView) this.view = this.pendingView;
      this.pendingView = null;
    }
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = this.size();
    if (w !== this.drawnSize.w || h !== this.drawnSize.h) this.refitAfterResize(w, h);
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return 0;
    const started = performance.now();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!s) return 0;
    const c = s.coords;
    const k = this.base * this.view.scale;
    const ox = this.view.x - this.bounds.minX * k, oy = this.view.y - this.bounds.minY * k;
    const r = Math.min(4, Math.max(1.5, 1.2 + Math.log2(this.view.scale + 1)));
    let drawn = 0;
    const drawGroup = (g: number, color: string, alpha: number, rad: number) => {
      const from = this.groupStart[g + 1], to = this.groupStart[g + 2];
      if (from === to) return;
      ctx.globalAlpha = alpha;
      ctx.fillStyle = color;
      ctx.beginPath();
      for (let j = from; j < to; j++) {
        const i = this.order[j];
        const x = c[2 * i] * k + ox, y = c[2 * i + 1] * k + oy;
        if (x < -rad || y < -rad || x > w + rad || y > h + rad) continue;
        ctx.rect(x - rad, y - rad, 2 * rad, 2 * rad);
        drawn++;
      }
      ctx.fill();
    };
    const dim = s.highlight >= 0;
    let bubbles = 0;
    if (s.bubbles) {
      const maxSize = Math.max(1, ...s.bubbles.map((b) => b.size));
      // Largest first, so small topics stay on top and clickable.
      for (const b of [...s.bubbles].sort((p, q) => q.size - p.size)) {
        const rad = this.bubbleRadius(b, maxSize);
        const x = b.x * k + ox, y = b.y * k + oy;
        const on = !dim || b.group === s.highlight;
        ctx.beginPath();
        ctx.arc(x, y, rad, 0, Math.PI * 2);
        ctx.globalAlpha = on ? 0.45 : 0.12;
        ctx.fillStyle = b.group >= 0 ? s.colors[b.group] : s.outlierColor;
        ctx.fill();
        ctx.globalAlpha = on ? 0.9 : 0.25;
        ctx.strokeStyle = ctx.fillStyle;
        ctx.lineWidth = b.group === s.highlight ? 2.5 : 1;
        ctx.stroke();
        bubbles++;
      }
    } else {
      drawGroup(-1, s.outlierColor, dim ? 0.15 : 0.35, r * 0.8);
      for (let g = 0; g < s.colors.length; g++) if (g !== s.highlight) drawGroup(g, s.colors[g], dim ? 0.25 : 0.85, r);
      if (dim) drawGroup(s.highlight, s.colors[s.highlight], 1, r + 1);
    }
    this.canvas.dataset.bubblesDrawn = String(bubbles);
    ctx.globalAlpha = 1;
    ctx.font = `600 12px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3;
    ctx.strokeStyle = s.haloColor;
    ctx.fillStyle = s.labelColor;
    const boxes = placeLabels(s.labels.filter((l) => !dim || l.group === s.highlight), (l) => [l.x * k + ox, l.y * k + oy],
      (t) => ctx.measureText(t).width, w, h, s.highlight);
    for (const b of boxes) {
      ctx.strokeText(b.text, b.box[0] + b.box[2] / 2, b.box[1] + b.box[3] / 2);
      ctx.fillText(b.text, b.box[0] + b.box[2] / 2, b.box[1] + b.box[3] / 2);
    }
    this.canvas.dataset.labelBoxes = JSON.stringify(boxes.map((b) => b.box.map((v) => Math.round(v * 10) / 10)));
    this.canvas.dataset.labelsShown = String(boxes.length);
    this.drawCount++;
    this.canvas.dataset.drawCount = String(this.drawCount);
    this.canvas.dataset.pointsDrawn = String(drawn);
    this.canvas.dataset.lastDrawMs = (performance.now() - started).toFixed(2);
    if (this.paintStart && (drawn > 0 || bubbles > 0)) {
      this.canvas.dataset.firstPaintMs = (performance.now() - this.paintStart).toFixed(1);
      this.paintStart = 0;
    }
    return drawn;
  }
}

const LABEL_H = 16;
const PAD = 3;

/**
 * Greedy label placement: labels in priority order (the highlighted group first, then larger topics), each at its
 * centroid or just above/below/beside it, else in its short form, else dropped — no two boxes overlap and none leaves
 * the canvas. Dropped labels stay reachable by hover and in the Topics table.
 */
export function placeLabels(labels: MapLabel[], at: (l: MapLabel) => [number, number], width: (t: string) => number,
  w: number, h: number, highlight: number): Array<{ text: string; box: LabelBox }> {
  const placed: Array<{ text: string; box: LabelBox }> = [];
  const order = [...labels].sort((a, b) => Number(b.group === highlight) - Number(a.group === highlight)
    || (b.priority ?? 0) - (a.priority ?? 0) || a.group - b.group);
  const free = (bx: LabelBox) => bx[0] >= 0 && bx[1] >= 0 && bx[0] + bx[2] <= w && bx[1] + bx[3] <= h
    && placed.every(({ box: o }) => bx[0] + bx[2] + PAD <= o[0] || o[0] + o[2] + PAD <= bx[0] || bx[1] + bx[3] <= o[1] || o[1] + o[3] <= bx[1]);
  for (const l of order) {
    const [cx, cy] = at(l);
    if (!(cx >= 0 && cy >= 0 && cx <= w && cy <= h)) continue;
    for (const text of l.short && l.short !== l.text ? [l.text, l.short] : [l.text]) {
      const bw = width(text) + 6;
      const spots: Array<[number, number]> = [[0, 0], [0, -LABEL_H], [0, LABEL_H], [bw / 2 + 4, 0], [-bw / 2 - 4, 0]];
      let box: LabelBox | undefined;
      for (const [dx, dy] of spots) {
        // Near an edge, slide inwards rather than cut the label off.
        const left = Math.min(w - bw, Math.max(0, cx + dx - bw / 2)), top = Math.min(h - LABEL_H, Math.max(0, cy + dy - LABEL_H / 2));
        const cand: LabelBox = [left, top, bw, LABEL_H];
        if (free(cand)) { box = cand; break; }
      }
      if (box) { placed.push({ text, box }); break; }
    }
  }
  return placed;
}
