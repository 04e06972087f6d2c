// Personal names as exports write them. A leaf module (no imports) because the panel's bundle uses it too.

/** The family name of "Family, Given", "Given Family", "Family G" (PubMed AU) or "G. Family" (IEEE). */
export function familyName(author: string): string {
  const a = author.replace(/\s+/g, ' ').trim();
  if (a.includes(',')) return a.slice(0, a.indexOf(',')).trim();
  const parts = a.split(' ');
  if (parts.length === 2 && /^[A-Z]{1,3}\.?$/.test(parts[1])) return parts[0];
  return [...parts].reverse().find((p) => p.replace(/\./g, '').length > 1) ?? parts[parts.length - 1] ?? '';
}

/** "Smith (2020)", "Smith & Jones (2020)", "Smith et al. (2020)"; "n.d." without a year, "Anonymous" without authors. */
export function authorYear(authors: readonly string[], year: number | undefined): string {
  const fam = authors.map(familyName).filter(Boolean);
  const who = fam.length === 0 ? 'Anonymous' : fam.length === 1 ? fam[0] : fam.length === 2 ? `${fam[0]} & ${fam[1]}` : `${fam[0]} et al.`;
  return `${who} (${year ?? 'n.d.'})`;
}
