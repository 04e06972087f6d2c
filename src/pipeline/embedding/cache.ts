// On-disk embedding cache: one append-only log per (backend, model, dtype), so a re-run embeds only new or changed
// chunks and 100k vectors live in one file, not 100k. Each record carries its own checksum: a crash mid-append, a
// truncated copy or flipped bytes lose only the damaged records (the reader skips to the next valid one), never the
// run. Appends are one write(2) per batch on an O_APPEND descriptor, so two runs sharing a cache interleave whole
// batches. Only corpus-independent vectors (transformer models) belong here; LSA vectors are not cached.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomicSync } from '../atomic-write';

const MAGIC = Buffer.from('LMe1', 'ascii');
const KEY_BYTES = 16;
const HEADER = 4 + 4 + KEY_BYTES; // magic, dim (u32 LE), key
const MAX_DIM = 1 << 16;
const READ_BLOCK = 8 << 20;
const LOG_FILE = 'vectors.log';

/** A directory name that is safe on every file system, readable, and unique per full key. */
export function cacheKeyDir(parts: readonly string[]): string {
  const raw = parts.join('|');
  const readable = parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+/g, '_').slice(0, 80);
  return `${readable}-${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`;
}

/** Fixed-width record key for any chunk hash string (the contract's textHash is 16 hex chars, but do not rely on it). */
function recordKey(textHash: string): Buffer {
  return createHash('sha256').update(textHash).digest().subarray(0, KEY_BYTES);
}

// FNV-1a over the record body: cheap, and all it must do is tell a torn or damaged record from a whole one.
function checksum(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 16777619);
  return h >>> 0;
}

export interface CacheStats {
  records: number;
  badBytes: number;
}

export class EmbeddingCache {
  readonly dir: string;
  private readonly file: string;

  constructor(root: string, keyParts: readonly string[]) {
    this.dir = path.join(root, 'embeddings', cacheKeyDir(keyParts));
    this.file = path.join(this.dir, LOG_FILE);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const meta = path.join(this.dir, 'meta.json');
      if (!fs.existsSync(meta)) writeFileAtomicSync(meta, JSON.stringify({ format: 'literature-map embedding log v1', key: keyParts }, null, 2) + '\n');
    } catch {
      // A read-only or full disk only costs the cache; lookups find nothing and appends are skipped.
    }
  }

  get logFile(): string {
    return this.file;
  }

  /**
   * The cached vectors of the given chunk hashes that have exactly `dim` values (any dim when omitted). Streams the
   * log in blocks, so memory is bounded by the answer, not the file. The last valid record of a key wins.
   */
  lookup(textHashes: readonly string[], dim?: number): { found: Map<string, Float32Array>; stats: CacheStats } {
    const wanted = new Map<string, string[]>();
    for (const h of textHashes) {
      const k = recordKey(h).toString('hex');
      const list = wanted.get(k);
      if (list) list.push(h);
      else wanted.set(k, [h]);
    }
    const found = new Map<string, Float32Array>();
    const stats: CacheStats = { records: 0, badBytes: 0 };
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return { found, stats };
    }
    try {
      let buf = Buffer.alloc(0);
      let filePos = 0;
      let eof = false;
      let pos = 0;
      const fill = (need: number): boolean => {
        while (buf.length - pos < need && !eof) {
          const chunk = Buffer.allocUnsafe(Math.max(READ_BLOCK, need));
          const n = fs.readSync(fd, chunk, 0, chunk.length, filePos);
          if (n === 0) eof = true;
          filePos += n;
          buf = Buffer.concat([buf.subarray(pos), chunk.subarray(0, n)]);
          pos = 0;
        }
        return buf.length - pos >= need;
      };
      const skipToNextMagic = () => {
        const next = buf.indexOf(MAGIC, pos + 1);
        const to = next >= 0 ? next : Math.max(pos + 1, buf.length - (MAGIC.length - 1));
        stats.badBytes += to - pos;
        pos = to;
      };
      while (fill(HEADER)) {
        if (buf.compare(MAGIC, 0, 4, pos, pos + 4) !== 0) {
          skipToNextMagic();
          continue;
        }
        const d = buf.readUInt32LE(pos + 4);
        const size = HEADER + 4 * d + 4;
        if (d === 0 || d > MAX_DIM || !fill(size) || buf.readUInt32LE(pos + size - 4) !== checksum(buf, pos + 4, pos + size - 4)) {
          if (buf.length - pos < HEADER) break;
          skipToNextMagic();
          continue;
        }
        stats.records++;
        const hashes = wanted.get(buf.toString('hex', pos + 8, pos + HEADER));
        if (hashes && (dim === undefined || d === dim)) {
          const v = new Float32Array(d);
          new Uint8Array(v.buffer).set(buf.subarray(pos + HEADER, pos + HEADER + 4 * d));
          for (const h of hashes) found.set(h, v);
        }
        pos += size;
      }
      stats.badBytes += buf.length - pos;
    } finally {
      fs.closeSync(fd);
    }
    return { found, stats };
  }

  /** Appends vectors in one write. Failure to write (disk full, read-only) is reported, not thrown. */
  append(entries: ReadonlyArray<{ textHash: string; vector: Float32Array }>): boolean {
    if (entries.length === 0) return true;
    let total = 0;
    for (const e of entries) total += HEADER + 4 * e.vector.length + 4;
    const out = Buffer.allocUnsafe(total);
    let p = 0;
    for (const e of entries) {
      const start = p;
      MAGIC.copy(out, p);
      out.writeUInt32LE(e.vector.length, p + 4);
      recordKey(e.textHash).copy(out, p + 8);
      Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength).copy(out, p + HEADER);
      p += HEADER + 4 * e.vector.length;
      out.writeUInt32LE(checksum(out, start + 4, p), p);
      p += 4;
    }
    try {
      const fd = fs.openSync(this.file, 'a');
      try {
        for (let off = 0; off < out.length; ) off += fs.writeSync(fd, out, off);
      } finally {
        fs.closeSync(fd);
      }
      return true;
    } catch {
      return false;
    }
  }
}
