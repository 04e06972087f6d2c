// Restricted mode (an untrusted workspace): the taxonomy is shown and stays editable, running the pipeline is refused
// without starting a worker, and workspace settings that point the model loader elsewhere are ignored.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { api, until } from './helpers';

describe('Literature Map in an untrusted workspace', function () {
  const folder = () => vscode.workspace.workspaceFolders![0];
  const file = () => vscode.Uri.joinPath(folder().uri, 'taxonomy.json').fsPath;

  it('opens in restricted mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('shows the existing taxonomy', async () => {
    const a = await api();
    const topics = await until('topics in the tree', () => {
      const unassigned = a.tree.getChildren().find((n) => n.kind === 'group' && n.group === 'unassigned');
      const children = unassigned ? a.tree.getChildren(unassigned) : [];
      return children.length ? children : undefined;
    }, [a.tree.onDidChangeTreeData], 10000);
    assert.ok(topics.length >= 2);
  });

  it('refuses to run, starts no worker and leaves the file alone', async () => {
    const a = await api();
    const before = fs.readFileSync(file());
    assert.equal(await vscode.commands.executeCommand('literatureMap.mapFolder', folder().uri), 'refused');
    assert.equal(await vscode.commands.executeCommand('literatureMap.rerun'), 'refused');
    assert.equal(a.liveWorkerCount(), 0);
    assert.deepEqual(fs.readFileSync(file()), before);
  });

  it('ignores workspace values of the model mirror and local model folder', () => {
    const c = vscode.workspace.getConfiguration('literatureMap', folder().uri);
    assert.equal(c.get('embedding.mirror'), '', 'the workspace mirror (file:///etc/) must not apply');
    assert.equal(c.get('embedding.localModelPath'), '');
    const onDisk = fs.readFileSync(vscode.Uri.joinPath(folder().uri, '.vscode', 'settings.json').fsPath, 'utf8');
    assert.match(onDisk, /file:\/\/\/etc\//, 'the fixture did set it in the workspace');
  });
});
