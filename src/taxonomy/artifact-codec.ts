// The run artifact's bytes on disk and its key. Compact (numbers as typed arrays, texts as one UTF-8 block, ~1.1 × the
// texts' size where JSON took ~1.6 ×) and decoded in slices that yield to the event loop, so a 15k-chunk artifact never
// blocks the extension host for more than a few milliseconds at a time.
//
// Layout: "LMRUN01\n", u32 LE header length, header JSON, then 4-byte-aligned sections: Int32 source index, Int32 chunk
// index, Int32 lineStart, Int32 lineEnd, Float64 timeStart, Float64 timeEnd (NaN = none), Int32 topic index (-1 =
// outlier), Float32 probability, Float32 x,y, Uint32 end offset of each text, the texts. The header carries a checksum
// of the sections, so a torn or damaged file reads as missing (it is a cache: a re-run rebuilds it), never as data.
import { createHash } from 'node:crypto';
import type { RunArtifact, TopicId } from './types';

const MAGIC = 'LMRUN01\n';
/** Chunks handled between two yields to the event loop. */
const SLICE = 2000;

interface Header {
  key: string;
  corpusFingerprint: string;
  count: number;
  sources: string[];
  topics: TopicId[];
  ids: string[];
  textBytes: number;
  checksum: string;
}

export class ArtifactFormatError extends Error {
  override name = 'ArtifactFormatError';
}

/** Lets other work on the thread run (setImmediate: after pending I/O callbacks, unlike a microtask). */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The key the taxonomy file records as `run.artifact`: 16 hex digits of sha256 over the corpus fingerprint, every chunk
 * id and the run topic of every chunk. It names what the views and the re-run need to agree with the file (which chunks
 * are in which run topic); the same run with the same topic ids gives the same key on any machine.
 */
export function artifactKey(a: Pick<RunArtifact, 'corpusFingerprint' | 'chunks' | 'topicOf'>): string {
  const h = createHash('sha256').update(`literature-map run artifact\n${a.corpusFingerprint}\n`);
  for (let i = 0; i < a.chunks.length; i++) h.update(`${a.chunks[i].id}\t${a.topicOf[i] ?? ''}\n`);
  return h.digest('hex').slice(0, 16);
}

function checksum(parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
}

/** checksum() in 1 MB steps with a turn of the event loop between them. */
async function checksumAsync(parts: Uint8Array[]): Promise<string> {
  const h = createHash('sha256');
  for (const p of parts) {
    for (let at = 0; at < p.length; at += 1 << 20) {
      h.update(p.subarray(at, Math.min(p.length, at + (1 << 20))));
      await yieldTurn();
    }
  }
  return h.digest('hex').slice(0, 16);
}

const pad4 = (n: number) => (n + 3) & ~3;

