// Literature Map: Export…: pick what to export, pick where (the workspace folder by default), write it, offer to open
// it. The bytes come from src/analysis/export, the same code `literature-map export` runs.
import * as vscode from 'vscode';
import { EXPORTS, ExportError, renderExport, type ExportSpec } from '../analysis/export';
import { topicsOverTime, type Period } from '../analysis/over-time';
import { hasPapers } from '../analysis/papers';
import type { FolderModel, ModelRegistry } from './folder-model';

const COMMAND = 'literatureMap.export';

async function pickModel(models: ModelRegistry, uri?: vscode.Uri): Promise<FolderModel | undefined> {
  const fromUri = uri ? models.get(uri) : undefined;
  if (fromUri) return fromUri;
  const usable = models.all().filter((m) => m.taxonomy || m.problems.length);
  const active = models.active;
  if (active && usable.includes(active)) return active;
  if (usable.length <= 1) return usable[0];
  const pick = await vscode.window.showQuickPick(
    usable.map((m) => ({ label: m.folder.name, description: vscode.workspace.asRelativePath(m.taxonomyUri), model: m })),
    { title: 'Export from which folder’s taxonomy?' },
  );
  return pick?.model;
}

interface ExportItem extends vscode.QuickPickItem { spec: ExportSpec }

async function pickExport(m: FolderModel): Promise<ExportSpec | undefined> {
  const items: ExportItem[] = EXPORTS.map((spec) => ({
    label: spec.label,
    description: spec.fileName,
    detail: spec.needsArtifact && !m.artifact ? 'Needs the per-chunk data of a run: map the folder first'
      : spec.needsPapers && m.taxonomy && !hasPapers(m.taxonomy) ? 'No source is a paper (a record of a RIS, BibTeX, CSV, WoS, PubMed or OpenAlex export)' : undefined,
    spec,
  }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Literature Map: Export', placeHolder: 'What to export' });
  return pick?.spec;
}

async function pickPeriod(): Promise<Period | undefined> {
  const pick = await vscode.window.showQuickPick(
    [{ label: 'Per year', period: 'year' as const }, { label: 'Per decade', period: 'decade' as const }],
    { title: 'Topics over time', placeHolder: 'Period' },
  );
  return pick?.period;
}

function withPeriod(fileName: string, period: Period): string {
  return period === 'year' ? fileName : fileName.replace(/(\.[a-z]+)$/, `-${period}$1`);
}

async function runExport(models: ModelRegistry, uri?: vscode.Uri): Promise<void> {
  const m = await pickModel(models, uri);
  if (!m) return void vscode.window.showInformationMessage('Literature Map: there is no taxonomy to export yet: map a folder first.');
  if (m.problems.length) {
    return void vscode.window.showErrorMessage(
      `Literature Map: ${vscode.workspace.asRelativePath(m.taxonomyUri)} has errors (see the Problems view); fix them before exporting, so the export shows the file as it is.`);
  }
  const taxonomy = m.taxonomy;
  if (!taxonomy) return void vscode.window.showInformationMessage('Literature Map: there is no taxonomy to export yet: map a folder first.');
  const spec = await pickExport(m);
  if (!spec) return;

  let period: Period | undefined;
  let fileName = spec.fileName;
  if (spec.table === 'over-time') {
    if (topicsOverTime(taxonomy).buckets.length === 0) {
      return void vscode.window.showWarningMessage(
        'Literature Map: no source has a date. Dates come from the file name (2019-05-01 or 2019), a Markdown front-matter "date:" or a "date" field in Whisper JSON; re-run after adding them.');
    }
    period = await pickPeriod();
    if (!period) return;
    fileName = withPeriod(fileName, period);
  }
  let text: string;
  try {
    text = renderExport(taxonomy, spec.format, spec.table, { period, artifact: m.artifact });
  } catch (e) {
    if (e instanceof ExportError) return void vscode.window.showErrorMessage(`Literature Map: ${e.message}`);
    throw e;
  }
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1);
  const target = await vscode.window.showSaveDialog({
    title: `Export ${spec.label}`,
    defaultUri: vscode.Uri.joinPath(m.folder.uri, fileName),
    filters: { [spec.label]: [ext] },
  });
  if (!target) return;
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  } catch (e) {
    return void vscode.window.showErrorMessage(`Literature Map: could not write ${target.fsPath}: ${(e as Error).message}`);
  }
  const open = await vscode.window.showInformationMessage(`Literature Map: exported ${vscode.workspace.asRelativePath(target)}.`, 'Open');
  if (open === 'Open') await vscode.commands.executeCommand('vscode.open', target);
}

export function registerExportCommand(_context: vscode.ExtensionContext, models: ModelRegistry): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND, (uri?: unknown) => runExport(models, uri instanceof vscode.Uri ? uri : undefined));
}
