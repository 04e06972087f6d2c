// The Theme board: one column per theme plus Unassigned and Irrelevant. Topic cards are dragged between columns (HTML5
// drag and drop); every drag has a keyboard alternative on the focused card (M: move to theme…, Alt+↑/↓: reorder,
// F2: rename, N: note, I: irrelevant, Space: select for merge, Delete: unassign); on a theme header Alt+←/→ reorders,
// F2 renames, Delete deletes.
import type { Theme, Topic } from '../src/taxonomy/types';
import type { PanelContext } from './context';
import { h, iconButton, replaceChildren } from './dom';
import { editInline } from './inline-edit';
import { pick } from './picker';
import { vanishedColumn } from './vanished-view';
import { count } from '../src/words';

const TOPIC_MIME = 'application/x-literature-map-topic';
const THEME_MIME = 'application/x-literature-map-theme';
const UNASSIGNED = '__unassigned';
const IRRELEVANT = '__irrelevant';

interface Column { id: string; title: string; theme: Theme | null; topics: Topic[] }

export class BoardView {
  readonly root = h('section', { class: 'view board-view', attrs: { 'aria-label': 'Theme board' } });
  private readonly columns = h('div', { class: 'board-columns' });
  private readonly mergeButton: HTMLElement;
  private readonly newThemeField: HTMLInputElement;
  private readonly selected = new Set<string>();
  private dragging: { kind: 'topic' | 'theme'; id: string } | null = null;

  constructor(private readonly ctx: PanelContext) {
    this.newThemeField = h('vscode-textfield', {
      key: 'new-theme-name', attrs: { placeholder: 'New theme name', 'aria-label': 'New theme name' },
      on: { keydown: (e) => { if ((e as KeyboardEvent).key === 'Enter') this.createTheme(); } },
    }) as unknown as HTMLInputElement;
    this.mergeButton = h('vscode-button', { key: 'merge-selected', attrs: { icon: 'merge', disabled: true }, on: { click: () => this.mergeSelected() } }, 'Merge selected');
    this.root.append(
      h('div', { class: 'toolbar' },
        this.newThemeField,
        h('vscode-button', { key: 'create-theme', attrs: { icon: 'add' }, on: { click: () => this.createTheme() } }, 'Add theme'),
        this.mergeButton,
        h('span', { class: 'hint' }, 'Drag topics onto themes — or focus a card: M move, Alt+↑/↓ reorder, F2 rename, N note, I irrelevant, Space select')),
      this.columns);
  }

  private createTheme(): void {
    const name = String(this.newThemeField.value ?? '').trim();
    if (!name) {
      this.ctx.notice('Type a name for the new theme first.', 'error');
      (this.newThemeField as unknown as HTMLElement).focus();
      return;
    }
    this.newThemeField.value = '';
    void this.ctx.act({ type: 'createTheme', name });
  }

  private mergeSelected(): void {
    const ids = [...this.selected].filter((id) => this.ctx.index?.topicById.has(id));
    if (ids.length < 2) return this.ctx.notice('Select at least two topics to merge (Space on a card, or its checkbox).', 'error');
    this.selected.clear();
    void this.ctx.act({ type: 'mergeTopics', topicIds: ids });
    this.render();
  }

  private buildColumns(): Column[] {
    const index = this.ctx.index;
    if (!index) return [];
    const cols: Column[] = [{ id: UNASSIGNED, title: 'Unassigned', theme: null, topics: index.unassigned() }];
    for (const th of index.taxonomy.themes) {
      cols.push({ id: th.id, title: th.name, theme: th, topics: th.topics.map((id) => index.topicById.get(id)).filter((t): t is Topic => !!t) });
    }
    cols.push({ id: IRRELEVANT, title: 'Irrelevant', theme: null, topics: index.irrelevant() });
    return cols;
  }

