import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Short content hash used in chunk ids and cache keys: 64 bits of sha256 is plenty for a corpus. */
export function shortHash(data: string | Uint8Array): string {
  return sha256Hex(data).slice(0, 16);
}
