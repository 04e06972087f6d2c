// The Literature Map panel on the host side: one panel, following the active folder model, restored after a window
// reload by the serializer (its state is re-sent from the model, so nothing but UI state lives in the webview).
import * as vscode from 'vscode';
import type { FolderModel, ModelRegistry } from '../folder-model';
import type { Comparison } from '../../analysis/comparison';
import { PANEL_VIEW_TYPE, checkWebviewMessage, isCurationAction, type HierarchyTree, type HostMessage, type PanelState, type WebviewMessage } from '../../protocol';
import { planEdit } from './actions';
import type { ComputeThread } from '../compute-thread';
import type { Log } from '../log';
import { runSuggestions, type SuggestRequest } from '../suggestions';
import { makeNonce, renderPanelHtml } from './html';
import { buildHierarchyWith, buildMapMessage, chunkItem, chunkPage, computePrevalence, runDataNote, toPanelProblems } from './state';
import { granularityState } from './granularity-state';

/** `comparisons`: "Compare with…" results to show (the panel opens for them). */
export function registerPanel(context: vscode.ExtensionContext, models: ModelRegistry, compute: ComputeThread, log: Log, comparisons?: vscode.Event<Comparison>): vscode.Disposable {
  let current: LiteraturePanel | undefined;
  let comparison: Comparison | undefined;
  const adopt = (panel: vscode.WebviewPanel): LiteraturePanel => {
    current?.dispose();
    const p = new LiteraturePanel(panel, context.extensionUri, models, (m, r) => runSuggestions(context, m, r), compute, log, () => comparison);
    current = p;
    panel.onDidDispose(() => { if (current === p) current = undefined; });
    return p;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('literatureMap.openPanel', () => {
      if (current) {
        current.panel.reveal();
        return;
      }
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Literature Map', vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
      adopt(panel);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        panel.webview.options = webviewOptions(context.extensionUri);
        adopt(panel);
      },
    }),
    comparisons?.(async (c) => {
      comparison = c;
      if (current) current.showComparison(c);
      else await vscode.commands.executeCommand('literatureMap.openPanel'); // sent once the new panel is ready
      current?.panel.reveal();
    }) ?? { dispose: () => undefined },
    { dispose: () => current?.dispose() },
  );
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

class LiteraturePanel {
  private readonly disposables: vscode.Disposable[] = [];
  private modelSubscription: vscode.Disposable | undefined;
  private model: FolderModel | undefined;
  private ready = false;
  private disposed = false;

  constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly models: ModelRegistry,
    private readonly suggest: (m: FolderModel, r: SuggestRequest) => Promise<{ ok: boolean; message: string }>,
    private readonly compute: ComputeThread, private readonly log: Log,
    private readonly lastComparison: () => Comparison | undefined = () => undefined) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'panel-icon.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        // The webview renders untrusted text: whatever it sends is checked before it can reach the taxonomy.
        const c = checkWebviewMessage(m);
        if (c.ok) void this.onMessage(c.message);
        else this.log.warn(`panel: dropped a malformed message (${c.reason})`);
      }),
      models.onDidChangeActive((m) => { if (m) this.follow(m); }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.follow(models.active ?? models.all()[0]);
  }

  private html(): string {
    const w = this.panel.webview;
    const uri = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    return renderPanelHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      scriptUri: uri('dist', 'webview.js'),
      styleUri: uri('media', 'panel.css'),
      codiconUri: uri('dist', 'codicons', 'codicon.css'),
    });
  }

  private follow(model: FolderModel | undefined): void {
    if (model === this.model && this.modelSubscription) return;
    this.modelSubscription?.dispose();
    this.model = model;
    this.modelSubscription = model?.onDidChange((what) => {
      this.pushState();
      // A merge or a re-run changes which topics the map's indices point at; renames and moves do not.
      if (what === 'artifact' || this.topicSignature() !== this.mapSignature) this.pushMap();
    });
    // The folder first: a narrow tab cuts the end of its title, and the folder is what tells two panels apart.
    this.panel.title = model ? `${model.folder.name} · Literature Map` : 'Literature Map';
    if (this.ready) {
      this.pushState();
      this.pushMap();
    }
  }

  showComparison(c: Comparison): void {
    if (this.ready) this.post({ type: 'comparison', comparison: c });
  }

  private post(m: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private state(): PanelState {
    const m = this.model;
    const t = m?.taxonomy ?? null;
    return {
      folder: m ? m.folder.name : null,
      taxonomyPath: m ? vscode.workspace.asRelativePath(m.taxonomyUri, false) : null,
      taxonomy: t,
      problems: m ? toPanelProblems(m.problems) : [],
      prevalence: t ? computePrevalence(t) : null,
      hasArtifact: !!m?.artifact,
      runDataNote: m && t ? runDataNote(m.runDataStatus, vscode.workspace.asRelativePath(m.taxonomyUri, false)) : null,
      history: { undo: m?.undoLabel ?? null, redo: m?.redoLabel ?? null },
      granularity: m?.artifact ? granularityState(m.layoutInfo, t ?? undefined) : null,
    };
  }

  private pushState(): void {
    this.post({ type: 'state', state: this.state() });
  }

  private mapSignature = '';
  private hierarchyCache: { artifact: object; key: string; tree: Promise<HierarchyTree | null> } | undefined;

  private topicSignature(): string {
    return this.model?.taxonomy?.topics.map((t) => t.id).join(',') ?? '';
  }

  private pushMap(): void {
    const a = this.model?.artifact;
    this.mapSignature = this.topicSignature();
    this.post(a ? buildMapMessage(a, this.model?.taxonomy) : { type: 'noMap' });
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    const model = this.model;
    if (m.type === 'ready') {
      this.ready = true;
      this.pushState();
      this.pushMap();
      const c = this.lastComparison();
      if (c) this.post({ type: 'comparison', comparison: c });
      return;
    }
    if (m.type === 'compareWith') return void vscode.commands.executeCommand('literatureMap.compareWith');
    if (m.type === 'openChunk') {
      if (model) await model.openChunk(m.loc);
      return;
    }
    if (m.type === 'requestChunks') {
      const a = model?.artifact;
      if (!a) return this.post({ type: 'error', requestId: m.requestId, message: 'No run artifact: re-run the model to list every chunk.' });
      const page = chunkPage(a, m.topicId, m.offset, m.limit);
      return this.post({ type: 'chunks', requestId: m.requestId, topicId: m.topicId, offset: m.offset, ...page });
    }
    if (m.type === 'requestExcerpt') {
      const a = model?.artifact;
      return this.post({ type: 'excerpt', requestId: m.requestId, item: a ? chunkItem(a, m.index) : null });
    }
    if (m.type === 'requestHierarchy') {
      const a = model?.artifact;
      const t = model?.taxonomy;
      if (!a || !t) return this.post({ type: 'error', requestId: m.requestId, message: 'No run artifact: re-run the model to see the topic hierarchy.' });
      try {
        // ~4 s on the 15k-paragraph reference (c-TF-IDF over every chunk), on the compute thread: computed once per
        // artifact and set of topics, so a rename or a theme move does not pay it again.
        const key = this.topicSignature();
        if (this.hierarchyCache?.artifact !== a || this.hierarchyCache.key !== key) {
          const tree = buildHierarchyWith(a, t, (texts, labels, v, topN) => this.compute.hierarchy(texts, labels, v, topN));
          this.hierarchyCache = { artifact: a, key, tree };
          tree.catch(() => { if (this.hierarchyCache?.tree === tree) this.hierarchyCache = undefined; });
        }
        const tree = await this.hierarchyCache.tree;
        if (!tree) return this.post({ type: 'error', requestId: m.requestId, message: 'Fewer than two topics have chunks: there is nothing to merge.' });
        return this.post({ type: 'hierarchy', requestId: m.requestId, tree });
      } catch (e) {
        return this.post({ type: 'error', requestId: m.requestId, message: `Could not compute the hierarchy: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    if (m.type === 'applyGranularity') {
      // The run controller forks the worker and reconciles; the new state reaches the panel through the model.
      const status = await vscode.commands.executeCommand<string>('literatureMap.applyGranularity', m.option);
      return this.post({ type: 'result', requestId: m.requestId, ok: status === 'done', ...(status === 'done' ? {} : { error: `The granularity was not changed (${status ?? 'no answer'}).` }) });
    }
    if (m.type === 'suggest') {
      if (!model) return this.post({ type: 'result', requestId: m.requestId, ok: false, error: 'No folder is mapped yet.' });
      const r = await this.suggest(model, { ...(m.labels ? { labels: m.labels } : {}), ...(m.topicIds ? { topicIds: m.topicIds } : {}), ...(m.themes ? { themes: m.themes } : {}) });
      if (r.ok) this.post({ type: 'notice', message: r.message });
      return this.post({ type: 'result', requestId: m.requestId, ok: r.ok, ...(r.ok ? {} : { error: r.message }) });
    }
    if (isCurationAction(m)) {
      if (!model) return this.post({ type: 'result', requestId: m.requestId, ok: false, error: 'No folder is mapped yet.' });
      try {
        const plan = planEdit(m);
        let op = plan.kind === 'op' ? plan.op : undefined;
        const question = plan.kind === 'op' && model.taxonomy ? plan.confirm?.question(model.taxonomy) : undefined;
        if (plan.kind === 'op' && plan.confirm && question) {
          const yes = await vscode.window.showWarningMessage(question, { modal: true }, plan.confirm.button);
          if (yes !== plan.confirm.button) return this.post({ type: 'result', requestId: m.requestId, ok: false, cancelled: true, error: 'Nothing changed.' });
          op = plan.confirm.confirmed;
        }
        const done = plan.kind === 'merge' ? await model.applyMerge(plan.topicIds)
          : plan.kind === 'history' ? await (plan.verb === 'undo' ? model.undo() : model.redo())
          : await model.apply(op!, plan.description);
        if (done === 'cancelled') return this.post({ type: 'result', requestId: m.requestId, ok: false, cancelled: true, error: 'Merge cancelled: nothing was changed.' });
        this.post({ type: 'result', requestId: m.requestId, ok: done, ...(done ? {} : { error: 'The taxonomy file was not changed.' }) });
      } catch (e) {
        this.post({ type: 'result', requestId: m.requestId, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.modelSubscription?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
