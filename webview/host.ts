// The webview's side of the protocol: posting, request/response matching and the UI-state slot VS Code keeps for us.
import type { ClusterOption } from '../src/pipeline/types';
import { DEFAULT_UI_STATE, RequestTracker, type ChunkItem, type CurationAction, type HierarchyTree, type HostMessage, type HostResponse, type PanelUiState, type SuggestLabelScope, type WebviewMessage } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export class HostBridge {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly tracker = new RequestTracker<HostResponse>();

  private readonly listeners: Array<(m: HostMessage) => void> = [];

  constructor() {
    window.addEventListener('message', (e: MessageEvent) => {
      const m = e.data as HostMessage;
      if (!m || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return;
      if ('requestId' in m && typeof m.requestId === 'number' && this.tracker.settle(m as HostResponse)) return;
      for (const l of this.listeners) l(m);
    });
  }

  onMessage(l: (m: HostMessage) => void): void {
    this.listeners.push(l);
  }

  post(m: WebviewMessage): void {
    this.api.postMessage(m);
  }

  /** Sends a curation action; resolves with the host's verdict. */
  async act(a: CurationAction): Promise<{ ok: boolean; error?: string; cancelled?: boolean }> {
    const r = await this.tracker.request((requestId) => this.post({ ...a, requestId } as WebviewMessage));
    if (r.type === 'result') return { ok: r.ok, ...(r.error ? { error: r.error } : {}), ...(r.cancelled ? { cancelled: true } : {}) };
    if (r.type === 'error') return { ok: false, error: r.message };
    return { ok: false, error: 'Unexpected answer' };
  }

  async chunks(topicId: string, offset: number, limit: number): Promise<{ total: number; items: ChunkItem[] }> {
    const r = await this.tracker.request((requestId) => this.post({ type: 'requestChunks', requestId, topicId, offset, limit }));
    if (r.type === 'chunks') return { total: r.total, items: r.items };
    throw new Error(r.type === 'error' ? r.message : 'Unexpected answer');
  }

  async excerpt(index: number): Promise<ChunkItem | null> {
    const r = await this.tracker.request((requestId) => this.post({ type: 'requestExcerpt', requestId, index }));
    return r.type === 'excerpt' ? r.item : null;
  }

  /** Asks for suggestions; the host shows what would be sent and may take minutes, so the wait is long. */
  async suggest(req: { labels?: SuggestLabelScope; topicIds?: string[]; themes?: number }): Promise<{ ok: boolean; error?: string }> {
    const r = await this.tracker.request((requestId) => this.post({ type: 'suggest', requestId, ...req }), 3_600_000);
    if (r.type === 'result') return { ok: r.ok, ...(r.error ? { error: r.error } : {}) };
    return { ok: false, error: r.type === 'error' ? r.message : 'Unexpected answer' };
  }

  async hierarchy(): Promise<HierarchyTree> {
    // Fitting c-TF-IDF over a large corpus takes a while on the host: a longer timeout than the default's.
    const r = await this.tracker.request((requestId) => this.post({ type: 'requestHierarchy', requestId }), 180_000);
    if (r.type === 'hierarchy') return r.tree;
    throw new Error(r.type === 'error' ? r.message : 'Unexpected answer');
  }

  /** Re-clusters the run's layout with another option; settles once the new taxonomy is written (seconds). */
  async applyGranularity(option: ClusterOption): Promise<{ ok: boolean; error?: string }> {
    const r = await this.tracker.request((requestId) => this.post({ type: 'applyGranularity', requestId, option }), 600_000);
    if (r.type === 'result') return { ok: r.ok, ...(r.error ? { error: r.error } : {}) };
    return { ok: false, error: r.type === 'error' ? r.message : 'Unexpected answer' };
  }

  loadUiState(): PanelUiState {
    const s = this.api.getState() as Partial<PanelUiState> | undefined;
    return { ...DEFAULT_UI_STATE, ...(s && typeof s === 'object' ? s : {}) };
  }

  saveUiState(s: PanelUiState): void {
    this.api.setState(s);
  }
}
