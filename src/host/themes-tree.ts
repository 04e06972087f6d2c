// The side panel: Themes → Topics → excerpts, plus "Unassigned" and "Irrelevant" groups, with drag and drop of topics
// between them. Transcript text is untrusted: it only ever reaches the UI as plain labels or escaped markdown.
import * as vscode from 'vscode';
import { assignTopic, setIrrelevant } from '../taxonomy/operations';
import { describeLocation, locationOfRef } from '../chunk-location';
import type { ChunkRef, SourceRecord, Taxonomy, Theme, Topic, VanishedTopic } from '../taxonomy/types';
import { paperCitation, paperOf } from '../taxonomy/papers';
import type { FolderModelRegistry } from './model-registry';
import type { WorkspaceFolderModel } from './folder-model';
import { count } from '../words';

export type ThemesNode =
  | { kind: 'folder'; model: WorkspaceFolderModel }
  | { kind: 'theme'; model: WorkspaceFolderModel; theme: Theme }
  | { kind: 'group'; model: WorkspaceFolderModel; group: 'unassigned' | 'irrelevant' | 'vanished' }
  | { kind: 'vanished'; model: WorkspaceFolderModel; entry: VanishedTopic }
  | { kind: 'topic'; model: WorkspaceFolderModel; topic: Topic; parent: ThemesNode }
  | { kind: 'excerpt'; model: WorkspaceFolderModel; topic: Topic; ref: ChunkRef; index: number };

export const TOPIC_MIME = 'application/vnd.code.tree.literaturemap.themes';

