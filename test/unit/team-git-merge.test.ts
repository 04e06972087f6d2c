// The merge driver in real temporary git repositories: merge, rebase and cherry-pick by ids; a true conflict left
// explained with nothing lost; a clone without the driver's config merging line by line, and `check` saying what to do.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { gitSetup, needsRepair, setupStatus } from '../../src/git/setup';
import { assignTopic, createTheme, renameTheme, renameTopic, setTopicNote } from '../../src/taxonomy/operations';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';
import { parsed } from '../support/valid-taxonomy';
import { teamBase } from '../support/team-taxonomy';

const DRIVER = path.resolve('dist/merge-driver.js');
const CLI = path.resolve('bin/literature-map.js');
const b = teamBase();
const T = b.topic;

function run(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** git's exit status and output, for commands expected to fail. */
function attempt(cwd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function repo(t: test.TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-git-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  run(dir, ['init', '-q', '-b', 'main']);
  for (const [k, v] of [['user.name', 'Test Researcher'], ['user.email', 'test@example.org'], ['commit.gpgsign', 'false']]) run(dir, ['config', k, v]);
  return dir;
}

function commit(dir: string, tx: Taxonomy, message: string): void {
  fs.writeFileSync(path.join(dir, 'taxonomy.json'), serializeTaxonomy(tx));
  run(dir, ['add', '-A']);
  run(dir, ['commit', '-q', '-m', message]);
}

const read = (dir: string) => fs.readFileSync(path.join(dir, 'taxonomy.json'), 'utf8');

/** A repo with the driver set up, the base taxonomy on main, and a branch `other` from there. */
async function setUp(t: test.TestContext): Promise<string> {
  const dir = repo(t);
  const r = await gitSetup(dir, DRIVER);
  assert.equal(r.changes.length, 3, r.changes.join('\n'));
  commit(dir, b.taxonomy, 'map');
  run(dir, ['branch', 'other']);
  return dir;
}

test('git-setup writes .gitattributes, the clone config and the driver script; a second run changes nothing', async (t) => {
  const dir = repo(t);
  const r = await gitSetup(dir, DRIVER);
  assert.match(fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'), /^taxonomy\.json merge=literature-map$/m);
  assert.match(fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'), /^\*\.taxonomy\.json merge=literature-map$/m);
  assert.match(run(dir, ['config', 'merge.literature-map.driver']), /^node "\$\(git rev-parse --git-common-dir\)\/literature-map\/merge-driver\.js" %O %A %B %L %P$/m);
  assert.ok(fs.readFileSync(path.join(dir, '.git/literature-map/merge-driver.js')).equals(fs.readFileSync(DRIVER)));
  assert.equal(r.changes.length, 3);
  assert.deepEqual((await gitSetup(dir, DRIVER)).changes, []);
  assert.equal(run(dir, ['check-attr', 'merge', 'sub/taxonomy.json']).trim(), 'sub/taxonomy.json: merge: literature-map');
});

test('two branches editing different themes merge cleanly: both edits present, the file valid and canonical', async (t) => {
  const dir = await setUp(t);
  commit(dir, renameTheme(renameTopic(b.taxonomy, T[0], 'Climate change'), b.env, 'Nature'), 'environment');
  run(dir, ['checkout', '-q', 'other']);
  // Filing another topic into Society touches the same lines git's text merge would see as one hunk at the themes.
  commit(dir, setTopicNote(assignTopic(b.taxonomy, T[3], b.society), T[1], 'primary schools only'), 'society');
  run(dir, ['checkout', '-q', 'main']);
  run(dir, ['merge', '-q', '--no-edit', 'other']);
  const m = parsed(read(dir));
  assert.equal(read(dir), serializeTaxonomy(m));
  assert.equal(m.themes.find((x) => x.id === b.env)!.name, 'Nature');
  assert.equal(m.topics.find((x) => x.id === T[0])!.label, 'Climate change');
  assert.deepEqual(m.themes.find((x) => x.id === b.society)!.topics, [T[1], T[2], T[3]]);
  assert.equal(m.topics.find((x) => x.id === T[1])!.note, 'primary schools only');
});

// Both branches file a topic into Environment: one line for git's text merge (a conflict without the driver).
test('a rebase and a cherry-pick go through the driver too', async (t) => {
  const dir = await setUp(t);
  commit(dir, assignTopic(b.taxonomy, T[3], b.env), 'trade to environment');
  run(dir, ['checkout', '-q', 'other']);
  commit(dir, assignTopic(b.taxonomy, T[4], b.env), 'army to environment');
  commit(dir, renameTopic(assignTopic(b.taxonomy, T[4], b.env), T[2], 'Health care'), 'rename health');
  const tip = run(dir, ['rev-parse', 'HEAD']).trim();
  run(dir, ['rebase', '-q', 'main']);
  const rebased = parsed(read(dir));
  assert.deepEqual(rebased.themes.find((x) => x.id === b.env)!.topics, [T[0], T[5], T[3], T[4]]);
  assert.equal(rebased.topics.find((x) => x.id === T[2])!.label, 'Health care');

  run(dir, ['checkout', '-q', 'main']);
  run(dir, ['cherry-pick', tip]);
  const picked = parsed(read(dir));
  assert.equal(picked.topics.find((x) => x.id === T[2])!.label, 'Health care');
  assert.deepEqual(picked.themes.find((x) => x.id === b.env)!.topics, [T[0], T[5], T[3]], 'the pick applies that commit\'s change only, not its parent\'s move');
});

test('the same label changed both ways ends as an explained conflict with nothing lost', async (t) => {
  const dir = await setUp(t);
  commit(dir, renameTopic(b.taxonomy, T[1], 'Schools'), 'schools');
  run(dir, ['checkout', '-q', 'other']);
  commit(dir, renameTopic(b.taxonomy, T[1], 'Education'), 'education');
  run(dir, ['checkout', '-q', 'main']);
  const r = attempt(dir, ['merge', '--no-edit', 'other']);
  assert.equal(r.status, 1);
  assert.match(r.out, /label changed on both sides \(ours "Schools", theirs "Education"\)/);
  assert.match(run(dir, ['ls-files', '-u']), /taxonomy\.json/, 'git marks the file conflicted');
  const text = read(dir);
  assert.ok(text.includes('"label": "Schools"') && text.includes('"label": "Education"'), 'both values kept');
  assert.equal(parseTaxonomy(text, 'taxonomy.json').ok, false);
  const check = spawnSync(process.execPath, [CLI, 'check', dir], { encoding: 'utf8' });
  assert.equal(check.status, 2);
  assert.match(check.stderr, /taxonomy\.json:\d+:1: Git merge conflict marker "<<<<<<<": conflict the taxonomy merge driver left for you: topic t-[0-9a-f]{8} \("school, teachers, students"\): label changed on both sides \(ours "Schools", theirs "Education"\)\. Keep one side/);
});

test('a clone without the config merges line by line; check says what to do, and set-up + checkout -m merges by ids', async (t) => {
  const origin = await setUp(t);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-clone-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  run(os.tmpdir(), ['clone', '-q', origin, dir]);
  for (const [k, v] of [['user.name', 'Second Researcher'], ['user.email', 'second@example.org'], ['commit.gpgsign', 'false']]) run(dir, ['config', k, v]);
  const before = await setupStatus(dir, DRIVER);
  assert.ok(before && needsRepair(before), 'the clone routes taxonomy files to the driver but has no config');

  // Both file a different topic into Environment: one line for git's text merge, two independent edits by id.
  run(dir, ['checkout', '-q', '-b', 'mine']);
  commit(dir, assignTopic(b.taxonomy, T[3], b.env), 'trade to environment');
  run(dir, ['checkout', '-q', 'main']);
  commit(dir, assignTopic(b.taxonomy, T[4], b.env), 'army to environment');
  const r = attempt(dir, ['merge', '--no-edit', 'mine']);
  assert.equal(r.status, 1);
  assert.match(read(dir), /^<<<<<<< HEAD$/m, 'git\'s own text merge');
  const check = spawnSync(process.execPath, [CLI, 'check', dir], { encoding: 'utf8' });
  assert.equal(check.status, 2);
  assert.match(check.stderr, /Git merged it line by line: to merge it by topic and theme ids instead, set up the merge driver \(command "Literature Map: Set Up Git Merge Driver", or `literature-map git-setup`\) and run `git checkout -m -- .*taxonomy\.json`/);

  const setup = spawnSync(process.execPath, [CLI, 'git-setup', dir], { encoding: 'utf8' });
  assert.equal(setup.status, 0, setup.stderr);
  assert.match(setup.stdout, /web hosts ignore merge drivers/);
  assert.equal(needsRepair((await setupStatus(dir, DRIVER))!), false);
  run(dir, ['checkout', '-m', '--', 'taxonomy.json']);
  const m = parsed(read(dir));
  assert.deepEqual(m.themes.find((x) => x.id === b.env)!.topics, [T[0], T[5], T[4], T[3]]);
});

test('input the driver cannot parse falls back to git merge-file', async (t) => {
  const dir = await setUp(t);
  const broken = serializeTaxonomy(renameTopic(b.taxonomy, T[1], 'Schools')).replace(/("schemaVersion": \d+),/, '$1,,');
  assert.match(broken, /"schemaVersion": \d+,,/);
  fs.writeFileSync(path.join(dir, 'taxonomy.json'), broken);
  run(dir, ['commit', '-q', '-am', 'broken']);
  run(dir, ['checkout', '-q', 'other']);
  commit(dir, renameTopic(b.taxonomy, T[5], 'Farming'), 'farming');
  run(dir, ['checkout', '-q', 'main']);
  const r = attempt(dir, ['merge', '--no-edit', 'other']);
  assert.match(r.out, /merging line by line instead \(git merge-file\)/);
  assert.equal(r.status, 0, r.out);
  const text = read(dir);
  assert.ok(/"schemaVersion": \d+,,/.test(text) && text.includes('"label": "Farming"'), 'the text merge of both sides');
});

// Two researchers map the same committed corpus on their own branches (the same bytes: the pipeline is deterministic)
// and curate before either pushes: git merges an add/add with an empty ancestor, which the driver rebuilds.
test('both branches adding taxonomy.json for the same run merge cleanly by ids (add/add)', async (t) => {
  const dir = repo(t);
  await gitSetup(dir, DRIVER);
  fs.writeFileSync(path.join(dir, 'a.txt'), 'the corpus\n');
  run(dir, ['add', '-A']);
  run(dir, ['commit', '-q', '-m', 'corpus']);
  run(dir, ['branch', 'other']);
  const env = createTheme(b.fresh, { name: 'Environment' });
  commit(dir, renameTopic(assignTopic(env, T[0], env.themes[0].id), T[0], 'Climate'), 'map and curate: environment');
  run(dir, ['checkout', '-q', 'other']);
  const soc = createTheme(b.fresh, { name: 'Society' });
  commit(dir, setTopicNote(assignTopic(soc, T[1], soc.themes[0].id), T[2], 'check with the PI'), 'map and curate: society');
  run(dir, ['checkout', '-q', 'main']);
  const r = attempt(dir, ['merge', '--no-edit', 'other']);
  assert.equal(r.status, 0, r.out);
  assert.doesNotMatch(r.out, /merging line by line/);
  const m = parsed(read(dir));
  assert.equal(read(dir), serializeTaxonomy(m));
  assert.deepEqual(m.themes.map((x) => [x.name, x.topics]), [['Environment', [T[0]]], ['Society', [T[1]]]]);
  assert.equal(m.topics.find((x) => x.id === T[0])!.label, 'Climate');
  assert.equal(m.topics.find((x) => x.id === T[2])!.note, 'check with the PI');
});

test('both branches adding taxonomy.json of different runs merge line by line, with the reason', async (t) => {
  const dir = repo(t);
  await gitSetup(dir, DRIVER);
  run(dir, ['add', '-A']);
  run(dir, ['commit', '-q', '-m', 'set-up']);
  run(dir, ['branch', 'other']);
  commit(dir, b.fresh, 'map');
  run(dir, ['checkout', '-q', 'other']);
  commit(dir, { ...b.fresh, run: { ...b.fresh.run, artifact: '0123456789abcdef' } }, 'map again, another run');
  run(dir, ['checkout', '-q', 'main']);
  const r = attempt(dir, ['merge', '--no-edit', 'other']);
  assert.match(r.out, /taxonomy\.json: both branches added the file, but the two sides are different runs \(run\.artifact [0-9a-f]{16} and 0123456789abcdef\)/);
  assert.match(r.out, /merging line by line instead \(git merge-file\)/);
  assert.equal(r.status, 1, 'git merge-file leaves the differing line conflicted');
  assert.match(read(dir), /^<<<<<<< ours\n {4}"artifact": "[0-9a-f]{16}",\n=======\n {4}"artifact": "0123456789abcdef",\n>>>>>>> theirs$/m);
});

test('diff and agree read git revisions (REV:PATH) and say what differs', async (t) => {
  const dir = await setUp(t);
  commit(dir, assignTopic(renameTopic(b.taxonomy, T[1], 'Schools'), T[3], b.env), 'ana');
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  const d = cli('diff', 'other:taxonomy.json', 'main:taxonomy.json');
  assert.equal(d.status, 0, d.stderr);
  assert.equal(d.stdout, `Topic "school, teachers, students" (${T[1]}) renamed to "Schools".\nTopic "trade, tariffs, exports" (${T[3]}) moved from no theme to theme "Environment".\n`);
  const j = cli('diff', 'other:taxonomy.json', 'taxonomy.json', '--json');
  assert.deepEqual(JSON.parse(j.stdout).changes.map((c: { kind: string }) => c.kind), ['topic-renamed', 'topic-moved']);
  const a = cli('agree', 'other:taxonomy.json', 'main:taxonomy.json', '--format', 'csv');
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /^overall,chunks,,,32,,,,0\.875,/m);
  const bad = cli('diff', 'nosuch:taxonomy.json', 'taxonomy.json');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^literature-map diff: nosuch:taxonomy\.json: git show: invalid object name 'nosuch'\.?\n$/);
});
