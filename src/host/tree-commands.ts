// The side panel's actions (inline and context menu): new theme, rename, delete, merge, irrelevant, assign. Every edit
// goes through FolderModel.apply, so it is in the taxonomy file at once.
import * as vscode from 'vscode';
import { createTheme, deleteTheme, dismissVanished, renameTheme, renameTopic, restoreVanishedAsNote, setIrrelevant, vanishedNote } from '../taxonomy/operations';
import type { FolderModelRegistry } from './model-registry';
import type { WorkspaceFolderModel } from './folder-model';
import { dropTopics, type ThemesNode } from './themes-tree';
import type { ChunkLocation } from '../chunk-location';
import { count } from '../words';

type TopicNode = Extract<ThemesNode, { kind: 'topic' }>;

export function registerTreeCommands(registry: FolderModelRegistry, view: vscode.TreeView<ThemesNode>): vscode.Disposable {
  // Context-menu commands get (clicked, selected[]); keyboard/palette invocations get nothing: use the selection.
  const selectedTopics = (node?: ThemesNode, all?: readonly ThemesNode[]): TopicNode[] => {
    const nodes = all && all.length ? all : node ? [node] : view.selection;
    return nodes.filter((n): n is TopicNode => n.kind === 'topic');
  };
  const modelFor = (node?: ThemesNode): WorkspaceFolderModel | undefined => node?.model ?? view.selection[0]?.model ?? registry.active ?? registry.all().find((m) => m.taxonomy);
  const reg = vscode.commands.registerCommand;

  return vscode.Disposable.from(
    reg('literatureMap.newTheme', async (node?: ThemesNode) => {
      const model = modelFor(node);
      if (!model?.taxonomy) return void vscode.window.showInformationMessage('Map a folder first: themes group the topics of a run.');
      const name = await vscode.window.showInputBox({ title: 'New Theme', prompt: 'Theme name', validateInput: (v) => (v.trim() ? undefined : 'A theme needs a name') });
      if (!name?.trim()) return false;
      return model.apply((t) => createTheme(t, { name: name.trim() }), `Create theme "${name.trim()}"`);
    }),
    reg('literatureMap.rename', async (node?: ThemesNode) => {
      const n = node ?? view.selection[0];
      if (n?.kind === 'theme') {
        const name = await vscode.window.showInputBox({ title: 'Rename Theme', value: n.theme.name, validateInput: (v) => (v.trim() ? undefined : 'A theme needs a name') });
        if (name?.trim() && name.trim() !== n.theme.name) return n.model.apply((t) => renameTheme(t, n.theme.id, name.trim()), `Rename theme to "${name.trim()}"`);
      } else if (n?.kind === 'topic') {
        const label = await vscode.window.showInputBox({ title: 'Rename Topic', value: n.topic.label, prompt: 'An empty label goes back to the keywords', valueSelection: [0, n.topic.label.length] });
        if (label !== undefined && label.trim() !== n.topic.label) return n.model.apply((t) => renameTopic(t, n.topic.id, label.trim()), `Rename topic to "${label.trim()}"`);
      }
      return false;
    }),
    reg('literatureMap.deleteTheme', async (node?: ThemesNode) => {
      const n = node ?? view.selection[0];
      if (n?.kind !== 'theme') return false;
      const count = n.theme.topics.length;
      const ok = await vscode.window.showWarningMessage(`Delete theme "${n.theme.name}"?`, { modal: true, detail: count ? `Its ${count} topic${count === 1 ? '' : 's'} become unassigned; the topics themselves stay.` : undefined }, 'Delete');
      if (ok !== 'Delete') return false;
      return n.model.apply((t) => deleteTheme(t, n.theme.id), `Delete theme "${n.theme.name}"`);
    }),
    reg('literatureMap.mergeTopics', async (node?: ThemesNode, all?: readonly ThemesNode[]) => {
      const topics = selectedTopics(node, all);
      const model = topics[0]?.model;
      if (!model || topics.length < 2 || topics.some((t) => t.model !== model)) {
        void vscode.window.showInformationMessage('Select two or more topics of one folder to merge (Ctrl/Cmd-click in the Themes view).');
        return false;
      }
      return (await model.applyMerge([...new Set(topics.map((t) => t.topic.id))])) === true;
    }),
    reg('literatureMap.markIrrelevant', (node?: ThemesNode, all?: readonly ThemesNode[]) => markIrrelevant(selectedTopics(node, all), true)),
    reg('literatureMap.markRelevant', (node?: ThemesNode, all?: readonly ThemesNode[]) => markIrrelevant(selectedTopics(node, all), false)),
    reg('literatureMap.assignToTheme', async (node?: ThemesNode, all?: readonly ThemesNode[]) => {
      const topics = selectedTopics(node, all);
      const model = topics[0]?.model;
      const t = model?.taxonomy;
      if (!model || !t) return false;
      type Pick = vscode.QuickPickItem & { themeId?: string | null; create?: boolean };
      const items: Pick[] = [
        ...t.themes.map((th) => ({ label: `$(symbol-folder) ${th.name}`, description: count(th.topics.length, 'topic'), themeId: th.id })),
        { label: '$(inbox) Unassigned', themeId: null },
        { label: '$(add) New Theme…', create: true },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: `Assign ${topics.length === 1 ? `"${topics[0].topic.label}"` : count(topics.length, 'topic')} to theme` });
      if (!pick) return false;
      let themeId = pick.themeId ?? null;
      if (pick.create) {
        const name = (await vscode.window.showInputBox({ title: 'New Theme', prompt: 'Theme name' }))?.trim();
        if (!name) return false;
        if (!(await model.apply((x) => createTheme(x, { name }), `Create theme "${name}"`))) return false;
        themeId = model.taxonomy?.themes.find((th) => th.name === name)?.id ?? null;
      }
      const target: ThemesNode = themeId
        ? { kind: 'theme', model, theme: model.taxonomy!.themes.find((th) => th.id === themeId)! }
        : { kind: 'group', model, group: 'unassigned' };
      return dropTopics(target, topics.map((n) => n.topic.id));
    }),
    reg('literatureMap.restoreVanished', async (node?: ThemesNode) => {
      const n = node ?? view.selection[0];
      if (n?.kind !== 'vanished') return false;
      const t = n.model.taxonomy;
      const v = t?.vanished.find((x) => x.id === n.entry.id);
      if (!t || !v) return false;
      // Its former themes first, then the topic that took its chunks (if a re-run merged it), then everything else.
      type Pick = vscode.QuickPickItem & { target: { kind: 'theme' | 'topic'; id: string } };
      const absorber = t.topics.find((tp) => tp.previous?.includes(v.id));
      const themes = [...t.themes].sort((a, b) => Number(v.themes.includes(b.id)) - Number(v.themes.includes(a.id)));
      const items: Pick[] = [
        ...themes.map((th) => ({ label: `$(symbol-folder) ${th.name}`, description: v.themes.includes(th.id) ? 'its theme — add to the description' : 'theme — add to the description', target: { kind: 'theme' as const, id: th.id } })),
        ...[...(absorber ? [absorber] : []), ...t.topics.filter((tp) => tp !== absorber)].map((tp) => ({
          label: `$(symbol-constant) ${tp.label}`, description: tp === absorber ? 'took its chunks — add to the note' : 'topic — add to the note', target: { kind: 'topic' as const, id: tp.id },
        })),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: `Restore "${v.label}" as a note on…`, placeHolder: vanishedNote(v) });
      if (!pick) return false;
      return n.model.apply((x) => restoreVanishedAsNote(x, v.id, pick.target), `Restore vanished topic "${v.label}" as a note`);
    }),
    reg('literatureMap.dismissVanished', async (node?: ThemesNode, all?: readonly ThemesNode[]) => {
      const n = node ?? view.selection[0];
      if (n?.kind === 'group' && n.group === 'vanished') {
        const count = n.model.taxonomy?.vanished.length ?? 0;
        const ok = await vscode.window.showWarningMessage(`Dismiss all ${count} vanished topics?`, { modal: true, detail: 'Their labels, notes and keywords are removed from the taxonomy file (undoable).' }, 'Dismiss All');
        return ok === 'Dismiss All' && n.model.apply((t) => dismissVanished(t), `Dismiss ${count} vanished topics`);
      }
      const picked = (all && all.length ? all : n ? [n] : []).filter((x): x is Extract<ThemesNode, { kind: 'vanished' }> => x.kind === 'vanished' && x.model === n?.model);
      if (!picked.length) return false;
      return picked[0].model.apply((t) => dismissVanished(t, picked.map((x) => x.entry.id)), `Dismiss ${picked.length} vanished topic${picked.length === 1 ? '' : 's'}`);
    }),
    reg('literatureMap.openExcerpt', async (folderKey: string, loc: ChunkLocation) => {
      const model = registry.all().find((m) => m.folder.uri.toString() === folderKey);
      if (model && loc) await model.openChunk(loc);
    }),
  );
}

function markIrrelevant(topics: TopicNode[], irrelevant: boolean): Promise<boolean> | boolean {
  const model = topics[0]?.model;
  if (!model) return false;
  const ids = topics.filter((n) => n.model === model).map((n) => n.topic.id);
  return model.apply((t) => ids.reduce((acc, id) => setIrrelevant(acc, id, irrelevant), t), `Mark ${count(ids.length, 'topic')} ${irrelevant ? 'irrelevant' : 'relevant'}`);
}
