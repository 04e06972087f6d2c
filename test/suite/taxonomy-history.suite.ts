// Undo/redo, confirmed merges and the Vanished group through the side panel's commands, in a real extension host.
// Runs after taxonomy-flow.suite.ts (file order), on the taxonomy file it leaves behind.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { Taxonomy } from '../../src/taxonomy/types';
import type { ThemesNode } from '../../src/host/themes-tree';
import { createTheme } from '../../src/taxonomy/operations';
import { api, until } from './helpers';

describe('Curation history, confirmations and vanished topics', function () {
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'taxonomy.json').fsPath;
  const text = () => fs.readFileSync(file(), 'utf8');

  it('Undo and Redo Taxonomy Edit take an edit back and replay it, to the byte', async () => {
    const a = await api();
    const model = a.registry.all()[0];
    await model.reload();
    const before = text();
    assert.ok(await model.apply((t) => createTheme(t, { name: 'Undo me' }), 'test: create theme'));
    const after = text();
    assert.notEqual(after, before);
    assert.equal(model.undoLabel, 'test: create theme');
    assert.equal(await vscode.commands.executeCommand('literatureMap.undo'), true);
    assert.equal(text(), before);
    assert.equal(await vscode.commands.executeCommand('literatureMap.redo'), true);
    assert.equal(text(), after);
    assert.equal(await vscode.commands.executeCommand('literatureMap.undo'), true);
  });

  it('a merge of many topics asks first: no leaves the file as it was, yes merges, undo restores it', async () => {
    const a = await api();
    const model = a.registry.all()[0];
    const topics = a.tree.getChildren().flatMap((n) => a.tree.getChildren(n)).filter((n): n is Extract<ThemesNode, { kind: 'topic' }> => n.kind === 'topic');
    assert.ok(topics.length >= 2, `at least two topics (${topics.length})`);
    // Every topic, like the hierarchy's root: the one taxonomy-flow marked irrelevant among them, so it must ask.
    const picked = topics;
    assert.ok(picked.some((n) => n.topic.irrelevant), 'an irrelevant topic among them');
    const asked: string[] = [];
    const original = model.confirm;
    try {
      model.confirm = (w) => { asked.push(w.detail); return Promise.resolve(false); };
      const before = text();
      const r = await vscode.commands.executeCommand('literatureMap.mergeTopics', picked[0], picked);
      assert.equal(r, false);
      assert.equal(asked.length, 1, 'asked once');
      assert.match(asked[0], /marked irrelevant[\s\S]*into one topic of \d+ chunks/);
      assert.equal(text(), before, 'declined: the file is byte-for-byte unchanged');
      model.confirm = () => Promise.resolve(true);
      assert.equal(await vscode.commands.executeCommand('literatureMap.mergeTopics', picked[0], picked), true);
      const merged = JSON.parse(text()) as Taxonomy;
      assert.equal(merged.topics.filter((t) => t.mergedFrom).length >= 1, true, 'the merge is recorded');
      assert.equal(await vscode.commands.executeCommand('literatureMap.undo'), true);
      assert.equal(text(), before, 'undo restores the bytes before the merge');
    } finally {
      model.confirm = original;
    }
  });

  it('a vanished topic shows in the Vanished group with what it held, and Dismiss removes it from the file', async () => {
    const a = await api();
    const t = JSON.parse(text()) as Taxonomy;
    t.vanished = [{ id: 't-0000beef', label: 'Old gardening topic', keywords: ['soil', 'compost'], size: 9, themes: [], note: 'Keep for the discussion.' }];
    fs.writeFileSync(file(), JSON.stringify(t, null, 2) + '\n');
    const group = await until('the Vanished group', () => a.tree.getChildren().find((n) => n.kind === 'group' && n.group === 'vanished'), [a.tree.onDidChangeTreeData], 5000);
    const [entry] = a.tree.getChildren(group);
    assert.equal(entry.kind, 'vanished');
    const item = a.tree.getTreeItem(entry);
    assert.equal(item.label, 'Old gardening topic');
    assert.match(String(item.description), /9 chunks · note/);
    // appendText escapes spaces as &nbsp;.
    assert.match((item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /soil, compost[\s\S]*Keep for the discussion\./);
    assert.equal(await vscode.commands.executeCommand('literatureMap.dismissVanished', entry), true);
    assert.deepEqual((JSON.parse(text()) as Taxonomy).vanished, []);
    assert.equal(a.tree.getChildren().some((n) => n.kind === 'group' && n.group === 'vanished'), false, 'no empty Vanished group');
  });
});
