// Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same items; every label value, −1
// (outliers) included, is one cluster — the convention of the reference README.

export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`adjustedRandIndex: labelings differ in length (${n} vs ${b.length}).`);
  if (n < 2) return 1;
  const ai = dense(a), bi = dense(b);
  const cells = new Map<number, number>();
  const rows = new Float64Array(ai.count), cols = new Float64Array(bi.count);
  for (let i = 0; i < n; i++) {
    const key = ai.ids[i] * bi.count + bi.ids[i];
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows[ai.ids[i]]++;
    cols[bi.ids[i]]++;
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0, sa = 0, sb = 0;
  for (const v of cells.values()) index += c2(v);
  for (const v of rows) sa += c2(v);
  for (const v of cols) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const maxIndex = (sa + sb) / 2;
  // Both labelings trivial (all one cluster, or all singletons) and identical: perfect agreement by convention.
  if (maxIndex === expected) return 1;
  return (index - expected) / (maxIndex - expected);
}

function dense(x: ArrayLike<number>): { ids: Int32Array; count: number } {
  const map = new Map<number, number>();
  const ids = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let id = map.get(x[i]);
    if (id === undefined) {
      id = map.size;
      map.set(x[i], id);
    }
    ids[i] = id;
  }
  return { ids, count: map.size };
}
