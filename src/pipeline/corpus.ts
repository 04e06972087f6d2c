// Reads a transcript folder into parsed sources. Decisions (also in docs/bad-inputs.md):
// - Order is the code-point order of root-relative posix paths, so runs are identical on every machine.
// - Hidden entries (".name") and node_modules are not walked; the caller's `ignore` paths (the taxonomy file) are
//   skipped silently. Files with a supported extension left out by include/exclude are skipped silently too (the
//   user chose that); files of an unsupported type are reported, so a folder of PDFs says why it maps nothing.
// - Symbolic links are followed; a link to a folder already read (a loop, or an alias) is reported and not walked
//   again. A broken link is reported.
// - Files over maxFileBytes are refused from their size alone, never read. 0-byte, binary and non-transcript JSON files
//   are reported. Invalid UTF-8 is decoded as Windows-1252 with a warning (see formats/decode.ts).
// - Identical content (same sha256) is used once: the first path in order is kept, later ones are reported as
//   duplicates, so a copied transcript does not count twice in topic sizes and prevalence.
// - A file that vanishes or cannot be read mid-run is reported; the run goes on with the rest.
// - A bibliographic export gives one source per record (formats/exports.ts); its bad records are reported with their
//   line and skipped. Records of all exports are then de-duplicated and given unique citation keys (record-dedupe.ts).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { compareCodePoints } from './fingerprint';
import { DEFAULT_MAX_FILE_BYTES, isSupported, parseFile, SUPPORTED_EXTENSIONS, type FileParse } from './formats/index';
import { loadBibtexParser } from './formats/bibtex';
import { familyOf } from './formats/sniff';
import { dedupeRecords } from './record-dedupe';
import { checkGlobs, matchesAny } from './glob';
import { PipelineError } from './errors';
import { formatBytes } from './byte-size';
import type { Corpus, ParsedSource, PipelineSettings, SkippedFile } from './types';

export interface ReadCorpusOptions {
  include?: string[];
  exclude?: string[];
  /** Root-relative posix paths to skip, e.g. the taxonomy file. */
  ignore?: string[];
  /** Files bigger than this (a .gz: compressed or decompressed) are skipped with a message. Default 50 MiB. */
  maxFileBytes?: number;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  /** Column names for CSV exports that are not Scopus/IEEE/Springer. */
  csvColumns?: PipelineSettings['csvColumns'];
}

const READ_CONCURRENCY = 4;

interface Found { abs: string; rel: string }

export async function readCorpus(root: string, opts: ReadCorpusOptions = {}): Promise<Corpus> {
  const rootAbs = path.resolve(root);
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const signal = opts.signal;
  let st;
  try {
    st = await fsp.stat(rootAbs);
  } catch (e) {
    throw new PipelineError(`Cannot read folder ${rootAbs}: ${describeError(e)}`);
  }
  if (!st.isDirectory()) throw new PipelineError(`Cannot read folder ${rootAbs}: it is not a folder`);

  checkGlobs([...(opts.include ?? []), ...(opts.exclude ?? [])]);
  const skipped: SkippedFile[] = [];
  const found = await walk(rootAbs, {
    include: opts.include ?? [], exclude: opts.exclude ?? [], signal,
    ignore: new Set((opts.ignore ?? []).map((p) => p.replace(/\\/g, '/').replace(/^(\.\/)+/, ''))),
  }, skipped);
  found.sort((a, b) => compareCodePoints(a.rel, b.rel));
  if (found.some((f) => familyOf(f.rel) === 'bibtex')) await loadBibtexParser();

  const results: FileParse[] = new Array(found.length);
  let next = 0;
  const worker = async () => {
    while (next < found.length) {
      signal?.throwIfAborted();
      const i = next++;
      results[i] = await readOne(found[i], max, opts.csvColumns);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, found.length) }, worker));
  signal?.throwIfAborted();

  const read: ParsedSource[] = [];
  const firstByHash = new Map<string, string>();
  results.forEach((r, i) => {
    skipped.push(...r.skipped);
    if (!r.sources.length) return;
    // Whole files with identical bytes: an export copied into two folders is one file, not a set of duplicates.
    const hash = r.sources[0].file.record ? `file:${found[i].rel}` : r.sources[0].file.contentHash;
    const first = r.sources[0].file.record ? undefined : firstByHash.get(hash);
    if (first !== undefined) {
      skipped.push({ path: found[i].rel, reason: `duplicate of ${first} (identical content); only the first is used` });
      return;
    }
    firstByHash.set(hash, found[i].rel);
    read.push(...r.sources);
  });
  const { sources, merged } = dedupeRecords(read);
  skipped.sort((a, b) => compareCodePoints(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0));
  const bytes = results.reduce((n, r) => n + (r.sources[0] && !r.sources[0].file.record ? r.sources[0].file.bytes : 0), 0);
  const records = sources.filter((s) => s.file.record).length;
  opts.onLog?.(`read ${sources.length - records} file${sources.length - records === 1 ? '' : 's'} (${formatBytes(bytes)})` +
    (records ? ` and ${records} bibliographic record${records === 1 ? '' : 's'}${merged.length ? ` (${merged.length} duplicate${merged.length === 1 ? '' : 's'} merged)` : ''}` : '') +
    ` from ${rootAbs}; ${skipped.length} skipped`);
  return { root: rootAbs, sources, skipped, merged };
}

