// The Topics tab: a sortable, filterable table of topics beside the selected topic's details and excerpts.
import type { ChunkItem, PanelUiState } from '../src/protocol';
import type { ChunkRef, Topic } from '../src/taxonomy/types';
import { paperCitation, paperOf } from '../src/taxonomy/papers';
import type { PanelContext } from './context';
import { describeLocation, locationOfRef, type ChunkLocation } from '../src/chunk-location';
import { h, icon, replaceChildren } from './dom';
import { count } from '../src/words';

type SortKey = PanelUiState['sort']['key'];
const PAGE = 50;
const NPMI_TITLE = 'NPMI@10: how often the topic’s top 10 keywords occur together in the same chunk, averaged over pairs (−1 to 1; higher = more coherent)';

export class TopicsView {
  readonly root = h('section', { class: 'view topics-view', attrs: { 'aria-label': 'Topics' } });
  private readonly list = h('div', { class: 'topics-list' });
  private readonly detail = h('div', { class: 'topic-detail', attrs: { 'aria-live': 'polite' } });
  private readonly filterField: HTMLElement;
  private readonly themeSelect: HTMLElement;
  private readonly count = h('span', { class: 'count' });
  private allChunks: { topicId: string; total: number; items: ChunkItem[] } | null = null;

  constructor(private readonly ctx: PanelContext) {
    this.filterField = h('vscode-textfield', {
      key: 'topic-filter',
      attrs: { placeholder: 'Filter labels and keywords', 'aria-label': 'Filter topics by label or keyword' },
      props: { value: ctx.ui.filterText },
      on: { input: (e) => { this.ctx.setUi({ filterText: String((e.target as HTMLInputElement).value ?? '') }); this.renderList(); } },
    }, h('span', { class: 'codicon codicon-filter', attrs: { slot: 'content-before', 'aria-hidden': 'true' } }));
    this.themeSelect = h('vscode-single-select', {
      key: 'theme-filter', attrs: { 'aria-label': 'Show topics of' },
      on: { change: (e) => { this.ctx.setUi({ themeFilter: String((e.target as HTMLSelectElement).value) }); this.renderList(); } },
    });
    this.root.append(
      h('div', { class: 'topics-pane' }, h('div', { class: 'toolbar' }, this.filterField, this.themeSelect, this.count), this.list),
      this.detail,
    );
  }

  render(): void {
    this.renderThemeOptions();
    this.renderList();
    this.renderDetail();
  }

  private renderThemeOptions(): void {
    const themes = this.ctx.index?.taxonomy.themes ?? [];
    const current = this.ctx.ui.themeFilter;
    const opts: Array<[string, string]> = [['all', 'All topics'], ['unassigned', 'Unassigned only'], ['irrelevant', 'Irrelevant'],
      ...themes.map((t) => [t.id, `Theme: ${t.name}`] as [string, string])];
    const value = opts.some(([v]) => v === current) ? current : 'all';
    replaceChildren(this.themeSelect, opts.map(([v, label]) => h('vscode-option', { attrs: { value: v, selected: v === value } }, label)));
    (this.themeSelect as unknown as { value: string }).value = value;
  }

  private visibleTopics(): Topic[] {
    const index = this.ctx.index;
    if (!index) return [];
    const { filterText, themeFilter, sort } = this.ctx.ui;
    const q = filterText.trim().toLowerCase();
    let topics = index.taxonomy.topics.filter((t) => {
      const th = index.themeOfTopic.get(t.id);
      if (themeFilter === 'unassigned' && (th || t.irrelevant)) return false;
      if (themeFilter === 'irrelevant' && !t.irrelevant) return false;
      if (themeFilter !== 'all' && themeFilter !== 'unassigned' && themeFilter !== 'irrelevant' && th?.id !== themeFilter) return false;
      if (!q) return true;
      return t.label.toLowerCase().includes(q) || t.keywords.some(([k]) => k.toLowerCase().includes(q));
    });
    const val = (t: Topic): number | string => {
      switch (sort.key) {
        case 'size': return t.size;
        case 'sources': return t.sourceCount;
        case 'npmi': return t.npmi ?? -Infinity;
        case 'label': return t.label.toLowerCase();
        case 'theme': return index.themeOfTopic.get(t.id)?.name.toLowerCase() ?? '\uffff';
      }
    };
    topics = [...topics].sort((a, b) => {
      const x = val(a), y = val(b);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.descending ? -c : c;
    });
    return topics;
  }