  render(): void {
    const index = this.ctx.index;
    for (const id of [...this.selected]) if (!index?.topicById.has(id)) this.selected.delete(id);
    this.mergeButton.toggleAttribute('disabled', this.selected.size < 2);
    this.mergeButton.textContent = this.selected.size ? `Merge selected (${this.selected.size})` : 'Merge selected';
    const scroll = this.columns.scrollLeft;
    replaceChildren(this.columns, this.buildColumns().map((c, i, all) => this.column(c, i, all)), vanishedColumn(this.ctx));
    this.columns.scrollLeft = scroll;
  }

  private column(c: Column, position: number, all: Column[]): HTMLElement {
    const prev = this.ctx.state?.prevalence;
    const theme = c.theme;
    const fig = theme ? prev?.themes.find((r) => r.id === theme.id) : c.id === UNASSIGNED ? prev?.unassigned : c.id === IRRELEVANT ? prev?.irrelevant : undefined;
    const list = h('ol', { class: 'card-list', attrs: { 'aria-label': `Topics in ${c.title}` } }, c.topics.map((t, i) => this.card(t, c, i, all)));
    const col = h('div', {
      class: `board-column ${c.theme ? 'theme-column' : 'special-column'}`,
      attrs: { 'data-column': c.id, role: 'group', 'aria-label': c.title },
      on: {
        dragover: (e) => this.dragOver(e as DragEvent, c, list),
        dragleave: (e) => { if (!col.contains((e as DragEvent).relatedTarget as Node)) this.clearDropMarks(); },
        drop: (e) => this.drop(e as DragEvent, c, list),
      },
    }, this.columnHeader(c, position, all, fig ? `${count(fig.chunks, 'chunk')} · ${count(fig.sources, 'source')}` : ''), list,
    c.topics.length ? null : h('p', { class: 'empty' }, c.theme ? 'Drop topics here' : c.id === IRRELEVANT ? 'Drop topics here to set them aside' : 'Every topic is in a theme'));
    return col;
  }