interface WalkOpts { include: string[]; exclude: string[]; ignore: Set<string>; signal?: AbortSignal }

async function walk(rootAbs: string, o: WalkOpts, skipped: SkippedFile[]): Promise<Found[]> {
  const out: Found[] = [];
  const seenDirs = new Map<string, string>([[await fsp.realpath(rootAbs), '.']]);
  const visit = async (dirAbs: string, relDir: string): Promise<void> => {
    o.signal?.throwIfAborted();
    let entries;
    try {
      entries = await fsp.readdir(dirAbs, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: relDir + '/', reason: `folder could not be read (${describeError(e)})` });
      return;
    }
    entries.sort((a, b) => compareCodePoints(a.name, b.name));
    for (const ent of entries) {
      if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
      const rel = relDir ? `${relDir}/${ent.name}` : ent.name;
      if (o.ignore.has(rel)) continue;
      const abs = path.join(dirAbs, ent.name);
      let isDir = ent.isDirectory(), isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const t = await fsp.stat(abs);
          isDir = t.isDirectory(); isFile = t.isFile();
        } catch (e) {
          skipped.push({ path: rel, reason: `broken symbolic link (${describeError(e)})` });
          continue;
        }
      }
      if (isDir) {
        if (o.exclude.length && (matchesAny(rel, o.exclude) || matchesAny(rel + '/', o.exclude))) continue;
        let real: string;
        try { real = await fsp.realpath(abs); } catch (e) {
          skipped.push({ path: rel, reason: `folder could not be resolved (${describeError(e)})` });
          continue;
        }
        const before = seenDirs.get(real);
        if (before !== undefined) {
          skipped.push({ path: rel, reason: `symbolic link to a folder already read (${before === '.' ? 'the corpus root' : before}): a loop or an alias; not read again` });
          continue;
        }
        seenDirs.set(real, rel);
        await visit(abs, rel);
      } else if (isFile) {
        if (o.exclude.length && matchesAny(rel, o.exclude)) continue;
        const included = o.include.length === 0 || matchesAny(rel, o.include);
        if (!isSupported(rel)) {
          if (included || o.include.length) {
            const ext = path.posix.extname(rel);
            skipped.push({ path: rel, reason: `unsupported file type${ext ? ` (${ext})` : ' (no extension)'}; readable types are ${SUPPORTED_EXTENSIONS.join(' ')}` });
          }
          continue;
        }
        if (!included) continue;
        out.push({ abs, rel });
      } else if (isSupported(rel) && !(o.exclude.length && matchesAny(rel, o.exclude)) && (o.include.length === 0 || matchesAny(rel, o.include))) {
        // A pipe, socket or device named like a transcript: opening a FIFO would block the run, so it is never opened.
        skipped.push({ path: rel, reason: 'not a regular file (a pipe, socket or device); not read' });
      }
    }
  };
  await visit(rootAbs, '');
  return out;
}

async function readOne(f: Found, max: number, csvColumns: ReadCorpusOptions['csvColumns']): Promise<FileParse> {
  const skip = (reason: string): FileParse => ({ sources: [], skipped: [{ path: f.rel, reason }] });
  const tooLarge = (size: number): FileParse =>
    skip(`too large: ${formatBytes(size)}, over the ${formatBytes(max)} limit; not read (split it, or raise the limit: --max-file-mb, or the literatureMap.maxFileMB setting)`);
  // Size first, by path: an oversized file is refused without even being opened.
  try {
    const pre = await fsp.stat(f.abs);
    if (pre.size > max) return tooLarge(pre.size);
  } catch (e) {
    return skip(`could not be read (${describeError(e)})`);
  }
  let handle;
  try {
    handle = await fsp.open(f.abs, 'r');
  } catch (e) {
    return skip(`could not be opened (${describeError(e)})`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return skip('not a regular file');
    if (st.size > max) return tooLarge(st.size);
    // Read at most size + 1 bytes: the extra byte tells a file that grew since stat() without reading all of it.
    const buf = Buffer.alloc(st.size + 1);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const changed = got !== st.size;
    const bytes = buf.subarray(0, Math.min(got, st.size));
    const r = parseFile(bytes, f.rel, { csvColumns, maxBytes: max });
    if (changed && r.sources.length) {
      r.sources[0].warnings.unshift(`changed while it was being read (${formatBytes(st.size)} at start, ${got > st.size ? 'more' : formatBytes(got)} at the end); the bytes read were used — re-run to pick up the final version`);
    }
    return r;
  } catch (e) {
    return skip(`could not be read (${describeError(e)})`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'it no longer exists: deleted or moved while the folder was read';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EISDIR': return 'it is a folder';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    default: return code ? `${code}: ${(e as Error).message}` : String((e as Error)?.message ?? e);
  }
}