  private renderList(): void {
    const index = this.ctx.index;
    const scroll = this.list.scrollTop;
    if (!index) return replaceChildren(this.list);
    const topics = this.visibleTopics();
    this.count.textContent = `${topics.length} of ${count(index.taxonomy.topics.length, 'topic')}`;
    const { sort } = this.ctx.ui;
    const header = (key: SortKey, label: string, numeric = false, explain?: string) => h('th', {
      attrs: { scope: 'col', 'aria-sort': sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none' },
      class: numeric ? 'num' : '',
    }, h('button', {
      class: 'sort-button', key: `sort-${key}`, attrs: { type: 'button', title: explain ? `${explain}. Click to sort.` : `Sort by ${label.toLowerCase()}` },
      on: { click: () => { this.ctx.setUi({ sort: { key, descending: sort.key === key ? !sort.descending : key !== 'label' && key !== 'theme' } }); this.renderList(); } },
    }, label, sort.key === key ? icon(sort.descending ? 'arrow-down' : 'arrow-up') : null));
    const selected = this.ctx.ui.selectedTopic;
    const rows = topics.map((t) => {
      const th = index.themeOfTopic.get(t.id);
      return h('tr', {
        key: `topic-row-${t.id}`,
        class: `${t.id === selected ? 'selected' : ''} ${t.irrelevant ? 'irrelevant' : ''}`,
        attrs: { tabindex: 0, 'aria-selected': t.id === selected, 'data-topic': t.id },
        on: {
          click: () => this.ctx.selectTopic(t.id),
          keydown: (e) => this.rowKey(e as KeyboardEvent, t.id),
        },
      },
      h('td', { class: 'label' }, h('span', { class: 'topic-label', attrs: { title: t.label } }, t.label), t.status === 'new' ? h('vscode-badge', { attrs: { variant: 'counter' } }, 'new') : null),
      h('td', { class: 'num' }, t.size),
      h('td', { class: 'num' }, t.sourceCount),
      h('td', { class: 'keywords' }, t.keywords.slice(0, 5).map(([k, w]) => h('span', { class: 'kw', attrs: { title: `weight ${w.toFixed(3)}` } }, k, h('span', { class: 'kw-weight' }, w.toFixed(2))))),
      h('td', { class: 'num npmi', attrs: { title: NPMI_TITLE } }, t.npmi === undefined ? '—' : t.npmi.toFixed(3)),
      h('td', { class: 'theme' }, h('span', { class: 'cell-text', attrs: { title: th ? th.name : '' } }, th ? th.name : t.irrelevant ? 'irrelevant' : '—')));
    });
    replaceChildren(this.list, h('table', { class: 'topics-table' },
      h('thead', null, h('tr', null, header('label', 'Label'), header('size', 'Chunks', true), header('sources', 'Sources', true),
        h('th', { attrs: { scope: 'col' } }, 'Top keywords', h('span', { class: 'kw-weight-head' }, ' (weight)')), header('npmi', 'NPMI@10', true, NPMI_TITLE), header('theme', 'Theme'))),
      h('tbody', null, rows)),
      topics.length ? null : h('p', { class: 'empty' }, 'No topic matches the filter.'));
    this.list.scrollTop = scroll;
  }

  private rowKey(e: KeyboardEvent, topicId: string): void {
    const row = e.currentTarget as HTMLElement;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.ctx.selectTopic(topicId);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  }

  private renderDetail(): void {
    const index = this.ctx.index;
    const id = this.ctx.ui.selectedTopic;
    const topic = id ? index?.topicById.get(id) : undefined;
    if (!topic || !index) {
      this.allChunks = null;
      return replaceChildren(this.detail, h('p', { class: 'empty' }, index ? 'Select a topic to see its excerpts.' : ''));
    }
    if (this.allChunks && this.allChunks.topicId !== topic.id) this.allChunks = null;
    const th = index.themeOfTopic.get(topic.id);
    const maxW = Math.max(1e-9, ...topic.keywords.map(([, w]) => w));
    const prev = this.ctx.state?.prevalence;
    const row = prev ? [...prev.themes, prev.unassigned, prev.irrelevant].flatMap((g) => g.topics).find((x) => x.id === topic.id) : undefined;
    const share = row ? ` · ${(100 * row.share).toFixed(1)}% of chunks` : '';
    replaceChildren(this.detail,
      h('h2', { class: 'detail-title' }, topic.label),
      h('div', { class: 'detail-meta' },
        `${count(topic.size, 'chunk')} · ${count(topic.sourceCount, 'source')}${share}`,
        topic.npmi !== undefined ? [' · ', h('span', { class: 'quality', attrs: { title: NPMI_TITLE } }, `NPMI@10 ${topic.npmi.toFixed(3)}`)] : '',
        ' · ', th ? `theme: ${th.name}` : topic.irrelevant ? 'irrelevant' : 'unassigned'),
      topic.note ? h('p', { class: 'detail-note' }, icon('note'), ' ', topic.note) : null,
      h('h3', null, 'Keywords'),
      h('ul', { class: 'keyword-bars' }, topic.keywords.map(([k, w]) => h('li', null,
        h('span', { class: 'kw-name' }, k),
        h('span', { class: 'kw-bar' }, h('span', { class: 'kw-bar-fill', style: { width: `${(100 * w) / maxW}%` } })),
        h('span', { class: 'kw-weight' }, w.toFixed(3))))),
      h('h3', null, 'Representative excerpts'),
      h('ul', { class: 'excerpts' }, topic.representative.map((r) => this.excerptItem(refToItem(r)))),
      this.renderAllChunks(topic),
    );
  }

  private renderAllChunks(topic: Topic): HTMLElement {
    const wrap = h('div', { class: 'all-chunks' });
    if (!this.ctx.state?.hasArtifact) {
      wrap.append(h('p', { class: 'hint' }, 'The run artifact is missing: only the representative excerpts are available.'));
      return wrap;
    }
    const load = (offset: number) => {
      void this.ctx.chunks(topic.id, offset, PAGE).then((page) => {
        const items = offset && this.allChunks?.topicId === topic.id ? [...this.allChunks.items, ...page.items] : page.items;
        this.allChunks = { topicId: topic.id, total: page.total, items };
        this.renderDetail();
      }, (err: Error) => this.ctx.notice(err.message, 'error'));
    };
    const all = this.allChunks;
    if (!all) {
      wrap.append(h('vscode-button', { key: 'show-all-chunks', attrs: { secondary: true }, on: { click: () => load(0) } }, topic.size === 1 ? 'Show the chunk' : `Show all ${topic.size} chunks`));
      return wrap;
    }
    wrap.append(h('h3', null, `All chunks (${all.items.length} of ${all.total})`),
      h('ul', { class: 'excerpts' }, all.items.map((c) => this.excerptItem(c))));
    if (all.items.length < all.total) {
      wrap.append(h('vscode-button', { key: 'more-chunks', attrs: { secondary: true }, on: { click: () => load(all.items.length) } }, 'Load more'));
    }
    return wrap;
  }

  private excerptItem(c: ChunkLocation & { text: string }): HTMLElement {
    // A paper (a record of a bibliographic export) is named by its first author, year and title, not its file.
    const paper = paperOf(this.ctx.index?.taxonomy, c.source);
    const where = paper ? `${paperCitation(paper)} ${paper.title}${paper.titleOnly ? ' (title only)' : ''}` : describeLocation(c);
    return h('li', null, h('button', {
      class: 'excerpt', attrs: { type: 'button', title: `Open ${paper ? `${paper.file} at line ${c.lineStart}` : where}` },
      on: { click: () => this.ctx.openChunk(c) },
    }, h('span', { class: 'excerpt-source' }, icon('go-to-file'), ' ', where), h('span', { class: 'excerpt-text' }, c.text)));
  }
}

function refToItem(r: ChunkRef): ChunkLocation & { text: string } {
  return { ...locationOfRef(r), text: r.excerpt };
}
