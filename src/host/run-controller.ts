// The Map / Re-run / Cancel commands: one run at a time, in a worker thread, behind a cancellable progress
// notification; on success the new run is reconciled with the previous taxonomy so curation carries over.
import * as vscode from 'vscode';
import path from 'node:path';
import { taxonomyFromRun } from '../taxonomy/build';
import { describeReconcile, reconcile } from '../taxonomy/reconcile';
import { mergeDescriber } from '../taxonomy/describe';
import type { ProgressEvent, RunResult, StageName } from '../pipeline/types';
import { readPipelineSettings, SECTION } from './config';
import type { FolderModelRegistry } from './model-registry';
import type { WorkspaceFolderModel } from './folder-model';
import type { Log } from './log';
import { startWorkerRun, type RunOutcome, type WorkerRun } from './worker-client';

export type RunStatus = 'done' | 'cancelled' | 'failed' | 'refused';

const STAGE_TITLES: Record<StageName, string> = {
  read: 'Reading', chunk: 'Chunking', embed: 'Embedding', reduce: 'Reducing', cluster: 'Clustering', describe: 'Describing topics', layout: 'Laying out the map', done: 'Finishing',
};
const STAGE_ORDER: StageName[] = ['read', 'chunk', 'embed', 'reduce', 'cluster', 'describe', 'layout', 'done'];

