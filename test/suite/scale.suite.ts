// The extension host on a 15k-chunk corpus (the SOTU reference paragraphs, written as transcripts by run-e2e.ts): how
// long its event loop is blocked — the thread every extension shares — while a run is applied, a folder model opens
// (activation's per-folder work: the taxonomy and the run artifact), a merge is made, the topic hierarchy is computed
// and a re-run carries the curation over. The figures are measured and reported (run-e2e prints them), not asserted:
// speed goals are not unit tests. The first run's bytes are kept for run-e2e.ts, which maps a copy of the folder with
// the CLI on another Node and compares them.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { buildHierarchyWith } from '../../src/host/panel/state';
import type { ThemesNode } from '../../src/host/themes-tree';
import { api, until } from './helpers';

const outDir = path.dirname(process.env.LM_E2E_RESULTS ?? path.join(process.cwd(), 'x'));
const figures: Record<string, number> = {};

/**
 * The most CPU time this thread spent between two turns of a 1 ms timer: the longest block of code on it, without the
 * time the machine did not run the thread at all (2 shared cores, the run's own worker processes), which the event-loop
 * delay counts too. NaN where Node cannot tell (process.threadCpuUsage is Node ≥ 23.9).
 */
function threadCpuBlocks(): () => number {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (!usage) return () => NaN;
  let last = usage();
  let max = 0;
  const timer = setInterval(() => {
    const now = usage();
    max = Math.max(max, (now.user - last.user + now.system - last.system) / 1000);
    last = now;
  }, 1);
  return () => {
    clearInterval(timer);
    return max;
  };
}

/** Runs `what` with the event-loop delay monitor on; records the longest block in ms (and its thread CPU time). */
async function measure<T>(name: string, what: () => Promise<T>): Promise<T> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const cpu = threadCpuBlocks();
  try {
    return await what();
  } finally {
    h.disable();
    figures[name] = Math.round(h.max / 1e6);
    figures[`${name}, in thread CPU time`] = Math.round(cpu());
    console.log(`[event-loop] ${name}: longest block ${figures[name]} ms (p99 ${Math.round(h.percentile(99) / 1e6)} ms), ${figures[`${name}, in thread CPU time`]} ms of thread CPU time`);
    fs.writeFileSync(path.join(outDir, 'event-loop.json'), JSON.stringify(figures, null, 1));
  }
}

describe('Literature Map at 15k chunks: the extension host thread stays free', function () {
  this.timeout(15 * 60_000);
  const folder = () => vscode.workspace.workspaceFolders![0];
  const file = () => vscode.Uri.joinPath(folder().uri, 'taxonomy.json').fsPath;

  it('baseline: the longest gap with nothing of ours running (the machine\'s own scheduling noise)', async () => {
    await api();
    await measure('idle baseline (5 s, nothing of ours running)', () => new Promise((r) => setTimeout(r, 5000)));
  });

  it('maps the folder (the run is applied on this thread: the result arrives, is reconciled and written)', async () => {
    const a = await api();
    const status = await measure('map run (whole, including applying the result)', () => Promise.resolve(vscode.commands.executeCommand('literatureMap.mapFolder', folder().uri)));
    assert.equal(status, 'done');
    fs.copyFileSync(file(), path.join(outDir, 'extension.taxonomy.json'));
    const model = a.registry.all()[0];
    assert.ok(model.artifact && model.artifact.chunks.length >= 14000, `a 15k-chunk run (${model.artifact?.chunks.length})`);
    console.log(`[event-loop] chunks: ${model.artifact.chunks.length}, topics: ${model.taxonomy?.topics.length}`);
  });

  it('re-opens the folder model with its 15k-chunk run artifact (what activation does per folder)', async () => {
    const a = await api();
    const cfg = () => vscode.workspace.getConfiguration('literatureMap', folder().uri);
    await cfg().update('taxonomyFile', 'elsewhere.taxonomy.json', vscode.ConfigurationTarget.Workspace);
    await until('the model on the other file', () => a.registry.all()[0]?.taxonomyUri.fsPath.endsWith('elsewhere.taxonomy.json'), [a.registry.onDidChangeAny], 30_000);
    await measure('folder model open (activation\'s per-folder work: taxonomy + run artifact)', async () => {
      await cfg().update('taxonomyFile', undefined, vscode.ConfigurationTarget.Workspace);
      await until('the model back on taxonomy.json with its artifact', () => {
        const m = a.registry.all()[0];
        return m?.taxonomyUri.fsPath === file() && m.artifact ? m : undefined;
      }, [a.registry.onDidChangeAny], 60_000);
    });
  });

  it('merges the two largest topics', async () => {
    const a = await api();
    const model = a.registry.all()[0];
    const unassigned = a.tree.getChildren().find((n) => n.kind === 'group' && n.group === 'unassigned')!;
    const topics = a.tree.getChildren(unassigned).filter((n): n is Extract<ThemesNode, { kind: 'topic' }> => n.kind === 'topic');
    const [x, y] = [...topics].sort((p, q) => q.topic.size - p.topic.size);
    const before = model.taxonomy!.topics.length;
    const ok = await measure('merge (keywords on the compute thread)', () => Promise.resolve(vscode.commands.executeCommand('literatureMap.mergeTopics', x, [x, y])));
    assert.equal(ok, true);
    assert.equal(model.taxonomy!.topics.length, before - 1);
  });

  it('computes the topic hierarchy as the panel does', async () => {
    const a = await api();
    const model = a.registry.all()[0];
    const tree = await measure('hierarchy (c-TF-IDF on the compute thread)', () =>
      buildHierarchyWith(model.artifact!, model.taxonomy!, (texts, labels, v, topN) => a.compute.hierarchy(texts, labels, v, topN)));
    assert.ok(tree && tree.merges.length === tree.topicIds.length - 1);
  });

  it('re-runs the map: the curation is carried over and the merge re-applied (in the worker), the file written', async () => {
    const a = await api();
    const model = a.registry.all()[0];
    const before = model.taxonomy!;
    const merged = before.topics.find((t) => t.mergedFrom)!;
    const status = await measure('re-run (curation carried over, the merge re-applied)', () => Promise.resolve(vscode.commands.executeCommand('literatureMap.rerun')));
    assert.equal(status, 'done');
    assert.equal(model.taxonomy!.topics.length, before.topics.length);
    assert.deepEqual(model.taxonomy!.topics.find((t) => t.id === merged.id)?.mergedFrom, merged.mergedFrom);
  });
});
