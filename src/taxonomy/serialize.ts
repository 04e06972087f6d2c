// Bytes of the taxonomy file. The same taxonomy always gives the same bytes: keys in the interfaces' order, measured
// figures rounded to 4 decimals (so floating-point noise across machines never shows up as a diff), 2-space indent,
// short lists of plain values on one line, everything else one item per line, trailing newline.
import { parseJson, type Position } from './json';
import { migrateTaxonomy } from './migrate';
import { decodeTaxonomy, deriveUnassigned } from './validate';
import type {
  ChunkRef, LabelSuggestion, RunInfo, SourceEntry, SourceRecord, SuggestionProvenance, Taxonomy, TaxonomyProblem, Theme, ThemeSuggestion, Topic,
  VanishedTopic,
} from './types';

export type { TaxonomyProblem } from './types';

/** Lines longer than this are broken one item per line. */
const WIDTH = 100;

/** Measured values (weights, quality figures, times) are rounded; settings are inputs and are written verbatim. */
export function round4(n: number): number {
  if (!Number.isFinite(n)) throw new Error(`taxonomy: cannot write the non-finite number ${n}`);
  const r = Math.round(n * 1e4) / 1e4;
  return Object.is(r, -0) ? 0 : r;
}

function canonicalRun(r: RunInfo): RunInfo {
  return {
    toolVersion: r.toolVersion,
    ...(r.artifact !== undefined ? { artifact: r.artifact } : {}),
    embedding: {
      backend: r.embedding.backend, model: r.embedding.model, dim: r.embedding.dim,
      ...(r.embedding.revision !== undefined ? { revision: r.embedding.revision } : {}),
    },
    seed: r.seed,
    settings: r.settings,
    corpus: { fingerprint: r.corpus.fingerprint, sources: r.corpus.sources, chunks: r.corpus.chunks, outliers: r.corpus.outliers },
    quality: { diversity: round4(r.quality.diversity), npmi: round4(r.quality.npmi), outlierShare: round4(r.quality.outlierShare) },
    ...(r.refinements ? { refinements: r.refinements } : {}),
  };
}

// Optional keys are spread in place: a key added to an object later would land at its end, out of interface order.
function canonicalRef(c: ChunkRef): ChunkRef {
  return {
    chunk: c.chunk, source: c.source, lines: [c.lines[0], c.lines[1]],
    ...(c.time ? { time: [round4(c.time[0]), round4(c.time[1])] as [number, number] } : {}),
    ...(c.cols ? { cols: [c.cols[0], c.cols[1]] as [number, number] } : {}),
    excerpt: c.excerpt,
  };
}

function canonicalTopic(t: Topic): Topic {
  return {
    id: t.id, label: t.label, customLabel: t.customLabel,
    keywords: t.keywords.map(([w, s]) => [w, round4(s)]),
    size: t.size, sourceCount: t.sourceCount,
    ...(t.npmi !== undefined ? { npmi: round4(t.npmi) } : {}),
    representative: t.representative.map(canonicalRef),
    irrelevant: t.irrelevant, note: t.note, status: t.status,
    ...(t.previous ? { previous: [...t.previous] } : {}),
    ...(t.mergedFrom ? { mergedFrom: t.mergedFrom.map((m) => ({ id: m.id, keywords: [...m.keywords] })) } : {}),
    ...(t.suggestions ? { suggestions: t.suggestions.map(canonicalLabelSuggestion) } : {}),
  };
}

function canonicalProvenance(p: SuggestionProvenance): SuggestionProvenance {
  return {
    provider: p.provider, endpoint: p.endpoint, model: p.model,
    ...(p.modelVersion !== undefined ? { modelVersion: p.modelVersion } : {}),
    parameters: {
      temperature: p.parameters.temperature,
      ...(p.parameters.seed !== undefined ? { seed: p.parameters.seed } : {}),
      maxTokens: p.parameters.maxTokens,
    },
    template: p.template, promptHash: p.promptHash, chunks: [...p.chunks], keywords: [...p.keywords],
    ...(p.tokens ? { tokens: { prompt: p.tokens.prompt, completion: p.tokens.completion } } : {}),
    at: p.at,
  };
}

function canonicalLabelSuggestion(s: LabelSuggestion): LabelSuggestion {
  return {
    label: s.label, description: s.description, quote: s.quote,
    ...(s.quoteChunk !== undefined ? { quoteChunk: s.quoteChunk } : {}),
    flags: [...s.flags], status: s.status, provenance: canonicalProvenance(s.provenance),
  };
}

function canonicalThemeSuggestion(s: ThemeSuggestion): ThemeSuggestion {
  return {
    id: s.id, name: s.name, description: s.description, topics: [...s.topics], status: s.status,
    ...(s.theme !== undefined ? { theme: s.theme } : {}),
    ...(s.rejectedTopics ? { rejectedTopics: [...s.rejectedTopics] } : {}),
    provenance: canonicalProvenance(s.provenance),
  };
}

function canonicalTheme(t: Theme): Theme {
  return {
    id: t.id, name: t.name, description: t.description,
    ...(t.color !== undefined ? { color: t.color } : {}),
    topics: [...t.topics],
  };
}

function canonicalVanished(v: VanishedTopic): VanishedTopic {
  return { id: v.id, label: v.label, keywords: [...v.keywords], size: v.size, themes: [...v.themes], note: v.note };
}

