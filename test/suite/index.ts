// Mocha inside the extension host (code-server's, via the smoke-test payload; or test-electron's on a desktop). Writes
// the counts to $LM_E2E_RESULTS so the outside runner can report them without parsing logs.
import fs from 'node:fs';
import path from 'node:path';
import type MochaType from 'mocha';

// Loaded from node_modules at run time: bundling mocha breaks its lazily resolved parallel-mode files.
const Mocha = module.require('mocha') as typeof MochaType;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120000, reporter: 'spec' });
  const dir = __dirname;
  // LM_E2E_SUITES=restricted runs restricted*.suite.js (an untrusted workspace), =scale runs scale*.suite.js (a 15k-chunk
  // corpus); anything else runs the rest.
  const groups = ['restricted', 'scale'];
  const group = groups.includes(process.env.LM_E2E_SUITES ?? '') ? process.env.LM_E2E_SUITES! : undefined;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.suite.js') && (group ? f.startsWith(group) : !groups.some((g) => f.startsWith(g)))).sort();
  for (const f of files) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const failures: string[] = [];
    let passed = 0;
    const runner = mocha.run((failed) => {
      const out = process.env.LM_E2E_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ passed, failed, failures }));
      if (failed > 0) reject(new Error(`${failed} in-editor test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', (t, err: Error) => failures.push(`${t.fullTitle()}: ${err.message}`));
  });
}
