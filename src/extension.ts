// Entry point: wires the folder models, the run commands, the Themes view and the panel. Activation is lazy (commands,
// the view, a restored panel; never the mere presence of a file named taxonomy.json, which may be another tool's), and
// activate() itself only reads the taxonomy files.
import * as vscode from 'vscode';
import fs from 'node:fs';
import { Log } from './host/log';
import { FolderModelRegistry } from './host/model-registry';
import { RunController } from './host/run-controller';
import { ThemesTree } from './host/themes-tree';
import { registerTreeCommands } from './host/tree-commands';
import { registerHistoryCommands } from './host/history-commands';
import { liveWorkerCount } from './host/worker-client';
import { registerPanel } from './host/panel/panel';
import { registerEmbeddingKeyCommand } from './host/embedding-key';
import { registerExportCommand } from './host/export';
import { ComputeThread } from './host/compute-thread';
import { registerSuggestionCommands } from './host/suggestions';
import { registerCompareCommand } from './host/compare';
import { registerGitSetup } from './host/git-setup';
import type { Comparison } from './analysis/comparison';

/** What activate() returns: the in-editor tests drive the extension through it. */
export interface LiteratureMapApi {
  registry: FolderModelRegistry;
  runs: RunController;
  tree: ThemesTree;
  view: vscode.TreeView<import('./host/themes-tree').ThemesNode>;
  liveWorkerCount: () => number;
  /** The thread merges and the hierarchy are computed on (the panel's hierarchy request goes through it). */
  compute: ComputeThread;
}

export async function activate(context: vscode.ExtensionContext): Promise<LiteratureMapApi> {
  const log = new Log();
  const storageRoot = context.globalStorageUri.fsPath;
  fs.mkdirSync(storageRoot, { recursive: true });
  const diagnostics = vscode.languages.createDiagnosticCollection('literatureMap');
  // Merges' keywords and the hierarchy are computed there, never on this thread (shared by every extension).
  const compute = new ComputeThread();
  context.subscriptions.push(compute);
  const registry = new FolderModelRegistry(storageRoot, diagnostics, log, compute);
  const runs = new RunController(context, registry, log);
  const tree = new ThemesTree(registry);
  const view = vscode.window.createTreeView('literatureMap.themes', { treeDataProvider: tree, dragAndDropController: tree, canSelectMany: true, showCollapseAll: true });
  context.subscriptions.push(log, diagnostics, registry, runs, tree, view);

  const updateContext = () => {
    const models = registry.all();
    const hasTaxonomy = models.some((m) => m.taxonomy);
    const invalid = models.filter((m) => m.problems.length);
    void vscode.commands.executeCommand('setContext', 'literatureMap.hasTaxonomy', hasTaxonomy);
    void vscode.commands.executeCommand('setContext', 'literatureMap.hasRun', hasTaxonomy);
    void vscode.commands.executeCommand('setContext', 'literatureMap.taxonomyInvalid', invalid.length > 0);
    view.message = invalid.length
      ? `${invalid.map((m) => vscode.workspace.asRelativePath(m.taxonomyUri)).join(', ')} has errors and is read-only until they are fixed (see Problems). Showing the last valid state.`
      : undefined;
    runs.refreshStatus();
  };
  context.subscriptions.push(registry.onDidChangeAny(updateContext));

  const reg = vscode.commands.registerCommand;
  const comparisons = new vscode.EventEmitter<Comparison>();
  context.subscriptions.push(
    reg('literatureMap.mapFolder', (uri?: vscode.Uri) => runs.mapFolder(uri instanceof vscode.Uri ? uri : undefined)),
    reg('literatureMap.rerun', () => runs.rerun()),
    reg('literatureMap.cancel', () => runs.cancel()),
    // The panel's granularity control (not in the palette: it takes an option from the panel's list).
    reg('literatureMap.applyGranularity', (option: unknown) => runs.regranulate(option)),
    reg('literatureMap.openTaxonomyFile', async () => {
      const m = registry.active ?? registry.all().find((x) => x.taxonomy || x.problems.length);
      if (!m || !(m.taxonomy || m.problems.length)) return void vscode.window.showInformationMessage('No taxonomy file yet: map a folder first.');
      await vscode.window.showTextDocument(m.taxonomyUri);
    }),
    registerExportCommand(context, registry),
    registerEmbeddingKeyCommand(context),
    registerTreeCommands(registry, view),
    registerHistoryCommands(registry, view),
    registerPanel(context, registry, compute, log, comparisons.event),
    registerSuggestionCommands(context, () => registry.active ?? registry.all().find((m) => m.taxonomy)),
    comparisons,
    registerCompareCommand(registry, (c) => comparisons.fire(c)),
  );
  flushOnExit = () => registry.flush();
  await registry.ready();
  updateContext();
  // After ready(): the repair offer needs the folder models.
  context.subscriptions.push(registerGitSetup(context, registry, log));
  return { registry, runs, tree, view, liveWorkerCount, compute };
}

let flushOnExit: (() => Promise<void>) | undefined;

/**
 * Disposables in context.subscriptions cancel a running worker and stop the watchers. The workbench waits (briefly) for
 * the promise returned here: the undo history of an edit made just before a window reload is written before the
 * extension host goes.
 */
export function deactivate(): Promise<void> | undefined {
  return flushOnExit?.();
}
