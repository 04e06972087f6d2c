// The Compare tab: this taxonomy against a branch or commit ("Compare with…"): what this file changes, in sentences,
// and how far the two curations agree — κ and α over chunks and topics, the per-theme table, the theme alignment and
// the disagreements with each topic's keywords and excerpts (src/analysis/comparison.ts computes it all on the host).
import type { Comparison } from '../src/analysis/comparison';
import type { AgreementReport, Figures } from '../src/analysis/curation-agreement';
import { h, icon, replaceChildren } from './dom';

/** κ and α to 3 decimals; "n/a" where undefined (NaN arrives as null through postMessage's JSON). */
const stat = (x: number | null) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const pct = (x: number | null) => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');

export class CompareView {
  readonly root = h('section', { class: 'view compare-view', attrs: { 'aria-label': 'Compare' } });
  private comparison: Comparison | null = null;

  constructor(private readonly compareWith: () => void, private readonly selectTopic: (id: string) => void) {
    this.render();
  }

  set(c: Comparison): void {
    this.comparison = c;
    this.render();
  }

  render(): void {
    const c = this.comparison;
    const button = h('vscode-button', { key: 'compare-with', attrs: { icon: 'git-compare' }, on: { click: () => this.compareWith() } }, 'Compare with…');
    if (!c) {
      return replaceChildren(this.root, h('p', { class: 'summary' },
        'Compare this taxonomy with a branch, tag or commit: what changed, and how far two researchers\u2019 curations agree.'), button);
    }
    replaceChildren(this.root,
      h('div', { class: 'compare-head' }, h('h2', null, icon('git-compare'), ' Compared with ', h('code', null, c.against)), button),
      h('h3', null, `Changes in this file (${c.changes.length})`),
      c.changes.length
        ? h('ul', { class: 'change-list' }, c.changes.map((x) => h('li', { class: `change ${x.kind}` }, x.sentence)))
        : h('p', { class: 'muted' }, 'No changes to topics or themes.'),
      h('h3', null, 'Agreement'),
      c.agreement ? this.agreement(c.agreement) : h('p', { class: 'muted' }, c.agreementNote ?? 'No agreement figures.'));
  }

  private agreement(r: AgreementReport): HTMLElement {
    const figure = (name: string, f: Figures) => h('tr', null, h('th', { attrs: { scope: 'row' } }, name),
      h('td', { class: 'num' }, String(f.units)), h('td', { class: 'num' }, pct(f.percent)), h('td', { class: 'num' }, stat(f.kappa)), h('td', { class: 'num' }, stat(f.alpha)));
    const col = (label: string, title?: string) => h('th', { class: 'num', attrs: { scope: 'col', ...(title ? { title } : {}) } }, label);
    return h('div', { class: 'agreement' },
      h('table', { class: 'agreement-table' },
        h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Units'), col('n'), col('Agreement'), col('Cohen\u2019s κ'), col('Krippendorff\u2019s α'))),
        h('tbody', null, figure('Chunks', r.chunks), figure('Topics', r.topics))),
      h('p', { class: 'hint' }, 'Each chunk is coded by its topic\u2019s theme (or unassigned, irrelevant, outlier); themes are matched by id, else by overlap.'),
      h('table', { class: 'theme-agreement-table' },
        h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Theme'), col('Both', 'Chunks both put in this theme'),
          col('Only this file'), col(`Only ${r.names.b}`), col('κ'), h('th', { attrs: { scope: 'col' } }, 'Matched by'))),
        h('tbody', null, r.themes.map((t) => {
          const pair = r.alignment.find((p) => p.a?.id === t.a?.id && p.b?.id === t.b?.id);
          return h('tr', null, h('th', { attrs: { scope: 'row' } }, t.name), h('td', { class: 'num' }, String(t.both)), h('td', { class: 'num' }, String(t.onlyA)),
            h('td', { class: 'num' }, String(t.onlyB)), h('td', { class: 'num' }, stat(t.kappa)), h('td', { class: 'muted' }, pair?.how ?? ''));
        }))),
      h('h3', null, `Disagreements (${r.disagreements.length})`),
      r.disagreements.length
        ? h('ul', { class: 'disagreements' }, r.disagreements.map((d) => h('li', { class: 'disagreement', key: `disagree-${d.topicId}` },
          h('div', null,
            h('button', { class: 'link', attrs: { type: 'button', title: 'Show this topic' }, on: { click: () => this.selectTopic(d.topicId) } }, d.label),
            h('span', { class: 'muted' }, ` · ${d.chunks} chunks · this file: `), h('strong', null, d.a.name),
            h('span', { class: 'muted' }, ` · ${r.names.b}: `), h('strong', null, d.b.name)),
          h('div', { class: 'muted keywords' }, d.keywords.join(', ')),
          d.excerpts.map((e) => h('blockquote', { class: 'excerpt' }, e)))))
        : h('p', { class: 'muted' }, 'None: both curations file every topic the same way.'));
  }
}
