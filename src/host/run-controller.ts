// The Map / Re-run / Cancel commands: one run at a time, in a forked worker process, behind a cancellable progress
// notification. The worker reconciles the new run with the taxonomy file as it is when the run ends, so curation carries
// over; this side writes what it built.
import * as vscode from 'vscode';
import path from 'node:path';
import { carriedSentence, describeReconcile } from '../taxonomy/reconcile';
import type { Taxonomy } from '../taxonomy/types';
import type { EmbeddingBackend, ProgressEvent, SourceFile, StageName } from '../pipeline/types';
import type { RunSummary, WorkerRunData } from '../pipeline/worker-protocol';
import { appliedOption, readRunLayoutInfo, saveRunLayout, writeRunLayoutInfo } from '../pipeline/run-layout';
import { collapseSentence, keepChosenGranularity, optionLabel, parseClusterOption } from '../pipeline/granularity';
import { readPipelineSettings, SECTION } from './config';
import { embeddingKeyEnv } from './embedding-key';
import { embeddedBy } from './embedded-by';
import { describeProgress } from './progress-text';
import { completionMessage, problemCount } from './run-summary';
import type { FolderModelRegistry } from './model-registry';
import { foreignMessage, type WorkspaceFolderModel } from './folder-model';
import type { Log } from './log';
import { startWorkerRun, type RunOutcome, type WorkerRun } from './worker-client';
import { count } from '../words';

export type RunStatus = 'done' | 'cancelled' | 'failed' | 'refused';

/** What the worker was given to carry the curation over from: `base` is the taxonomy of those bytes. */
interface Asked { readable: boolean; base: Taxonomy | undefined }

const STAGE_ORDER: StageName[] = ['read', 'chunk', 'embed', 'reduce', 'cluster', 'describe', 'layout', 'done'];

export class RunController implements vscode.Disposable {
  private current: { run: WorkerRun; folder: string; finished: Promise<RunStatus> } | undefined;
  private readonly statusItem = vscode.window.createStatusBarItem('literatureMap.status', vscode.StatusBarAlignment.Left, 20);
  /** Skipped files and reader warnings of the last run, in the Problems view with file and line. */
  private readonly sourceProblems = vscode.languages.createDiagnosticCollection('literatureMap.sources');
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

