// The host side of the panel without a browser or VS Code: what it sends (prevalence, typed-array map, chunk pages),
// the HTML/CSP shell, the action → taxonomy operation mapping, and the request/response helper.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planEdit } from '../../src/host/panel/actions';
import { contentSecurityPolicy, makeNonce, renderPanelHtml } from '../../src/host/panel/html';
import { computePrevalence as analysisPrevalence } from '../../src/analysis/prevalence';
import { buildHierarchy, buildMapMessage, chunkPage, computePrevalence, toPanelProblems } from '../../src/host/panel/state';
import { CURATION_ACTIONS, RequestTracker, checkWebviewMessage, isCurationAction, type CurationAction, type HostResponse, type WebviewMessage } from '../../src/protocol';
import { makeFixture } from '../support/panel-fixture';

const { taxonomy, artifact } = makeFixture();

test('prevalence: the panel sends src/analysis/prevalence.ts\'s report (the exports\' numbers); irrelevant topics count in no theme', () => {
  assert.equal(computePrevalence, analysisPrevalence, 'one definition, not a copy');
  const t = structuredClone(taxonomy);
  // An irrelevant topic still listed in a theme: it counts in the Irrelevant group only.
  const irrelevantId = t.topics[t.topics.length - 1].id;
  t.themes[0].topics.push(irrelevantId);
  const p = computePrevalence(t);
  assert.equal(p.totals.chunks, 600);
  assert.equal(p.totals.outliers, 60);
  const th = p.themes[0];
  assert.ok(!th.topics.some((x) => x.id === irrelevantId));
  const ids = t.themes[0].topics.filter((id) => id !== irrelevantId);
  const sum = ids.reduce((n, id) => n + t.sources.reduce((m, s) => m + (s.topicCounts[id] ?? 0), 0), 0);
  assert.equal(th.chunks, sum);
  assert.equal(th.sources, t.sources.filter((s) => ids.some((id) => (s.topicCounts[id] ?? 0) > 0)).length);
  assert.deepEqual(p.irrelevant.topics.map((x) => x.id), [irrelevantId]);
  const all = [...p.themes, p.unassigned, p.irrelevant].reduce((n, g) => n + g.chunks, 0) + p.outliers.chunks;
  assert.equal(all, p.totals.chunks, 'groups and outliers add up to every chunk');
});

test('hierarchy: leaves and merges in taxonomy ids; each merge joins its children\'s topics; distances do not decrease', () => {
  const tree = buildHierarchy(artifact, taxonomy);
  assert.ok(tree);
  const withChunks = taxonomy.topics.filter((x) => artifact.topicOf.includes(x.id)).map((x) => x.id);
  assert.deepEqual(tree.topicIds, withChunks);
  const n = tree.topicIds.length;
  assert.equal(tree.merges.length, n - 1);
  const topicsOf = (id: number): string[] => (id < n ? [tree.topicIds[id]] : tree.merges[id - n].topics);
  for (const [k, m] of tree.merges.entries()) {
    assert.equal(m.id, n + k);
    assert.deepEqual([...m.topics].sort(), [...topicsOf(m.left), ...topicsOf(m.right)].sort());
    assert.ok(m.keywords.length > 0 && m.keywords.every((w) => typeof w === 'string'));
    if (k) assert.ok(m.distance >= tree.merges[k - 1].distance - 1e-9);
  }
  assert.equal(tree.merges[n - 2].topics.length, n);
  // Chunks of a topic the file no longer lists (merged away) count as outliers, not as a dangling topic.
  const shrunk = { ...taxonomy, topics: taxonomy.topics.slice(1) };
  assert.ok(!buildHierarchy(artifact, shrunk)!.topicIds.includes(taxonomy.topics[0].id));
  assert.equal(buildHierarchy(artifact, { ...taxonomy, topics: taxonomy.topics.slice(0, 1) }), null);
});

