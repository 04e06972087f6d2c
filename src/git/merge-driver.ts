// The git merge driver for taxonomy files, run by git as
//   node <clone>/.git/literature-map/merge-driver.js %O %A %B %L %P
// (see setup.ts). It merges the three versions by ids (src/taxonomy/merge-file.ts) and writes the result to %A only:
// exit 0 when clean, 1 when conflicts are left in the file for the researcher. An empty %O is git's add/add (both
// branches added the file), merged on the rebuilt fresh file when both are of one run. Input that is not a taxonomy (or
// is already conflicted, or an add/add of two runs) goes to git's own line merge, so the driver never does worse than
// git without it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { writeFileAtomicSync } from '../pipeline/atomic-write';
import { mergeTaxonomyFiles } from '../taxonomy/merge-file';

function textMerge(base: string, ours: string, theirs: string, size: number): number {
  try {
    execFileSync('git', ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', `--marker-size=${size}`, ours, base, theirs], { stdio: 'inherit' });
    return 0;
  } catch (e) {
    const status = (e as { status?: number | null }).status;
    // merge-file exits with the number of conflicts; anything it could not do at all is an error, not a conflict.
    return typeof status === 'number' && status > 0 && status < 128 ? 1 : 2;
  }
}

export function runMergeDriver(argv: string[]): number {
  const [base, ours, theirs, sizeArg, name = ours] = argv;
  if (!base || !ours || !theirs) {
    process.stderr.write('literature-map merge driver: expected %O %A %B [%L] [%P] (run `literature-map git-setup`)\n');
    return 2;
  }
  const size = Number.parseInt(sizeArg ?? '7', 10) || 7;
  const read = (f: string) => fs.readFileSync(f, 'utf8');
  const result = mergeTaxonomyFiles(read(base), read(ours), read(theirs), name, size);
  if (result.kind === 'unparseable') {
    process.stderr.write(`literature-map: ${result.reason}\nliterature-map: ${name}: merging line by line instead (git merge-file)\n`);
    return textMerge(base, ours, theirs, size);
  }
  writeFileAtomicSync(ours, result.text);
  if (result.kind === 'clean') return 0;
  process.stderr.write(`literature-map: ${name}: ${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'} left in the file for you to resolve:\n`);
  for (const c of result.conflicts) process.stderr.write(`  ${c}\n`);
  return 1;
}

if (require.main === module) process.exitCode = runMergeDriver(process.argv.slice(2));
