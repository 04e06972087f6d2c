// The Suggestions tab: ask the configured language model for labels or a theme grouping, then decide on each proposal.
// Suggestions are shown beside what the researcher has (current label, current theme) with their evidence (the quote,
// whether it was found in the cited chunk) and their provenance (model, template); nothing changes until Accept.
// Model output is untrusted text: it only ever becomes text nodes (dom.ts).
import type { PanelContext } from './context';
import { h, icon, replaceChildren } from './dom';
import type { LabelSuggestion, ThemeSuggestion, Topic } from '../src/taxonomy/types';
import type { SuggestLabelScope } from '../src/protocol';

const FLAG_TEXT: Record<string, string> = {
  'quote-not-found': 'quote not found in the cited excerpt',
  'duplicate-label': 'same label as another topic',
  'template-echo': 'repeats the prompt’s example',
  'generic-label': 'too generic',
};

export interface SuggestionAsk { labels?: SuggestLabelScope; topicIds?: string[]; themes?: number }

function provenanceLine(s: LabelSuggestion | ThemeSuggestion): string {
  const p = s.provenance;
  return `${p.model}${p.modelVersion ? ` (${p.modelVersion})` : ''} via ${p.endpoint} · ${p.template} · temperature ${p.parameters.temperature}` +
    `${p.tokens ? ` · ${p.tokens.prompt}+${p.tokens.completion} tokens` : ''} · ${p.at.slice(0, 10)}`;
}

export class SuggestionsView {
  readonly root = h('section', { class: 'view suggestions-view', attrs: { 'aria-label': 'Suggestions' } });
  private busy = false;
  private scope: SuggestLabelScope = 'unlabelled';
  private themes = 8;

  constructor(private readonly ctx: PanelContext, private readonly ask: (req: SuggestionAsk) => Promise<boolean>) {}

