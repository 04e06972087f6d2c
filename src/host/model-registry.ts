// One FolderModel per workspace folder (one taxonomy per folder), kept in step with the workspace folders and the
// taxonomy path setting. "Active" follows the editor: the folder of the active file, else the last one used.
import * as vscode from 'vscode';
import { SECTION, taxonomyPathSetting } from './config';
import { WorkspaceFolderModel, type ModelRegistry } from './folder-model';
import { artifactStoreFor } from './artifact-store';
import type { Log } from './log';
import type { ComputeThread } from './compute-thread';

export class FolderModelRegistry implements ModelRegistry, vscode.Disposable {
  private readonly models = new Map<string, WorkspaceFolderModel>();
  private readonly activeEmitter = new vscode.EventEmitter<WorkspaceFolderModel | undefined>();
  readonly onDidChangeActive = this.activeEmitter.event;
  /** Any model's taxonomy, problems or undo history changed, or a model came or went (not run data arriving). */
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeAny = this.changeEmitter.event;
  private activeKey: string | undefined;
  private readonly subscriptions = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [this.activeEmitter, this.changeEmitter];
  private pending = Promise.resolve();
  /** Run data of every folder's runs, by key (one store: two folders mapping the same corpus share it). */
  private readonly artifacts;

  constructor(private readonly storageRoot: string, private readonly diagnostics: vscode.DiagnosticCollection, private readonly log: Log, private readonly compute: ComputeThread) {
    this.artifacts = artifactStoreFor(storageRoot);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        for (const m of this.models.values()) if (e.affectsConfiguration(`${SECTION}.taxonomyFile`, m.folder.uri)) this.sync(true, m.folder.uri.toString());
      }),
      vscode.window.onDidChangeActiveTextEditor((ed) => {
        const f = ed && vscode.workspace.getWorkspaceFolder(ed.document.uri);
        if (f && this.models.has(f.uri.toString())) this.setActive(f.uri.toString());
      }),
    );
  }

  /** Settles once the models match the workspace folders. */
  ready(): Promise<void> {
    this.sync();
    return this.pending;
  }

  private sync(force = false, only?: string): void {
    this.pending = this.pending.then(async () => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const keys = new Set(folders.map((f) => f.uri.toString()));
      for (const [key, m] of [...this.models]) {
        if (!keys.has(key) || (force && key === only)) this.drop(key, m);
      }
      for (const f of folders) {
        const key = f.uri.toString();
        if (this.models.has(key) || f.uri.scheme !== 'file') continue;
        try {
          const m = await WorkspaceFolderModel.open(f, taxonomyPathSetting(f.uri), this.storageRoot, this.artifacts, this.diagnostics, this.log, this.compute);
          this.models.set(key, m);
          // Run data arriving changes no tree item or context key (the panel listens to the model itself).
          this.subscriptions.set(key, m.onDidChange((what) => { if (what !== 'artifact') this.changeEmitter.fire(); }));
        } catch (e) {
          this.log.error(`${f.name}: cannot open the taxonomy`, e);
        }
      }
      if (!this.activeKey || !this.models.has(this.activeKey)) {
        const first = [...this.models.values()].find((m) => m.taxonomy || m.problems.length) ?? [...this.models.values()][0];
        this.activeKey = undefined;
        if (first) this.setActive(first.folder.uri.toString());
        else this.activeEmitter.fire(undefined);
      }
      this.changeEmitter.fire();
    });
  }

  private drop(key: string, m: WorkspaceFolderModel): void {
    this.subscriptions.get(key)?.dispose();
    this.subscriptions.delete(key);
    this.models.delete(key);
    m.dispose();
    if (this.activeKey === key) this.activeKey = undefined;
  }

  setActive(key: string): void {
    if (this.activeKey === key) return;
    this.activeKey = key;
    this.activeEmitter.fire(this.active);
  }

  get active(): WorkspaceFolderModel | undefined {
    return this.activeKey ? this.models.get(this.activeKey) : undefined;
  }

  all(): WorkspaceFolderModel[] {
    return [...this.models.values()];
  }

  get(folder: vscode.Uri): WorkspaceFolderModel | undefined {
    const f = vscode.workspace.getWorkspaceFolder(folder);
    return f ? this.models.get(f.uri.toString()) : this.models.get(folder.toString());
  }

  /** Settles when every model's pending undo-history write is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.models.values()].map((m) => m.flush()));
  }

  dispose(): void {
    for (const [key, m] of [...this.models]) this.drop(key, m);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
