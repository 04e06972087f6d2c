// What every bench script needs: its `--name value` options and medians (the machines are shared and noisy, so every
// figure is a median of repeated runs).

const argv = process.argv.slice(2);

/** The value after `--name` on the command line, or dflt. */
export function option(name: string, dflt: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
