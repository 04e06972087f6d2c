// One workspace folder's taxonomy as the UI sees it: the taxonomy store (the file), the run artifact (global storage),
// a file watcher that reloads on hand edits / git checkouts, and diagnostics for an invalid file.
import * as vscode from 'vscode';
import path from 'node:path';
import { TaxonomyStore, type WrittenChange } from '../taxonomy/store';
import { History, type HistoryResult } from '../taxonomy/history';
import { mergeWarning, type MergeWarning } from './merge-confirm';
import { mergeTopics, planMerge, TaxonomyOpError } from '../taxonomy/operations';
import { viewArtifact, type ArtifactStore } from '../taxonomy/artifact-store';
import type { ClassKeywords, ComputeThread } from './compute-thread';
import type { EncodedTaxonomy } from '../taxonomy/codec';
import type { RunArtifact, Taxonomy, TaxonomyProblem } from '../taxonomy/types';
import { loadHistory, loadRecord, recordDirFor, saveHistory, saveRecord, type RunRecord } from './artifact-store';
import { toDiagnostics } from './diagnostics';
import { readRunLayoutInfo, type RunLayoutInfo } from '../pipeline/run-layout';
import { fileOfSource } from '../taxonomy/papers';
import type { Log } from './log';
import type { ChunkLocation } from '../chunk-location';
import { count } from '../words';


/**
 * Whether the per-chunk data of the run this version of the file describes is here: 'ok'; 'loading'; 'missing' (not on
 * this machine: another clone, or pruned); 'none' (no file, or a file written before run data had keys).
 */
export type RunDataStatus = 'ok' | 'loading' | 'missing' | 'none';

export interface FolderModel {
  readonly folder: vscode.WorkspaceFolder;
  readonly taxonomyUri: vscode.Uri;
  /** Last good state. */
  readonly taxonomy: Taxonomy | undefined;
  /** Non-empty: the file is invalid and read-only until fixed. */
  readonly problems: readonly TaxonomyProblem[];
  /** Per-chunk data of the run this version of the file describes, as the file sees it (its merges applied). */
  readonly artifact: RunArtifact | undefined;
  readonly runDataStatus: RunDataStatus;
  readonly onDidChange: vscode.Event<'taxonomy' | 'artifact' | 'problems' | 'history' | 'layout'>;
  /** The saved layout's description (granularity options, applied and previous option), when the run kept one. */
  readonly layoutInfo: RunLayoutInfo | undefined;
  /** Shows errors to the user itself; false when nothing was written. */
  apply(op: (t: Taxonomy) => Taxonomy, description: string): Promise<boolean>;
  /** False when nothing was written; 'cancelled' when the researcher said no at the confirmation. */
  applyMerge(topicIds: string[]): Promise<boolean | 'cancelled'>;
  openChunk(loc: ChunkLocation): Promise<void>;
  /** Descriptions of the change an undo or a redo would revert or replay (null: none). */
  readonly undoLabel: string | null;
  readonly redoLabel: string | null;
  /** Shows the outcome to the user itself. */
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
}

export function foreignMessage(uri: vscode.Uri): string {
  return `${vscode.workspace.asRelativePath(uri)} is not a Literature Map taxonomy (it has no "schemaVersion"), so it is left alone: set literatureMap.taxonomyFile to another file name to map this folder.`;
}

/** The vectorizer a merge re-describes with: the run's n-grams and stop words, min_df 1 (one merged class). */
function mergeVectorizer(t: Taxonomy): { ngramRange: [number, number]; minDf: number; extraStopWords: string[] } {
  const v = (t.run.settings as { vectorizer?: { ngramRange?: [number, number]; extraStopWords?: string[] } }).vectorizer ?? {};
  return { ngramRange: v.ngramRange ?? [1, 2], minDf: 1, extraStopWords: v.extraStopWords ?? [] };
}

export interface ModelRegistry {
  readonly active: FolderModel | undefined;
  all(): FolderModel[];
  get(folder: vscode.Uri): FolderModel | undefined;
  readonly onDidChangeActive: vscode.Event<FolderModel | undefined>;
}

