// Answers `require(name)` with `value` from now on: how host modules that import `vscode` run under node:test. Import
// the helper that calls this before the module under test (esbuild keeps import order in the bundle).
import Module from 'node:module';

type Loader = { _load: (req: string, ...rest: unknown[]) => unknown };

export function stubModule(name: string, value: unknown): void {
  const m = Module as unknown as Loader;
  const load = m._load;
  m._load = function (req: string, ...rest: unknown[]) {
    return req === name ? value : load.call(this, req, ...rest);
  };
}
