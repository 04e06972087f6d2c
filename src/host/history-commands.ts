// Undo / Redo of taxonomy edits from the palette, the Themes view (its title bar and Ctrl+Z / Ctrl+Shift+Z while it
// has focus) and the panel (which asks through its own messages). The folder is the selected node's, else the active one.
import * as vscode from 'vscode';
import type { FolderModelRegistry } from './model-registry';
import type { ThemesNode } from './themes-tree';

export function registerHistoryCommands(registry: FolderModelRegistry, view: vscode.TreeView<ThemesNode>): vscode.Disposable {
  const target = () => view.selection[0]?.model ?? registry.active ?? registry.all().find((m) => m.taxonomy);
  const updateContext = () => {
    const m = target();
    void vscode.commands.executeCommand('setContext', 'literatureMap.canUndo', !!m?.undoLabel);
    void vscode.commands.executeCommand('setContext', 'literatureMap.canRedo', !!m?.redoLabel);
  };
  const step = async (verb: 'undo' | 'redo'): Promise<boolean> => {
    const m = target();
    if (!m) return false;
    if (!(verb === 'undo' ? m.undoLabel : m.redoLabel)) {
      void vscode.window.showInformationMessage(`Literature Map: nothing to ${verb} in ${m.folder.name}.`);
      return false;
    }
    return verb === 'undo' ? m.undo() : m.redo();
  };
  updateContext();
  return vscode.Disposable.from(
    registry.onDidChangeAny(updateContext),
    registry.onDidChangeActive(updateContext),
    view.onDidChangeSelection(updateContext),
    vscode.commands.registerCommand('literatureMap.undo', () => step('undo')),
    vscode.commands.registerCommand('literatureMap.redo', () => step('redo')),
  );
}
