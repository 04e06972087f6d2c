// One workspace folder's taxonomy as the UI sees it: the taxonomy store (the file), the run artifact (global storage),
// a file watcher that reloads on hand edits / git checkouts, and diagnostics for an invalid file.
import * as vscode from 'vscode';
import path from 'node:path';
import { TaxonomyStore } from '../taxonomy/store';
import { mergeTopics, planMerge, TaxonomyOpError } from '../taxonomy/operations';
import type { ClassKeywords, ComputeThread } from './compute-thread';
import type { RunArtifact, Taxonomy, TaxonomyProblem } from '../taxonomy/types';
import { artifactDirFor, loadArtifact, saveArtifact, type RunRecord } from './artifact-store';
import { toDiagnostics } from './diagnostics';
import { readRunLayoutInfo, type RunLayoutInfo } from '../pipeline/run-layout';
import { fileOfSource } from '../taxonomy/papers';
import type { Log } from './log';
import type { ChunkLocation } from '../chunk-location';
import { count } from '../words';


export interface FolderModel {
  readonly folder: vscode.WorkspaceFolder;
  readonly taxonomyUri: vscode.Uri;
  /** Last good state. */
  readonly taxonomy: Taxonomy | undefined;
  /** Non-empty: the file is invalid and read-only until fixed. */
  readonly problems: readonly TaxonomyProblem[];
  /** Per-chunk data of the last run (global storage). */
  readonly artifact: RunArtifact | undefined;
  readonly onDidChange: vscode.Event<'taxonomy' | 'artifact' | 'problems' | 'layout'>;
  /** The saved layout's description (granularity options, applied and previous option), when the run kept one. */
  readonly layoutInfo: RunLayoutInfo | undefined;
  /** Shows errors to the user itself; false when nothing was written. */
  apply(op: (t: Taxonomy) => Taxonomy, description: string): Promise<boolean>;
  applyMerge(topicIds: string[]): Promise<boolean>;
  openChunk(loc: ChunkLocation): Promise<void>;
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
  private readonly emitter = new vscode.EventEmitter<'taxonomy' | 'artifact' | 'problems' | 'layout'>();
  private layoutInfoValue: RunLayoutInfo | undefined | null = null;
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private artifactValue: RunArtifact | undefined;
  private record: RunRecord | undefined;
  private lastProblems = '';
  private reloadTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly taxonomyUri: vscode.Uri,
    private readonly store: TaxonomyStore,
    private readonly artifactDir: string,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly log: Log,
    private readonly compute: ComputeThread,
  ) {
    const loaded = loadArtifact(artifactDir);
    this.artifactValue = loaded.artifact;
    this.record = loaded.record;
    const unsubscribe = store.onDidChange(() => {
      this.emitter.fire('taxonomy');
      this.syncProblems();
    });
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

  static async open(folder: vscode.WorkspaceFolder, taxonomyPath: string, storageRoot: string, diagnostics: vscode.DiagnosticCollection, log: Log, compute: ComputeThread): Promise<WorkspaceFolderModel> {
    const file = path.resolve(folder.uri.fsPath, taxonomyPath);
    const store = await TaxonomyStore.open(file);
    return new WorkspaceFolderModel(folder, vscode.Uri.file(file), store, artifactDirFor(storageRoot, file), diagnostics, log, compute);
  }

  get taxonomy(): Taxonomy | undefined { return this.store.state ?? undefined; }
  get problems(): readonly TaxonomyProblem[] { return this.store.problems; }
  get artifact(): RunArtifact | undefined { return this.artifactValue; }
  /** Where the last run's data lives (artifact, saved layout). */
  get runDir(): string { return this.artifactDir; }

  get layoutInfo(): RunLayoutInfo | undefined {
    if (this.layoutInfoValue === null) this.layoutInfoValue = readRunLayoutInfo(this.artifactDir);
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
      await this.store.apply(op, description);
      this.log.info(`${this.folder.name}: ${description}`);
      return true;
    } catch (e) {
      if (!retrying()) void vscode.window.showErrorMessage(`Literature Map: ${description} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.syncProblems();
      return false;
    }
  }

  async applyMerge(topicIds: string[]): Promise<boolean> {
    const artifact = this.artifactValue;
    if (!artifact) {
      void vscode.window.showErrorMessage('Merging needs the data of the last run, which is missing here; re-run the map first.');
      return false;
    }
    const description = `Merge ${count(topicIds.length, 'topic')}`;
    const reason = this.readOnlyReason();
    if (reason) {
      void vscode.window.showErrorMessage(reason);
      return false;
    }
    // The keywords need c-TF-IDF over every chunk (seconds at 15k chunks): planned here, computed on the compute
    // thread, then applied to the file as it is by then. An edit in between that changes the merge's classes makes
    // the op refuse, and it is planned again.
    let nextArtifact: RunArtifact | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      let labels: Int32Array;
      let described: ClassKeywords;
      try {
        labels = planMerge(this.taxonomy!, topicIds, artifact).labels;
        described = await this.compute.describe(artifact.chunks, labels, mergeVectorizer(this.taxonomy!), 10);
      } catch (e) {
        void vscode.window.showErrorMessage(`Literature Map: ${description} failed: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
      let stale = false;
      const ok = await this.apply((t) => {
        const r = mergeTopics(t, topicIds, {
          artifact,
          describe: (_texts, now) => {
            if (now.length !== labels.length || now.some((l, i) => l !== labels[i])) {
              stale = true;
              throw new TaxonomyOpError('The topics changed while the merge was being computed');
            }
            return described;
          },
        });
        nextArtifact = r.artifact;
        return r.taxonomy;
      }, description, () => stale);
      if (stale) continue;
      if (ok && nextArtifact) this.setArtifact(nextArtifact, this.record);
      return ok;
    }
    void vscode.window.showErrorMessage(`Literature Map: ${description} failed: the topics kept changing while it was computed; try again.`);
    return false;
  }

  private setArtifact(artifact: RunArtifact, record: RunRecord | undefined): void {
    try {
      saveArtifact(this.artifactDir, artifact, record);
    } catch (e) {
      this.log.error('saving the run data failed (merges and the map need a re-run)', e);
    }
    this.artifactValue = artifact;
    this.record = record;
    this.emitter.fire('artifact');
  }

  /** A finished run: the artifact first (so listeners of 'taxonomy' see matching per-chunk data), then the file. */
  async applyRun(taxonomy: Taxonomy, artifact: RunArtifact, root: string, base: Taxonomy | undefined): Promise<void> {
    if (this.problems.length) throw new Error('The taxonomy file has errors; it was not overwritten.');
    if (this.store.foreign) throw new Error(foreignMessage(this.taxonomyUri));
    this.setArtifact(artifact, { root, finishedAt: new Date().toISOString() });
    // `base` is what the run was reconciled against: edits that reached the file since are merged in, not lost.
    const conflicts = await this.store.replace(taxonomy, base);
    if (conflicts.length) {
      void vscode.window.showWarningMessage(`Literature Map: the taxonomy changed while the run was being written; ${conflicts.length} conflicting field(s) kept your current version: ${conflicts.slice(0, 3).join('; ')}`);
    }
  }

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
