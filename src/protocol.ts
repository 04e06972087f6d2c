// Every message between the extension host and the Literature Map webview. Both sides import this file, so a message
// shape change is a compile error on both ends. No vscode import: the webview bundle and node tests use it too.
import type { Comparison } from './analysis/comparison';
import type { PrevalenceReport } from './analysis/prevalence';
import type { ChunkLocation } from './chunk-location';
import type { Taxonomy, ThemeId, TopicId } from './taxonomy/types';
import type { ClusterOption, GranularityOption } from './pipeline/types';

export const PANEL_VIEW_TYPE = 'literatureMap.panel';

/** A taxonomy file problem as the panel shows it (the host flattens whatever its validator reports). */
export interface PanelProblem {
  message: string;
  severity: 'error' | 'warning';
  /** JSON pointer or path into the file, when known. */
  where?: string;
}

export interface PanelState {
  /** Workspace folder name, or null when no folder model is active. */
  folder: string | null;
  /** Workspace-relative path of the taxonomy file, for display. */
  taxonomyPath: string | null;
  /** Null when the file is missing or could not be read (problems then say why). */
  taxonomy: Taxonomy | null;
  problems: PanelProblem[];
  /** src/analysis/prevalence.ts's report, the same numbers every export prints. */
  prevalence: PrevalenceReport | null;
  /** True when the per-chunk run artifact is available (map, all chunks, hover excerpts). */
  hasArtifact: boolean;
  /** When the per-chunk data of the file's run is not available: why, and what the panel can show without it. */
  runDataNote?: string | null;
  /** What Undo and Redo would revert or replay (null: nothing). */
  history?: { undo: string | null; redo: string | null };
  /** The granularity control's data; null when the run kept no layout (an older run: re-run once). */
  granularity?: GranularityState | null;
}

/** The granularity options of the current run's layout (webview/granularity-view.ts shows them). */
export interface GranularityState {
  options: GranularityOption[];
  /** Index of the option the auto rule picks. */
  auto: number;
  /** The option the current topics were made with, and the one before it (one click back). */
  applied: ClusterOption | null;
  previous: ClusterOption | null;
  /** The sentence saying the current map collapsed, or null. */
  collapsed: string | null;
}

/** One chunk as listed in the panel: enough to show it and to open the transcript there. */
export interface ChunkItem {
  /** Index into the run artifact's chunks (and the map arrays). */
  index: number;
  source: string;
  lineStart: number;
  lineEnd: number;
  timeStart?: number;
  colStart?: number;
  colEnd?: number;
  text: string;
}

/**
 * The topic hierarchy (src/pipeline/refine/hierarchy.ts) in taxonomy ids. Node ids: leaves are 0..topicIds.length−1
 * (topicIds[i]); merge k is node topicIds.length + k, merges in the order they happen (closest first).
 */
export interface HierarchyTree {
  topicIds: TopicId[];
  merges: Array<{ id: number; left: number; right: number; distance: number; topics: TopicId[]; keywords: string[] }>;
}

export type ChunkLocationMessage = ChunkLocation;

// ---- host → webview -------------------------------------------------------------------------------------------------

export type HostMessage =
  | { type: 'state'; state: PanelState }
  /**
   * The 2-D map, as typed arrays (VS Code transfers their buffers without JSON). coords holds x,y per chunk;
   * topicIndex holds an index into topicIds per chunk, or -1 for outliers.
   */
  | { type: 'map'; coords: Float32Array; topicIndex: Int32Array; topicIds: TopicId[] }
  | { type: 'noMap' }
  | { type: 'chunks'; requestId: number; topicId: TopicId; offset: number; total: number; items: ChunkItem[] }
  | { type: 'excerpt'; requestId: number; item: ChunkItem | null }
  | { type: 'hierarchy'; requestId: number; tree: HierarchyTree }
  /** The answer to a curation action: ok, or the reason it was refused. */
  | { type: 'result'; requestId: number; ok: boolean; error?: string; cancelled?: boolean }
  | { type: 'error'; requestId?: number; message: string }
  | { type: 'notice'; message: string }
  /** "Compare with…" a branch or commit: the differences and the agreement (src/analysis/comparison.ts). */
  | { type: 'comparison'; comparison: Comparison };

