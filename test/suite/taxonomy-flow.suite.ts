// The extension end to end inside a real extension host: map a fixture folder (offline, LSA), cancel, drag a topic
// onto a theme, edit the file by hand, break the file. The workspace is prepared by test/e2e/run-e2e.ts; the tests run
// in order because each starts from the file the previous one left.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { createTheme } from '../../src/taxonomy/operations';
import type { Taxonomy } from '../../src/taxonomy/types';
import type { ThemesNode } from '../../src/host/themes-tree';
import { api, until } from './helpers';

/** Written into the workspace by test/e2e/run-e2e.ts (main phase). */
const HOSTILE_NAME = '<img src=x onerror=alert(1)>.txt';

describe('Literature Map in VS Code', function () {
  const folder = () => vscode.workspace.workspaceFolders![0];
  const file = () => vscode.Uri.joinPath(folder().uri, 'taxonomy.json').fsPath;
  const read = (): Taxonomy => JSON.parse(fs.readFileSync(file(), 'utf8')) as Taxonomy;
  const bytes = () => fs.readFileSync(file());

  before(() => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'the test workspace must be open');
    assert.ok(!fs.existsSync(file()), 'the fixture workspace starts without a taxonomy file');
  });

  it('maps the fixture folder and writes the taxonomy file', async () => {
    const a = await api();
    const stages = new Set<string>();
    const sub = a.runs.onProgress((e) => stages.add(e.stage));
    const status = await vscode.commands.executeCommand('literatureMap.mapFolder', folder().uri);
    sub.dispose();
    assert.equal(status, 'done');
    assert.ok(stages.has('read') && stages.has('embed') && stages.has('cluster'), `progress named the stages (${[...stages].join(', ')})`);
    const t = read();
    assert.ok(t.topics.length >= 2, `expected at least 2 topics, got ${t.topics.length}`);
    assert.ok(t.sources.length >= 9, `expected every fixture file as a source, got ${t.sources.length}`);
    assert.ok(!t.sources.some((s) => s.path === 'taxonomy.json'), 'the taxonomy file is never read as a transcript');
    const roots = a.tree.getChildren();
    const unassigned = roots.find((n) => n.kind === 'group' && n.group === 'unassigned');
    assert.ok(unassigned, 'the tree has an Unassigned group');
    assert.equal(a.tree.getChildren(unassigned).length, t.topics.length);
    assert.equal(a.liveWorkerCount(), 0, 'the worker exits after a run');
  });

  it('cancel leaves the previous file intact and no worker behind', async () => {
    const a = await api();
    const before = bytes();
    let progressed = false;
    const cancelled = new Promise<void>((resolve, reject) => {
      const sub = a.runs.onProgress(() => {
        sub.dispose();
        progressed = true;
        vscode.commands.executeCommand('literatureMap.cancel').then(() => resolve(), reject);
      });
    });
    const started = Date.now();
    const status = await vscode.commands.executeCommand('literatureMap.mapFolder', folder().uri);
    assert.ok(progressed, `the run reported progress before it ended (status ${String(status)})`);
    await cancelled;
    assert.equal(status, 'cancelled');
    assert.ok(Date.now() - started < 10000, 'cancel stops the run promptly');
    assert.deepEqual(bytes(), before, 'the taxonomy file is byte-for-byte unchanged');
    assert.equal(a.liveWorkerCount(), 0, 'no worker process is left running');
    assert.equal(a.runs.running, false);
  });

  it('dropping a topic onto a theme writes the assignment to the file', async () => {
    const a = await api();
    const model = a.registry.all()[0];
    assert.ok(await model.apply((t) => createTheme(t, { name: 'Gardening' }), 'test: create theme'));
    const roots = a.tree.getChildren();
    const theme = roots.find((n): n is Extract<ThemesNode, { kind: 'theme' }> => n.kind === 'theme' && n.theme.name === 'Gardening');
    assert.ok(theme, 'the new theme is in the tree');
    const unassigned = roots.find((n) => n.kind === 'group' && n.group === 'unassigned')!;
    const topic = a.tree.getChildren(unassigned)[0] as Extract<ThemesNode, { kind: 'topic' }>;
    const dt = new vscode.DataTransfer();
    a.tree.handleDrag([topic], dt);
    await a.tree.handleDrop(theme, dt);
    const onDisk = read().themes.find((th) => th.name === 'Gardening');
    assert.deepEqual(onDisk?.topics, [topic.topic.id]);
    assert.ok(!read().unassigned.includes(topic.topic.id));
    const themeNow = a.tree.getChildren().find((n) => n.kind === 'theme' && n.theme.name === 'Gardening')!;
    assert.deepEqual(a.tree.getChildren(themeNow).map((n) => n.kind === 'topic' && n.topic.id), [topic.topic.id]);
  });

  it('an external edit of the file refreshes the tree', async () => {
    const a = await api();
    const t = read();
    const th = t.themes.find((x) => x.name === 'Gardening')!;
    th.name = 'Plants and soil';
    fs.writeFileSync(file(), JSON.stringify(t, null, 2) + '\n');
    const started = Date.now();
    await until('the renamed theme in the tree', () => a.tree.getChildren().some((n) => n.kind === 'theme' && n.theme.name === 'Plants and soil'), [a.tree.onDidChangeTreeData], 5000);
    assert.ok(Date.now() - started < 3000, `refreshed in ${Date.now() - started} ms`);
  });

  it('merging two selected topics and marking one irrelevant go to the file', async () => {
    const a = await api();
    const before = read();
    const topicNodes = () => a.tree.getChildren().flatMap((n) => a.tree.getChildren(n)).filter((n): n is Extract<ThemesNode, { kind: 'topic' }> => n.kind === 'topic');
    const [x, y] = topicNodes();
    assert.equal(await vscode.commands.executeCommand('literatureMap.mergeTopics', x, [x, y]), true);
    const merged = read();
    assert.equal(merged.topics.length, before.topics.length - 1);
    assert.equal(merged.topics.find((t) => t.id === x.topic.id || t.id === y.topic.id)?.size, x.topic.size + y.topic.size);
    const z = topicNodes()[0];
    assert.equal(await vscode.commands.executeCommand('literatureMap.markIrrelevant', z), true);
    assert.equal(read().topics.find((t) => t.id === z.topic.id)?.irrelevant, true);
    const irrelevant = a.tree.getChildren().find((n) => n.kind === 'group' && n.group === 'irrelevant')!;
    assert.deepEqual(a.tree.getChildren(irrelevant).map((n) => n.kind === 'topic' && n.topic.id), [z.topic.id]);
  });

  it('transcript text and names reach the tree only as plain text or untrusted markdown', async () => {
    const a = await api();
    const t = read();
    assert.ok(t.sources.some((src) => src.path === HOSTILE_NAME), 'the hostile file name was read as a source');
    const all: ThemesNode[] = [];
    const walk = (n?: ThemesNode) => { for (const c of a.tree.getChildren(n)) { all.push(c); walk(c); } };
    walk();
    assert.ok(all.some((n) => n.kind === 'excerpt'));
    for (const n of all) {
      const item = a.tree.getTreeItem(n);
      assert.equal(typeof item.label === 'string' || item.label === undefined, true, 'labels are plain strings, never markdown');
      if (item.tooltip instanceof vscode.MarkdownString) {
        assert.ok(!item.tooltip.isTrusted, 'tooltips are untrusted');
        assert.ok(!item.tooltip.supportHtml, 'tooltips render no HTML');
      }
    }
  });

  it('an invalid file shows an error diagnostic, keeps the last good tree and is never overwritten', async () => {
    const a = await api();
    const broken = Buffer.from('{\n  "schemaVersion": 1,\n  "themes": [ oops\n');
    fs.writeFileSync(file(), broken);
    const uri = vscode.Uri.file(file());
    const diags = await until('an error diagnostic on the taxonomy file', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : undefined;
    }, [vscode.languages.onDidChangeDiagnostics], 5000);
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diags[0].range.start.line >= 1, `the diagnostic points into the file (line ${diags[0].range.start.line + 1})`);
    // The tree keeps showing the last good state, but edits and runs refuse to touch the file.
    const theme = a.tree.getChildren().find((n) => n.kind === 'theme');
    assert.ok(theme, 'the last good state is still shown');
    const model = a.registry.all()[0];
    assert.equal(await model.apply((t) => createTheme(t, { name: 'Nope' }), 'test: edit an invalid file'), false);
    assert.equal(await vscode.commands.executeCommand('literatureMap.mapFolder', folder().uri), 'refused');
    assert.deepEqual(fs.readFileSync(file()), broken, 'the invalid file is byte-for-byte unchanged');
  });

  it('fixing the file clears the diagnostic', async () => {
    const a = await api();
    const model = a.registry.all()[0];
    const good = model.taxonomy!;
    fs.writeFileSync(file(), JSON.stringify(good, null, 2) + '\n');
    const uri = vscode.Uri.file(file());
    await until('the diagnostics to clear', () => vscode.languages.getDiagnostics(uri).length === 0, [vscode.languages.onDidChangeDiagnostics], 5000);
    assert.equal(model.problems.length, 0);
  });
});
