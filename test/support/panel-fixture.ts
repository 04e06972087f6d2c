// A deterministic taxonomy + run artifact for the panel tests and the map benchmark: k topics as Gaussian blobs on the
// map, a few themes, and (optionally) hostile text in labels, sources and excerpts.
import { gaussian, mulberry32 } from '../../src/pipeline/random';
import type { RunArtifact, Taxonomy, Topic } from '../../src/taxonomy/types';

export const INJECTION_TEXT = '<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2; alert(1)">';
export const INJECTION_SOURCE = '<img src=x onerror=alert(1)>.txt';

export interface FixtureOptions {
  topics?: number;
  chunks?: number;
  themes?: number;
  injection?: boolean;
  seed?: number;
  /** Sources dated 2015–2020 from their position (the last one undated), for topics over time. */
  dates?: boolean;
  /** Sources dated across these years instead, spread unevenly (years apart, like a historical corpus). */
  yearSpan?: [number, number];
  sources?: number;
  /** Topics per theme (default 2); the rest stay unassigned. */
  perTheme?: number;
}

const WORDS = ['model', 'prompt', 'latency', 'cost', 'evaluation', 'agents', 'retrieval', 'vector', 'database', 'guardrails',
  'hallucination', 'testing', 'deployment', 'monitoring', 'fine', 'tuning', 'context', 'window', 'tokens', 'privacy',
  'security', 'users', 'feedback', 'workflow', 'chain', 'embedding', 'search', 'ranking', 'cache', 'quality'];

export function makeFixture(o: FixtureOptions = {}): { taxonomy: Taxonomy; artifact: RunArtifact } {
  const k = o.topics ?? 12;
  const n = o.chunks ?? 600;
  const nThemes = o.themes ?? 3;
  const rng = mulberry32(o.seed ?? 7);
  const gauss = gaussian(rng);
  const sources = Array.from({ length: o.sources ?? 20 }, (_, i) => (o.injection && i === 0 ? INJECTION_SOURCE : `talks/talk-${String(i + 1).padStart(2, '0')}.vtt`));
  const centers = Array.from({ length: k }, () => [rng() * 20 - 10, rng() * 20 - 10]);
  const ids = Array.from({ length: k }, (_, i) => `t-${(0x10000000 + i * 7919).toString(16).slice(0, 8)}`);
  const chunks: RunArtifact['chunks'] = [];
  const topicOf: RunArtifact['topicOf'] = [];
  const coords: number[] = [];
  const perSource = new Map<string, Record<string, number>>();
  for (let i = 0; i < n; i++) {
    const outlier = i % 10 === 9;
    const t = i % k;
    const source = sources[i % sources.length];
    const lineStart = 1 + Math.floor(i / sources.length) * 4;
    const text = o.injection && i % k === 0 && i < 3 * k ? `${INJECTION_TEXT} chunk ${i}` : `Chunk ${i} talks about ${WORDS[(t * 7) % WORDS.length]} and ${WORDS[(t * 7 + 1) % WORDS.length]} in production.`;
    chunks.push({ id: `c${i}`, source, index: i, lineStart, lineEnd: lineStart + 3, timeStart: i * 7.5, timeEnd: i * 7.5 + 7, text });
    topicOf.push(outlier ? null : ids[t]);
    const [cx, cy] = outlier ? [rng() * 24 - 12, rng() * 24 - 12] : centers[t];
    coords.push(cx + gauss() * (outlier ? 0 : 0.8), cy + gauss() * (outlier ? 0 : 0.8));
    const counts = perSource.get(source) ?? {};
    const key = outlier ? '-1' : ids[t];
    counts[key] = (counts[key] ?? 0) + 1;
    perSource.set(source, counts);
  }
  const topics: Topic[] = ids.map((id, t) => {
    const members = topicOf.map((x, i) => (x === id ? i : -1)).filter((i) => i >= 0);
    const kw: Array<[string, number]> = Array.from({ length: 8 }, (_, j) => [WORDS[(t * 7 + j) % WORDS.length], +(0.3 / (j + 1)).toFixed(4)]);
    return {
      id,
      label: o.injection && t === 0 ? INJECTION_TEXT : kw.slice(0, 3).map(([w]) => w).join(', '),
      customLabel: o.injection === true && t === 0,
      keywords: kw,
      size: members.length,
      sourceCount: new Set(members.map((i) => chunks[i].source)).size,
      npmi: +(0.1 + (t % 5) * 0.05).toFixed(3),
      representative: members.slice(0, 3).map((i) => ({
        chunk: chunks[i].id, source: chunks[i].source, lines: [chunks[i].lineStart, chunks[i].lineEnd] as [number, number],
        time: [chunks[i].timeStart!, chunks[i].timeEnd!] as [number, number], excerpt: chunks[i].text.slice(0, 200),
      })),
      irrelevant: t === k - 1,
      note: t === 1 ? 'Check against the interview guide.' : '',
      status: t === 2 ? 'new' : 'kept',
    };
  });
  const per = o.perTheme ?? 2;
  const themes = Array.from({ length: nThemes }, (_, j) => ({
    id: `th-${(0xa0000000 + j * 104729).toString(16).slice(0, 8)}`,
    name: ['Quality assurance', 'Cost and latency', 'Data and retrieval', 'People'][j % 4] + (j >= 4 ? ` ${j}` : ''),
    description: j === 0 ? 'How practitioners test and evaluate LLM output.' : '',
    // Two (perTheme) topics per theme; the rest stay unassigned.
    topics: ids.slice(j * per, j * per + per).filter((_, x) => j * per + x < k - 1),
  }));
  const assigned = new Set(themes.flatMap((th) => th.topics));
  const taxonomy: Taxonomy = {
    schemaVersion: 1,
    run: {
      toolVersion: '0.1.0', embedding: { backend: 'fixture', model: 'none', dim: 2 }, seed: 42, settings: {},
      corpus: { fingerprint: 'fixture', sources: sources.length, chunks: n, outliers: topicOf.filter((x) => x === null).length },
      quality: { diversity: 0.8, npmi: 0.21, outlierShare: topicOf.filter((x) => x === null).length / n },
    },
    themes,
    topics,
    unassigned: topics.filter((t) => !assigned.has(t.id) && !t.irrelevant).map((t) => t.id),
    vanished: [],
    sources: sources.map((path, i) => ({
      path, contentHash: 'x', ...(o.yearSpan ? { date: String(spreadYear(o.yearSpan, i, sources.length)) } : o.dates && i < sources.length - 1 ? { date: `${2015 + (i % 6)}-03-01` } : {}), chunks: Object.values(perSource.get(path) ?? {}).reduce((a, b) => a + b, 0), topicCounts: perSource.get(path) ?? {},
    })),
  };
  return { taxonomy, artifact: { corpusFingerprint: 'fixture', chunks, topicOf, probabilities: topicOf.map(() => 1), coords2d: coords } };
}

/** Year of source i of n over [from, to], denser towards the end (as sources of most historical corpora are). */
function spreadYear([from, to]: [number, number], i: number, n: number): number {
  return Math.round(from + (to - from) * Math.sqrt(i / Math.max(1, n - 1)));
}