// ---- webview → host -------------------------------------------------------------------------------------------------

export type CurationAction =
  | { type: 'createTheme'; name: string; description?: string; color?: string }
  | { type: 'renameTheme'; themeId: ThemeId; name: string }
  | { type: 'setThemeDescription'; themeId: ThemeId; text: string }
  | { type: 'deleteTheme'; themeId: ThemeId }
  | { type: 'moveTheme'; themeId: ThemeId; toIndex: number }
  /** themeId null: take the topic out of every theme. index: position within the theme (end when omitted). */
  | { type: 'assignTopic'; topicId: TopicId; themeId: ThemeId | null; index?: number }
  | { type: 'renameTopic'; topicId: TopicId; label: string }
  | { type: 'setTopicNote'; topicId: TopicId; note: string }
  | { type: 'setIrrelevant'; topicId: TopicId; irrelevant: boolean }
  | { type: 'mergeTopics'; topicIds: TopicId[] }
  /** A vanished topic's label, keywords and note appended to a theme's description or a topic's note; then dismissed. */
  | { type: 'restoreVanished'; vanishedId: TopicId; target: { kind: 'theme' | 'topic'; id: string } }
  | { type: 'dismissVanished'; vanishedId: TopicId }
  | { type: 'undo' }
  | { type: 'redo' }
  /** index: position in the topic's `suggestions`. editedLabel: the researcher's wording of it. */
  | { type: 'acceptLabelSuggestion'; topicId: TopicId; index: number; editedLabel?: string }
  | { type: 'rejectLabelSuggestion'; topicId: TopicId; index: number }
  /** topicId: accept or reject one proposed member; without it, the whole proposed theme. */
  | { type: 'acceptThemeSuggestion'; suggestionId: string; topicId?: TopicId }
  | { type: 'rejectThemeSuggestion'; suggestionId: string; topicId?: TopicId };

export type CurationActionType = CurationAction['type'];

export const CURATION_ACTIONS: readonly CurationActionType[] = [
  'createTheme', 'renameTheme', 'setThemeDescription', 'deleteTheme', 'moveTheme',
  'assignTopic', 'renameTopic', 'setTopicNote', 'setIrrelevant', 'mergeTopics', 'restoreVanished', 'dismissVanished', 'undo', 'redo',
  'acceptLabelSuggestion', 'rejectLabelSuggestion', 'acceptThemeSuggestion', 'rejectThemeSuggestion',
];

/** Which topics to ask a language model to label. */
export type SuggestLabelScope = 'unlabelled' | 'all' | 'largest' | 'selected';

export type WebviewRequest =
  | (CurationAction & { requestId: number })
  | { type: 'requestChunks'; requestId: number; topicId: TopicId; offset: number; limit: number }
  | { type: 'requestExcerpt'; requestId: number; index: number }
  /** Computed from the run artifact on demand (it fits c-TF-IDF over every chunk: too slow to send with each state). */
  | { type: 'requestHierarchy'; requestId: number }
  /**
   * Ask the configured language model for label suggestions (labels) and/or a theme grouping (themes: how many).
   * The host shows what would be sent and asks before sending; answered with a result when done or declined.
   */
  | { type: 'suggest'; requestId: number; labels?: SuggestLabelScope; topicIds?: TopicId[]; themes?: number }
  /** Re-cluster the run's layout with this option (in the worker); answered by a `result` once applied. */
  | { type: 'applyGranularity'; requestId: number; option: ClusterOption };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openChunk'; loc: ChunkLocationMessage }
  /** The Compare tab's button: run "Compare with…" (the host asks which branch or commit). */
  | { type: 'compareWith' }
  | WebviewRequest;

export function isCurationAction(m: WebviewMessage): m is CurationAction & { requestId: number } {
  return (CURATION_ACTIONS as readonly string[]).includes(m.type);
}