function canonicalSource(s: SourceEntry): SourceEntry {
  // Code-unit order puts outliers ("-1") first and is independent of how the counts were built.
  const topicCounts: Record<string, number> = {};
  for (const k of Object.keys(s.topicCounts).sort()) topicCounts[k] = s.topicCounts[k];
  return {
    path: s.path, contentHash: s.contentHash,
    ...(s.date !== undefined ? { date: s.date } : {}),
    chunks: s.chunks, topicCounts,
    ...(s.record ? { record: canonicalRecord(s.record) } : {}),
  };
}

function canonicalRecord(r: SourceRecord): SourceRecord {
  return {
    file: r.file, lines: [r.lines[0], r.lines[1]], key: r.key, title: r.title, authors: [...r.authors],
    ...(r.year !== undefined ? { year: r.year } : {}),
    ...(r.venue !== undefined ? { venue: r.venue } : {}),
    ...(r.doi !== undefined ? { doi: r.doi } : {}),
    keywords: [...r.keywords],
    ...(r.titleOnly ? { titleOnly: true } : {}),
  };
}

/** A copy in canonical form: interface key order, rounded figures, `unassigned` re-derived. */
export function canonicalTaxonomy(t: Taxonomy): Taxonomy {
  const themes = t.themes.map(canonicalTheme);
  const topics = t.topics.map(canonicalTopic);
  return {
    ...(t.$schema !== undefined ? { $schema: t.$schema } : {}),
    schemaVersion: t.schemaVersion,
    run: canonicalRun(t.run),
    themes,
    topics,
    unassigned: deriveUnassigned({ themes, topics }),
    vanished: t.vanished.map(canonicalVanished),
    ...(t.themeSuggestions ? { themeSuggestions: t.themeSuggestions.map(canonicalThemeSuggestion) } : {}),
    sources: t.sources.map(canonicalSource),
  };
}

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalar(v: unknown): string {
  if (v === undefined) return 'null';
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`taxonomy: cannot write the non-finite number ${v}`);
  return JSON.stringify(v);
}

function print(v: unknown, indent: string, lead: number): string {
  if (isPlain(v)) return scalar(v);
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    // Pairs and short lists of plain values (keyword pairs, line ranges, topic ids of a small theme) stay on one line.
    if (v.every(isPlain)) {
      const one = `[${v.map(scalar).join(', ')}]`;
      if (lead + one.length <= WIDTH) return one;
    }
    return `[\n${v.map((x) => inner + print(x, inner, inner.length)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => {
    const key = `${inner}${JSON.stringify(k)}: `;
    return key + print(x, inner, key.length + 1);
  }).join(',\n')}\n${indent}}`;
}

export function serializeTaxonomy(t: Taxonomy): string {
  return print(canonicalTaxonomy(t), '', 0) + '\n';
}

const MARKER = /^(<{7}|={7}|>{7}|\|{7})(?: |\r?$)/;
/** The label the literature-map merge driver (merge-file.ts) puts on its opening markers: what conflicted, in words. */
const DRIVER_LABEL = /^<{7} ours \(literature-map: (.*)\)\r?$/;

/**
 * Git conflict markers, found before JSON parsing so the message says what actually happened: for a block the merge
 * driver wrote, what conflicted; for git's line-by-line merge, how to let the driver merge the file by ids instead.
 */
export function conflictMarkers(text: string, file: string): TaxonomyProblem[] {
  const out: TaxonomyProblem[] = [];
  const lines = text.split('\n');
  const fromDriver = lines.some((l) => DRIVER_LABEL.test(l));
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (!m) continue;
    const first = out.length === 0;
    const label = DRIVER_LABEL.exec(lines[i]);
    let message = `Git merge conflict marker "${m[1]}"`;
    if (label) {
      message += `: conflict the taxonomy merge driver left for you: ${label[1]}. Keep one side of this block (delete the other side and the marker lines), then save`;
      if (first) message += '; until then the taxonomy is read-only';
    } else if (first) {
      message += ': this file has an unresolved merge conflict. Resolve it (keep the right side of each conflict and delete the marker lines), then save; until then the taxonomy is read-only';
      if (!fromDriver) message += `. Git merged it line by line: to merge it by topic and theme ids instead, set up the merge driver (command "Literature Map: Set Up Git Merge Driver", or \`literature-map git-setup\`) and run \`git checkout -m -- ${file}\``;
    }
    out.push({ file, line: i + 1, column: 1, message });
  }
  return out;
}

/** Nearest recorded position for a JSON Pointer: the value itself, else its closest ancestor. */
function positionOf(positions: Map<string, Position>, path: string): Position {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const hit = positions.get(p);
    if (hit) return hit;
    if (p === '') return { line: 1, column: 1 };
  }
}

export function parseTaxonomy(text: string, fileName: string):
  | { ok: true; taxonomy: Taxonomy }
  | { ok: false; errors: TaxonomyProblem[] } {
  const markers = conflictMarkers(text, fileName);
  if (markers.length) return { ok: false, errors: markers };
  if (text.trim() === '') return { ok: false, errors: [{ file: fileName, line: 1, column: 1, message: 'The file is empty: expected a taxonomy JSON object' }] };
  const parsed = parseJson(text, { positions: false });
  if (!parsed.ok) return { ok: false, errors: [{ file: fileName, ...parsed.error, message: `Invalid JSON: ${parsed.error.message}` }] };
  const { taxonomy, problems } = decodeTaxonomy(migrateTaxonomy(parsed.value));
  if (!taxonomy) {
    // Positions are only worth recording when there is something to point at.
    const located = parseJson(text);
    const positions = located.ok ? located.positions : new Map<string, Position>();
    return { ok: false, errors: problems.map((p) => ({ file: fileName, ...positionOf(positions, p.path), message: p.message })) };
  }
  return { ok: true, taxonomy };
}