export class ThemesTree implements vscode.TreeDataProvider<ThemesNode>, vscode.TreeDragAndDropController<ThemesNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ThemesNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly dragMimeTypes = [TOPIC_MIME];
  readonly dropMimeTypes = [TOPIC_MIME];
  private readonly sub: vscode.Disposable;

  constructor(private readonly registry: FolderModelRegistry) {
    this.sub = registry.onDidChangeAny(() => this.emitter.fire());
  }

  private visibleModels(): WorkspaceFolderModel[] {
    return this.registry.all().filter((m) => m.taxonomy);
  }

  getChildren(node?: ThemesNode): ThemesNode[] {
    if (!node) {
      const models = this.visibleModels();
      if (models.length === 1) return this.folderChildren(models[0]);
      return models.map((model) => ({ kind: 'folder', model }));
    }
    const t = node.model.taxonomy;
    if (!t) return [];
    switch (node.kind) {
      case 'folder': return this.folderChildren(node.model);
      case 'theme': {
        const theme = t.themes.find((th) => th.id === node.theme.id) ?? node.theme;
        return topicsById(t, theme.topics).map((topic) => ({ kind: 'topic', model: node.model, topic, parent: node }));
      }
      case 'group': {
        if (node.group === 'vanished') return t.vanished.map((entry) => ({ kind: 'vanished', model: node.model, entry }));
        const topics = node.group === 'irrelevant' ? t.topics.filter((tp) => tp.irrelevant) : unassigned(t);
        return topics.map((topic) => ({ kind: 'topic', model: node.model, topic, parent: node }));
      }
      case 'topic': return node.topic.representative.map((ref, index) => ({ kind: 'excerpt', model: node.model, topic: node.topic, ref, index }));
      case 'excerpt': return [];
      case 'vanished': return [];
    }
  }

  private folderChildren(model: WorkspaceFolderModel): ThemesNode[] {
    const t = model.taxonomy;
    if (!t) return [];
    return [
      ...t.themes.map((theme): ThemesNode => ({ kind: 'theme', model, theme })),
      { kind: 'group', model, group: 'unassigned' },
      { kind: 'group', model, group: 'irrelevant' },
      // What re-runs could not carry over, with what it held, until the researcher restores or dismisses it.
      ...(t.vanished.length ? [{ kind: 'group', model, group: 'vanished' } as ThemesNode] : []),
    ];
  }

  getParent(node: ThemesNode): ThemesNode | undefined {
    if (node.kind === 'topic') return node.parent;
    return undefined;
  }

  getTreeItem(node: ThemesNode): vscode.TreeItem {
    const key = node.model.folder.uri.toString();
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.model.folder.name, C.Expanded);
        item.id = `${key}`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.contextValue = 'folder';
        return item;
      }
      case 'theme': {
        const item = new vscode.TreeItem(node.theme.name, C.Expanded);
        item.id = `${key}#${node.theme.id}`;
        item.description = count(node.theme.topics.length, 'topic');
        item.iconPath = new vscode.ThemeIcon('symbol-folder', node.theme.color && !node.theme.color.startsWith('#') ? new vscode.ThemeColor(node.theme.color) : undefined);
        item.contextValue = 'theme';
        if (node.theme.description) item.tooltip = plainTooltip(node.theme.name, node.theme.description);
        return item;
      }
      case 'group': {
        const t = node.model.taxonomy;
        const n = !t ? 0 : node.group === 'irrelevant' ? t.topics.filter((tp) => tp.irrelevant).length : node.group === 'vanished' ? t.vanished.length : unassigned(t).length;
        const item = new vscode.TreeItem(GROUP_TITLES[node.group], n ? (node.group === 'vanished' ? C.Collapsed : C.Expanded) : C.None);
        item.id = `${key}#group:${node.group}`;
        item.description = count(n, 'topic');
        item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
        item.contextValue = `group.${node.group}`;
        if (node.group === 'vanished') item.tooltip = 'Topics of an earlier run that no topic of the latest run matched, with what they held. Restore one as a note, or dismiss it.';
        return item;
      }
      case 'vanished': {
        const v = node.entry;
        const item = new vscode.TreeItem(v.label, C.None);
        item.id = `${key}#vanished:${v.id}`;
        const themes = (node.model.taxonomy?.themes ?? []).filter((th) => v.themes.includes(th.id)).map((th) => th.name);
        item.description = `${v.size} chunks${themes.length ? ` · was in ${themes.join(', ')}` : ''}${v.note ? ' · note' : ''}`;
        item.tooltip = vanishedTooltip(v, themes);
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'vanished';
        return item;
      }
      case 'topic': {
        const tp = node.topic;
        const item = new vscode.TreeItem(tp.label, tp.representative.length ? C.Collapsed : C.None);
        item.id = `${key}#${tp.id}`;
        // A keyword label already shows the top keywords; a custom one gets them as the description.
        const words = tp.keywords.slice(0, 4).map(([w]) => w).join(', ');
        item.description = tp.customLabel ? `${tp.size} · ${words}` : `${count(tp.size, 'chunk')} · ${count(tp.sourceCount, 'source')}`;
        item.tooltip = topicTooltip(tp);
        item.iconPath = new vscode.ThemeIcon(tp.irrelevant ? 'circle-slash' : tp.status === 'new' ? 'sparkle' : 'symbol-constant');
        item.contextValue = tp.irrelevant ? 'topic.irrelevant' : 'topic';
        return item;
      }
      case 'excerpt': {
        const ref = node.ref;
        // A paper is named by its title, first author and year. A transcript's row leads with where: at the side bar's
        // default width (~300 px, three levels deep) a row shows ~30 characters, so the file and position come first and
        // the excerpt follows as the description (whole in the tooltip).
        const paper = paperOf(node.model.taxonomy, ref.source);
        const loc = locationOfRef(ref);
        const item = new vscode.TreeItem(paper ? oneLine(paper.title, 90) : describeLocation(loc, { compact: true }), C.None);
        item.id = `${key}#${node.topic.id}#${node.index}#${ref.chunk}`;
        item.description = paper ? `${paperCitation(paper)}${paper.titleOnly ? ' · title only' : ''}` : oneLine(ref.excerpt, 120);
        item.tooltip = paper ? paperTooltip(paper, ref.excerpt) : plainTooltip(describeLocation(loc), ref.excerpt);
        item.iconPath = new vscode.ThemeIcon('quote');
        item.contextValue = 'excerpt';
        item.command = {
          command: 'literatureMap.openExcerpt', title: 'Open Excerpt in Transcript',
          arguments: [key, loc],
        };
        return item;
      }
    }
  }

  handleDrag(source: readonly ThemesNode[], data: vscode.DataTransfer): void {
    const topics = source.filter((n): n is Extract<ThemesNode, { kind: 'topic' }> => n.kind === 'topic');
    if (!topics.length) return;
    data.set(TOPIC_MIME, new vscode.DataTransferItem(JSON.stringify({ folder: topics[0].model.folder.uri.toString(), topics: topics.filter((n) => n.model === topics[0].model).map((n) => n.topic.id) })));
  }

  async handleDrop(target: ThemesNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const raw = await data.get(TOPIC_MIME)?.asString();
    if (!raw || !target) return;
    let payload: { folder: string; topics: string[] };
    try { payload = JSON.parse(raw) as typeof payload; } catch { return; }
    if (target.model.folder.uri.toString() !== payload.folder || !Array.isArray(payload.topics) || !payload.topics.length) return;
    await dropTopics(target, payload.topics);
  }

  refresh(): void { this.emitter.fire(); }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