// ---- run-time check of what the webview sends ---------------------------------------------------------------------
// The panel runs source text and model output; the host treats its messages as untrusted input. Each type's fields and
// their kinds, listed once: the `satisfies` makes a new message type without an entry here a compile error.

type FieldKind = 'string' | 'int' | 'number?' | 'int?' | 'bool' | 'string?' | 'string|null' | 'string[]' | 'string[]?' | 'labelScope?' | 'loc' | 'clusterOption' | 'method' | 'noteTarget';

const LABEL_SCOPES: readonly SuggestLabelScope[] = ['unlabelled', 'all', 'largest', 'selected'];

const FIELDS = {
  ready: {},
  openChunk: { loc: 'loc' },
  compareWith: {},
  requestChunks: { requestId: 'int', topicId: 'string', offset: 'int', limit: 'int' },
  requestExcerpt: { requestId: 'int', index: 'int' },
  requestHierarchy: { requestId: 'int' },
  createTheme: { requestId: 'int', name: 'string', description: 'string?', color: 'string?' },
  renameTheme: { requestId: 'int', themeId: 'string', name: 'string' },
  setThemeDescription: { requestId: 'int', themeId: 'string', text: 'string' },
  deleteTheme: { requestId: 'int', themeId: 'string' },
  moveTheme: { requestId: 'int', themeId: 'string', toIndex: 'int' },
  assignTopic: { requestId: 'int', topicId: 'string', themeId: 'string|null', index: 'int?' },
  renameTopic: { requestId: 'int', topicId: 'string', label: 'string' },
  setTopicNote: { requestId: 'int', topicId: 'string', note: 'string' },
  setIrrelevant: { requestId: 'int', topicId: 'string', irrelevant: 'bool' },
  mergeTopics: { requestId: 'int', topicIds: 'string[]' },
  acceptLabelSuggestion: { requestId: 'int', topicId: 'string', index: 'int', editedLabel: 'string?' },
  rejectLabelSuggestion: { requestId: 'int', topicId: 'string', index: 'int' },
  acceptThemeSuggestion: { requestId: 'int', suggestionId: 'string', topicId: 'string?' },
  rejectThemeSuggestion: { requestId: 'int', suggestionId: 'string', topicId: 'string?' },
  suggest: { requestId: 'int', labels: 'labelScope?', topicIds: 'string[]?', themes: 'int?' },
  applyGranularity: { requestId: 'int', option: 'clusterOption' },
  restoreVanished: { requestId: 'int', vanishedId: 'string', target: 'noteTarget' },
  dismissVanished: { requestId: 'int', vanishedId: 'string' },
  undo: { requestId: 'int' },
  redo: { requestId: 'int' },
} satisfies { [K in WebviewMessage['type']]: Record<Exclude<keyof Extract<WebviewMessage, { type: K }>, 'type'>, FieldKind> };

const LOC_FIELDS: Record<keyof ChunkLocationMessage, FieldKind> = { source: 'string', lineStart: 'int', lineEnd: 'int?', timeStart: 'number?', colStart: 'int?', colEnd: 'int?' };
const CLUSTER_OPTION_FIELDS: Record<keyof ClusterOption, FieldKind> = { minClusterSize: 'int', minSamples: 'int', method: 'method' };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Why `v` is not of this kind, or undefined when it is. */
function kindProblem(v: unknown, kind: FieldKind): string | undefined {
  const optional = kind.endsWith('?');
  if (optional && v === undefined) return undefined;
  switch (kind.replace('?', '')) {
    case 'string': return typeof v === 'string' ? undefined : 'not a string';
    case 'int': return Number.isSafeInteger(v) ? undefined : 'not an integer';
    case 'number': return typeof v === 'number' && Number.isFinite(v) ? undefined : 'not a finite number';
    case 'bool': return typeof v === 'boolean' ? undefined : 'not true or false';
    case 'string|null': return v === null || typeof v === 'string' ? undefined : 'not a string or null';
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'not a list of strings';
    case 'labelScope': return (LABEL_SCOPES as readonly unknown[]).includes(v) ? undefined : `not one of ${LABEL_SCOPES.join(', ')}`;
    case 'loc': return isRecord(v) ? fieldsProblem(v, LOC_FIELDS) : 'not an object';
    case 'clusterOption': return isRecord(v) ? fieldsProblem(v, CLUSTER_OPTION_FIELDS) : 'not an object';
    case 'method': return v === 'eom' || v === 'leaf' ? undefined : 'not "eom" or "leaf"';
    case 'noteTarget': return isRecord(v) && (v.kind === 'theme' || v.kind === 'topic') && typeof v.id === 'string' && Object.keys(v).length === 2 ? undefined : 'not a theme or topic to write to';
  }
  return 'of an unknown kind';
}

