// A fresh taxonomy (and its run artifact) from an engine run, before any curation. Nothing here depends on the time
// or the machine: the same run gives the same bytes.
import path from 'node:path';
import { artifactKey } from './artifact-codec';
import { topicIdFor } from './ids';
import { defaultLabel } from './operations';
import { round4 } from './serialize';
import { deriveUnassigned } from './validate';
import { SCHEMA_VERSION, type ChunkRef, type RunArtifact, type SourceEntry, type Taxonomy, type Topic, type TopicId } from './types';
import type { Chunk, PipelineSettings, RunResult } from '../pipeline/types';

export const EXCERPT_CHARS = 200;

/** Whitespace collapsed, cut at a word boundary when one is near, "…" when cut; never splits a surrogate pair. */
export function excerptOf(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = max - 1;
  if (/[\uDC00-\uDFFF]/.test(flat[cut] ?? '')) cut--;
  const space = flat.lastIndexOf(' ', cut);
  if (space > max * 0.6) cut = space;
  return flat.slice(0, cut).trimEnd() + '…';
}

/**
 * The settings as written to the file. Machine-specific values that do not change the result (a local model folder,
 * a hub mirror, the thread count, an inference server's address, concurrency and timeout) are left out: they would leak
 * paths into a committed file and make `check` report a colleague's clone as stale. So are the models of backends that
 * did not run (the extension always knows its static-model setting; the CLI only when asked for it), and a local static
 * model folder is recorded by its name.
 */
export function settingsRecord(s: PipelineSettings): Record<string, unknown> {
  const drop = new Set(['localModelPath', 'remoteHost', 'threads', 'endpointUrl', 'concurrency', 'timeoutSeconds']);
  if (s.embedding.backend !== 'static') drop.add('staticModel');
  if (s.embedding.backend !== 'endpoint') drop.add('endpointModel');
  const embedding = Object.fromEntries(Object.entries(s.embedding)
    .filter(([k]) => !drop.has(k))
    .map(([k, v]) => [k, k === 'staticModel' && typeof v === 'string' && path.isAbsolute(v) ? path.basename(v) : v]));
  return JSON.parse(JSON.stringify({ ...s, embedding })) as Record<string, unknown>;
}

function finite(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) ? n : 0;
}

function chunkRef(c: Chunk): ChunkRef {
  const r: ChunkRef = { chunk: c.id, source: c.source, lines: [c.lineStart, c.lineEnd], excerpt: '' };
  if (c.timeStart !== undefined && c.timeEnd !== undefined) r.time = [c.timeStart, c.timeEnd];
  if (c.colStart !== undefined && c.colEnd !== undefined) r.cols = [c.colStart, c.colEnd];
  r.excerpt = excerptOf(c.text);
  return r;
}

export function taxonomyFromRun(run: RunResult, opts: { schemaUrl?: string } = {}): { taxonomy: Taxonomy; artifact: RunArtifact } {
  const members = new Map<number, string[]>();
  run.assignments.forEach((a, i) => {
    if (a < 0) return;
    let list = members.get(a);
    if (!list) members.set(a, (list = []));
    list.push(run.chunks[i].id);
  });
  const idOf = new Map<number, TopicId>();
  const used = new Set<string>();
  const topics: Topic[] = run.topics.map((tr) => {
    const id = topicIdFor(members.get(tr.id) ?? [`empty-topic-${tr.id}`], (x) => used.has(x));
    used.add(id);
    idOf.set(tr.id, id);
    const keywords: Array<[string, number]> = tr.keywords.map((k) => [k.word, round4(finite(k.score))]);
    const topic: Topic = {
      id, label: defaultLabel(keywords), customLabel: false, keywords,
      size: tr.size, sourceCount: tr.sourceCount,
      representative: [], irrelevant: false, note: '', status: 'new',
    };
    if (tr.npmi !== undefined && Number.isFinite(tr.npmi)) topic.npmi = round4(tr.npmi);
    topic.representative = tr.representative.filter((i) => run.chunks[i]).map((i) => chunkRef(run.chunks[i]));
    return topic;
  });

  const topicOf = Array.from(run.assignments, (a) => (a < 0 ? null : idOf.get(a) ?? null));
  const perSource = new Map<string, { chunks: number; counts: Record<string, number> }>();
  run.chunks.forEach((c, i) => {
    let s = perSource.get(c.source);
    if (!s) perSource.set(c.source, (s = { chunks: 0, counts: {} }));
    s.chunks++;
    const key = topicOf[i] ?? '-1';
    s.counts[key] = (s.counts[key] ?? 0) + 1;
  });
  const sources: SourceEntry[] = [...run.sources]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => {
      const s = perSource.get(f.path);
      const e: SourceEntry = { path: f.path, contentHash: f.contentHash, chunks: 0, topicCounts: {} };
      if (f.date !== undefined) e.date = f.date;
      e.chunks = s?.chunks ?? 0;
      e.topicCounts = s?.counts ?? {};
      if (f.record) {
        const { titleOnly, ...r } = f.record;
        e.record = { ...r, lines: [r.lines[0], r.lines[1]], authors: [...r.authors], keywords: [...r.keywords], ...(titleOnly ? { titleOnly } : {}) };
      }
      return e;
    });

  const meta = run.meta;
  const outliers = topicOf.filter((x) => x === null).length;
  const taxonomy: Taxonomy = {
    ...(opts.schemaUrl ? { $schema: opts.schemaUrl } : {}),
    schemaVersion: SCHEMA_VERSION,
    run: {
      toolVersion: meta.toolVersion,
      embedding: {
        backend: meta.embedding.backend, model: meta.embedding.model, dim: meta.embedding.dim,
        ...(meta.embedding.revision ? { revision: meta.embedding.revision } : {}),
      },
      seed: meta.settings.seed,
      settings: settingsRecord(meta.settings),
      corpus: { fingerprint: meta.corpusFingerprint, sources: run.sources.length, chunks: run.chunks.length, outliers },
      quality: {
        diversity: round4(finite(run.quality.diversity)),
        npmi: round4(finite(run.quality.npmi)),
        outlierShare: round4(finite(run.quality.outlierShare)),
      },
      ...(meta.refinements?.length ? { refinements: meta.refinements } : {}),
    },
    themes: [],
    topics,
    unassigned: [],
    vanished: [],
    sources,
  };
  taxonomy.unassigned = deriveUnassigned(taxonomy);

  const artifact: RunArtifact = {
    corpusFingerprint: meta.corpusFingerprint,
    chunks: run.chunks.map((c) => {
      const a: RunArtifact['chunks'][number] = { id: c.id, source: c.source, index: c.index, lineStart: c.lineStart, lineEnd: c.lineEnd, text: c.text };
      if (c.timeStart !== undefined) a.timeStart = c.timeStart;
      if (c.timeEnd !== undefined) a.timeEnd = c.timeEnd;
      if (c.colStart !== undefined && c.colEnd !== undefined) { a.colStart = c.colStart; a.colEnd = c.colEnd; }
      return a;
    }),
    topicOf,
    probabilities: Array.from(run.probabilities),
    coords2d: Array.from(run.coords2d),
  };
  taxonomy.run.artifact = artifactKey(artifact);
  return { taxonomy, artifact };
}
