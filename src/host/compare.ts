// Literature Map: Compare with…: pick a branch, tag or recent commit of the clone, read the taxonomy file as it is
// there (git show, off the extension host's thread), and show the differences and the agreement in the panel.
import * as vscode from 'vscode';
import path from 'node:path';
import { buildComparison, type Comparison } from '../analysis/comparison';
import { git } from '../git/git';
import { readFileOrRevision } from '../git/revision';
import { findClone, pathInClone } from '../git/setup';
import { parseTaxonomy } from '../taxonomy/serialize';
import type { FolderModel, ModelRegistry } from './folder-model';

interface RevisionItem extends vscode.QuickPickItem { rev: string }

async function revisions(top: string): Promise<RevisionItem[]> {
  const refs = await git(top, ['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)%09%(HEAD)%09%(subject)', 'refs/heads', 'refs/remotes', 'refs/tags']);
  const log = await git(top, ['log', '-n', '15', '--format=%h%09%s%09%cr'], { allowFailure: true });
  const items: RevisionItem[] = [];
  for (const line of refs.stdout.split('\n').filter(Boolean)) {
    const [name, head, subject] = line.split('\t');
    if (name.endsWith('/HEAD')) continue;
    items.push({ label: `$(git-branch) ${name}`, description: head === '*' ? 'current branch' : undefined, detail: subject, rev: name });
  }
  if (items.length) items.push({ label: 'Recent commits', kind: vscode.QuickPickItemKind.Separator, rev: '' });
  for (const line of log.stdout.split('\n').filter(Boolean)) {
    const [hash, subject, when] = line.split('\t');
    items.push({ label: `$(git-commit) ${hash}`, description: when, detail: subject, rev: hash });
  }
  return items;
}

/** `rev` given (tests, links): no quick pick. */
async function compare(models: ModelRegistry, show: (c: Comparison) => void, rev?: string): Promise<void> {
  const model: FolderModel | undefined = models.active ?? models.all().find((m) => m.taxonomy);
  if (!model?.taxonomy) return void vscode.window.showInformationMessage('Compare with…: there is no readable taxonomy file to compare yet.');
  const clone = await findClone(path.dirname(model.taxonomyUri.fsPath));
  if (!clone) return void vscode.window.showInformationMessage(`Compare with…: ${model.folder.name} is not in a git clone, so there is no branch or commit to compare with.`);
  const rel = pathInClone(clone, model.taxonomyUri.fsPath);
  if (!rev) {
    const pick = await vscode.window.showQuickPick(revisions(clone.top), { title: `Compare ${rel} with…`, placeHolder: 'A branch, tag or commit', matchOnDetail: true });
    if (!pick) return;
    rev = pick.rev;
  }
  const spec = `${rev}:${rel}`;
  let text: string;
  try {
    text = (await readFileOrRevision(spec, clone.top)).text;
  } catch (e) {
    return void vscode.window.showErrorMessage(`Compare with ${spec}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseTaxonomy(text, spec);
  if (!parsed.ok) return void vscode.window.showErrorMessage(`Compare with ${spec}: ${parsed.errors[0].message} (line ${parsed.errors[0].line})`);
  show(buildComparison(model.taxonomy, parsed.taxonomy, spec));
}

export function registerCompareCommand(models: ModelRegistry, show: (c: Comparison) => void): vscode.Disposable {
  return vscode.commands.registerCommand('literatureMap.compareWith', (rev?: unknown) => compare(models, show, typeof rev === 'string' ? rev : undefined));
}
