// The Export… command's flow with a scripted vscode stand-in: pick an export, save into the workspace folder, the file
// holds the same bytes as the CLI's golden file; refusals for an invalid file, no dates, no artifact.
import './export-vscode-stub.helper';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calls, stub, Uri } from './export-vscode-stub.helper';
import { registerExportCommand } from '../../src/host/export';
import type { FolderModel, ModelRegistry } from '../../src/host/folder-model';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';
import { EXPORT_FIXTURES, loadArtifactFixture, loadFixture } from './export-fixture.helper';

function setup(t: { after: (fn: () => void) => void }, model: Partial<FolderModel>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-export-host-'));
  const m = {
    folder: { uri: Uri.file(dir), name: 'study', index: 0 },
    taxonomyUri: Uri.file(path.join(dir, 'taxonomy.json')),
    problems: [],
    ...model,
  } as unknown as FolderModel;
  const registry = { active: m, all: () => [m], get: () => m } as unknown as ModelRegistry;
  const d = registerExportCommand({} as never, registry);
  calls.length = 0;
  t.after(() => { d.dispose(); fs.rmSync(dir, { recursive: true, force: true }); });
  return dir;
}

type Item = { label: string; spec?: { fileName: string }; period?: string; detail?: string };
const pickBy = (fileName: string) => (items: Item[]) => items.find((i) => i.spec?.fileName === fileName);

/** Runs the command, answering each prompt with the next function's result (given the prompt's arguments). */
async function run(script: Array<(...args: never[]) => unknown>) {
  const queue = [...script];
  const original = { ...stub.window };
  for (const fn of ['showQuickPick', 'showSaveDialog', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const) {
    (stub.window as Record<string, unknown>)[fn] = (...args: unknown[]) => {
      calls.push({ fn, args });
      const next = queue.shift();
      return Promise.resolve(next ? (next as (...a: unknown[]) => unknown)(...args) : undefined);
    };
  }
  try {
    await stub.commands.executeCommand('literatureMap.export');
  } finally {
    Object.assign(stub.window, original);
  }
}

const golden = (name: string) => fs.readFileSync(path.join(EXPORT_FIXTURES, 'golden', name), 'utf8');

test('Export…: LaTeX table saved into the workspace folder, same bytes as the CLI, offer to open', async (t) => {
  const dir = setup(t, { taxonomy: loadFixture(), artifact: undefined });
  await run([
    pickBy('prevalence.tex'),
    (opts: { defaultUri: Uri }) => { assert.equal(opts.defaultUri.fsPath, path.join(dir, 'prevalence.tex')); return opts.defaultUri; },
    (msg: string, action: string) => { assert.match(msg, /exported prevalence\.tex/); assert.equal(action, 'Open'); return 'Open'; },
  ]);
  assert.equal(fs.readFileSync(path.join(dir, 'prevalence.tex'), 'utf8'), golden('prevalence.tex'));
  const open = calls.find((c) => c.fn === 'executeCommand' && c.args[0] === 'vscode.open');
  assert.ok(open, 'opened the file');
  // The map item says it needs a run when there is no artifact.
  const items = calls.find((c) => c.fn === 'showQuickPick')!.args[0] as Item[];
  assert.match(items.find((i) => i.spec?.fileName === 'map.svg')!.detail!, /map the folder first/);
  assert.equal(items.length, 13);
  // The fixture has papers, so the papers exports carry no "no papers" note.
  assert.equal(items.find((i) => i.spec?.fileName === 'papers.tex')!.detail, undefined);
});

test('Export…: over time asks for the period and names the file after it', async (t) => {
  const dir = setup(t, { taxonomy: loadFixture(), artifact: loadArtifactFixture() });
  await run([
    pickBy('over-time.csv'),
    (items: Item[]) => items.find((i) => i.period === 'decade'),
    (opts: { defaultUri: Uri }) => opts.defaultUri,
    () => undefined,
  ]);
  assert.equal(fs.readFileSync(path.join(dir, 'over-time-decade.csv'), 'utf8'), golden('over-time-decade.csv'));
});

test('Export…: the map with the artifact; cancelling the save dialog writes nothing', async (t) => {
  const dir = setup(t, { taxonomy: loadFixture(), artifact: loadArtifactFixture() });
  await run([pickBy('map.svg'), (opts: { defaultUri: Uri }) => opts.defaultUri, () => undefined]);
  assert.equal(fs.readFileSync(path.join(dir, 'map.svg'), 'utf8'), golden('map.svg'));
  calls.length = 0;
  await run([pickBy('prevalence.md'), () => undefined]);
  assert.ok(!fs.existsSync(path.join(dir, 'prevalence.md')));
  assert.ok(!calls.some((c) => c.fn === 'writeFile'));
});

test('Export…: refuses an invalid file, a map without artifact, over time without dates', async (t) => {
  setup(t, { taxonomy: loadFixture(), problems: [{ file: 'x', line: 1, column: 1, message: 'bad' }] });
  await run([]);
  assert.match(String(calls.at(-1)!.args[0]), /has errors/);
  assert.ok(!calls.some((c) => c.fn === 'showQuickPick'));

  setup(t, { taxonomy: loadFixture(), artifact: undefined });
  await run([pickBy('map.svg')]);
  assert.equal(calls.at(-1)!.fn, 'showErrorMessage');
  assert.match(String(calls.at(-1)!.args[0]), /run artifact/);

  const undated: Taxonomy = loadFixture();
  undated.sources = undated.sources.map(({ date: _d, ...s }) => s);
  setup(t, { taxonomy: undated, artifact: {} as RunArtifact });
  await run([pickBy('over-time.svg')]);
  assert.equal(calls.at(-1)!.fn, 'showWarningMessage');
  assert.match(String(calls.at(-1)!.args[0]), /no source has a date/);

  setup(t, { taxonomy: undefined });
  await run([]);
  assert.match(String(calls.at(-1)!.args[0]), /no taxonomy/);
});