export class RunController implements vscode.Disposable {
  private current: { run: WorkerRun; folder: string; finished: Promise<RunStatus> } | undefined;
  private readonly statusItem = vscode.window.createStatusBarItem('literatureMap.status', vscode.StatusBarAlignment.Left, 20);
  private readonly progressEmitter = new vscode.EventEmitter<ProgressEvent>();
  /** Every progress event of the current run (tests cancel on the first one). */
  readonly onProgress = this.progressEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly registry: FolderModelRegistry,
    private readonly log: Log,
  ) {
    this.statusItem.name = 'Literature Map';
    this.idle();
  }

  get running(): boolean { return this.current !== undefined; }

  private idle(text = '$(type-hierarchy) Literature Map'): void {
    this.statusItem.text = text;
    this.statusItem.tooltip = 'Literature Map: open the panel';
    this.statusItem.command = 'literatureMap.openPanel';
    this.statusItem.backgroundColor = undefined;
    if (this.registry.all().some((m) => m.taxonomy || m.problems.length)) this.statusItem.show();
    else this.statusItem.hide();
  }

  refreshStatus(): void {
    if (!this.current) this.idle();
  }

  async mapFolder(target?: vscode.Uri): Promise<RunStatus> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Literature Map: mapping a folder needs a trusted workspace (it reads files and may download a model). Viewing and editing the taxonomy works without trust.', 'Manage Workspace Trust')
        .then((b) => { if (b) void vscode.commands.executeCommand('workbench.trust.manage'); });
      return 'refused';
    }
    if (this.current && !(await this.askToCancelCurrent())) return 'refused';
    const root = target ?? (await this.pickFolder());
    if (!root) return 'refused';
    const folder = vscode.workspace.getWorkspaceFolder(root);
    const model = folder && this.registry.get(folder.uri);
    if (!folder || !model) {
      const add = await vscode.window.showErrorMessage(`Literature Map keeps one taxonomy per workspace folder, and ${root.fsPath} is not in this workspace. Add it to the workspace first.`, 'Add Folder to Workspace');
      if (add) vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: root });
      return 'refused';
    }
    return this.run(model, root.fsPath);
  }

  async rerun(): Promise<RunStatus> {
    const candidates = this.registry.all().filter((m) => m.taxonomy);
    let model = this.registry.active && candidates.includes(this.registry.active) ? this.registry.active : candidates[0];
    if (candidates.length > 1) {
      const pick = await vscode.window.showQuickPick(candidates.map((m) => ({ label: m.folder.name, description: m.runRoot ?? m.folder.uri.fsPath, model: m })), { title: 'Re-run which folder?' });
      if (!pick) return 'refused';
      model = pick.model;
    }
    if (!model) {
      void vscode.window.showInformationMessage('Literature Map: nothing to re-run yet. Map a folder first.');
      return 'refused';
    }
    return this.mapFolder(vscode.Uri.file(model.runRoot ?? model.folder.uri.fsPath));
  }

  /** Resolves once the worker thread has exited. */
  async cancel(): Promise<void> {
    const c = this.current;
    if (!c) return;
    c.run.cancel();
    await c.finished;
  }

  private async askToCancelCurrent(): Promise<boolean> {
    const c = this.current;
    if (!c) return true;
    const choice = await vscode.window.showWarningMessage(`A Literature Map run of ${path.basename(c.folder)} is in progress.`, { modal: true }, 'Cancel It and Start New Run');
    if (!choice) return false;
    await this.cancel();
    return true;
  }

  private async pickFolder(): Promise<vscode.Uri | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const browse = { label: '$(folder-opened) Choose a folder…', uri: undefined as vscode.Uri | undefined };
    const items = [...folders.map((f) => ({ label: f.name, description: f.uri.fsPath, uri: f.uri as vscode.Uri | undefined })), browse];
    const pick = folders.length ? await vscode.window.showQuickPick(items, { title: 'Map topics in which folder?' }) : browse;
    if (!pick) return undefined;
    if (pick.uri) return pick.uri;
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Map Topics', defaultUri: folders[0]?.uri });
    return chosen?.[0];
  }

  private async run(model: WorkspaceFolderModel, root: string): Promise<RunStatus> {
    if (model.problems.length) {
      void vscode.window.showErrorMessage(`The taxonomy file ${vscode.workspace.asRelativePath(model.taxonomyUri)} has errors; fix them before running (it is never overwritten while it cannot be read).`);
      return 'refused';
    }
    let settings;
    try {
      settings = readPipelineSettings(model.folder.uri);
    } catch (e) {
      const b = await vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e), 'Open Setting');
      if (b) void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.embedding`);
      return 'refused';
    }
    const rel = path.relative(root, model.taxonomyUri.fsPath).split(path.sep).join('/');
    const ignore = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? [rel] : [];
    const cacheDir = this.context.globalStorageUri.fsPath;
    const script = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'worker.js').fsPath;
    const started = Date.now();
    this.log.info(`Mapping ${root} (backend ${settings.embedding.backend}, min topic size ${settings.hdbscan.minClusterSize}, seed ${settings.seed})`);

    let resolveFinished!: (s: RunStatus) => void;
    const finished = new Promise<RunStatus>((r) => (resolveFinished = r));
    let last: ProgressEvent | undefined;
    const run = startWorkerRun(script, { input: { kind: 'folder', root, ignore }, settings, cacheDir }, {
      progress: (e) => { last = e; this.progressEmitter.fire(e); this.showProgressInStatus(e); },
      log: (line) => {
        this.log.info(line);
        // Model downloads report through the log; the first run's download is the slow part, so show it too.
        if (/^model:|download/i.test(line)) {
          const e: ProgressEvent = { stage: 'embed', message: line.replace(/^model:\s*/, '') };
          this.progressEmitter.fire(e);
          this.showProgressInStatus(e);
        }
      },
    });
    this.current = { run, folder: root, finished };
    void vscode.commands.executeCommand('setContext', 'literatureMap.running', true);

    const outcome = await vscode.window.withProgress<RunOutcome>({ location: vscode.ProgressLocation.Notification, title: `Literature Map: ${path.basename(root)}`, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => run.cancel());
      let reported = 0;
      const sub = this.onProgress((e) => {
        const stageIdx = STAGE_ORDER.indexOf(e.stage);
        // The bar moves by stage; embedding (the slow one) moves it by its count as well.
        const target = Math.min(99, (stageIdx / STAGE_ORDER.length) * 100 + (e.total ? ((e.done ?? 0) / e.total) * (100 / STAGE_ORDER.length) : 0));
        progress.report({ message: describeProgress(e), increment: Math.max(0, target - reported) });
        reported = Math.max(reported, target);
      });
      return run.done.finally(() => sub.dispose());
    });

    let status: RunStatus;
    try {
      status = await this.finish(model, root, outcome, settings.embedding.backend, last, started);
    } catch (e) {
      this.log.error('Applying the run failed', e);
      void vscode.window.showErrorMessage(`Literature Map: the run finished but its result could not be written: ${e instanceof Error ? e.message : String(e)}`);
      status = 'failed';
    } finally {
      this.current = undefined;
      void vscode.commands.executeCommand('setContext', 'literatureMap.running', false);
    }
    this.idle(status === 'done' ? undefined : `$(type-hierarchy) Literature Map: ${status}`);
    resolveFinished(status);
    return status;
  }

  private showProgressInStatus(e: ProgressEvent): void {
    this.statusItem.text = `$(sync~spin) ${describeProgress(e)}`;
    this.statusItem.tooltip = 'Literature Map is running: click to cancel';
    this.statusItem.command = 'literatureMap.cancel';
    this.statusItem.show();
  }

  private async finish(model: WorkspaceFolderModel, root: string, outcome: RunOutcome, backend: string, last: ProgressEvent | undefined, started: number): Promise<RunStatus> {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (outcome.kind === 'cancelled') {
      this.log.info(`Cancelled after ${seconds} s (during ${last?.stage ?? 'start-up'}); the taxonomy file was not touched.`);
      return 'cancelled';
    }
    if (outcome.kind === 'failed') {
      this.log.error(`Run failed after ${seconds} s (${outcome.reason}): ${outcome.message}`, outcome.stack);
      const buttons = backend === 'transformers' ? ['Open Setting', 'Show Log'] : ['Show Log'];
      const prefix = outcome.reason === 'pipeline' ? '' : outcome.reason === 'crash' ? '' : 'Unexpected error: ';
      void vscode.window.showErrorMessage(`Literature Map: ${prefix}${outcome.message}`, ...buttons).then((b) => {
        if (b === 'Open Setting') void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.embedding.backend`);
        if (b === 'Show Log') this.log.show();
      });
      return 'failed';
    }
    const result = outcome.result;
    this.reportRun(result, seconds);
    if (backend === 'auto' && result.meta.embedding.backend === 'lsa') this.noteLsaFallbackOnce();
    // The file may have become invalid while the run was going: never overwrite what could not be read.
    if (model.problems.length) {
      void vscode.window.showErrorMessage('Literature Map: the taxonomy file has errors now, so the new run was not written. Fix the file and re-run.');
      return 'failed';
    }
    const base = model.taxonomy;
    // Matched against the data of the run this version of the file describes, or (when that is gone) by keywords.
    const prevData = base ? await model.runData() : undefined;
    const fresh = taxonomyFromRun(result);
    const next = reconcile(base, prevData, fresh, { describe: mergeDescriber(fresh.taxonomy.run) });
    await model.applyRun(next.taxonomy, next.artifact, root, base);
    this.registry.setActive(model.folder.uri.toString());
    const summary = describeReconcile(next.report);
    this.log.info(`Taxonomy written from ${result.chunks.length} chunks of ${result.sources.length} files: ${summary}`);
    const msg = `Literature Map: ${base ? summary : `${next.taxonomy.topics.length} topics`} from ${result.chunks.length} chunks of ${result.sources.length} files.`;
    void vscode.window.showInformationMessage(msg, 'Open Panel').then((b) => { if (b) void vscode.commands.executeCommand('literatureMap.openPanel'); });
    return 'done';
  }

  private reportRun(result: RunResult, seconds: string): void {
    this.log.info(`Run finished in ${seconds} s: ${result.sources.length} files, ${result.chunks.length} chunks, ${result.topics.length} topics, outliers ${(result.quality.outlierShare * 100).toFixed(1)}%, embedding ${result.meta.embedding.backend} (${result.meta.embedding.model})`);
    // Stage timings were logged as each stage ended; one line sums them up for the record.
    this.log.info(`  stages: ${result.timings.map((t) => `${t.stage} ${t.seconds.toFixed(2)} s`).join(', ')}`);
    for (const s of result.skipped) this.log.warn(`  skipped ${s.path}: ${s.reason}`);
  }

  private noteLsaFallbackOnce(): void {
    const key = 'lsaFallbackNoticeShown';
    if (this.context.globalState.get<boolean>(key)) return;
    void this.context.globalState.update(key, true);
    void vscode.window.showInformationMessage('Literature Map: no transformer model was available (offline, not cached), so the built-in LSA embedder was used. Set a local model folder or a mirror for better topics.', 'Open Settings')
      .then((b) => { if (b) void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.embedding`); });
  }

  dispose(): void {
    this.current?.run.cancel();
    this.statusItem.dispose();
    this.progressEmitter.dispose();
  }
}

export function describeProgress(e: ProgressEvent): string {
  const title = STAGE_TITLES[e.stage] ?? e.stage;
  const count = e.total ? ` ${e.done ?? 0}/${e.total}` : '';
  const eta = e.etaSeconds !== undefined && e.etaSeconds > 0 ? `, about ${formatEta(e.etaSeconds)} left` : '';
  const detail = e.message && !e.total ? `: ${e.message}` : '';
  return `${title}${count}${eta}${detail}`;
}

function formatEta(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