export class WorkspaceFolderModel implements FolderModel {
  private readonly emitter = new vscode.EventEmitter<'taxonomy' | 'artifact' | 'problems' | 'history' | 'layout'>();
  private layoutInfoValue: RunLayoutInfo | undefined | null = null;
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Run data by key: the current file's and the one before, so an undo or a failed write switches back at once. */
  private readonly loaded = new Map<string, RunArtifact>();
  private loadingKey: string | undefined;
  /** Keys looked for and not found: not asked for again until a run stores them. */
  private readonly missing = new Set<string>();
  private view: { taxonomy: Taxonomy; artifact: RunArtifact | undefined } | undefined;
  private record: RunRecord | undefined;
  private history: History;
  private historyWrite = Promise.resolve();
  private lastProblems = '';
  private reloadTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly taxonomyUri: vscode.Uri,
    private readonly store: TaxonomyStore,
    private readonly artifacts: ArtifactStore,
    private readonly recordDir: string,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly log: Log,
    record: RunRecord | undefined,
    history: History,
    private readonly compute: ComputeThread,
  ) {
    this.record = record;
    this.history = history;
    const unsubscribe = store.onDidChange(() => {
      this.emitter.fire('taxonomy');
      this.syncProblems();
      this.fetchRunData();
    });
    this.fetchRunData();
    this.disposables.push({ dispose: unsubscribe });
    const rel = vscode.workspace.asRelativePath(taxonomyUri, false);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, path.relative(folder.uri.fsPath, taxonomyUri.fsPath).split(path.sep).join('/')));
    const onDisk = () => this.scheduleReload();
    this.disposables.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk));
    // Saving in an editor fires the watcher too, but only after the save: listen to the document as well so the tree
    // follows an edit as soon as it is saved, whichever event comes first.
    this.disposables.push(vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.fsPath === taxonomyUri.fsPath) onDisk(); }));
    this.syncProblems();
    log.info(`${folder.name}: taxonomy ${rel}${store.foreign ? ' (another tool\'s JSON: left alone)' : store.problems.length ? ` (${count(store.problems.length, 'problem')})` : store.state ? '' : ' (not created yet)'}`);
  }

  static async open(folder: vscode.WorkspaceFolder, taxonomyPath: string, storageRoot: string, artifacts: ArtifactStore, diagnostics: vscode.DiagnosticCollection, log: Log, compute: ComputeThread): Promise<WorkspaceFolderModel> {
    const file = path.resolve(folder.uri.fsPath, taxonomyPath);
    // Parsing, validating and serializing the file take tens of ms at 15k chunks: done on the compute thread.
    const store = await TaxonomyStore.open(file, compute);
    const recordDir = recordDirFor(storageRoot, file);
    return new WorkspaceFolderModel(folder, vscode.Uri.file(file), store, artifacts, recordDir, diagnostics, log, await loadRecord(recordDir), await History.unpack(await loadHistory(recordDir)), compute);
  }

  get undoLabel(): string | null { return this.history.canUndo; }
  get redoLabel(): string | null { return this.history.canRedo; }

  private remember(description: string, change: WrittenChange, announce = true): void {
    this.history.record(description, change);
    this.persistHistory();
    if (announce) this.emitter.fire('history');
  }

  private persistHistory(): void {
    // A file of our own in global storage, not the workspace state, which the workbench flushes when it pleases (a
    // reload soon after an edit lost it). Serialised: a slow write must not let an older history overwrite a newer one.
    // Packed in turn too, so each save holds a state at least as new as the one before.
    this.historyWrite = this.historyWrite.then(async () => saveHistory(this.recordDir, await this.history.pack())).catch((e) => this.log.error('saving the undo history failed', e));
  }

  /** Settles when the undo history written so far is on disk (deactivation waits for it: a reload right after an edit must keep it). */
  flush(): Promise<void> {
    return this.historyWrite;
  }

  undo(): Promise<boolean> {
    return this.step('undo');
  }

  redo(): Promise<boolean> {
    return this.step('redo');
  }

  private async step(verb: 'undo' | 'redo'): Promise<boolean> {
    const reason = this.readOnlyReason();
    if (reason) {
      void vscode.window.showErrorMessage(reason);
      return false;
    }
    let r: HistoryResult;
    try {
      r = await (verb === 'undo' ? this.history.undo(this.store) : this.history.redo(this.store));
    } catch (e) {
      r = { ok: false, message: `Cannot ${verb}: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.persistHistory();
    this.emitter.fire('history');
    if (!r.ok) {
      void vscode.window.showWarningMessage(`Literature Map: ${r.message}`);
      return false;
    }
    this.log.info(`${this.folder.name}: ${verb === 'undo' ? 'undid' : 'redid'} "${r.description}"${r.merged ? ' (merged into newer changes of the file)' : ''}`);
    if (r.merged) void vscode.window.showInformationMessage(`Literature Map: ${verb === 'undo' ? 'undid' : 'redid'} "${r.description}", keeping the newer changes made to the file since.`);
    return true;
  }

  get taxonomy(): Taxonomy | undefined { return this.store.state ?? undefined; }
  get problems(): readonly TaxonomyProblem[] { return this.store.problems; }

  get artifact(): RunArtifact | undefined {
    const t = this.taxonomy;
    if (!t) return undefined;
    if (this.view?.taxonomy !== t) {
      const key = t.run.artifact;
      this.view = { taxonomy: t, artifact: key === undefined ? undefined : viewArtifact(this.loaded.get(key), key, t) };
    }
    return this.view.artifact;
  }

  get runDataStatus(): RunDataStatus {
    const key = this.taxonomy?.run.artifact;
    if (key === undefined) return 'none';
    if (this.loaded.has(key)) return 'ok';
    return this.loadingKey === key || !this.missing.has(key) ? 'loading' : 'missing';
  }

  /** Loads the run data the file names, when it is not loaded yet (asynchronously; fires 'artifact' when it is in). */
  private fetchRunData(): void {
    const key = this.taxonomy?.run.artifact;
    if (key === undefined || this.loaded.has(key) || this.loadingKey === key || this.missing.has(key)) return;
    this.loadingKey = key;
    this.artifacts.load(key).then((a) => {
      if (a) this.keepRunData(key, a);
      else {
        this.missing.add(key);
        this.log.info(`${this.folder.name}: the run data of this version of the taxonomy file (${key}) is not on this machine; re-run to rebuild it`);
      }
    }, (e) => {
      this.missing.add(key);
      this.log.error(`${this.folder.name}: reading the run data ${key} failed`, e);
    }).finally(() => {
      if (this.loadingKey === key) this.loadingKey = undefined;
      this.emitter.fire('artifact');
      // The file may have moved on to another run meanwhile.
      if (this.taxonomy?.run.artifact !== key) this.fetchRunData();
    });
  }

  private keepRunData(key: string, a: RunArtifact): void {
    this.missing.delete(key);
    this.loaded.delete(key);
    this.loaded.set(key, a);
    const current = this.taxonomy?.run.artifact;
    for (const k of [...this.loaded.keys()]) if (this.loaded.size > 2 && k !== key && k !== current) this.loaded.delete(k);
    this.view = undefined;
  }

  /** Where this taxonomy file's run record, undo history and saved layout live. */
  get runDir(): string { return this.recordDir; }

  /** The file holding the run data this version of the taxonomy names (when it is here). */
  get runDataFile(): string | undefined {
    const key = this.taxonomy?.run.artifact;
    return key !== undefined && this.loaded.has(key) ? this.artifacts.fileOf(key) : undefined;
  }

  get layoutInfo(): RunLayoutInfo | undefined {
    if (this.layoutInfoValue === null) this.layoutInfoValue = readRunLayoutInfo(this.recordDir);
    return this.layoutInfoValue;
  }

  /** The saved layout's description changed (a run kept its layout, or a granularity was applied). */
  notifyLayout(): void {
    this.layoutInfoValue = null;
    this.emitter.fire('layout');
  }
  /** The folder the last run mapped (taxonomy source paths are relative to it). */
  get runRoot(): string | undefined { return this.record?.root; }

  private syncProblems(): void {
    const problems = this.store.problems;
    this.diagnostics.set(this.taxonomyUri, toDiagnostics(problems));
    const key = JSON.stringify(problems);
    if (key !== this.lastProblems) {
      this.lastProblems = key;
      this.emitter.fire('problems');
    }
  }

  private scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    // Editors and git write in several steps; a short debounce reads the settled file once.
    this.reloadTimer = setTimeout(() => void this.reload(), 75);
  }

  async reload(): Promise<void> {
    try {
      const { changed, conflicts } = await this.store.reloadFromDisk();
      if (conflicts.length) {
        void vscode.window.showWarningMessage(`Literature Map: the taxonomy file changed on disk while you edited it; ${conflicts.length} conflicting change(s) kept the version on disk: ${conflicts.slice(0, 3).join('; ')}`);
      }
      if (changed) this.log.info(`${this.folder.name}: taxonomy file reloaded`);
    } catch (e) {
      this.log.error(`${this.folder.name}: reloading the taxonomy failed`, e);
    }
    this.syncProblems();
  }

  /** The file at the taxonomy path is another tool's JSON: no diagnostics, no warnings, never written. */
  get foreign(): boolean { return this.store.foreign; }

  private readOnlyReason(): string | undefined {
    if (this.store.foreign) return foreignMessage(this.taxonomyUri);
    if (this.problems.length) return `The taxonomy file ${vscode.workspace.asRelativePath(this.taxonomyUri)} has errors (see the Problems view); fix them before editing.`;
    if (!this.taxonomy) return 'There is no taxonomy yet: map a folder first.';
    return undefined;
  }

  /** `retrying`: checked after a failed op; true means the caller tries again, so no error is shown. */
  async apply(op: (t: Taxonomy) => Taxonomy, description: string, retrying: () => boolean = () => false): Promise<boolean> {
    const reason = this.readOnlyReason();
    if (reason) {
      void vscode.window.showErrorMessage(reason);
      return false;
    }
    try {
      // Recorded before the store tells its listeners, so one refresh shows the edit and its Undo together.
      await this.store.edit(op, (change) => this.remember(description, change, false));
      this.log.info(`${this.folder.name}: ${description}`);
      return true;
    } catch (e) {
      if (!retrying()) void vscode.window.showErrorMessage(`Literature Map: ${description} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.syncProblems();
      return false;
    }
  }

  async applyMerge(topicIds: string[]): Promise<boolean | 'cancelled'> {
    const t = this.taxonomy;
    const warning = t && mergeWarning(t, topicIds);
    if (warning && (await this.confirm(warning)) !== true) {
      this.log.info(`${this.folder.name}: merge of ${topicIds.length} topics cancelled at the confirmation`);
      return 'cancelled';
    }
    if (!this.artifact) {
      void vscode.window.showErrorMessage(this.runDataStatus === 'loading'
        ? 'The run data of this taxonomy is still loading; try the merge again in a moment.'
        : 'Merging needs the per-chunk data of the run this taxonomy file describes, which is not on this machine; re-run the map first.');
      return false;
    }
    const description = `Merge ${count(topicIds.length, 'topic')}`;
    // The keywords need c-TF-IDF over every chunk (seconds at 15k chunks): planned here on this version of the file's
    // view of its run data, computed on the compute thread, then applied to the file as it is by then. An edit in
    // between that changes the merge's classes makes the op refuse, and it is planned again.
    for (let attempt = 0; attempt < 3; attempt++) {
      let labels: Int32Array;
      let described: ClassKeywords;
      try {
        const t = this.taxonomy!;
        const view = this.viewFor(t);
        if (!view) throw new Error('the run data of this version of the taxonomy file is not here; re-run the map before merging');
        labels = planMerge(t, topicIds, view).labels;
        described = await this.compute.describe(view.chunks, labels, mergeVectorizer(t), 10);
      } catch (e) {
        void vscode.window.showErrorMessage(`Literature Map: ${description} failed: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
      let stale = false;
      const ok = await this.apply((t) => {
        // The view of the run data as this very state sees it (the file may have changed since the click).
        const artifact = this.viewFor(t);
        if (!artifact) throw new TaxonomyOpError('the taxonomy file now describes another run; re-run the map before merging');
        return mergeTopics(t, topicIds, {
          artifact,
          describe: (_texts, now) => {
            if (now.length !== labels.length || now.some((l, i) => l !== labels[i])) {
              stale = true;
              throw new TaxonomyOpError('The topics changed while the merge was being computed');
            }
            return described;
          },
        }).taxonomy;
      }, description, () => stale);
      if (stale) continue;
      return ok;
    }
    void vscode.window.showErrorMessage(`Literature Map: ${description} failed: the topics kept changing while it was computed; try again.`);
    return false;
  }

  /** Asks with a modal dialog; tests replace it through the extension's API. */
  confirm: (w: MergeWarning) => Thenable<boolean> = (w) =>
    vscode.window.showWarningMessage(w.message, { modal: true, detail: w.detail }, w.action).then((b) => b === w.action);

  private viewFor(t: Taxonomy): RunArtifact | undefined {
    const key = t.run.artifact;
    return key === undefined ? undefined : viewArtifact(this.loaded.get(key), key, t);
  }

  /**
   * A finished run, built by the pipeline worker (serialized and checked there): its data was stored under its key
   * first, then the file naming that key is written. The file picks its data by key, so if the write fails the old
   * file still finds its own run's data and nothing is inconsistent.
   */
  async applyRun(built: EncodedTaxonomy, root: string, base: Taxonomy | undefined): Promise<void> {
    if (this.problems.length) throw new Error('The taxonomy file has errors; it was not overwritten.');
    if (this.store.foreign) throw new Error(foreignMessage(this.taxonomyUri));
    const key = built.taxonomy.run.artifact;
    // Decoded in slices that yield to the event loop (artifact-codec.ts).
    const artifact = key === undefined ? undefined : await this.artifacts.load(key);
    if (!artifact || key === undefined) throw new Error(`internal: the run data ${key ?? '(no key)'} the new taxonomy names was not stored`);
    this.keepRunData(key, artifact);
    // `base` is what the run was reconciled against: edits that reached the file since are merged in, not lost.
    const { conflicts, ...change } = await this.store.replaceTracked(built, base);
    this.remember('Re-run', change);
    this.record = { root, finishedAt: new Date().toISOString() };
    await saveRecord(this.recordDir, this.record).catch((e) => this.log.error('saving the run record failed', e));
    this.emitter.fire('artifact');
    if (conflicts.length) {
      void vscode.window.showWarningMessage(`Literature Map: the taxonomy changed while the run was being written; ${conflicts.length} conflicting field(s) kept your current version: ${conflicts.slice(0, 3).join('; ')}`);
    }
  }

  /** Where run data is stored (the pipeline worker stores a new run's there). */
  get runDataDir(): string { return this.artifacts.dir; }

  /** The file's bytes as last read or written (what a run's worker carries the curation over from). */
  get taxonomyText(): string | null { return this.store.text; }

  async openChunk(loc: ChunkLocation): Promise<void> {
    const root = this.record?.root ?? this.folder.uri.fsPath;
    // A paper's source is `<export>#<key>`: its excerpt lines are in the export file.
    const rel = fileOfSource(this.taxonomy, loc.source);
    const file = path.resolve(root, rel);
    // Sources come from the taxonomy file, which anyone can edit: never open something outside the mapped folder.
    if (path.relative(root, file).startsWith('..') || path.isAbsolute(path.relative(root, file))) {
      void vscode.window.showErrorMessage(`Not opening ${loc.source}: it is outside the mapped folder.`);
      return;
    }
    const start = Math.max(0, loc.lineStart - 1);
    const end = Math.max(start, (loc.lineEnd ?? loc.lineStart) - 1);
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const endLine = Math.min(end, doc.lineCount - 1);
      // Columns (one-line Whisper JSON) narrow the selection to the chunk's text; validatePosition clamps a stale one.
      const from = doc.validatePosition(new vscode.Position(start, loc.colStart ?? 0));
      const to = doc.validatePosition(new vscode.Position(endLine, loc.colEnd ?? doc.lineAt(Math.max(0, endLine)).text.length));
      const range = new vscode.Range(from, to);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(from, from), preview: true });
      const editor = vscode.window.activeTextEditor;
      editor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      // Anchored at the end, so the chunk (a whole cue for captions) is selected with the cursor at its start.
      if (editor) editor.selection = new vscode.Selection(to, from);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot open ${loc.source}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.diagnostics.delete(this.taxonomyUri);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.store.dispose();
  }
}
