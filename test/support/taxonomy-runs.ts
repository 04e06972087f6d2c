// Small hand-built engine runs for the taxonomy tests: the real pipeline is not needed to test curation and re-runs.
import { sha256Hex, shortHash } from '../../src/pipeline/hash';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings';
import type { Chunk, RunResult, SourceFile, TopicResult } from '../../src/pipeline/types';

export interface FileSpec {
  path: string;
  /** Topic number per chunk (-1 = outlier); a chunk's text is built from its topic's words unless given. */
  chunks: Array<number | { topic: number; text?: string; like?: number }>;
  date?: string;
}

const WORDS: Record<number, string[]> = {
  0: ['climate', 'carbon', 'emissions', 'warming', 'energy'],
  1: ['school', 'teachers', 'students', 'education', 'reading'],
  2: ['health', 'hospital', 'doctors', 'patients', 'care'],
  3: ['trade', 'tariffs', 'exports', 'markets', 'jobs'],
  4: ['army', 'veterans', 'service', 'troops', 'defense'],
  5: ['farm', 'crops', 'rain', 'harvest', 'soil'],
};

export function wordsOf(topic: number): string[] {
  return WORDS[topic] ?? [`word${topic}a`, `word${topic}b`, `word${topic}c`, `word${topic}d`];
}

/** A run whose topics are the chunk groups given, numbered by size as the engine does (0 = largest). */
export function makeRun(files: FileSpec[], opts: { seed?: number; fingerprintSalt?: string } = {}): RunResult {
  const chunks: Chunk[] = [];
  const labels: number[] = [];
  const sources: SourceFile[] = [];
  for (const f of files) {
    f.chunks.forEach((c, index) => {
      const topic = typeof c === 'number' ? c : c.topic;
      // `like`: the text a chunk of another topic would have — the same chunk, clustered differently this run.
      const textTopic = typeof c === 'number' ? c : c.like ?? c.topic;
      const text = typeof c === 'object' && c.text !== undefined
        ? c.text
        : `${wordsOf(textTopic).join(' ')} and more about it, paragraph ${index} of ${f.path}.\nSecond line with   spaces.`;
      const textHash = shortHash(text);
      chunks.push({
        id: shortHash(`${f.path}\n${index}\n${textHash}`), source: f.path, index, text, textHash,
        lineStart: index * 3 + 1, lineEnd: index * 3 + 2,
        ...(f.path.endsWith('.vtt') ? { timeStart: index * 10.5, timeEnd: index * 10.5 + 9.25 } : {}),
      });
      labels.push(topic);
    });
    const sf: SourceFile = { path: f.path, format: f.path.endsWith('.vtt') ? 'vtt' : 'txt', contentHash: sha256Hex(f.chunks.map((c) => JSON.stringify(c)).join('|')), bytes: 100 };
    if (f.date) sf.date = f.date;
    sources.push(sf);
  }
  // Renumber topics by size (ties: original number), like the engine.
  const groups = [...new Set(labels.filter((l) => l >= 0))]
    .map((l) => ({ l, size: labels.filter((x) => x === l).length }))
    .sort((a, b) => b.size - a.size || a.l - b.l);
  const renum = new Map(groups.map((g, i) => [g.l, i]));
  const assignments = Int32Array.from(labels, (l) => (l < 0 ? -1 : renum.get(l)!));
  const topics: TopicResult[] = groups.map((g, i) => {
    const members = [...assignments.keys()].filter((j) => assignments[j] === i);
    return {
      id: i,
      size: g.size,
      keywords: wordsOf(g.l).map((word, k) => ({ word, score: 0.5 / (k + 1) + 0.000012345 })),
      representative: members.slice(0, 3),
      sourceCount: new Set(members.map((j) => chunks[j].source)).size,
      npmi: 0.1 + 0.01 * g.l,
    };
  });
  const settings = { ...DEFAULT_SETTINGS, seed: opts.seed ?? 42, embedding: { ...DEFAULT_SETTINGS.embedding, localModelPath: '/home/someone/models' } };
  const fingerprint = sha256Hex(sources.map((s) => `${s.path}\n${s.contentHash}`).sort().join('\n') + (opts.fingerprintSalt ?? ''));
  return {
    topics,
    assignments,
    probabilities: Float32Array.from(labels, (l) => (l < 0 ? 0 : 0.9)),
    coords2d: Float32Array.from({ length: labels.length * 2 }, (_, i) => i / 7),
    chunks,
    sources,
    skipped: [],
    timings: [],
    quality: { diversity: 0.912345678, npmi: 0.123456789, outlierShare: labels.filter((l) => l < 0).length / labels.length },
    meta: {
      toolVersion: '0.1.0',
      embedding: { backend: 'lsa', model: 'lsa-256', dim: 256 },
      settings,
      corpusFingerprint: fingerprint,
    },
  };
}

/** n chunks of one topic. */
export function many(topic: number, n: number): number[] {
  return Array.from({ length: n }, () => topic);
}

const FILLER = new Set(['about', 'line', 'more', 'paragraph', 'second', 'spaces', 'with', 'talks']);

/** A stand-in for the engine's describeTopics: word frequency per class, normalised. Deterministic. */
export function fakeDescribe(texts: string[], labels: Int32Array): Array<{ id: number; keywords: Array<{ word: string; score: number }> }> {
  const byClass = new Map<number, Map<string, number>>();
  texts.forEach((t, i) => {
    if (labels[i] < 0) return;
    let m = byClass.get(labels[i]);
    if (!m) byClass.set(labels[i], (m = new Map()));
    for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) if (w.length > 3 && !FILLER.has(w)) m.set(w, (m.get(w) ?? 0) + 1);
  });
  return [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([id, m]) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const keywords = [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([word, c]) => ({ word, score: c / total }));
    return { id, keywords };
  });
}
