// Literature Map: Set Up Git Merge Driver, and the offer to repair a clone whose .gitattributes routes taxonomy files
// to the driver while its config (never shared by git) lacks it — a fresh clone, typically. Nothing is written without
// the researcher saying yes; the offer is made once per window and only in trusted workspaces (the config names a
// program git will run).
import * as vscode from 'vscode';
import path from 'node:path';
import { gitSetup, needsRepair, setupStatus } from '../git/setup';
import type { FolderModel, ModelRegistry } from './folder-model';
import type { Log } from './log';

const WEB_NOTE = 'Merge buttons on GitHub, GitLab and other web hosts ignore merge drivers: merge taxonomy changes in a local clone.';

async function setUp(model: FolderModel, driver: string, log: Log): Promise<void> {
  const rel = vscode.workspace.asRelativePath(model.taxonomyUri, false);
  try {
    const r = await gitSetup(path.dirname(model.taxonomyUri.fsPath), driver, model.taxonomyUri.fsPath);
    for (const c of r.changes) log.info(`git set-up: ${c}`);
    const done = r.changes.length ? r.changes.join('; ') : 'it was already set up';
    void vscode.window.showInformationMessage(`Git now merges ${rel} by topic and theme ids in this clone: ${done}. ${WEB_NOTE}`);
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not set up the merge driver: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function registerGitSetup(context: vscode.ExtensionContext, models: ModelRegistry, log: Log): vscode.Disposable {
  const driver = vscode.Uri.joinPath(context.extensionUri, 'dist', 'merge-driver.js').fsPath;
  const offered = new Set<string>();
  const command = vscode.commands.registerCommand('literatureMap.gitSetup', async () => {
    const model = models.active ?? models.all()[0];
    if (!model) return void vscode.window.showInformationMessage('Open a folder in a git clone first.');
    const choice = await vscode.window.showInformationMessage(
      'Set up the Literature Map merge driver in this clone?',
      { modal: true, detail: `Git will merge taxonomy files by topic and theme ids instead of line by line. This adds "taxonomy.json merge=literature-map" (and *.taxonomy.json) to .gitattributes — commit it — installs the driver in .git/literature-map/ and sets merge.literature-map.driver in this clone's git config (it runs \`node\`). ${WEB_NOTE}` },
      'Set Up');
    if (choice === 'Set Up') await setUp(model, driver, log);
  });
  const check = async (model: FolderModel | undefined) => {
    if (!model || !vscode.workspace.isTrusted || offered.has(model.folder.uri.toString())) return;
    offered.add(model.folder.uri.toString());
    const status = await setupStatus(path.dirname(model.taxonomyUri.fsPath), driver).catch(() => undefined);
    if (!status || !needsRepair(status)) return;
    const choice = await vscode.window.showWarningMessage(
      `${model.folder.name}: .gitattributes asks git to merge taxonomy files with the Literature Map merge driver, but this clone has not set it up, so git would merge them line by line. Set it up now?`,
      'Set Up', 'Not Now');
    if (choice === 'Set Up') await setUp(model, driver, log);
  };
  void check(models.active ?? models.all()[0]);
  return vscode.Disposable.from(command, models.onDidChangeActive((m) => void check(m)));
}
