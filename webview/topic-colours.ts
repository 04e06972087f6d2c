// Which topics touch on the map, and a colouring in which no two touching topics share a colour. With 50–100 topics a
// cycled 14-colour palette puts equal or near-equal colours side by side; colouring the neighbour graph instead (DSatur,
// choosing among free colours the one farthest from the neighbours' colours) keeps neighbours apart, and a topic in a
// theme takes a shade of its theme's colour first, so themes read as families.
import { colorDistance } from './palette';

const GRID = 48;
const NEAREST = 3;

/**
 * Topic neighbour graph: two topics are neighbours when points of both fall in the same or adjacent cells of a
 * GRID×GRID grid over the map, or when one's centroid is among the other's NEAREST nearest centroids.
 */
export function topicNeighbours(coords: Float32Array, topicIndex: Int32Array, topics: number): Array<Set<number>> {
  const adj = Array.from({ length: topics }, () => new Set<number>());
  const n = topicIndex.length;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const sx = new Float64Array(topics), sy = new Float64Array(topics), cnt = new Uint32Array(topics);
  for (let i = 0; i < n; i++) {
    const t = topicIndex[i], x = coords[2 * i], y = coords[2 * i + 1];
    if (t < 0 || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    sx[t] += x; sy[t] += y; cnt[t]++;
  }
  if (!(maxX >= minX)) return adj;
  const wx = Math.max(1e-9, maxX - minX), wy = Math.max(1e-9, maxY - minY);
  const cells: Array<Set<number> | undefined> = new Array(GRID * GRID);
  for (let i = 0; i < n; i++) {
    const t = topicIndex[i], x = coords[2 * i], y = coords[2 * i + 1];
    if (t < 0 || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    const cx = Math.min(GRID - 1, Math.floor(((x - minX) / wx) * GRID)), cy = Math.min(GRID - 1, Math.floor(((y - minY) / wy) * GRID));
    (cells[cy * GRID + cx] ??= new Set()).add(t);
  }
  const link = (a: number, b: number) => { if (a !== b) { adj[a].add(b); adj[b].add(a); } };
  for (let cy = 0; cy < GRID; cy++) {
    for (let cx = 0; cx < GRID; cx++) {
      const here = cells[cy * GRID + cx];
      if (!here) continue;
      // Half the 8-neighbourhood (plus the cell itself) visits each pair of cells once.
      for (const [dx, dy] of [[0, 0], [1, 0], [-1, 1], [0, 1], [1, 1]]) {
        const nx = cx + dx, ny = cy + dy;
        if (nx < 0 || nx >= GRID || ny >= GRID) continue;
        const there = cells[ny * GRID + nx];
        if (there) for (const a of here) for (const b of there) link(a, b);
      }
    }
  }
  const present = [...cnt.keys()].filter((t) => cnt[t] > 0);
  for (const a of present) {
    const ax = sx[a] / cnt[a], ay = sy[a] / cnt[a];
    const near = present.filter((b) => b !== a)
      .map((b) => ({ b, d: (sx[b] / cnt[b] - ax) ** 2 + (sy[b] / cnt[b] - ay) ** 2 }))
      .sort((p, q) => p.d - q.d || p.b - q.b).slice(0, NEAREST);
    for (const { b } of near) link(a, b);
  }
  return adj;
}

/**
 * Colours for the vertices of adj: vertex v prefers the colours of preferred(v) (its theme's shades), else any colour of
 * general; a colour is never one a neighbour has. DSatur order (most distinct neighbour colours first, then degree, then
 * index) makes it deterministic. general is extended through more() when even it runs out.
 */
export function colourTopics(adj: Array<Set<number>>, general: string[], preferred: (v: number) => string[] | undefined,
  more: (n: number) => string[]): string[] {
  const n = adj.length;
  const out: Array<string | undefined> = new Array(n);
  const satur = Array.from({ length: n }, () => new Set<string>());
  let pool = general;
  for (let step = 0; step < n; step++) {
    let v = -1;
    for (let u = 0; u < n; u++) {
      if (out[u] !== undefined) continue;
      if (v < 0 || satur[u].size > satur[v].size || (satur[u].size === satur[v].size && adj[u].size > adj[v].size)) v = u;
    }
    const taken = satur[v];
    const pick = (cands: string[]) => {
      let best: string | undefined, bestD = -1;
      for (const c of cands) {
        if (taken.has(c.toLowerCase())) continue;
        let d = Infinity;
        for (const u of adj[v]) if (out[u] !== undefined) d = Math.min(d, colorDistance(c, out[u]!));
        // Among free colours, the one farthest from the neighbours' colours; ties keep the palette's own order.
        if (d > bestD + 1e-9) { best = c; bestD = d; }
      }
      return best;
    };
    let c = pick(preferred(v) ?? []) ?? pick(pool);
    // more(n) may return fewer than n (it drops near-duplicates): ask for more each time, and past any sensible size
    // accept a shared colour rather than loop.
    for (let ask = pool.length + 16; c === undefined; ask += 16) {
      pool = more(ask);
      c = pick(pool) ?? (ask > 512 ? pool[v % pool.length] : undefined);
    }
    out[v] = c;
    for (const u of adj[v]) satur[u].add(c.toLowerCase());
  }
  return out as string[];
}