  render(): void {
    const index = this.ctx.index;
    if (!index) return replaceChildren(this.root);
    const t = index.taxonomy;
    const selected = this.ctx.ui.selectedTopic;
    const labelRows = t.topics.flatMap((tp) => (tp.suggestions ?? []).map((s, i) => ({ tp, s, i })).filter(({ s }) => s.status === 'pending' || s.status === 'stale'));
    const proposals = (t.themeSuggestions ?? []).filter((s) => (s.status === 'pending' || s.status === 'stale') && s.topics.length);
    const decided = t.topics.reduce((n, tp) => n + (tp.suggestions ?? []).filter((s) => s.status !== 'pending' && s.status !== 'stale').length, 0);

    const scopeSelect = h('select', {
      class: 'scope', attrs: { 'aria-label': 'Topics to label' },
      on: { change: (e) => { this.scope = (e.target as HTMLSelectElement).value as SuggestLabelScope; } },
    },
    ([['unlabelled', 'Topics without a label of yours'], ['largest', 'The 10 largest topics'], ['all', 'All relevant topics'], ['selected', 'The selected topic']] as const)
      .map(([v, l]) => h('option', { attrs: { value: v, ...(v === this.scope ? { selected: true } : {}), ...(v === 'selected' && !selected ? { disabled: true } : {}) } }, l)));
    const themeCount = h('input', {
      class: 'theme-count', attrs: { type: 'number', min: 1, max: 200, value: this.themes, 'aria-label': 'About how many themes' },
      on: { change: (e) => { this.themes = Math.max(1, Math.min(200, Number((e.target as HTMLInputElement).value) || 8)); } },
    });
    const run = (req: SuggestionAsk) => async () => {
      if (this.busy) return;
      this.busy = true;
      this.render();
      try {
        await this.ask(req);
      } finally {
        this.busy = false;
        this.render();
      }
    };
    replaceChildren(this.root,
      h('div', { class: 'suggest-toolbar' },
        h('label', null, 'Suggest labels for ', scopeSelect),
        h('vscode-button', {
          key: 'suggest-labels', attrs: { icon: 'sparkle', disabled: this.busy },
          on: { click: () => void run({ labels: this.scope, ...(this.scope === 'selected' && selected ? { topicIds: [selected] } : {}) })() },
        }, 'Suggest labels'),
        h('label', null, 'Group into about ', themeCount, ' themes'),
        h('vscode-button', { key: 'suggest-themes', attrs: { icon: 'sparkle', disabled: this.busy }, on: { click: () => void run({ themes: this.themes })() } }, 'Suggest themes'),
        this.busy ? h('span', { class: 'muted' }, icon('loading'), ' Asking…') : null),
      h('p', { class: 'muted explain' },
        'You see what will be sent before anything leaves the editor (provider and model: settings “literatureMap.suggestions”). ',
        'Suggestions are stored in the taxonomy file with their model and prompt; a label changes only when you accept one.',
        decided ? ` ${decided} decided suggestion${decided === 1 ? ' is' : 's are'} kept in the file as a record.` : ''),
      proposals.length ? h('section', { class: 'theme-proposals', attrs: { 'aria-label': 'Proposed themes' } },
        h('h2', null, 'Proposed themes'),
        proposals.map((s) => this.proposal(s))) : null,
      labelRows.length ? h('section', { class: 'label-suggestions', attrs: { 'aria-label': 'Suggested labels' } },
        h('h2', null, 'Suggested labels'),
        h('table', { class: 'suggestion-table' },
          h('thead', null, h('tr', null, ['Topic now', 'Suggested', 'Evidence', ''].map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
          h('tbody', null, labelRows.map(({ tp, s, i }) => this.labelRow(tp, s, i))))) : null,
      !labelRows.length && !proposals.length ? h('p', { class: 'empty' }, 'No open suggestions.') : null);
  }

  private labelRow(tp: Topic, s: LabelSuggestion, i: number): HTMLElement {
    const key = `sugg-${tp.id}-${i}`;
    const edit = h('input', { class: 'edit-label', attrs: { type: 'text', value: s.label, 'aria-label': `Edit the suggested label for ${tp.label}` } });
    const accept = () => {
      const v = (edit as HTMLInputElement).value.trim();
      void this.ctx.act({ type: 'acceptLabelSuggestion', topicId: tp.id, index: i, ...(v && v !== s.label ? { editedLabel: v } : {}) });
    };
    return h('tr', { class: `suggestion-row ${s.status}`, key },
      h('td', { class: 'current' },
        h('button', { class: 'link', attrs: { type: 'button', title: 'Show this topic' }, on: { click: () => this.ctx.selectTopic(tp.id, { show: 'topics' }) } }, tp.label),
        tp.customLabel ? h('span', { class: 'badge', attrs: { title: 'A label you chose: accepting asks before replacing it' } }, 'yours') : null,
        h('div', { class: 'muted' }, tp.keywords.slice(0, 5).map(([w]) => w).join(', '))),
      h('td', { class: 'suggested' }, edit,
        s.description ? h('div', { class: 'muted' }, s.description) : null,
        s.status === 'stale' ? h('div', { class: 'warn' }, icon('warning'), ' The topic changed since this was suggested') : null),
      h('td', { class: 'evidence' },
        s.quote ? h('blockquote', { attrs: { title: s.quoteChunk ? `chunk ${s.quoteChunk}` : '' } }, `“${s.quote}”`) : null,
        s.flags.map((f) => h('div', { class: 'warn flag' }, icon('warning'), ` ${FLAG_TEXT[f] ?? f}`)),
        h('div', { class: 'provenance muted' }, provenanceLine(s))),
      h('td', { class: 'actions' },
        h('vscode-button', { key: `${key}-accept`, attrs: { icon: 'check', title: 'Use this label (as edited)' }, on: { click: accept } }, 'Accept'),
        h('vscode-button', { key: `${key}-reject`, attrs: { icon: 'close', secondary: true }, on: { click: () => void this.ctx.act({ type: 'rejectLabelSuggestion', topicId: tp.id, index: i }) } }, 'Reject')));
  }

  private proposal(s: ThemeSuggestion): HTMLElement {
    const index = this.ctx.index!;
    const key = `prop-${s.id}`;
    return h('article', { class: `theme-proposal ${s.status}`, key },
      h('header', null,
        h('h3', null, s.name),
        h('vscode-button', { key: `${key}-accept`, attrs: { icon: 'check', title: 'Create this theme with its proposed topics that are in no theme yet' }, on: { click: () => void this.ctx.act({ type: 'acceptThemeSuggestion', suggestionId: s.id }) } }, 'Accept theme'),
        h('vscode-button', { key: `${key}-reject`, attrs: { icon: 'close', secondary: true }, on: { click: () => void this.ctx.act({ type: 'rejectThemeSuggestion', suggestionId: s.id }) } }, 'Reject theme')),
      s.description ? h('p', { class: 'muted' }, s.description) : null,
      s.status === 'stale' ? h('p', { class: 'warn' }, icon('warning'), ' Topics changed since this was proposed') : null,
      h('ul', { class: 'proposal-topics' }, s.topics.map((id) => {
        const tp = index.topicById.get(id);
        const now = index.themeOfTopic.get(id);
        return h('li', { key: `${key}-${id}` },
          h('span', { class: 'label', attrs: { title: tp?.label ?? id } }, tp?.label ?? id),
          now ? h('span', { class: 'muted' }, ` (now in ${now.name})`) : null,
          h('button', { class: 'icon-button', attrs: { type: 'button', title: `Put “${tp?.label ?? id}” in ${s.name}`, 'aria-label': `Accept ${tp?.label ?? id} in ${s.name}` }, on: { click: () => void this.ctx.act({ type: 'acceptThemeSuggestion', suggestionId: s.id, topicId: id }) } }, icon('check')),
          h('button', { class: 'icon-button', attrs: { type: 'button', title: `Not in ${s.name}`, 'aria-label': `Reject ${tp?.label ?? id} in ${s.name}` }, on: { click: () => void this.ctx.act({ type: 'rejectThemeSuggestion', suggestionId: s.id, topicId: id }) } }, icon('close')));
      })),
      h('div', { class: 'provenance muted' }, provenanceLine(s)));
  }
}
