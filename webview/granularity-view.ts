// The granularity control: a sentence when the map collapsed, the options the run's layout supports with their
// figures (topics, outliers, largest topic, NPMI@10, diversity@25), and a button per option that re-clusters in the
// extension's worker. The option applied before stays one click away ("Back to …").
import type { GranularityState } from '../src/protocol';
import type { ClusterOption, GranularityOption } from '../src/pipeline/types';
import type { PanelContext } from './context';
import { h, icon, replaceChildren } from './dom';

const same = (a: ClusterOption | null, b: ClusterOption | null) =>
  !!a && !!b && a.minClusterSize === b.minClusterSize && a.minSamples === b.minSamples && a.method === b.method;
const pct = (x: number) => `${Math.round(100 * x)}%`;

export function optionName(o: ClusterOption): string {
  return `min size ${o.minClusterSize}, ${o.method}` + (o.minSamples !== o.minClusterSize ? `, min_samples ${o.minSamples}` : '');
}

export class GranularityView {
  readonly root = h('section', { class: 'granularity', attrs: { 'aria-label': 'Topic granularity' } });
  private open = false;
  private busy: ClusterOption | null = null;

  constructor(private readonly ctx: PanelContext, private readonly apply: (o: ClusterOption) => Promise<{ ok: boolean; error?: string }>) {}

  render(): void {
    const g = this.ctx.state?.granularity ?? null;
    if (!g || !this.ctx.state?.taxonomy) {
      replaceChildren(this.root);
      this.root.hidden = true;
      return;
    }
    this.root.hidden = false;
    if (g.collapsed) this.open = true;
    replaceChildren(this.root,
      g.collapsed ? h('div', { class: 'notice warning granularity-collapsed', attrs: { role: 'alert' } }, icon('warning'), ' ', g.collapsed) : null,
      h('div', { class: 'granularity-bar' },
        h('button', {
          class: 'link-button', key: 'granularity-toggle',
          attrs: { type: 'button', 'aria-expanded': this.open ? 'true' : 'false' },
          on: { click: () => { this.open = !this.open; this.render(); } },
        }, icon(this.open ? 'chevron-down' : 'chevron-right'), ` Granularity: ${g.applied ? optionName(g.applied) : 'unknown'}`),
        g.previous && !same(g.previous, g.applied) ? h('button', {
          class: 'secondary-button', key: 'granularity-back',
          attrs: { type: 'button', title: 'Re-cluster with the option applied before; curation follows the matched topics', disabled: !!this.busy },
          on: { click: () => void this.choose(g.previous!) },
        }, icon('discard'), ` Back to ${optionName(g.previous)}`) : null,
        this.busy ? h('span', { class: 'granularity-busy', attrs: { role: 'status' } }, icon('sync~spin'), ` Re-clustering with ${optionName(this.busy)}…`) : null),
      this.open ? this.table(g) : null);
  }

  private table(g: GranularityState): HTMLElement {
    const head = ['Min size', 'min_samples', 'Selection', 'Topics', 'Outliers', 'Largest', 'NPMI@10', 'Diversity@25', ''];
    const row = (o: GranularityOption, i: number) => {
      const applied = same(o, g.applied);
      return h('tr', { class: applied ? 'applied' : '' },
        h('td', null, String(o.minClusterSize)), h('td', null, String(o.minSamples)), h('td', null, o.method),
        h('td', { class: 'num' }, String(o.topics)), h('td', { class: 'num' }, pct(o.outlierShare)),
        h('td', { class: `num${o.largestShare > 0.5 ? ' bad' : ''}` }, pct(o.largestShare)),
        h('td', { class: 'num' }, o.npmi.toFixed(3)), h('td', { class: 'num' }, o.diversity.toFixed(3)),
        h('td', null,
          i === g.auto ? h('span', { class: 'badge', attrs: { title: 'What the auto rule picks (docs/granularity.md)' } }, 'auto') : null,
          applied ? h('span', { class: 'badge' }, 'current')
            : h('button', {
              class: 'secondary-button', key: `granularity-apply-${o.minClusterSize}-${o.minSamples}-${o.method}`,
              attrs: { type: 'button', disabled: !!this.busy, 'aria-label': `Apply ${optionName(o)}: ${o.topics} topics` },
              on: { click: () => void this.choose(o) },
            }, 'Apply')));
    };
    return h('div', { class: 'granularity-options' }, h('table', { class: 'granularity-table' },
      h('caption', null, 'Clusterings of this run’s layout (no re-embedding): figures from a fast describe, the applied one is described exactly.'),
      h('thead', null, h('tr', null, head.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
      h('tbody', null, g.options.map(row))));
  }

  private async choose(chosen: ClusterOption): Promise<void> {
    if (this.busy) return;
    // Only the clustering parameters go to the host, not the figures shown beside them.
    const o: ClusterOption = { minClusterSize: chosen.minClusterSize, minSamples: chosen.minSamples, method: chosen.method };
    this.busy = o;
    this.render();
    try {
      const r = await this.apply(o);
      if (!r.ok) this.ctx.notice(r.error ?? 'The granularity was not changed.', 'error');
    } catch (e) {
      this.ctx.notice(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      this.busy = null;
      this.render();
    }
  }
}