/** The bytes of an artifact. Yields between slices of chunks. */
export async function encodeArtifact(a: RunArtifact, key = artifactKey(a)): Promise<Uint8Array> {
  const n = a.chunks.length;
  if (a.topicOf.length !== n) throw new ArtifactFormatError(`run artifact: ${a.topicOf.length} topic entries for ${n} chunks`);
  const sourceIndex = new Map<string, number>();
  const topicIndex = new Map<TopicId, number>();
  const src = new Int32Array(n), idx = new Int32Array(n), l0 = new Int32Array(n), l1 = new Int32Array(n), topic = new Int32Array(n);
  const t0 = new Float64Array(n), t1 = new Float64Array(n);
  const prob = new Float32Array(n), xy = new Float32Array(2 * n), ends = new Uint32Array(n);
  const encoder = new TextEncoder();
  const texts: Uint8Array[] = [];
  let textBytes = 0;
  for (let i = 0; i < n; i++) {
    if (i % SLICE === 0 && i) await yieldTurn();
    const c = a.chunks[i];
    let s = sourceIndex.get(c.source);
    if (s === undefined) sourceIndex.set(c.source, (s = sourceIndex.size));
    src[i] = s;
    idx[i] = c.index; l0[i] = c.lineStart; l1[i] = c.lineEnd;
    t0[i] = c.timeStart ?? NaN; t1[i] = c.timeEnd ?? NaN;
    const id = a.topicOf[i];
    let ti = -1;
    if (id !== null) {
      ti = topicIndex.get(id) ?? -1;
      if (ti < 0) topicIndex.set(id, (ti = topicIndex.size));
    }
    topic[i] = ti;
    prob[i] = a.probabilities[i] ?? 0;
    xy[2 * i] = a.coords2d[2 * i] ?? 0;
    xy[2 * i + 1] = a.coords2d[2 * i + 1] ?? 0;
    const bytes = encoder.encode(c.text);
    texts.push(bytes);
    textBytes += bytes.length;
    ends[i] = textBytes;
  }
  const textBlock = new Uint8Array(pad4(textBytes));
  let at = 0;
  for (const t of texts) { textBlock.set(t, at); at += t.length; }
  const sections = [src, idx, l0, l1, t0, t1, topic, prob, xy, ends].map((x) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  sections.push(textBlock);
  const header: Header = {
    key, corpusFingerprint: a.corpusFingerprint, count: n, sources: [...sourceIndex.keys()], topics: [...topicIndex.keys()],
    ids: a.chunks.map((c) => c.id), textBytes, checksum: checksum(sections),
  };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const headerLen = pad4(headerBytes.length);
  const body = sections.reduce((s, x) => s + x.length, 0);
  const out = new Uint8Array(MAGIC.length + 4 + headerLen + body);
  out.set(encoder.encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerLen, true);
  out.set(headerBytes, MAGIC.length + 4);
  out.fill(0x20, MAGIC.length + 4 + headerBytes.length, MAGIC.length + 4 + headerLen); // JSON allows trailing spaces
  let off = MAGIC.length + 4 + headerLen;
  for (const s of sections) { out.set(s, off); off += s.length; }
  return out;
}

/** An artifact from its bytes; throws ArtifactFormatError when they are not a complete, undamaged artifact. */
export async function decodeArtifact(bytes: Uint8Array): Promise<{ key: string; artifact: RunArtifact }> {
  const bad = (why: string): never => { throw new ArtifactFormatError(`not a run artifact (${why})`); };
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) bad('no header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4 + headerLen;
  if (start > bytes.length) bad('truncated header');
  let h: Header;
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, start))) as Header;
  } catch {
    return bad('damaged header');
  }
  const n = h.count;
  if (!Number.isInteger(n) || n < 0 || !Array.isArray(h.ids) || h.ids.length !== n || !Array.isArray(h.sources) || !Array.isArray(h.topics)) bad('damaged header');
  const sizes = [4, 4, 4, 4, 8, 8, 4, 4, 8, 4].map((b) => b * n);
  const total = sizes.reduce((s, x) => s + x, 0) + pad4(h.textBytes);
  if (bytes.length !== start + total) bad(`${bytes.length - start} bytes of data where ${total} were expected: truncated`);
  // The numeric sections are copied into fresh arrays (a Buffer may sit at any offset of Node's shared pool, and typed
  // arrays need alignment); the texts, most of the bytes, are only viewed.
  const sectionBytes: Uint8Array[] = [];
  let off = start;
  for (const s of sizes) {
    const copy = new Uint8Array(s);
    copy.set(bytes.subarray(off, off + s));
    sectionBytes.push(copy);
    off += s;
  }
  sectionBytes.push(bytes.subarray(off, off + pad4(h.textBytes)));
  if ((await checksumAsync(sectionBytes)) !== h.checksum) bad('checksum mismatch: damaged');
  const i32 = (k: number) => new Int32Array(sectionBytes[k].buffer);
  const f64 = (k: number) => new Float64Array(sectionBytes[k].buffer);
  const f32 = (k: number) => new Float32Array(sectionBytes[k].buffer);
  const [src, idx, l0, l1] = [0, 1, 2, 3].map(i32);
  const t0 = f64(4), t1 = f64(5), topic = i32(6), prob = f32(7), xy = f32(8);
  const ends = new Uint32Array(sectionBytes[9].buffer);
  const text = sectionBytes[10];
  const decoder = new TextDecoder();
  const chunks: RunArtifact['chunks'] = new Array(n);
  const topicOf: Array<TopicId | null> = new Array(n);
  for (let i = 0; i < n; i++) {
    if (i % SLICE === 0 && i) await yieldTurn();
    const c: RunArtifact['chunks'][number] = {
      id: h.ids[i], source: h.sources[src[i]] ?? bad('source index out of range'), index: idx[i], lineStart: l0[i], lineEnd: l1[i],
      text: decoder.decode(text.subarray(i ? ends[i - 1] : 0, ends[i])),
    };
    if (!Number.isNaN(t0[i])) c.timeStart = t0[i];
    if (!Number.isNaN(t1[i])) c.timeEnd = t1[i];
    chunks[i] = c;
    topicOf[i] = topic[i] < 0 ? null : (h.topics[topic[i]] ?? bad('topic index out of range'));
  }
  const artifact: RunArtifact = { corpusFingerprint: h.corpusFingerprint, chunks, topicOf, probabilities: Array.from(prob), coords2d: Array.from(xy) };
  return { key: h.key, artifact };
}
