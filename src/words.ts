// Counted nouns, so no message says "1 topics" or "(1 chunks)". No imports: the webview, host, CLI and exports share it.

const IRREGULAR: Record<string, string> = { analysis: 'analyses', index: 'indices', entry: 'entries', category: 'categories' };

/** The noun for n of it: "topic" for 1, "topics" otherwise (or the given plural). */
export function noun(n: number, singular: string, plural?: string): string {
  return n === 1 ? singular : plural ?? IRREGULAR[singular] ?? `${singular}s`;
}

/** "1 topic", "12 topics", "6,000 chunks" with format = toLocaleString. */
export function count(n: number, singular: string, plural?: string, format: (n: number) => string = String): string {
  return `${format(n)} ${noun(n, singular, plural)}`;
}
