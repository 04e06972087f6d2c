// Bytes → text. Decision for invalid UTF-8: decode as Windows-1252 (a superset of Latin-1 for printable text, and what
// old Windows tools and many transcription exports write) and warn, rather than skip: the words are almost always
// right, and losing a whole transcript over a few accented letters is worse than a warning the user can act on.
// Binary content (NUL bytes, or many control characters) is skipped with a reason instead.

export type Decoded = { ok: true; text: string; warnings: string[] } | { ok: false; reason: string };

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five undefined bytes map to their C1 code points.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes: number[] = [];
    for (const b of bytes.subarray(i, i + CHUNK)) codes.push(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b);
    out += String.fromCharCode(...codes);
  }
  return out;
}

export function decodeText(bytes: Uint8Array): Decoded {
  // UTF-16 with a BOM (Windows Notepad "Unicode") has NUL bytes by design: recognise it before the binary check.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const enc = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = new TextDecoder(enc, { fatal: false }).decode(bytes.subarray(2));
    return { ok: true, text, warnings: [`decoded as ${enc.toUpperCase()} (byte-order mark)`] };
  }
  const probe = bytes.subarray(0, 65536);
  let controls = 0;
  for (let i = 0; i < probe.length; i++) {
    const b = probe[i];
    if (b === 0) return { ok: false, reason: `binary content (NUL byte at offset ${i}); not a text file` };
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  if (probe.length > 0 && controls / probe.length > 0.05) {
    return { ok: false, reason: `binary content (${controls} control bytes in the first ${probe.length}); not a text file` };
  }
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), warnings: [] };
  } catch {
    const at = firstInvalidUtf8(body);
    return {
      ok: true,
      text: decodeWindows1252(body),
      warnings: [`not valid UTF-8 (first bad byte 0x${body[at]?.toString(16).padStart(2, '0')} at offset ${at}); decoded as Windows-1252 (Latin-1) — re-save it as UTF-8 if accented letters look wrong`],
    };
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0;
}