/** Moves topics onto a theme (at a topic's position when dropped on one), Unassigned or Irrelevant: one file write. */
export function dropTopics(target: ThemesNode, topicIds: string[]): Promise<boolean> {
  const model = target.model;
  let dest: { themeId: string | null; index?: number; irrelevant: boolean } | undefined;
  if (target.kind === 'theme') dest = { themeId: target.theme.id, irrelevant: false };
  else if (target.kind === 'group') dest = { themeId: null, irrelevant: target.group === 'irrelevant' };
  else if (target.kind === 'topic' || target.kind === 'excerpt') {
    const t = model.taxonomy;
    const over = target.topic.id;
    const theme = t?.themes.find((th) => th.topics.includes(over));
    if (theme) dest = { themeId: theme.id, index: theme.topics.indexOf(over), irrelevant: false };
    else dest = { themeId: null, irrelevant: !!t?.topics.find((tp) => tp.id === over)?.irrelevant };
  }
  if (!dest) return Promise.resolve(false);
  const d = dest;
  const ids = topicIds.filter((id) => id !== (target.kind === 'topic' ? target.topic.id : undefined));
  if (!ids.length) return Promise.resolve(false);
  const where = d.themeId ? `"${model.taxonomy?.themes.find((th) => th.id === d.themeId)?.name ?? d.themeId}"` : d.irrelevant ? 'Irrelevant' : 'Unassigned';
  return model.apply((t) => {
    let next = t;
    ids.forEach((id, i) => {
      const topic = next.topics.find((tp) => tp.id === id);
      if (!topic) return;
      if (topic.irrelevant !== d.irrelevant) next = setIrrelevant(next, id, d.irrelevant);
      next = assignTopic(next, id, d.themeId, d.index === undefined ? undefined : d.index + i);
    });
    return next;
  }, `Move ${count(ids.length, 'topic')} to ${where}`);
}

function topicsById(t: Taxonomy, ids: readonly string[]): Topic[] {
  const byId = new Map(t.topics.map((tp) => [tp.id, tp]));
  return ids.map((id) => byId.get(id)).filter((tp): tp is Topic => !!tp);
}

function unassigned(t: Taxonomy): Topic[] {
  const inTheme = new Set(t.themes.flatMap((th) => th.topics));
  return t.topics.filter((tp) => !tp.irrelevant && !inTheme.has(tp.id));
}

const GROUP_TITLES = { unassigned: 'Unassigned', irrelevant: 'Irrelevant', vanished: 'Vanished' } as const;
const GROUP_ICONS = { unassigned: 'inbox', irrelevant: 'eye-closed', vanished: 'history' } as const;

function vanishedTooltip(v: VanishedTopic, themes: string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**').appendText(v.label).appendMarkdown('**\n\n');
  md.appendText(`Vanished at a re-run: ${v.size} chunks${themes.length ? `, was in ${themes.join(', ')}` : ''}`);
  md.appendMarkdown('\n\n').appendText(v.keywords.join(', '));
  if (v.note) md.appendMarkdown('\n\n---\n\n').appendText(v.note);
  return md;
}

function topicTooltip(tp: Topic): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**').appendText(tp.label).appendMarkdown('**\n\n');
  md.appendText(`${count(tp.size, 'chunk')} from ${count(tp.sourceCount, 'source')}${tp.npmi !== undefined ? `, NPMI ${tp.npmi.toFixed(3)}` : ''}, ${tp.status}`);
  md.appendMarkdown('\n\n');
  md.appendText(tp.keywords.slice(0, 10).map(([w]) => w).join(', '));
  if (tp.note) md.appendMarkdown('\n\n---\n\n').appendText(tp.note);
  return md;
}

function paperTooltip(p: SourceRecord, excerpt: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**').appendText(p.title).appendMarkdown('**\n\n');
  md.appendText([p.authors.join('; '), [p.venue, p.year].filter((x) => x !== undefined).join(', ')].filter(Boolean).join(' — '));
  md.appendMarkdown('\n\n').appendText(`${p.key}${p.doi ? ` · doi:${p.doi}` : ''} · ${p.file}, line ${p.lines[0]}`);
  md.appendMarkdown('\n\n').appendText(p.titleOnly ? '(title only: the record has no abstract)' : excerpt);
  return md;
}

function plainTooltip(title: string, body: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**').appendText(title).appendMarkdown('**\n\n').appendText(body);
  return md;
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

