// The 2-D map of all chunks (the run artifact's coords) as SVG, coloured by theme: what the panel's map shows, for a
// paper figure. Outliers first and faint, themes last, so curated structure is drawn on top.
import type { RunArtifact, Taxonomy } from '../../taxonomy/types';
import { IRRELEVANT_COLOR, OUTLIER_COLOR, UNASSIGNED_COLOR, themeColor } from './colors';
import { num, svgDocument, text } from './svg';

const SIZE = 600;
const PAD = 16;
const LEGEND_W = 260;

interface Layer { name: string; color: string; opacity: number; points: number[] }

export function mapSvg(t: Taxonomy, artifact: RunArtifact, title = 'Map of chunks by theme'): string {
  const themeOfTopic = new Map<string, number>();
  t.themes.forEach((th, i) => th.topics.forEach((id) => { if (!themeOfTopic.has(id)) themeOfTopic.set(id, i); }));
  const irrelevant = new Set(t.topics.filter((x) => x.irrelevant).map((x) => x.id));
  const outliers: Layer = { name: 'Outliers', color: OUTLIER_COLOR, opacity: 0.6, points: [] };
  const irrelevantLayer: Layer = { name: 'Irrelevant', color: IRRELEVANT_COLOR, opacity: 0.7, points: [] };
  const unassigned: Layer = { name: 'Unassigned', color: UNASSIGNED_COLOR, opacity: 0.7, points: [] };
  const themes: Layer[] = t.themes.map((th, i) => ({ name: th.name, color: themeColor(th.color, i), opacity: 0.85, points: [] }));

  const n = Math.min(artifact.topicOf.length, Math.floor(artifact.coords2d.length / 2));
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = artifact.coords2d[2 * i], y = artifact.coords2d[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    const topic = artifact.topicOf[i];
    // Irrelevant wins over a theme, as in the prevalence table, where irrelevant topics count in no theme.
    const layer = topic === null ? outliers
      : irrelevant.has(topic) ? irrelevantLayer
        : themeOfTopic.has(topic) ? themes[themeOfTopic.get(topic)!]
          : unassigned;
    layer.points.push(i);
  }
  // One scale for both axes keeps the map's shape; y flips so the picture matches the panel's (up is up).
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const s = SIZE / span;
  const ox = PAD + (SIZE - (maxX - minX) * s) / 2;
  const oy = PAD + (SIZE - (maxY - minY) * s) / 2;
  const px = (i: number) => num(ox + (artifact.coords2d[2 * i] - minX) * s);
  const py = (i: number) => num(oy + (maxY - artifact.coords2d[2 * i + 1]) * s);

  const layers = [outliers, irrelevantLayer, unassigned, ...themes];
  const body: string[] = [`<rect x="${PAD}" y="${PAD}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#e0e0e0"/>`];
  for (const l of layers) {
    if (!l.points.length) continue;
    body.push(`<g fill="${l.color}" fill-opacity="${l.opacity}">`);
    for (const i of l.points) body.push(`<circle cx="${px(i)}" cy="${py(i)}" r="2.5"/>`);
    body.push('</g>');
  }
  const legendX = PAD * 2 + SIZE;
  let y = PAD + 4;
  body.push(text(legendX, y + 10, title, 'font-weight="bold"', 34));
  y += 22;
  for (const l of [...themes, unassigned, irrelevantLayer, outliers]) {
    if (!l.points.length && !themes.includes(l)) continue;
    body.push(`<circle cx="${legendX + 6}" cy="${y + 6}" r="5" fill="${l.color}"/>`, text(legendX + 16, y + 10, `${l.name} (${l.points.length})`, '', 36));
    y += 18;
  }
  return svgDocument(legendX + LEGEND_W, Math.max(SIZE + PAD * 2, y + PAD), title, body);
}