test('map message: typed arrays, -1 for outliers, topic indices into the taxonomy order, survives structured clone', () => {
  const m = buildMapMessage(artifact, taxonomy);
  assert.ok(m.coords instanceof Float32Array && m.topicIndex instanceof Int32Array);
  assert.equal(m.coords.length, 2 * artifact.chunks.length);
  assert.equal(m.topicIndex.length, artifact.chunks.length);
  assert.deepEqual(m.topicIds, taxonomy.topics.map((t) => t.id));
  for (let i = 0; i < artifact.chunks.length; i++) {
    const id = artifact.topicOf[i];
    assert.equal(m.topicIndex[i], id === null ? -1 : m.topicIds.indexOf(id));
    assert.ok(Math.abs(m.coords[2 * i] - artifact.coords2d[2 * i]) < 1e-4);
  }
  const c = structuredClone(m);
  assert.ok(c.coords instanceof Float32Array && c.topicIndex.length === m.topicIndex.length);
  // A topic the taxonomy no longer lists (merged away) shows as an outlier rather than a dangling index.
  const shrunk = { ...taxonomy, topics: taxonomy.topics.slice(1) };
  const m2 = buildMapMessage(artifact, shrunk);
  assert.equal(m2.topicIndex[0], -1);
});

test('chunk pages: offset/limit over a topic in transcript order, with the total', () => {
  const id = taxonomy.topics[2].id;
  const all = artifact.topicOf.map((t, i) => (t === id ? i : -1)).filter((i) => i >= 0);
  const a = chunkPage(artifact, id, 0, 20);
  const b = chunkPage(artifact, id, 20, 20);
  assert.equal(a.total, all.length);
  assert.deepEqual(a.items.map((c) => c.index), all.slice(0, 20));
  assert.deepEqual(b.items.map((c) => c.index), all.slice(20, 40));
  assert.equal(chunkPage(artifact, id, 0, 10_000).items.length, Math.min(500, all.length));
  assert.equal(chunkPage(artifact, 't-missing', 0, 10).total, 0);
  assert.equal(a.items[0].source, artifact.chunks[all[0]].source);
  assert.equal(a.items[0].timeStart, artifact.chunks[all[0]].timeStart);
});

test('HTML shell: strict CSP with a fresh nonce per load; no inline script or style allowance; data never in the HTML', () => {
  const n1 = makeNonce(), n2 = makeNonce();
  assert.notEqual(n1, n2);
  assert.ok(n1.length >= 20 && /^[A-Za-z0-9]+$/.test(n1));
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', n1);
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, new RegExp(`script-src 'nonce-${n1}'(;|$)`));
  assert.match(csp, /font-src https:\/\/x\.vscode-cdn\.net/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  const html = renderPanelHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: n1, scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/panel.css', codiconUri: 'https://x/dist/codicons/codicon.css"><script>' });
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'a hostile URI cannot add a script');
  assert.match(html, new RegExp(`<script nonce="${n1}" src="https://x/dist/webview.js">`));
  assert.match(html, /id="vscode-codicon-stylesheet"/);
});

test('every curation action maps to a taxonomy operation that does what it says', () => {
  const [th0, th1] = taxonomy.themes;
  const u = taxonomy.unassigned[0];
  const run = (a: CurationAction) => {
    const plan = planEdit(a);
    assert.equal(plan.kind, 'op');
    return plan.kind === 'op' ? plan.op(taxonomy) : taxonomy;
  };
  assert.equal(run({ type: 'createTheme', name: 'New' }).themes.at(-1)!.name, 'New');
  assert.equal(run({ type: 'renameTheme', themeId: th0.id, name: 'R' }).themes[0].name, 'R');
  assert.equal(run({ type: 'setThemeDescription', themeId: th0.id, text: 'D' }).themes[0].description, 'D');
  assert.equal(run({ type: 'deleteTheme', themeId: th0.id }).themes.length, taxonomy.themes.length - 1);
  assert.equal(run({ type: 'moveTheme', themeId: th0.id, toIndex: 1 }).themes[1].id, th0.id);
  assert.deepEqual(run({ type: 'assignTopic', topicId: u, themeId: th1.id, index: 0 }).themes[1].topics[0], u);
  assert.ok(!run({ type: 'assignTopic', topicId: th0.topics[0], themeId: null }).themes[0].topics.includes(th0.topics[0]));
  const renamed = run({ type: 'renameTopic', topicId: u, label: 'L' }).topics.find((t) => t.id === u)!;
  assert.equal(renamed.label, 'L');
  assert.equal(renamed.customLabel, true);
  assert.equal(run({ type: 'setTopicNote', topicId: u, note: 'N' }).topics.find((t) => t.id === u)!.note, 'N');
  assert.equal(run({ type: 'setIrrelevant', topicId: u, irrelevant: true }).topics.find((t) => t.id === u)!.irrelevant, true);
  assert.deepEqual(planEdit({ type: 'mergeTopics', topicIds: [u, th0.topics[0]] }), { kind: 'merge', topicIds: [u, th0.topics[0]] });
  assert.throws(() => run({ type: 'renameTheme', themeId: 'th-nope', name: 'x' }));
  for (const type of CURATION_ACTIONS) assert.ok(isCurationAction({ type, requestId: 1 } as never));
  assert.ok(!isCurationAction({ type: 'ready' }));
  assert.ok(!isCurationAction({ type: 'requestChunks', requestId: 1, topicId: u, offset: 0, limit: 1 }));
});