function fieldsProblem(o: Record<string, unknown>, fields: Record<string, FieldKind>, skip = ''): string | undefined {
  for (const k of Object.keys(o)) if (k !== skip && !(k in fields)) return `unexpected field "${k}"`;
  for (const [k, kind] of Object.entries(fields)) {
    const p = kindProblem(o[k], kind);
    if (p) return `"${k}" is ${p}`;
  }
  return undefined;
}

/** The message as a WebviewMessage when its shape is one, else the reason it is not (the host drops and logs it). */
export function checkWebviewMessage(m: unknown): { ok: true; message: WebviewMessage } | { ok: false; reason: string } {
  if (!isRecord(m)) return { ok: false, reason: 'not an object' };
  const type = m.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, type)) return { ok: false, reason: `unknown type ${JSON.stringify(type)?.slice(0, 40)}` };
  const problem = fieldsProblem(m, FIELDS[type as WebviewMessage['type']], 'type');
  return problem ? { ok: false, reason: `${type}: ${problem}` } : { ok: true, message: m as unknown as WebviewMessage };
}

/** Responses carry the requestId of the request they answer (an error may answer one, or stand alone). */
export type HostResponse = Extract<HostMessage, { requestId: number }> | Extract<HostMessage, { type: 'error' }>;

/**
 * Matches responses to requests by id. The webview uses it for every request; the host only echoes ids back.
 * A request unanswered within timeoutMs rejects, so a lost message cannot leave the UI waiting for ever.
 */
export class RequestTracker<Res extends { requestId?: number }> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly timeoutMs = 30_000) {}

  /** send receives the id to put on the outgoing message; timeoutMs overrides the tracker's for a slow request. */
  request<R extends Res = Res>(send: (requestId: number) => void, timeoutMs = this.timeoutMs): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`No answer from the extension host (request ${id})`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (r: Res) => void, reject, timer });
      try {
        send(id);
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Returns true when msg answered a pending request. */
  settle(msg: Res): boolean {
    if (msg.requestId === undefined) return false;
    const p = this.pending.get(msg.requestId);
    if (!p) return false;
    clearTimeout(p.timer);
    this.pending.delete(msg.requestId);
    p.resolve(msg);
    return true;
  }

  get size(): number {
    return this.pending.size;
  }
}

/** UI-only state the webview keeps through vscode.setState (never taxonomy content). */
export interface PanelUiState {
  tab: 'topics' | 'map' | 'board' | 'prevalence' | 'hierarchy' | 'suggestions' | 'compare';
  selectedTopic: TopicId | null;
  filterText: string;
  /** 'all', 'unassigned', 'irrelevant' or a theme id. */
  themeFilter: string;
  sort: { key: 'size' | 'sources' | 'npmi' | 'label' | 'theme'; descending: boolean };
  mapColorBy: 'topic' | 'theme';
  /** 'chunks': every chunk as a point; 'topics': the intertopic view, one circle per topic sized by its chunks. */
  mapMode: 'chunks' | 'topics';
  mapView: { scale: number; x: number; y: number } | null;
  scroll: Record<string, number>;
  overTimePeriod: 'year' | 'decade';
}

export const DEFAULT_UI_STATE: PanelUiState = {
  tab: 'topics',
  selectedTopic: null,
  filterText: '',
  themeFilter: 'all',
  sort: { key: 'size', descending: true },
  mapColorBy: 'topic',
  mapMode: 'chunks',
  mapView: null,
  scroll: {},
  overTimePeriod: 'year',
};
