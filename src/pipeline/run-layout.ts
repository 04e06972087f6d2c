// The clustering layout of a finished run, kept beside its run artifact so the granularity can be changed later in
// seconds: no re-embedding, no new UMAP. Two files in the run's folder: layout.f32 (the 5-d coordinates, float32
// row-major) and layout.json (shape, the corpus fingerprint it belongs to, the granularity sweep, and which option is
// applied and which was before, for the panel's one-click way back). A cache like the artifact: losing it costs a
// re-run, never curation. Kept apart from the artifact store so it can follow that store wherever it lives.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { writeFileDurable } from './atomic-write';
import type { ClusterOption, GranularityReport, Matrix } from './types';

export interface RunLayoutInfo {
  rows: number;
  dim: number;
  corpusFingerprint: string;
  granularity?: GranularityReport;
  /** The clustering the taxonomy was made with. */
  applied: ClusterOption;
  /** The one applied before it (the panel's way back). */
  previous?: ClusterOption;
}

const DATA = 'layout.f32';
const INFO = 'layout.json';

/** Asynchronous, like every write the extension host makes after a run: its thread is shared (fsync can take long). */
export async function saveRunLayout(dir: string, layout: Float32Array, info: RunLayoutInfo): Promise<void> {
  if (layout.length !== info.rows * info.dim) throw new Error(`layout has ${layout.length} values, expected ${info.rows} × ${info.dim}`);
  await fsp.mkdir(dir, { recursive: true });
  await writeFileDurable(path.join(dir, DATA), Buffer.from(layout.buffer, layout.byteOffset, layout.byteLength));
  await writeRunLayoutInfo(dir, info);
}

/** Rewrites only the description (a new granularity applied to the same layout). */
export function writeRunLayoutInfo(dir: string, info: RunLayoutInfo): Promise<void> {
  return writeFileDurable(path.join(dir, INFO), JSON.stringify(info));
}

export function readRunLayoutInfo(dir: string): RunLayoutInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, INFO), 'utf8')) as RunLayoutInfo;
    return Number.isInteger(info.rows) && Number.isInteger(info.dim) && info.applied ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The layout, or undefined when it is missing or does not have the shape its description says. */
export function loadRunLayout(dir: string): { info: RunLayoutInfo; layout: Matrix } | undefined {
  const info = readRunLayoutInfo(dir);
  if (!info) return undefined;
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path.join(dir, DATA));
  } catch {
    return undefined;
  }
  if (buf.byteLength !== info.rows * info.dim * 4) return undefined;
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return { info, layout: { data, rows: info.rows, dim: info.dim } };
}

/** The clustering a run's settings describe: auto's pick, or the explicit numbers (min_samples defaulting as BERTopic's). */
export function appliedOption(h: { minClusterSize: number | 'auto'; minSamples?: number; method: 'eom' | 'leaf'; auto?: ClusterOption }): ClusterOption | undefined {
  if (h.auto) return { minClusterSize: h.auto.minClusterSize, minSamples: h.auto.minSamples, method: h.auto.method };
  if (h.minClusterSize === 'auto') return undefined;
  return { minClusterSize: h.minClusterSize, minSamples: h.minSamples ?? h.minClusterSize, method: h.method };
}
