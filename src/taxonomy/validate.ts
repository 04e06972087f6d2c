// The checks of schemas/taxonomy.schema.json, implemented by hand (no ajv in the bundle) plus the cross-references a
// JSON Schema cannot express: duplicate ids, themes naming topics that do not exist, a topic in two themes.
// Decoding builds fresh objects in the interfaces' key order, so what the rest of the code sees is always canonical.
// Unknown properties are errors, not silently dropped: the serializer writes only known keys, so accepting one would
// lose that hand edit on the next save.
import type { Json } from './json';
import {
  ARTIFACT_KEY_PATTERN, COLOR_PATTERN, SCHEMA_VERSION, THEME_ID_PATTERN, TOPIC_ID_PATTERN,
  THEME_SUGGESTION_ID_PATTERN,
  type ChunkRef, type LabelSuggestion, type MergedPart, type RunInfo, type SourceEntry, type SourceRecord, type SuggestionFlag, type SuggestionProvenance,
  type SuggestionStatus, type Taxonomy, type Theme, type ThemeSuggestion, type Topic, type TopicStatus, type VanishedTopic,
} from './types';

export interface PathProblem {
  /** JSON Pointer of the value the problem is about. */
  path: string;
  message: string;
}

type Obj = { [key: string]: Json };
const STATUSES: TopicStatus[] = ['new', 'kept', 'split', 'merged'];
const SUGGESTION_STATUSES: SuggestionStatus[] = ['pending', 'accepted', 'rejected', 'edited', 'stale'];
const SUGGESTION_FLAGS: SuggestionFlag[] = ['quote-not-found', 'duplicate-label', 'template-echo', 'generic-label'];