  private columnHeader(c: Column, position: number, all: Column[], figures: string): HTMLElement {
    const th = c.theme;
    const title = h('h3', { class: 'column-title' }, th?.color ? h('span', { class: 'swatch', style: { backgroundColor: th.color } }) : null,
      h('span', { class: 'column-name', attrs: { title: c.title } }, c.title), h('vscode-badge', { attrs: { variant: 'counter' } }, c.topics.length));
    if (!th) return h('header', { class: 'column-header' }, title, figures ? h('div', { class: 'column-figures' }, figures) : null);
    const themes = all.filter((x) => x.theme);
    const themeIndex = position - 1;
    const move = (delta: number) => {
      const to = themeIndex + delta;
      if (to < 0 || to >= themes.length) return;
      void this.ctx.act({ type: 'moveTheme', themeId: th.id, toIndex: to });
    };
    const rename = () => editInline(title.querySelector('.column-name') as HTMLElement, {
      value: th.name, label: 'Theme name', onCommit: (name) => void this.ctx.act({ type: 'renameTheme', themeId: th.id, name }),
    });
    const description = h('p', { class: `theme-description ${th.description ? '' : 'placeholder'}`, attrs: { tabindex: 0, title: 'Edit the theme description (Enter)' } },
      th.description || 'Add a description…');
    const editDescription = () => editInline(description, {
      value: th.description, label: `Description of ${th.name}`, multiline: true,
      onCommit: (text) => void this.ctx.act({ type: 'setThemeDescription', themeId: th.id, text }),
    });
    description.addEventListener('click', editDescription);
    description.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); editDescription(); } });
    const actions = h('div', { class: 'column-actions' },
      iconButton('arrow-left', `Move theme ${th.name} left (Alt+←)`, () => move(-1), `theme-left-${th.id}`),
      iconButton('arrow-right', `Move theme ${th.name} right (Alt+→)`, () => move(1), `theme-right-${th.id}`),
      iconButton('edit', `Rename theme ${th.name} (F2)`, rename, `theme-rename-${th.id}`),
      iconButton('trash', `Delete theme ${th.name} (Delete)`, () => this.confirmDelete(header, th), `theme-delete-${th.id}`));
    const header = h('header', {
      class: 'column-header theme-header',
      key: `theme-${th.id}`,
      attrs: { tabindex: 0, draggable: 'true', 'aria-label': `Theme ${th.name}, ${count(c.topics.length, 'topic')}. Alt+Left or Alt+Right to reorder, F2 to rename, Delete to delete.` },
      on: {
        keydown: (e) => {
          const k = e as KeyboardEvent;
          if (k.target !== header) return;
          if (k.altKey && k.key === 'ArrowLeft') { k.preventDefault(); move(-1); }
          else if (k.altKey && k.key === 'ArrowRight') { k.preventDefault(); move(1); }
          else if (k.key === 'F2') { k.preventDefault(); rename(); }
          else if (k.key === 'Delete') { k.preventDefault(); this.confirmDelete(header, th); }
        },
        dragstart: (e) => {
          const d = e as DragEvent;
          this.dragging = { kind: 'theme', id: th.id };
          d.dataTransfer?.setData(THEME_MIME, th.id);
          if (d.dataTransfer) d.dataTransfer.effectAllowed = 'move';
        },
        dragend: () => { this.dragging = null; this.clearDropMarks(); },
      },
    }, title, actions, figures ? h('div', { class: 'column-figures' }, figures) : null, description);
    return header;
  }

  private confirmDelete(header: HTMLElement, th: Theme): void {
    const bar = h('div', { class: 'confirm', attrs: { role: 'alertdialog', 'aria-label': `Delete theme ${th.name}?` } },
      h('span', null, `Delete "${th.name}"? Its topics become unassigned.`),
      h('vscode-button', { key: `confirm-delete-${th.id}`, on: { click: () => void this.ctx.act({ type: 'deleteTheme', themeId: th.id }) } }, 'Delete'),
      h('vscode-button', { attrs: { secondary: true }, on: { click: () => { bar.remove(); header.focus(); } } }, 'Cancel'));
    bar.addEventListener('keydown', (e) => { if (e.key === 'Escape') { bar.remove(); header.focus(); } });
    header.append(bar);
    // The button takes focus only once it has rendered (it sets its tabindex then).
    const confirm = bar.querySelector('vscode-button') as HTMLElement & { updateComplete?: Promise<unknown> };
    void (confirm.updateComplete ?? Promise.resolve()).then(() => confirm.focus());
  }

  private card(t: Topic, c: Column, i: number, all: Column[]): HTMLElement {
    const selected = this.selected.has(t.id);
    const label = h('span', { class: 'card-label', attrs: { title: t.label } }, t.label);
    const checkbox = h('vscode-checkbox', {
      attrs: { 'aria-label': `Select ${t.label} for merging`, ...(selected ? { checked: true } : {}) },
      key: `select-${t.id}`,
      on: { change: (e) => this.toggleSelected(t.id, !!(e.target as HTMLInputElement).checked) },
    });
    const rename = () => editInline(label, { value: t.label, label: 'Topic label', onCommit: (v) => void this.ctx.act({ type: 'renameTopic', topicId: t.id, label: v }) });
    const note = h('p', { class: `card-note ${t.note ? '' : 'hidden'}` }, t.note);
    const editNote = () => {
      note.classList.remove('hidden');
      editInline(note, { value: t.note, label: `Note on ${t.label}`, multiline: true, onCommit: (v) => void this.ctx.act({ type: 'setTopicNote', topicId: t.id, note: v }), onCancel: () => note.classList.toggle('hidden', !t.note) });
    };
    const card = h('li', {
      class: `topic-card ${selected ? 'selected' : ''} ${t.id === this.ctx.ui.selectedTopic ? 'current' : ''}`,
      key: `card-${t.id}`,
      attrs: {
        tabindex: 0, draggable: 'true', 'data-topic': t.id,
        'aria-label': `${t.label}, ${count(t.size, 'chunk')}, in ${c.title}. M to move, Alt+Up or Alt+Down to reorder, F2 to rename, N for a note, I for irrelevant, Space to select.`,
      },
      on: {
        dragstart: (e) => {
          const d = e as DragEvent;
          this.dragging = { kind: 'topic', id: t.id };
          d.dataTransfer?.setData(TOPIC_MIME, t.id);
          d.dataTransfer?.setData('text/plain', t.label);
          if (d.dataTransfer) d.dataTransfer.effectAllowed = 'move';
          card.classList.add('dragging');
        },
        dragend: () => { this.dragging = null; card.classList.remove('dragging'); this.clearDropMarks(); },
        keydown: (e) => this.cardKey(e as KeyboardEvent, t, c, i, all, { rename, editNote }),
        dblclick: () => this.ctx.selectTopic(t.id, { show: 'topics' }),
      },
    },
    h('div', { class: 'card-top' }, checkbox, label, h('vscode-badge', { attrs: { variant: 'counter', title: count(t.size, 'chunk') } }, t.size)),
    h('div', { class: 'card-keywords' }, t.keywords.slice(0, 4).map(([k]) => k).join(' · ')),
    note,
    h('div', { class: 'card-actions' },
      iconButton('move', 'Move to theme… (M)', () => void this.moveWithPicker(card, t), `move-${t.id}`),
      iconButton('edit', 'Rename topic (F2)', rename, `rename-${t.id}`),
      iconButton('note', 'Edit note (N)', editNote, `note-${t.id}`),
      iconButton(t.irrelevant ? 'eye' : 'eye-closed', t.irrelevant ? 'Mark relevant (I)' : 'Mark irrelevant (I)',
        () => void this.ctx.act({ type: 'setIrrelevant', topicId: t.id, irrelevant: !t.irrelevant }), `irrelevant-${t.id}`),
      iconButton('list-flat', 'Show excerpts', () => this.ctx.selectTopic(t.id, { show: 'topics' }), `show-${t.id}`)));
    return card;
  }

  private toggleSelected(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.render();
  }

  private cardKey(e: KeyboardEvent, t: Topic, c: Column, i: number, all: Column[], f: { rename: () => void; editNote: () => void }): void {
    if (e.target !== e.currentTarget) return;
    const card = e.currentTarget as HTMLElement;
    const k = e.key;
    const handled = () => { e.preventDefault(); e.stopPropagation(); };
    if (e.altKey && (k === 'ArrowUp' || k === 'ArrowDown')) {
      handled();
      const to = i + (k === 'ArrowUp' ? -1 : 1);
      if (!c.theme || to < 0 || to >= c.topics.length) return;
      void this.ctx.act({ type: 'assignTopic', topicId: t.id, themeId: c.theme.id, index: to });
    } else if (k === 'ArrowUp' || k === 'ArrowDown') {
      handled();
      ((k === 'ArrowUp' ? card.previousElementSibling : card.nextElementSibling) as HTMLElement | null)?.focus();
    } else if (k === 'ArrowLeft' || k === 'ArrowRight') {
      handled();
      const cols = Array.from(this.columns.querySelectorAll<HTMLElement>('.board-column'));
      const here = cols.findIndex((x) => x.dataset.column === c.id);
      for (let j = here + (k === 'ArrowLeft' ? -1 : 1); j >= 0 && j < cols.length; j += k === 'ArrowLeft' ? -1 : 1) {
        const cards = cols[j].querySelectorAll<HTMLElement>('.topic-card');
        if (cards.length) { cards[Math.min(i, cards.length - 1)].focus(); break; }
      }
    } else if (k === 'm' || k === 'M' || k === 'ContextMenu' || (e.shiftKey && k === 'F10')) {
      handled();
      void this.moveWithPicker(card, t);
    } else if (k === 'F2') {
      handled();
      f.rename();
    } else if (k === 'n' || k === 'N') {
      handled();
      f.editNote();
    } else if (k === 'i' || k === 'I') {
      handled();
      void this.ctx.act({ type: 'setIrrelevant', topicId: t.id, irrelevant: !t.irrelevant });
    } else if (k === ' ') {
      handled();
      this.toggleSelected(t.id, !this.selected.has(t.id));
    } else if (k === 'Enter') {
      handled();
      this.ctx.selectTopic(t.id);
    } else if (k === 'Delete' && c.theme) {
      handled();
      void this.ctx.act({ type: 'assignTopic', topicId: t.id, themeId: null });
    }
    void all;
  }

  private async moveWithPicker(card: HTMLElement, t: Topic): Promise<void> {
    const index = this.ctx.index;
    if (!index) return;
    const current = index.themeOfTopic.get(t.id);
    const items = [
      ...index.taxonomy.themes.filter((th) => th !== current).map((th) => ({ id: th.id, label: th.name, description: count(th.topics.length, 'topic') })),
      ...(current || t.irrelevant ? [{ id: UNASSIGNED, label: 'Unassigned', description: 'take it out of its theme' }] : []),
      ...(t.irrelevant ? [] : [{ id: IRRELEVANT, label: 'Irrelevant', description: 'set it aside' }]),
    ];
    const to = await pick(card, `Move "${t.label}" to…`, items);
    if (to) await this.moveTopic(t, to, undefined);
  }

  /** One operation per move: assigning clears "irrelevant", marking irrelevant takes the topic out of its theme. */
  private async moveTopic(t: Topic, to: string, index: number | undefined): Promise<void> {
    const current = this.ctx.index?.themeOfTopic.get(t.id) ?? null;
    if (to === IRRELEVANT) {
      if (!t.irrelevant) await this.ctx.act({ type: 'setIrrelevant', topicId: t.id, irrelevant: true });
    } else if (to === UNASSIGNED) {
      if (t.irrelevant) await this.ctx.act({ type: 'setIrrelevant', topicId: t.id, irrelevant: false });
      else if (current) await this.ctx.act({ type: 'assignTopic', topicId: t.id, themeId: null });
    } else {
      await this.ctx.act({ type: 'assignTopic', topicId: t.id, themeId: to, ...(index !== undefined ? { index } : {}) });
    }
  }

  private dropIndex(list: HTMLElement, y: number, draggedId: string): { index: number; before: HTMLElement | null } {
    let index = 0;
    for (const card of Array.from(list.querySelectorAll<HTMLElement>('.topic-card'))) {
      if (card.dataset.topic === draggedId) continue;
      const r = card.getBoundingClientRect();
      if (y < r.top + r.height / 2) return { index, before: card };
      index++;
    }
    return { index, before: null };
  }

  private clearDropMarks(): void {
    for (const el of Array.from(this.columns.querySelectorAll('.drop-target, .drop-before'))) el.classList.remove('drop-target', 'drop-before');
  }

  private dragOver(e: DragEvent, c: Column, list: HTMLElement): void {
    const types = e.dataTransfer?.types ?? [];
    const d = this.dragging;
    if (types.includes(TOPIC_MIME) || d?.kind === 'topic') {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      this.clearDropMarks();
      (e.currentTarget as HTMLElement).classList.add('drop-target');
      if (c.theme && d) this.dropIndex(list, e.clientY, d.id).before?.classList.add('drop-before');
    } else if ((types.includes(THEME_MIME) || d?.kind === 'theme') && c.theme) {
      e.preventDefault();
      this.clearDropMarks();
      (e.currentTarget as HTMLElement).classList.add('drop-target');
    }
  }

  private drop(e: DragEvent, c: Column, list: HTMLElement): void {
    e.preventDefault();
    this.clearDropMarks();
    const topicId = e.dataTransfer?.getData(TOPIC_MIME) || (this.dragging?.kind === 'topic' ? this.dragging.id : '');
    const themeId = e.dataTransfer?.getData(THEME_MIME) || (this.dragging?.kind === 'theme' ? this.dragging.id : '');
    this.dragging = null;
    const index = this.ctx.index;
    if (!index) return;
    if (topicId) {
      const t = index.topicById.get(topicId);
      if (!t) return;
      const at = c.theme ? this.dropIndex(list, e.clientY, topicId).index : undefined;
      if (c.theme && index.themeOfTopic.get(topicId) === c.theme && at === c.theme.topics.indexOf(topicId)) return;
      void this.moveTopic(t, c.id, at);
    } else if (themeId && c.theme && themeId !== c.theme.id) {
      void this.ctx.act({ type: 'moveTheme', themeId, toIndex: index.taxonomy.themes.indexOf(c.theme) });
    }
  }
}
