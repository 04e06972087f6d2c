// Gzip-compressed files (the OpenAlex snapshot's part_000.gz, `.jsonl.gz`): decompressed in memory with Node's zlib
// before decoding, so the readers see text as for any other file. The size limit applies to the decompressed bytes
// (that is what is held and parsed), through zlib's maxOutputLength, so a small file cannot expand without bound. A
// truncated file (an interrupted download) gives what it holds with a warning: its cut last line is then one bad line.
import { constants, gunzipSync } from 'node:zlib';
import { formatBytes } from '../byte-size';

export type Gunzipped = { ok: true; bytes: Buffer; warnings: string[] } | { ok: false; reason: string };

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function gunzip(bytes: Buffer, maxBytes: number): Gunzipped {
  const tooLarge = (): Gunzipped => ({ ok: false, reason: `too large: over the ${formatBytes(maxBytes)} limit once decompressed; not read (split it, or raise the limit: --max-file-mb, or the literatureMap.maxFileMB setting)` });
  try {
    return { ok: true, bytes: gunzipSync(bytes, { maxOutputLength: maxBytes }), warnings: [] };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE') return tooLarge();
    if (err.code !== 'Z_BUF_ERROR') return { ok: false, reason: `gzip-compressed but cannot be decompressed (${err.message}); not read` };
  }
  try {
    // Z_SYNC_FLUSH returns what the stream holds instead of failing at its missing end.
    const partial = gunzipSync(bytes, { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH });
    return { ok: true, bytes: partial, warnings: ['the gzip file ends early (an interrupted download?); what it holds was read'] };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge();
    return { ok: false, reason: `gzip-compressed but cannot be decompressed (${(e as Error).message}); not read` };
  }
}
