// Plain `git` through child_process.execFile (no shell, arguments passed as a list): the set-up, the revision reads and
// the merge driver's fallback need a handful of plumbing commands, and the git binary is what runs the merge driver
// in the first place. A JavaScript git library (isomorphic-git) neither reads merge-driver config nor runs
// `merge-file`, so it would not serve.
import { execFile } from 'node:child_process';

export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(message: string, readonly code: number | null) {
    super(message);
  }
}

export interface GitResult {
  stdout: string;
  /** Exit status; only non-zero when `allowFailure` asked for it instead of a thrown GitError. */
  status: number;
}

/** Runs `git args…` in `cwd`. A non-zero exit throws GitError with git's first line of stderr, unless allowFailure. */
export function git(cwd: string, args: string[], opts: { allowFailure?: boolean } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, status: 0 });
      const e = err as NodeJS.ErrnoException & { code?: number | string };
      if (e.code === 'ENOENT') return reject(new GitError('git is not installed or not on PATH', null));
      const status = typeof e.code === 'number' ? e.code : 1;
      if (opts.allowFailure) return resolve({ stdout, status });
      const line = stderr.split('\n').find((l) => l.trim()) ?? err.message;
      reject(new GitError(`git ${args[0]}: ${line.replace(/^(fatal|error): /, '')}`, status));
    });
  });
}
