// Which file is ours: `taxonomy.json` is a common name, and another project's file of that name must be left alone
// (no diagnostics, no read-only warnings, never overwritten by a run). Ours is recognised by content, its schema
// marker: a JSON object with a "schemaVersion" property. A file that does not parse as JSON at all may be ours,
// damaged (half-written, a merge conflict): it is reported, never treated as someone else's and overwritten.

/** True for well-formed JSON that is not a Literature Map taxonomy. */
export function isForeignTaxonomyText(text: string): boolean {
  if (!text.trim()) return false;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return false;
  }
  return !(v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, 'schemaVersion'));
}
