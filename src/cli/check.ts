// `literature-map check`: is the committed taxonomy stale for the folder's contents? Exit 0 up to date, 1 stale (with
// what changed), 2 when the taxonomy file cannot be read. The corpus reader is injected so this stays testable and
// independent of the pipeline's file formats.
import { readFile } from 'node:fs/promises';
import { parseTaxonomy } from '../taxonomy/serialize';
import { count } from '../words';

export interface CheckOptions {
  readFingerprint: (folder: string) => Promise<{ fingerprint: string; sources: Array<{ path: string; contentHash: string }> }>;
  /** The settings the folder would be mapped with (as taxonomy/build settingsRecord writes them); compared when given. */
  settings?: Record<string, unknown>;
  /** How many changed sources to list before "… and N more". */
  maxListed?: number;
}

function flatten(v: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(v));
  }
  return out;
}

export async function runCheck(folder: string, taxonomyPath: string, opts: CheckOptions): Promise<{ code: 0 | 1 | 2; lines: string[] }> {
  let text: string;
  try {
    text = await readFile(taxonomyPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { code: 2, lines: [code === 'ENOENT' ? `${taxonomyPath}: no taxonomy file (map the folder first)` : `${taxonomyPath}: cannot read (${code})`] };
  }
  const parsed = parseTaxonomy(text, taxonomyPath);
  if (!parsed.ok) return { code: 2, lines: parsed.errors.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`) };
  const run = parsed.taxonomy.run;
  const recorded = parsed.taxonomy.sources;
  const now = await opts.readFingerprint(folder);

  const lines: string[] = [];
  const before = new Map(recorded.map((s) => [s.path, s.contentHash]));
  const after = new Map(now.sources.map((s) => [s.path, s.contentHash]));
  const changes: string[] = [];
  for (const s of [...now.sources].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const old = before.get(s.path);
    if (old === undefined) changes.push(`  added:   ${s.path}`);
    else if (old !== s.contentHash) changes.push(`  changed: ${s.path}`);
  }
  for (const s of recorded) if (!after.has(s.path)) changes.push(`  removed: ${s.path}`);
  const max = opts.maxListed ?? 20;
  const settingChanges: string[] = [];
  if (opts.settings) {
    const a = flatten(run.settings, '', new Map()), b = flatten(opts.settings, '', new Map());
    for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      if (a.get(k) !== b.get(k)) settingChanges.push(`  setting ${k}: ${a.get(k) ?? '(unset)'} → ${b.get(k) ?? '(unset)'}`);
    }
  }

  if (now.fingerprint === run.corpus.fingerprint && settingChanges.length === 0) {
    return { code: 0, lines: [`${taxonomyPath}: up to date (${count(now.sources.length, 'source')})`] };
  }
  lines.push(`${taxonomyPath}: stale for ${folder} — re-run \`literature-map map\` to update it`);
  lines.push(...changes.slice(0, max));
  if (changes.length > max) lines.push(`  … and ${changes.length - max} more`);
  lines.push(...settingChanges);
  if (now.fingerprint !== run.corpus.fingerprint && changes.length === 0) lines.push('  the corpus fingerprint differs (same files and contents: was it computed by another version?)');
  return { code: 1, lines };
}
