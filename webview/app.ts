// The panel: header, notices and four tabs. It re-renders from the host's state message every time (open, reload,
// external file change), and keeps only UI state (tab, selection, filter, sort, map view) in vscode.setState.
import type { ChunkLocation } from '../src/chunk-location';
import type { ChunkItem, CurationAction, HierarchyTree, HostMessage, PanelState, PanelUiState } from '../src/protocol';
import { BoardView } from './board-view';
import { CompareView } from './compare-view';
import { TaxonomyIndex, type MapData, type PanelContext } from './context';
import { h, icon, replaceChildren } from './dom';
import { HierarchyView } from './hierarchy-view';
import { HistoryControls } from './history-controls';
import { GranularityView } from './granularity-view';
import type { HostBridge } from './host';
import { MapView } from './map-view';
import { PrevalenceView } from './prevalence-view';
import { SuggestionsView } from './suggestions-view';
import { TopicsView } from './topics-view';
import { count } from '../src/words';

const TABS: Array<{ id: PanelUiState['tab']; label: string; icon: string }> = [
  { id: 'topics', label: 'Topics', icon: 'list-unordered' },
  { id: 'map', label: 'Map', icon: 'graph-scatter' },
  { id: 'board', label: 'Theme board', icon: 'project' },
  { id: 'prevalence', label: 'Prevalence', icon: 'graph' },
  { id: 'hierarchy', label: 'Hierarchy', icon: 'type-hierarchy' },
  { id: 'suggestions', label: 'Suggestions', icon: 'sparkle' },
  { id: 'compare', label: 'Compare', icon: 'git-compare' },
];

const QUALITY_TITLES = {
  npmi: 'NPMI@10: how often each topic’s top 10 keywords occur together in the same chunk, averaged over pairs and topics (−1 to 1; higher = more coherent)',
  diversity: 'Diversity@25: the share of unique words among all topics’ top 25 keywords (0 to 1; higher = topics overlap less)',
  outliers: 'Share of chunks HDBSCAN left in no topic',
};

