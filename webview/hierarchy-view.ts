// The Hierarchy tab: BERTopic's topic hierarchy as an indented tree, to guide merging. The host computes it from the
// run artifact on request; the closest pairs merge first (low distance, low merge number), and "Merge these" sends the
// existing mergeTopics action with the node's topics.
import type { HierarchyTree } from '../src/protocol';
import type { PanelContext } from './context';
import { h, icon, replaceChildren } from './dom';
import { count } from '../src/words';

export class HierarchyView {
  readonly root = h('section', { class: 'view hierarchy-view', attrs: { 'aria-label': 'Topic hierarchy' } });
  private tree: HierarchyTree | null = null;
  /** The run and topic ids the tree was computed for: a merge or a re-run makes it stale. */
  private treeFor = '';
  private loading = '';
  private error = '';
  private failedFor = '';
  private visible = false;

  constructor(private readonly ctx: PanelContext) {}

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) this.render();
  }

  private signature(): string {
    // A re-run keeps matched topics' ids: the run's fingerprint and seed tell a new run apart.
    const t = this.ctx.index?.taxonomy;
    return t ? `${t.run.corpus.fingerprint}|${t.run.seed}|${t.topics.map((x) => x.id).join(',')}` : '';
  }

  render(): void {
    const index = this.ctx.index;
    if (!index) return replaceChildren(this.root);
    if (!this.ctx.state?.hasArtifact) {
      return replaceChildren(this.root, h('p', { class: 'empty' }, 'The hierarchy needs the run artifact: re-run the model to see it.'));
    }
    const sig = this.signature();
    // One request per set of topics: a failure is shown, not retried until the topics change.
    if (this.treeFor !== sig && this.visible && this.loading !== sig && this.failedFor !== sig) this.load(sig);
    if (this.treeFor !== sig || !this.tree) {
      return replaceChildren(this.root, this.failedFor === sig ? h('p', { class: 'empty' }, this.error)
        : h('p', { class: 'hint' }, icon('loading'), ' Computing the topic hierarchy…'));
    }
    const tree = this.tree;
    const n = tree.topicIds.length;
    const byId = new Map(tree.merges.map((m) => [m.id, m]));
    const children = new Set(tree.merges.flatMap((m) => [m.left, m.right]));
    const roots = [...tree.merges.filter((m) => !children.has(m.id)).map((m) => m.id), ...tree.topicIds.map((_, i) => i).filter((i) => !children.has(i))];
    const node = (id: number): HTMLElement => {
      if (id < n) {
        const topicId = tree.topicIds[id];
        const t = index.topicById.get(topicId);
        const th = index.themeOfTopic.get(topicId);
        return h('li', { class: 'tree-leaf', attrs: { 'data-topic': topicId } },
          h('button', { class: 'link', attrs: { type: 'button', title: 'Show this topic' }, on: { click: () => this.ctx.selectTopic(topicId, { show: 'topics' }) } }, t?.label ?? topicId),
          h('span', { class: 'tree-meta' }, ` ${count(t?.size ?? 0, 'chunk')}${th ? ` · ${th.name}` : t?.irrelevant ? ' · irrelevant' : ''}`));
      }
      const m = byId.get(id)!;
      const order = id - n + 1;
      return h('li', { class: 'tree-node', attrs: { 'data-node': id } },
        h('div', { class: 'tree-row' },
          h('span', { class: 'tree-distance', attrs: { title: 'Merge order and Ward distance on 1 − cosine similarity of the topics’ c-TF-IDF: the lower, the more alike' } },
            `#${order} · distance ${m.distance.toFixed(3)}`),
          h('span', { class: 'tree-meta' }, ` · ${count(m.topics.length, 'topic')} · ${m.keywords.slice(0, 5).join(', ')}`),
          h('button', {
            class: 'tree-merge', key: `merge-node-${id}`, attrs: { type: 'button', title: `Merge these ${m.topics.length} topics into one` },
            on: { click: () => void this.ctx.act({ type: 'mergeTopics', topicIds: [...m.topics] }) },
          }, icon('merge'), ' Merge these')),
        h('ul', { class: 'tree' }, node(m.left), node(m.right)));
    };
    replaceChildren(this.root,
      h('p', { class: 'hint' }, 'Which topics would merge first (lowest distance, lowest number) if topics were merged step by step. Merge a node to make its topics one topic.'),
      h('ul', { class: 'tree tree-root' }, roots.map(node)));
  }

  private load(sig: string): void {
    this.loading = sig;
    this.error = '';
    this.ctx.hierarchy().then((tree) => {
      if (this.loading !== sig) return;
      this.tree = tree;
      this.treeFor = sig;
      this.loading = '';
      this.render();
    }, (e: Error) => {
      if (this.loading !== sig) return;
      this.error = e.message;
      this.treeFor = '';
      this.tree = null;
      this.loading = '';
      this.failedFor = sig;
      this.render();
    });
  }
}