/** "/themes/0/topics/1" → "themes[0].topics[1]", the form the messages use. */
export function readablePath(path: string): string {
  if (path === '') return '(root)';
  let out = '';
  for (const raw of path.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function typeName(v: Json | undefined): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return `${typeof v === 'number' ? 'the number' : ''} ${JSON.stringify(v)}`.trim();
}

class Decoder {
  readonly problems: PathProblem[] = [];

  fail(path: string, message: string): undefined {
    this.problems.push({ path, message: `${readablePath(path)}: ${message}` });
    return undefined;
  }

  /** An object with exactly the listed keys allowed; `required` must be present. */
  object(path: string, v: Json | undefined, required: string[], optional: string[] = []): Obj | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(path, `must be an object, found ${typeName(v)}`);
    const allowed = new Set([...required, ...optional]);
    for (const k of Object.keys(v)) {
      if (!allowed.has(k)) this.fail(`${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, `unknown property "${k}" (allowed: ${[...allowed].join(', ')})`);
    }
    let missing = false;
    for (const k of required) {
      if (!(k in v)) {
        this.fail(path, `missing required property "${k}"`);
        missing = true;
      }
    }
    return missing ? undefined : v;
  }

  array(path: string, v: Json | undefined): Json[] | undefined {
    if (!Array.isArray(v)) return this.fail(path, `must be an array, found ${typeName(v)}`);
    return v;
  }

  string(path: string, v: Json | undefined, pattern?: RegExp, what?: string): string | undefined {
    if (typeof v !== 'string') return this.fail(path, `must be a string, found ${typeName(v)}`);
    if (pattern && !pattern.test(v)) return this.fail(path, `${JSON.stringify(v)} is not ${what ?? `a match for ${pattern.source}`}`);
    return v;
  }

  number(path: string, v: Json | undefined): number | undefined {
    if (typeof v !== 'number') return this.fail(path, `must be a number, found ${typeName(v)}`);
    return v;
  }

  count(path: string, v: Json | undefined): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return this.fail(path, `must be a whole number ≥ 0, found ${typeName(v)}`);
    return v;
  }

  boolean(path: string, v: Json | undefined): boolean | undefined {
    if (typeof v !== 'boolean') return this.fail(path, `must be true or false, found ${typeName(v)}`);
    return v;
  }

  strings(path: string, v: Json | undefined, pattern?: RegExp, what?: string): string[] | undefined {
    const a = this.array(path, v);
    if (!a) return undefined;
    const out = a.map((x, i) => this.string(`${path}/${i}`, x, pattern, what));
    return out.every((x) => x !== undefined) ? (out as string[]) : undefined;
  }

  pair(path: string, v: Json | undefined, integer: boolean): [number, number] | undefined {
    const a = this.array(path, v);
    if (!a) return undefined;
    if (a.length !== 2) return this.fail(path, `must be [start, end], found ${a.length} element(s)`);
    const [s, e] = a.map((x, i) => (integer ? this.count(`${path}/${i}`, x) : this.number(`${path}/${i}`, x)));
    if (s === undefined || e === undefined) return undefined;
    if (s > e) return this.fail(path, `start ${s} is after end ${e}`);
    return [s, e];
  }

  record(path: string, v: Json | undefined): Record<string, unknown> | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(path, `must be an object, found ${typeName(v)}`);
    return v as Record<string, unknown>;
  }
}

const TOPIC_ID = 'a topic id ("t-" and 8 hex digits)';
const THEME_ID = 'a theme id ("th-" and 8 hex digits)';

function runInfo(d: Decoder, path: string, v: Json | undefined): RunInfo | undefined {
  const o = d.object(path, v, ['toolVersion', 'embedding', 'seed', 'settings', 'corpus', 'quality'], ['artifact', 'refinements']);
  if (!o) return undefined;
  const toolVersion = d.string(`${path}/toolVersion`, o.toolVersion);
  const artifact = 'artifact' in o ? d.string(`${path}/artifact`, o.artifact, ARTIFACT_KEY_PATTERN, 'a run data key (16 hex digits)') : undefined;
  const e = d.object(`${path}/embedding`, o.embedding, ['backend', 'model', 'dim'], ['revision']);
  const embedding = e && {
    backend: d.string(`${path}/embedding/backend`, e.backend),
    model: d.string(`${path}/embedding/model`, e.model),
    dim: d.count(`${path}/embedding/dim`, e.dim),
    ...('revision' in e ? { revision: d.string(`${path}/embedding/revision`, e.revision) } : {}),
  };
  const seed = d.count(`${path}/seed`, o.seed);
  const settings = d.record(`${path}/settings`, o.settings);
  const c = d.object(`${path}/corpus`, o.corpus, ['fingerprint', 'sources', 'chunks', 'outliers']);
  const corpus = c && {
    fingerprint: d.string(`${path}/corpus/fingerprint`, c.fingerprint),
    sources: d.count(`${path}/corpus/sources`, c.sources),
    chunks: d.count(`${path}/corpus/chunks`, c.chunks),
    outliers: d.count(`${path}/corpus/outliers`, c.outliers),
  };
  const q = d.object(`${path}/quality`, o.quality, ['diversity', 'npmi', 'outlierShare']);
  const quality = q && {
    diversity: d.number(`${path}/quality/diversity`, q.diversity),
    npmi: d.number(`${path}/quality/npmi`, q.npmi),
    outlierShare: d.number(`${path}/quality/outlierShare`, q.outlierShare),
  };
  let refinements: Array<Record<string, unknown>> | undefined;
  if ('refinements' in o) {
    const a = d.array(`${path}/refinements`, o.refinements);
    refinements = a?.map((x, i) => d.record(`${path}/refinements/${i}`, x) ?? {});
  }
  const r: RunInfo = {
    toolVersion: toolVersion!, ...(artifact !== undefined ? { artifact } : {}), embedding: embedding as RunInfo['embedding'], seed: seed!, settings: settings!,
    corpus: corpus as RunInfo['corpus'], quality: quality as RunInfo['quality'],
  };
  if (refinements) r.refinements = refinements;
  return r;
}

function chunkRef(d: Decoder, path: string, v: Json | undefined): ChunkRef | undefined {
  const o = d.object(path, v, ['chunk', 'source', 'lines', 'excerpt'], ['time', 'cols']);
  if (!o) return undefined;
  const r: ChunkRef = {
    chunk: d.string(`${path}/chunk`, o.chunk)!,
    source: d.string(`${path}/source`, o.source)!,
    lines: d.pair(`${path}/lines`, o.lines, true)!,
    excerpt: '',
  };
  if ('time' in o) r.time = d.pair(`${path}/time`, o.time, false);
  if ('cols' in o) r.cols = d.pair(`${path}/cols`, o.cols, true);
  r.excerpt = d.string(`${path}/excerpt`, o.excerpt)!;
  return r;
}

function topic(d: Decoder, path: string, v: Json | undefined): Topic | undefined {
  const o = d.object(path, v,
    ['id', 'label', 'customLabel', 'keywords', 'size', 'sourceCount', 'representative', 'irrelevant', 'note', 'status'],
    ['npmi', 'previous', 'mergedFrom', 'suggestions']);
  if (!o) return undefined;
  const kws = d.array(`${path}/keywords`, o.keywords);
  const keywords = kws?.map((k, i): [string, number] => {
    const p = `${path}/keywords/${i}`;
    if (!Array.isArray(k) || k.length !== 2) return d.fail(p, 'must be a ["word", weight] pair') ?? ['', 0];
    return [d.string(`${p}/0`, k[0]) ?? '', d.number(`${p}/1`, k[1]) ?? 0];
  });
  const t: Topic = {
    id: d.string(`${path}/id`, o.id, TOPIC_ID_PATTERN, TOPIC_ID)!,
    label: d.string(`${path}/label`, o.label)!,
    customLabel: d.boolean(`${path}/customLabel`, o.customLabel)!,
    keywords: keywords!,
    size: d.count(`${path}/size`, o.size)!,
    sourceCount: d.count(`${path}/sourceCount`, o.sourceCount)!,
    representative: [],
    irrelevant: false,
    note: '',
    status: 'new',
  };
  if ('npmi' in o) t.npmi = d.number(`${path}/npmi`, o.npmi);
  t.representative = d.array(`${path}/representative`, o.representative)?.map((r, i) => chunkRef(d, `${path}/representative/${i}`, r)!) ?? [];
  t.irrelevant = d.boolean(`${path}/irrelevant`, o.irrelevant)!;
  t.note = d.string(`${path}/note`, o.note)!;
  const status = d.string(`${path}/status`, o.status);
  if (status !== undefined && !STATUSES.includes(status as TopicStatus)) d.fail(`${path}/status`, `${JSON.stringify(status)} is not one of ${STATUSES.join(', ')}`);
  t.status = status as TopicStatus;
  if ('previous' in o) t.previous = d.strings(`${path}/previous`, o.previous, TOPIC_ID_PATTERN, TOPIC_ID);
  if ('mergedFrom' in o) t.mergedFrom = mergedFrom(d, `${path}/mergedFrom`, o.mergedFrom, t.id);
  if ('suggestions' in o) t.suggestions = d.array(`${path}/suggestions`, o.suggestions)?.map((x, i) => labelSuggestion(d, `${path}/suggestions/${i}`, x)!);
  return t;
}

function mergedFrom(d: Decoder, path: string, v: Json | undefined, topicId: string | undefined): MergedPart[] | undefined {
  const a = d.array(path, v);
  if (!a) return undefined;
  const parts = a.map((x, i) => {
    const o = d.object(`${path}/${i}`, x, ['id', 'keywords']);
    return o && { id: d.string(`${path}/${i}/id`, o.id, TOPIC_ID_PATTERN, TOPIC_ID)!, keywords: d.strings(`${path}/${i}/keywords`, o.keywords)! };
  });
  if (!parts.every((p) => p && p.id !== undefined && p.keywords !== undefined)) return undefined;
  const ids = parts.map((p) => p!.id);
  if (ids.length < 2) return d.fail(path, `lists the ${ids.length} run topic(s) a merged topic is made of: a merge has at least two`);
  if (new Set(ids).size !== ids.length) return d.fail(path, 'lists a run topic twice');
  if (topicId !== undefined && ids[0] !== topicId) return d.fail(`${path}/0/id`, `must be the merged topic's own id "${topicId}" (the run topic that kept its id)`);
  return parts as MergedPart[];
}

function oneOf<T extends string>(d: Decoder, path: string, v: Json | undefined, values: readonly T[]): T | undefined {
  const s = d.string(path, v);
  if (s !== undefined && !(values as readonly string[]).includes(s)) return d.fail(path, `${JSON.stringify(s)} is not one of ${values.join(', ')}`);
  return s as T | undefined;
}

function provenance(d: Decoder, path: string, v: Json | undefined): SuggestionProvenance | undefined {
  const o = d.object(path, v, ['provider', 'endpoint', 'model', 'parameters', 'template', 'promptHash', 'chunks', 'keywords', 'at'], ['modelVersion', 'tokens']);
  if (!o) return undefined;
  const po = d.object(`${path}/parameters`, o.parameters, ['temperature', 'maxTokens'], ['seed']);
  const p: SuggestionProvenance = {
    provider: d.string(`${path}/provider`, o.provider)!,
    endpoint: d.string(`${path}/endpoint`, o.endpoint)!,
    model: d.string(`${path}/model`, o.model)!,
    parameters: { temperature: 0, maxTokens: 0 },
    template: '', promptHash: '', chunks: [], keywords: [], at: '',
  };
  if ('modelVersion' in o) p.modelVersion = d.string(`${path}/modelVersion`, o.modelVersion);
  if (po) {
    p.parameters = { temperature: d.number(`${path}/parameters/temperature`, po.temperature)!, maxTokens: d.count(`${path}/parameters/maxTokens`, po.maxTokens)! };
    if ('seed' in po) p.parameters = { temperature: p.parameters.temperature, seed: d.count(`${path}/parameters/seed`, po.seed), maxTokens: p.parameters.maxTokens };
  }
  p.template = d.string(`${path}/template`, o.template)!;
  p.promptHash = d.string(`${path}/promptHash`, o.promptHash, /^[0-9a-f]{64}$/, 'a sha256 (64 hex digits)')!;
  p.chunks = d.strings(`${path}/chunks`, o.chunks)!;
  p.keywords = d.strings(`${path}/keywords`, o.keywords)!;
  if ('tokens' in o) {
    const to = d.object(`${path}/tokens`, o.tokens, ['prompt', 'completion']);
    if (to) p.tokens = { prompt: d.count(`${path}/tokens/prompt`, to.prompt)!, completion: d.count(`${path}/tokens/completion`, to.completion)! };
  }
  p.at = d.string(`${path}/at`, o.at)!;
  return p;
}

function labelSuggestion(d: Decoder, path: string, v: Json | undefined): LabelSuggestion | undefined {
  const o = d.object(path, v, ['label', 'description', 'quote', 'flags', 'status', 'provenance'], ['quoteChunk']);
  if (!o) return undefined;
  const s: LabelSuggestion = {
    label: d.string(`${path}/label`, o.label)!,
    description: d.string(`${path}/description`, o.description)!,
    quote: d.string(`${path}/quote`, o.quote)!,
    flags: [], status: 'pending', provenance: undefined as unknown as SuggestionProvenance,
  };
  if ('quoteChunk' in o) s.quoteChunk = d.string(`${path}/quoteChunk`, o.quoteChunk);
  s.flags = (d.array(`${path}/flags`, o.flags) ?? []).map((f, i) => oneOf(d, `${path}/flags/${i}`, f, SUGGESTION_FLAGS)!);
  s.status = oneOf(d, `${path}/status`, o.status, SUGGESTION_STATUSES)!;
  s.provenance = provenance(d, `${path}/provenance`, o.provenance)!;
  return s;
}

function themeSuggestion(d: Decoder, path: string, v: Json | undefined): ThemeSuggestion | undefined {
  const o = d.object(path, v, ['id', 'name', 'description', 'topics', 'status', 'provenance'], ['theme', 'rejectedTopics']);
  if (!o) return undefined;
  const s: ThemeSuggestion = {
    id: d.string(`${path}/id`, o.id, THEME_SUGGESTION_ID_PATTERN, 'a theme suggestion id ("ts-" and 8 hex digits)')!,
    name: d.string(`${path}/name`, o.name)!,
    description: d.string(`${path}/description`, o.description)!,
    topics: d.strings(`${path}/topics`, o.topics, TOPIC_ID_PATTERN, TOPIC_ID)!,
    status: oneOf(d, `${path}/status`, o.status, SUGGESTION_STATUSES)!,
    provenance: undefined as unknown as SuggestionProvenance,
  };
  if ('theme' in o) s.theme = d.string(`${path}/theme`, o.theme, THEME_ID_PATTERN, THEME_ID);
  if ('rejectedTopics' in o) s.rejectedTopics = d.strings(`${path}/rejectedTopics`, o.rejectedTopics, TOPIC_ID_PATTERN, TOPIC_ID);
  s.provenance = provenance(d, `${path}/provenance`, o.provenance)!;
  return s;
}

function theme(d: Decoder, path: string, v: Json | undefined): Theme | undefined {
  const o = d.object(path, v, ['id', 'name', 'description', 'topics'], ['color']);
  if (!o) return undefined;
  const t: Theme = {
    id: d.string(`${path}/id`, o.id, THEME_ID_PATTERN, THEME_ID)!,
    name: d.string(`${path}/name`, o.name)!,
    description: d.string(`${path}/description`, o.description)!,
    topics: [],
  };
  if ('color' in o) t.color = d.string(`${path}/color`, o.color, COLOR_PATTERN, 'a colour ("#rrggbb" or a theme colour id such as "charts.blue")');
  t.topics = d.strings(`${path}/topics`, o.topics, TOPIC_ID_PATTERN, TOPIC_ID)!;
  return t;
}

function vanished(d: Decoder, path: string, v: Json | undefined): VanishedTopic | undefined {
  const o = d.object(path, v, ['id', 'label', 'keywords', 'size', 'themes', 'note']);
  if (!o) return undefined;
  return {
    id: d.string(`${path}/id`, o.id, TOPIC_ID_PATTERN, TOPIC_ID)!,
    label: d.string(`${path}/label`, o.label)!,
    keywords: d.strings(`${path}/keywords`, o.keywords)!,
    size: d.count(`${path}/size`, o.size)!,
    themes: d.strings(`${path}/themes`, o.themes, THEME_ID_PATTERN, THEME_ID)!,
    note: d.string(`${path}/note`, o.note)!,
  };
}

function source(d: Decoder, path: string, v: Json | undefined): SourceEntry | undefined {
  const o = d.object(path, v, ['path', 'contentHash', 'chunks', 'topicCounts'], ['date', 'record']);
  if (!o) return undefined;
  const s: SourceEntry = { path: d.string(`${path}/path`, o.path)!, contentHash: d.string(`${path}/contentHash`, o.contentHash)!, chunks: 0, topicCounts: {} };
  if ('date' in o) s.date = d.string(`${path}/date`, o.date);
  s.chunks = d.count(`${path}/chunks`, o.chunks)!;
  const counts = d.record(`${path}/topicCounts`, o.topicCounts);
  if (counts) {
    // The biggest part of a large file: paths are only built when something is wrong.
    for (const k in counts) {
      const n = counts[k];
      const keyOk = k === '-1' || TOPIC_ID_PATTERN.test(k);
      if (keyOk && typeof n === 'number' && Number.isInteger(n) && n >= 0) {
        s.topicCounts[k] = n;
        continue;
      }
      const p = `${path}/topicCounts/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!keyOk) d.fail(p, `key ${JSON.stringify(k)} is not a topic id or "-1" (outliers)`);
      d.count(p, n as Json);
    }
  }
  if ('record' in o) s.record = sourceRecord(d, `${path}/record`, o.record);
  return s;
}

function sourceRecord(d: Decoder, path: string, v: Json | undefined): SourceRecord | undefined {
  const o = d.object(path, v, ['file', 'lines', 'key', 'title', 'authors', 'keywords'], ['year', 'venue', 'doi', 'titleOnly']);
  if (!o) return undefined;
  const opt = <T>(k: string, read: () => T | undefined): Partial<Record<string, T>> => (k in o ? { [k]: read() } : {});
  return {
    file: d.string(`${path}/file`, o.file)!, lines: d.pair(`${path}/lines`, o.lines, true)!,
    key: d.string(`${path}/key`, o.key)!, title: d.string(`${path}/title`, o.title)!, authors: d.strings(`${path}/authors`, o.authors)!,
    ...opt('year', () => d.count(`${path}/year`, o.year)),
    ...opt('venue', () => d.string(`${path}/venue`, o.venue)),
    ...opt('doi', () => d.string(`${path}/doi`, o.doi)),
    keywords: d.strings(`${path}/keywords`, o.keywords)!,
    ...opt('titleOnly', () => d.boolean(`${path}/titleOnly`, o.titleOnly)),
  } as SourceRecord;
}

/** Topics in no theme and not irrelevant, in topic order. */
export function deriveUnassigned(t: Pick<Taxonomy, 'themes' | 'topics'>): string[] {
  const inTheme = new Set(t.themes.flatMap((th) => th.topics));
  return t.topics.filter((tp) => !inTheme.has(tp.id) && !tp.irrelevant).map((tp) => tp.id);
}

/** Cross-references a JSON Schema cannot express. Runs on decoded values, so it also checks operation results. */
export function checkReferences(t: Taxonomy, problem: (path: string, message: string) => void): void {
  const topicIndex = new Map<string, number>();
  t.topics.forEach((tp, i) => {
    const first = topicIndex.get(tp.id);
    if (first !== undefined) problem(`/topics/${i}/id`, `duplicate topic id "${tp.id}" (also topics[${first}])`);
    else topicIndex.set(tp.id, i);
  });
  const themeIndex = new Map<string, number>();
  const owner = new Map<string, string>();
  t.themes.forEach((th, i) => {
    const first = themeIndex.get(th.id);
    if (first !== undefined) problem(`/themes/${i}/id`, `duplicate theme id "${th.id}" (also themes[${first}])`);
    else themeIndex.set(th.id, i);
    th.topics.forEach((id, j) => {
      const p = `/themes/${i}/topics/${j}`;
      if (!topicIndex.has(id)) problem(p, `topic "${id}" does not exist (no entry in "topics" has this id)`);
      const prev = owner.get(id);
      if (prev === th.id) problem(p, `topic "${id}" is listed twice in theme "${th.name}"`);
      else if (prev !== undefined) problem(p, `topic "${id}" is already in theme "${t.themes[themeIndex.get(prev)!].name}" (${prev}); a topic belongs to at most one theme`);
      else owner.set(id, th.id);
    });
  });
  const partOwner = new Map<string, string>();
  t.topics.forEach((tp, i) => (tp.mergedFrom ?? []).forEach((m, j) => {
    const other = partOwner.get(m.id) ?? (j > 0 && topicIndex.has(m.id) ? m.id : undefined);
    if (other !== undefined) problem(`/topics/${i}/mergedFrom/${j}/id`, `run topic "${m.id}" is also ${other === m.id ? 'a topic of its own' : `merged into topic "${other}"`}; a run topic is part of one topic only`);
    else partOwner.set(m.id, tp.id);
  }));
  const vanishedSeen = new Set<string>();
  t.vanished.forEach((v, i) => {
    if (vanishedSeen.has(v.id)) problem(`/vanished/${i}/id`, `duplicate vanished topic id "${v.id}"`);
    vanishedSeen.add(v.id);
  });
  const suggestionIds = new Set<string>();
  t.themeSuggestions?.forEach((s, i) => {
    if (suggestionIds.has(s.id)) problem(`/themeSuggestions/${i}/id`, `duplicate theme suggestion id "${s.id}"`);
    suggestionIds.add(s.id);
  });
  const paths = new Set<string>();
  t.sources.forEach((s, i) => {
    if (paths.has(s.path)) problem(`/sources/${i}/path`, `duplicate source "${s.path}"`);
    paths.add(s.path);
  });
}

/**
 * Decodes a parsed (and migrated) document into a Taxonomy, or lists what is wrong. The schema version is checked
 * first: a newer file is refused as a whole, since its fields may mean something this version does not know.
 */
export function decodeTaxonomy(v: Json): { taxonomy?: Taxonomy; problems: PathProblem[] } {
  const d = new Decoder();
  const o = d.object('', v, ['schemaVersion', 'run', 'themes', 'topics', 'unassigned', 'vanished', 'sources'], ['$schema', 'themeSuggestions']);
  if (!o) return { problems: d.problems };
  const version = o.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    if (typeof version === 'number' && Number.isInteger(version) && version > SCHEMA_VERSION) {
      d.fail('/schemaVersion', `schema version ${version} is newer than this version of Literature Map understands (${SCHEMA_VERSION}); update the extension`);
    } else {
      d.fail('/schemaVersion', `unknown schema version ${JSON.stringify(version)}; expected ${SCHEMA_VERSION}`);
    }
    return { problems: d.problems };
  }
  const schema = '$schema' in o ? d.string('/$schema', o.$schema) : undefined;
  const run = runInfo(d, '/run', o.run)!;
  const themes = d.array('/themes', o.themes)?.map((x, i) => theme(d, `/themes/${i}`, x)!) ?? [];
  const topics = d.array('/topics', o.topics)?.map((x, i) => topic(d, `/topics/${i}`, x)!) ?? [];
  d.strings('/unassigned', o.unassigned, TOPIC_ID_PATTERN, TOPIC_ID);
  const vanishedTopics = d.array('/vanished', o.vanished)?.map((x, i) => vanished(d, `/vanished/${i}`, x)!) ?? [];
  const themeSuggestions = 'themeSuggestions' in o
    ? d.array('/themeSuggestions', o.themeSuggestions)?.map((x, i) => themeSuggestion(d, `/themeSuggestions/${i}`, x)!)
    : undefined;
  const sources = d.array('/sources', o.sources)?.map((x, i) => source(d, `/sources/${i}`, x)!) ?? [];
  const t: Taxonomy = {
    ...(schema !== undefined ? { $schema: schema } : {}),
    schemaVersion: SCHEMA_VERSION, run, themes, topics, unassigned: [], vanished: vanishedTopics,
    ...(themeSuggestions ? { themeSuggestions } : {}),
    sources,
  };
  if (d.problems.length) return { problems: d.problems };
  checkReferences(t, (p, m) => d.fail(p, m));
  if (d.problems.length) return { problems: d.problems };
  t.unassigned = deriveUnassigned(t);
  return { taxonomy: t, problems: [] };
}