  /** Resolves once the worker process has exited. */
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
    if (model.foreign) {
      void vscode.window.showErrorMessage(foreignMessage(model.taxonomyUri));
      return 'refused';
    }
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
    const chosen = keepChosenGranularity(settings, model.taxonomy?.run.settings);
    settings = chosen.settings;
    if (chosen.kept) this.log.info(`Keeping the granularity chosen in the panel (${optionLabel(chosen.kept)}); a number in literatureMap.minTopicSize overrides it`);
    const rel = path.relative(root, model.taxonomyUri.fsPath).split(path.sep).join('/');
    const ignore = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? [rel] : [];
    const cacheDir = this.context.globalStorageUri.fsPath;
    this.log.info(`Mapping ${root} (backend ${settings.embedding.backend}, min topic size ${settings.hdbscan.minClusterSize}, seed ${settings.seed})`);
    return this.execute(model, root, { input: { kind: 'folder', root, ignore }, settings, cacheDir }, `Literature Map: ${path.basename(root)}`);
  }

  /**
   * The panel's granularity control: re-cluster the last run's saved 5-d layout with `option` in the worker, describe,
   * and reconcile with the curation as a re-run does. The previous option stays recorded for the way back.
   */
  async regranulate(requested: unknown): Promise<RunStatus> {
    const option = parseClusterOption(requested);
    if (!option) {
      this.log.error(`Ignored a granularity request that is not an HDBSCAN option: ${JSON.stringify(requested)}`);
      return 'refused';
    }
    const model = this.registry.active ?? this.registry.all().find((m) => m.taxonomy);
    const t = model?.taxonomy;
    const artifactFile = model?.runDataFile;
    if (!model || !t || !model.artifact || !artifactFile || !model.runRoot) {
      void vscode.window.showErrorMessage('Literature Map: changing the granularity needs the data of the last run; map the folder first.');
      return 'refused';
    }
    if (this.current && !(await this.askToCancelCurrent())) return 'refused';
    if (model.problems.length) {
      void vscode.window.showErrorMessage(`The taxonomy file ${vscode.workspace.asRelativePath(model.taxonomyUri)} has errors; fix them first (it is never overwritten while it cannot be read).`);
      return 'refused';
    }
    let settings;
    try {
      settings = readPipelineSettings(model.folder.uri);
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return 'refused';
    }
    const sources: SourceFile[] = t.sources.map((s) => ({ path: s.path, contentHash: s.contentHash, format: 'txt', bytes: 0, ...(s.date ? { date: s.date } : {}) }));
    const embedding = { ...t.run.embedding, backend: t.run.embedding.backend as EmbeddingBackend };
    this.log.info(`Changing the granularity of ${model.runRoot} to ${optionLabel(option)}`);
    const input = { kind: 'layout' as const, dir: model.runDir, artifactFile, sources, embedding, option };
    return this.execute(model, model.runRoot, { input, settings }, `Literature Map: ${optionLabel(option)}`);
  }

  private async execute(model: WorkspaceFolderModel, root: string, data: WorkerRunData, title: string): Promise<RunStatus> {
    const { settings } = data;
    const script = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'worker.js').fsPath;
    const started = Date.now();

    let resolveFinished!: (s: RunStatus) => void;
    const finished = new Promise<RunStatus>((r) => (resolveFinished = r));
    let last: ProgressEvent | undefined;
    // The key is read from the keychain only for a backend that sends it.
    const env = settings.embedding.backend === 'endpoint' ? await embeddingKeyEnv(this.context) : {};
    // The worker builds the file too (carrying the curation over takes a good second at 15k chunks): it asks for the
    // file once the run is done, and what it was given is the base its result is written against.
    let asked: Asked | undefined;
    const run = startWorkerRun(script, { ...data, taxonomy: { artifactDir: model.runDataDir, fileName: model.taxonomyUri.fsPath } }, {
      previous: () => {
        asked = { readable: !model.problems.length && !model.foreign, base: model.taxonomy };
        return asked.readable ? model.taxonomyText : null;
      },
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
    }, undefined, env);
    this.current = { run, folder: root, finished };
    void vscode.commands.executeCommand('setContext', 'literatureMap.running', true);

    const outcome = await vscode.window.withProgress<RunOutcome>({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const cancelSub = token.onCancellationRequested(() => run.cancel());
      let reported = 0;
      const sub = this.onProgress((e) => {
        const stageIdx = STAGE_ORDER.indexOf(e.stage);
        // The bar moves by stage; embedding (the slow one) moves it by its count as well.
        const target = Math.min(99, (stageIdx / STAGE_ORDER.length) * 100 + (e.total ? ((e.done ?? 0) / e.total) * (100 / STAGE_ORDER.length) : 0));
        progress.report({ message: describeProgress(e), increment: Math.max(0, target - reported) });
        reported = Math.max(reported, target);
      });
      return run.done.finally(() => {
        sub.dispose();
        cancelSub.dispose();
      });
    });

    let status: RunStatus;
    try {
      status = await this.finish(model, root, outcome, settings.embedding.backend, last, started, asked);
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

  private async finish(model: WorkspaceFolderModel, root: string, outcome: RunOutcome, backend: string, last: ProgressEvent | undefined, started: number, asked: Asked | undefined): Promise<RunStatus> {
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
    if (outcome.kind === 'done') throw new Error('internal: the worker sent the run without its taxonomy');
    const result = outcome.run;
    this.reportRun(result, seconds);
    this.showSourceProblems(root, result);
    if (backend === 'auto' && result.meta.embedding.backend === 'lsa') this.noteLsaFallbackOnce();
    // The file may have become invalid while the run was going: never overwrite what could not be read (nor write a
    // result built without the curation of a file that could not be read when the worker asked for it).
    if (!model.foreign && (model.problems.length || !asked?.readable)) {
      void vscode.window.showErrorMessage('Literature Map: the taxonomy file has errors now, so the new run was not written. Fix the file and re-run.');
      return 'failed';
    }
    await model.applyRun(outcome.taxonomy, root, asked?.base);
    await this.keepLayout(model, result);
    this.registry.setActive(model.folder.uri.toString());
    const r = outcome.report;
    this.log.info(`Taxonomy written from ${count(result.chunkCount, 'chunk')} of ${count(result.sources.length, 'file')}: ${describeReconcile(r)}`);
    const summary = {
      // The file's topics (merges by hand re-applied), so the sentence adds up.
      topics: outcome.taxonomy.taxonomy.topics.length, chunks: result.chunkCount, files: result.sources.length,
      carried: { kept: r.kept.length, new: r.new.length, vanished: r.vanished.length, sentence: carriedSentence(r) }, skipped: result.skipped, warnings: result.warnings ?? [],
    };
    const details = summary.skipped.length || summary.warnings.length ? ['Show Details'] : [];
    // A collapsed map is said out loud; the panel lists the better options with their figures.
    const collapsed = result.granularity && collapseSentence(result.granularity);
    if (collapsed) this.log.warn(collapsed);
    // Which embedder ran is said too: a static or server run is not the map a reader of the paper would expect.
    const done = `${completionMessage(summary)} ${embeddedBy(result.meta.embedding)}`;
    const shown = collapsed
      ? vscode.window.showWarningMessage(`${done} ${collapsed}`, 'Open Panel', ...details)
      : vscode.window.showInformationMessage(done, 'Open Panel', ...details);
    void shown.then((b) => {
      if (b === 'Open Panel') void vscode.commands.executeCommand('literatureMap.openPanel');
      if (b === 'Show Details') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return 'done';
  }

  /** A full run saves its layout; a granularity change records what it applied and what was applied before. */
  private async keepLayout(model: WorkspaceFolderModel, result: RunSummary): Promise<void> {
    try {
      const applied = appliedOption(result.meta.settings.hdbscan);
      if (!applied) return;
      const base = { corpusFingerprint: result.meta.corpusFingerprint, applied, ...(result.granularity ? { granularity: result.granularity } : {}) };
      if (result.layout) {
        const dim = result.meta.settings.umap.nComponents;
        await saveRunLayout(model.runDir, result.layout, { rows: result.chunkCount, dim, ...base });
      } else {
        const before = readRunLayoutInfo(model.runDir);
        if (before) await writeRunLayoutInfo(model.runDir, { ...before, ...base, previous: before.applied });
      }
      model.notifyLayout();
    } catch (e) {
      this.log.error('Saving the run layout failed (granularity changes need a re-run)', e);
    }
  }

  private reportRun(result: RunSummary, seconds: string): void {
    this.log.info(`Run finished in ${seconds} s: ${count(result.sources.length, 'file')}, ${count(result.chunkCount, 'chunk')}, ${count(result.topics.length, 'topic')}, outliers ${(result.quality.outlierShare * 100).toFixed(1)}%, embedding ${result.meta.embedding.backend} (${result.meta.embedding.model})`);
    // Stage timings were logged as each stage ended; one line sums them up for the record.
    this.log.info(`  stages: ${result.timings.map((t) => `${t.stage} ${t.seconds.toFixed(2)} s`).join(', ')}`);
    for (const s of result.skipped) this.log.warn(`  skipped ${s.path}: ${s.reason}`);
    const { problems, files } = problemCount(result.warnings ?? []);
    if (problems) this.log.warn(`  ${count(problems, 'problem')} in ${count(files, 'file')} while reading (listed above; also in the Problems view)`);
    const papers = result.sources.filter((s) => s.record);
    if (papers.length) {
      const titleOnly = papers.filter((s) => s.record!.titleOnly).length;
      // Each merge was logged by the pipeline as it read the folder; this is the count.
      this.log.info(`  ${count(papers.length, 'bibliographic record')} (${titleOnly} title only); ${count(result.merged?.length ?? 0, 'duplicate')} merged`);
    }
  }

  private showSourceProblems(root: string, result: RunSummary): void {
    this.sourceProblems.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (rel: string, line: number | undefined, message: string) => {
      const at = Math.max(0, (line ?? 1) - 1);
      const d = new vscode.Diagnostic(new vscode.Range(at, 0, at, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Warning);
      d.source = 'Literature Map';
      const list = byFile.get(rel) ?? [];
      list.push(d);
      byFile.set(rel, list);
    };
    for (const s of result.skipped) add(s.path, s.line, `Not mapped: ${s.reason}`);
    for (const w of result.warnings ?? []) add(w.path, w.line, w.message);
    for (const [rel, list] of byFile) this.sourceProblems.set(vscode.Uri.file(path.join(root, ...rel.split('/'))), list);
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
    this.sourceProblems.dispose();
    this.progressEmitter.dispose();
  }
}
