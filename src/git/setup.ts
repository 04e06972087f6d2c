// Sets a clone up for the taxonomy merge driver: the `.gitattributes` lines (committed, shared by every clone), the
// clone's `merge.literature-map.*` config (never shared by git, so every clone needs it once) and the driver script,
// installed inside the clone's git folder so its path survives editor and package updates.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../pipeline/atomic-write';
import { git } from './git';

export const DRIVER_NAME = 'literature-map';
/** The file names the extension's schema is bound to; git-setup adds the configured file when it is another one. */
export const DEFAULT_PATTERNS = ['taxonomy.json', '*.taxonomy.json'];
/** Relative to the clone's common git folder (shared by its worktrees). */
export const DRIVER_SCRIPT = path.join('literature-map', 'merge-driver.js');

// git runs the command through a shell in the top of the work tree; asking git for its folder there (rather than
// writing an absolute path) keeps the config right when the clone is moved and in every worktree of the clone.
const DRIVER_COMMAND = `node "$(git rev-parse --git-common-dir)/${DRIVER_SCRIPT.split(path.sep).join('/')}" %O %A %B %L %P`;

/** Whether `node` runs from `cwd` as git would start it (the driver command names plain `node`). */
function nodeOnPath(cwd: string): Promise<boolean> {
  return new Promise((resolve) => execFile('node', ['--version'], { cwd, windowsHide: true }, (err) => resolve(!err)));
}

export interface Clone {
  top: string;
  commonDir: string;
}

/** The clone `dir` is in, or undefined when it is not in one (or git is missing). */
export async function findClone(dir: string): Promise<Clone | undefined> {
  try {
    const out = (await git(dir, ['rev-parse', '--show-toplevel', '--git-common-dir'])).stdout.split('\n');
    const top = out[0].trim();
    return { top, commonDir: path.resolve(dir, out[1].trim()) };
  } catch {
    return undefined;
  }
}

/** `file`'s path from the top of the clone, '/'-separated; through symlinks (git reports the real top). */
export function pathInClone(clone: Clone, file: string): string {
  let real = file;
  try {
    real = path.join(fs.realpathSync.native(path.dirname(file)), path.basename(file));
  } catch {
    // a folder that does not exist yet: the path as given
  }
  return path.relative(clone.top, real).split(path.sep).join('/');
}

export interface SetupStatus {
  clone: Clone;
  /** Patterns `.gitattributes` routes to the driver. */
  attributes: string[];
  /** True when this clone's config defines the driver. */
  configured: boolean;
  /** The installed script: absent, the same as `driverSource`, or another version. */
  script: 'missing' | 'current' | 'outdated';
}

function attributeLines(top: string): string[] {
  try {
    return fs.readFileSync(path.join(top, '.gitattributes'), 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

const routed = (lines: string[]) => lines
  .map((l) => l.trim().split(/\s+/))
  .filter((w) => w.length > 1 && !w[0].startsWith('#') && w.slice(1).includes(`merge=${DRIVER_NAME}`))
  .map((w) => w[0]);

export async function setupStatus(dir: string, driverSource: string): Promise<SetupStatus | undefined> {
  const clone = await findClone(dir);
  if (!clone) return undefined;
  const driver = await git(clone.top, ['config', '--get', `merge.${DRIVER_NAME}.driver`], { allowFailure: true });
  const installed = path.join(clone.commonDir, DRIVER_SCRIPT);
  let script: SetupStatus['script'] = 'missing';
  if (fs.existsSync(installed)) script = fs.readFileSync(installed).equals(fs.readFileSync(driverSource)) ? 'current' : 'outdated';
  return { clone, attributes: routed(attributeLines(clone.top)), configured: driver.status === 0 && driver.stdout.trim() !== '', script };
}

/** True when the clone routes taxonomy files to the driver but cannot run it (a fresh clone, a lost script). */
export function needsRepair(s: SetupStatus): boolean {
  return s.attributes.length > 0 && (!s.configured || s.script === 'missing');
}

/**
 * Writes what is missing and returns one line per change. `taxonomyFile` (a path) is routed too when the default
 * patterns do not cover it.
 */
export async function gitSetup(dir: string, driverSource: string, taxonomyFile?: string): Promise<{ clone: Clone; changes: string[] }> {
  const status = await setupStatus(dir, driverSource);
  if (!status) throw new Error(`${dir} is not inside a git clone (run \`git init\` first)`);
  const { clone } = status;
  const changes: string[] = [];

  const patterns = [...DEFAULT_PATTERNS];
  if (taxonomyFile) {
    const base = path.basename(taxonomyFile);
    if (base !== 'taxonomy.json' && !base.endsWith('.taxonomy.json')) patterns.push(pathInClone(clone, path.resolve(dir, taxonomyFile)));
  }
  const missing = patterns.filter((p) => !status.attributes.includes(p));
  if (missing.length) {
    const file = path.join(clone.top, '.gitattributes');
    const old = attributeLines(clone.top).join('\n').replace(/\n*$/, '');
    const add = ['# Literature Map: merge taxonomy files by topic and theme ids (`literature-map git-setup`)', ...missing.map((p) => `${p} merge=${DRIVER_NAME}`)];
    writeFileAtomicSync(file, `${old ? `${old}\n` : ''}${add.join('\n')}\n`);
    changes.push(`.gitattributes: routes ${missing.join(', ')} to the ${DRIVER_NAME} merge driver (commit it, so every clone uses it)`);
  }

  const installed = path.join(clone.commonDir, DRIVER_SCRIPT);
  if (status.script !== 'current') {
    fs.mkdirSync(path.dirname(installed), { recursive: true });
    writeFileAtomicSync(installed, fs.readFileSync(driverSource));
    changes.push(`${path.relative(clone.top, installed) || installed}: ${status.script === 'missing' ? 'installed' : 'updated'} the merge driver`);
  }
  if (!status.configured) {
    await git(clone.top, ['config', `merge.${DRIVER_NAME}.name`, 'Literature Map taxonomy merge (by topic and theme ids)']);
    await git(clone.top, ['config', `merge.${DRIVER_NAME}.driver`, DRIVER_COMMAND]);
    changes.push(`git config merge.${DRIVER_NAME}.driver: set for this clone (git never shares config: every clone runs the set-up once)`);
  }
  if (!(await nodeOnPath(clone.top))) changes.push('warning: `node` is not on PATH here, and git runs the driver with it: install Node.js 20 or newer (until then git reports the driver as failed)');
  return { clone, changes };
}