test('problems carry their place in the file', () => {
  assert.deepEqual(toPanelProblems([{ file: 'taxonomy.json', line: 4, column: 2, message: 'Unexpected token' }]),
    [{ message: 'Unexpected token', severity: 'error', where: 'line 4, column 2' }]);
});

test('request tracker: answers match by id, strays are ignored, silence rejects', async () => {
  const tr = new RequestTracker<HostResponse>(50);
  const sent: number[] = [];
  const a = tr.request((id) => sent.push(id));
  const b = tr.request((id) => sent.push(id));
  assert.equal(sent.length, 2);
  assert.notEqual(sent[0], sent[1]);
  assert.equal(tr.settle({ type: 'result', requestId: 999, ok: true }), false);
  assert.equal(tr.settle({ type: 'result', requestId: sent[1], ok: false, error: 'no' }), true);
  assert.deepEqual(await b, { type: 'result', requestId: sent[1], ok: false, error: 'no' });
  assert.equal(tr.settle({ type: 'error', message: 'unrelated' }), false);
  await assert.rejects(a, /No answer/);
  assert.equal(tr.size, 0);
});

test('incoming webview messages are checked at run time: every well-formed message passes, anything else is dropped with a reason', () => {
  const good: WebviewMessage[] = [
    { type: 'ready' },
    { type: 'openChunk', loc: { source: 'a.txt', lineStart: 3 } },
    { type: 'openChunk', loc: { source: 'a.vtt', lineStart: 3, lineEnd: 5, timeStart: 12.5 } },
    { type: 'requestChunks', requestId: 1, topicId: 't-00000001', offset: 0, limit: 50 },
    { type: 'requestExcerpt', requestId: 2, index: 7 },
    { type: 'requestHierarchy', requestId: 3 },
    { type: 'createTheme', requestId: 4, name: 'A' },
    { type: 'createTheme', requestId: 4, name: 'A', description: 'd', color: '#112233' },
    { type: 'renameTheme', requestId: 5, themeId: 'th-00000001', name: 'B' },
    { type: 'setThemeDescription', requestId: 6, themeId: 'th-00000001', text: '' },
    { type: 'deleteTheme', requestId: 7, themeId: 'th-00000001' },
    { type: 'moveTheme', requestId: 8, themeId: 'th-00000001', toIndex: 0 },
    { type: 'assignTopic', requestId: 9, topicId: 't-00000001', themeId: null },
    { type: 'assignTopic', requestId: 9, topicId: 't-00000001', themeId: 'th-00000001', index: 2 },
    { type: 'renameTopic', requestId: 10, topicId: 't-00000001', label: 'x' },
    { type: 'setTopicNote', requestId: 11, topicId: 't-00000001', note: 'n' },
    { type: 'setIrrelevant', requestId: 12, topicId: 't-00000001', irrelevant: true },
    { type: 'mergeTopics', requestId: 13, topicIds: ['t-00000001', 't-00000002'] },
    { type: 'acceptLabelSuggestion', requestId: 14, topicId: 't-00000001', index: 0 },
    { type: 'acceptLabelSuggestion', requestId: 14, topicId: 't-00000001', index: 0, editedLabel: 'Mine' },
    { type: 'rejectLabelSuggestion', requestId: 15, topicId: 't-00000001', index: 1 },
    { type: 'acceptThemeSuggestion', requestId: 16, suggestionId: 's1' },
    { type: 'rejectThemeSuggestion', requestId: 17, suggestionId: 's1', topicId: 't-00000001' },
    { type: 'suggest', requestId: 18 },
    { type: 'suggest', requestId: 18, labels: 'selected', topicIds: ['t-00000001'], themes: 4 },
    { type: 'applyGranularity', requestId: 19, option: { minClusterSize: 10, minSamples: 5, method: 'leaf' } },
    { type: 'openChunk', loc: { source: 'a.json', lineStart: 1, colStart: 4, colEnd: 90 } },
    { type: 'restoreVanished', requestId: 20, vanishedId: 't-00000003', target: { kind: 'theme', id: 'th-00000001' } },
    { type: 'dismissVanished', requestId: 21, vanishedId: 't-00000003' },
    { type: 'undo', requestId: 22 },
    { type: 'redo', requestId: 23 },
  ];
  for (const m of good) assert.deepEqual(checkWebviewMessage(JSON.parse(JSON.stringify(m))), { ok: true, message: m }, m.type);
  assert.deepEqual(new Set(good.map((m) => m.type)), new Set(['ready', 'openChunk', 'requestChunks', 'requestExcerpt', 'requestHierarchy', 'suggest', 'applyGranularity', ...CURATION_ACTIONS]), 'every type is covered');
  const bad: Array<[unknown, RegExp]> = [
    [null, /not an object/],
    ['ready', /not an object/],
    [[{ type: 'ready' }], /not an object/],
    [{}, /unknown type/],
    [{ type: 'deleteEverything' }, /unknown type "deleteEverything"/],
    [{ type: 'toString' }, /unknown type "toString"/],
    [{ type: '__proto__' }, /unknown type/],
    [{ type: 'ready', extra: 1 }, /unexpected field "extra"/],
    [{ type: 'restoreVanished', requestId: 1, vanishedId: 't-00000003', target: { kind: 'file', id: '/etc/passwd' } }, /"target" is not a theme or topic/],
    [{ type: 'undo', requestId: 1, steps: 99 }, /unexpected field "steps"/],
    [{ type: 'renameTopic', requestId: 1, topicId: 't-00000001', label: { toString: 'x' } }, /"label" is not a string/],
    [{ type: 'renameTopic', requestId: '1', topicId: 't-00000001', label: 'x' }, /"requestId" is not an integer/],
    [{ type: 'renameTopic', requestId: 1.5, topicId: 't-00000001', label: 'x' }, /"requestId" is not an integer/],
    [{ type: 'renameTopic', requestId: 1, label: 'x' }, /"topicId" is not a string/],
    [{ type: 'mergeTopics', requestId: 1, topicIds: 't-00000001' }, /"topicIds" is not a list of strings/],
    [{ type: 'mergeTopics', requestId: 1, topicIds: ['t-00000001', 2] }, /"topicIds" is not a list of strings/],
    [{ type: 'assignTopic', requestId: 1, topicId: 't-00000001' }, /"themeId" is not a string or null/],
    [{ type: 'assignTopic', requestId: 1, topicId: 't-00000001', themeId: null, index: -0.5 }, /"index" is not an integer/],
    [{ type: 'setIrrelevant', requestId: 1, topicId: 't-00000001', irrelevant: 'yes' }, /"irrelevant" is not true or false/],
    [{ type: 'openChunk', loc: { source: '/etc/passwd', lineStart: 'x' } }, /"lineStart" is not an integer/],
    [{ type: 'openChunk', loc: { source: 'a', lineStart: 1, timeStart: Number.NaN } }, /"timeStart" is not a finite number/],
    [{ type: 'openChunk', loc: { source: 'a', lineStart: 1, cmd: 'x' } }, /unexpected field "cmd"/],
    [{ type: 'requestChunks', requestId: 1, topicId: 't', offset: 0 }, /"limit" is not an integer/],
    [{ type: 'suggest', requestId: 1, labels: 'everything' }, /"labels" is not one of unlabelled, all, largest, selected/],
    [{ type: 'suggest', requestId: 1, topicIds: [1] }, /"topicIds" is not a list of strings/],
    [{ type: 'applyGranularity', requestId: 1, option: { minClusterSize: 10, minSamples: 5, method: 'dbscan' } }, /"method" is not "eom" or "leaf"/],
    [{ type: 'applyGranularity', requestId: 1, option: { minClusterSize: '10', minSamples: 5, method: 'eom' } }, /"minClusterSize" is not an integer/],
  ];
  for (const [m, re] of bad) {
    const r = checkWebviewMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m));
    if (!r.ok) assert.match(r.reason, re, JSON.stringify(m));
  }
});