export class App implements PanelContext {
  state: PanelState | null = null;
  map: MapData | null = null;
  index: TaxonomyIndex | null = null;
  ui: PanelUiState;
  private readonly header = h('header', { class: 'panel-header' });
  private readonly notices = h('div', { class: 'notices', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly problems = h('div', { class: 'problems' });
  private readonly history: HistoryControls;
  private readonly empty = h('div', { class: 'empty-state' });
  private readonly tabs: HTMLElement;
  private readonly topics: TopicsView;
  private readonly mapView: MapView;
  private readonly board: BoardView;
  private readonly prevalence: PrevalenceView;
  private readonly hierarchyView: HierarchyView;
  private readonly granularity: GranularityView;
  private readonly suggestions: SuggestionsView;
  private readonly compareView: CompareView;
  private noticeTimer = 0;

  constructor(private readonly root: HTMLElement, private readonly host: HostBridge) {
    this.ui = host.loadUiState();
    this.history = new HistoryControls((a) => this.act(a));
    this.topics = new TopicsView(this);
    this.mapView = new MapView(this);
    this.board = new BoardView(this);
    this.prevalence = new PrevalenceView(this);
    this.hierarchyView = new HierarchyView(this);
    this.granularity = new GranularityView(this, (o) => host.applyGranularity(o));
    this.compareView = new CompareView(() => host.post({ type: 'compareWith' }), (id) => this.selectTopic(id, { show: 'topics' }));
    this.suggestions = new SuggestionsView(this, async (req) => {
      const r = await host.suggest(req);
      if (!r.ok) this.notice(r.error ?? 'No suggestions were added.', 'error');
      return r.ok;
    });
    const views = [this.topics.root, this.mapView.root, this.board.root, this.prevalence.root, this.hierarchyView.root, this.suggestions.root, this.compareView.root];
    this.tabs = h('vscode-tabs', {
      class: 'tabs', attrs: { 'selected-index': this.tabIndex(), panel: true },
      on: { 'vsc-tabs-select': (e) => this.onTab((e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex) },
    },
    // In a narrow editor group the labels give way to their icons (named by title and aria-label), so seven tabs fit.
    TABS.map((t) => h('vscode-tab-header', { key: `tab-${t.id}`, attrs: { slot: 'header', title: t.label, 'aria-label': t.label } }, icon(t.icon), h('span', { class: 'tab-label' }, ` ${t.label}`))),
    views.map((v) => h('vscode-tab-panel', null, v)));
    this.tabs.hidden = true;
    replaceChildren(root, this.header, this.granularity.root, this.notices, this.problems, this.empty, this.tabs);
    this.renderEmpty('Loading…');
    host.onMessage((m) => this.onMessage(m));
    window.addEventListener('keydown', (e) => {
      // Ctrl/Cmd+1…7 switch tabs, the keyboard path to every view.
      if ((e.ctrlKey || e.metaKey) && /^[1-7]$/.test(e.key) && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        this.showTab(TABS[Number(e.key) - 1].id);
      }
    });
    host.post({ type: 'ready' });
  }

  private tabIndex(): number {
    return Math.max(0, TABS.findIndex((t) => t.id === this.ui.tab));
  }

  private onTab(i: number): void {
    const tab = TABS[i]?.id ?? 'topics';
    if (tab === this.ui.tab) return;
    this.setUi({ tab });
    this.mapView.setVisible(tab === 'map');
    this.hierarchyView.setVisible(tab === 'hierarchy');
  }

  showTab(tab: PanelUiState['tab']): void {
    this.setUi({ tab });
    (this.tabs as unknown as { selectedIndex: number }).selectedIndex = this.tabIndex();
    this.mapView.setVisible(tab === 'map');
    this.hierarchyView.setVisible(tab === 'hierarchy');
  }

  setUi(patch: Partial<PanelUiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.host.saveUiState(this.ui);
  }

  private onMessage(m: HostMessage): void {
    switch (m.type) {
      case 'state':
        this.state = m.state;
        this.index = m.state.taxonomy ? new TaxonomyIndex(m.state.taxonomy) : null;
        if (!m.state.hasArtifact) this.map = null;
        this.renderAll();
        break;
      case 'map':
        this.map = { coords: m.coords, topicIndex: m.topicIndex, topicIds: m.topicIds };
        this.mapView.onMapArrived();
        this.mapView.render();
        break;
      case 'noMap':
        this.map = null;
        this.mapView.render();
        break;
      case 'error':
        this.notice(m.message, 'error');
        break;
      case 'notice':
        this.notice(m.message, 'info');
        break;
      case 'comparison':
        this.compareView.set(m.comparison);
        this.showTab('compare');
        break;
      default:
        break;
    }
  }

  private renderEmpty(text: string): void {
    replaceChildren(this.empty, h('p', null, text));
    this.empty.hidden = false;
    this.tabs.hidden = true;
  }

  private renderAll(): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.closest?.('[data-key]')?.getAttribute('data-key') ?? null;
    const s = this.state;
    this.renderHeader();
    replaceChildren(this.problems, (s?.problems ?? []).map((p) => h('div', { class: `problem ${p.severity}`, attrs: { role: 'alert' } },
      icon(p.severity === 'error' ? 'error' : 'warning'), ' ', p.message, p.where ? h('span', { class: 'where' }, ` (${p.where})`) : null)),
    s?.runDataNote ? h('div', { class: 'problem warning run-data-note' }, icon('info'), ' ', s.runDataNote) : null);
    if (!s?.folder) {
      this.renderEmpty('Open a folder and run “Literature Map: Map Topics in Folder…” to see its topics here.');
      return;
    }
    if (!s.taxonomy) {
      this.renderEmpty(s.problems.length ? 'The taxonomy file could not be read; fix the problems above (the panel never overwrites it).'
        : 'This folder has no taxonomy yet. Run “Literature Map: Map Topics in Folder…”.');
      return;
    }
    this.empty.hidden = true;
    this.tabs.hidden = false;
    this.granularity.render();
    this.topics.render();
    this.mapView.render();
    this.mapView.setVisible(this.ui.tab === 'map');
    this.board.render();
    this.prevalence.render();
    this.hierarchyView.setVisible(this.ui.tab === 'hierarchy');
    this.hierarchyView.render();
    this.suggestions.render();
    if (focusKey && (!document.activeElement || document.activeElement === document.body)) {
      this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
    }
  }

  private renderHeader(): void {
    const s = this.state;
    const t = s?.taxonomy;
    const q = t?.run.quality;
    this.history.render(s);
    replaceChildren(this.header,
      h('h1', null, icon('graph-scatter'), ' ', s?.folder ? `Literature Map — ${s.folder}` : 'Literature Map'),
      t ? this.history.root : null,
      t ? h('div', { class: 'summary' },
        `${count(t.topics.length, 'topic')} · ${count(t.themes.length, 'theme')} · ${count(t.run.corpus.chunks, 'chunk', undefined, (x) => x.toLocaleString())} · ${count(t.run.corpus.sources, 'source')}`,
        q ? [' · ', h('span', { class: 'quality', attrs: { title: QUALITY_TITLES.npmi } }, `NPMI@10 ${q.npmi.toFixed(3)}`),
          ' · ', h('span', { class: 'quality', attrs: { title: QUALITY_TITLES.diversity } }, `diversity@25 ${q.diversity.toFixed(3)}`),
          ' · ', h('span', { class: 'quality', attrs: { title: QUALITY_TITLES.outliers } }, `outliers ${(100 * q.outlierShare).toFixed(1)}%`)] : '',
        s?.taxonomyPath ? h('span', { class: 'path' }, ` · ${s.taxonomyPath}`) : null) : null);
  }

  async act(a: CurationAction): Promise<boolean> {
    try {
      const r = await this.host.act(a);
      if (!r.ok) this.notice(r.error ?? 'The change was not applied.', r.cancelled ? 'info' : 'error');
      return r.ok;
    } catch (e) {
      this.notice(e instanceof Error ? e.message : String(e), 'error');
      return false;
    }
  }

  selectTopic(id: string | null, opts?: { show?: PanelUiState['tab'] }): void {
    this.setUi({ selectedTopic: id });
    if (opts?.show) this.showTab(opts.show);
    if (!this.index) return;
    this.topics.render();
    this.mapView.render();
    this.board.render();
  }

  notice(message: string, kind: 'info' | 'error' = 'info'): void {
    replaceChildren(this.notices, h('div', { class: `notice ${kind}` }, icon(kind === 'error' ? 'error' : 'info'), ' ', message,
      h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => replaceChildren(this.notices) } }, icon('close'))));
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => replaceChildren(this.notices), kind === 'error' ? 12_000 : 5_000);
  }

  openChunk(c: ChunkLocation): void {
    const { source, lineStart, lineEnd, timeStart, colStart, colEnd } = c;
    this.host.post({ type: 'openChunk', loc: { source, lineStart, lineEnd, ...(timeStart !== undefined ? { timeStart } : {}), ...(colStart !== undefined ? { colStart, colEnd } : {}) } });
  }

  chunks(topicId: string, offset: number, limit: number): Promise<{ total: number; items: ChunkItem[] }> {
    return this.host.chunks(topicId, offset, limit);
  }

  excerpt(index: number): Promise<ChunkItem | null> {
    return this.host.excerpt(index);
  }

  hierarchy(): Promise<HierarchyTree> {
    return this.host.hierarchy();
  }
}
