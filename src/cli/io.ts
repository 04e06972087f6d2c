// Readers and writers for the reference file formats (../shared/reference/sotu-bertopic/README.md): float32 matrices,
// paragraphs.json, assignments.json, topics.json. Every failure names the file and what is wrong.
import fs from 'node:fs';
import type { Keyword, Matrix } from '../pipeline/types';
import { UsageError } from './args';

export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (e as Error).message}`);
  }
}

function readJson(file: string): unknown {
  const text = readFile(file).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputFileError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Little-endian float32, row-major, `dim` columns. */
export function readF32(file: string, dim: number): Matrix {
  if (!Number.isInteger(dim) || dim < 1) throw new UsageError(`--dim must be a positive integer`);
  const buf = readFile(file);
  if (buf.byteLength % (4 * dim) !== 0) {
    throw new InputFileError(`${file}: ${buf.byteLength} bytes is not a whole number of float32 rows of ${dim} values`);
  }
  const data = new Float32Array(buf.byteLength / 4);
  new Uint8Array(data.buffer).set(buf);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new InputFileError(`${file}: value ${i} (row ${Math.floor(i / dim)}) is not a finite number`);
  }
  return { data, rows: data.length / dim, dim };
}

export interface Paragraph { id?: string | number; file?: string; text: string }

export function readParagraphs(file: string): Paragraph[] {
  const j = readJson(file) as { paragraphs?: unknown };
  const list = Array.isArray(j) ? j : j?.paragraphs;
  if (!Array.isArray(list)) throw new InputFileError(`${file}: expected {"paragraphs": [...]} or an array`);
  return list.map((p, i) => {
    if (typeof p === 'string') return { text: p };
    if (!p || typeof p !== 'object' || typeof (p as Paragraph).text !== 'string') {
      throw new InputFileError(`${file}: paragraph ${i} has no "text" string`);
    }
    const q = p as Paragraph;
    return { id: q.id, file: typeof q.file === 'string' ? q.file : undefined, text: q.text };
  });
}

export function readAssignments(file: string): Int32Array {
  const j = readJson(file) as { topics?: unknown };
  const list = Array.isArray(j) ? j : j?.topics;
  if (!Array.isArray(list)) throw new InputFileError(`${file}: expected {"topics": [...]} or an array of topic ids`);
  const out = new Int32Array(list.length);
  list.forEach((t, i) => {
    if (!Number.isInteger(t) || (t as number) < -1) throw new InputFileError(`${file}: entry ${i} is not a topic id (an integer ≥ -1)`);
    out[i] = t as number;
  });
  return out;
}

export interface TopicWords { topic: number; size: number; words: string[]; scores: number[] }

export function readTopicWords(file: string): TopicWords[] {
  const j = readJson(file) as { topics?: unknown };
  if (!Array.isArray(j?.topics)) throw new InputFileError(`${file}: expected {"topics": [{"topic", "words", …}]}`);
  return (j.topics as unknown[]).map((t, i) => {
    const o = t as Partial<TopicWords>;
    if (!Array.isArray(o?.words)) throw new InputFileError(`${file}: topic entry ${i} has no "words" list`);
    return { topic: Number(o.topic ?? i), size: Number(o.size ?? 0), words: o.words.map(String), scores: (o.scores ?? []).map(Number) };
  });
}

export function writeAssignments(file: string, labels: Int32Array, probabilities?: Float32Array): void {
  const body: Record<string, unknown> = { topics: Array.from(labels) };
  if (probabilities) body.probabilities = Array.from(probabilities, (p) => Math.round(p * 1e6) / 1e6);
  writeText(file, JSON.stringify(body) + '\n');
}

export function writeTopicWords(file: string, topics: Array<{ id: number; size: number; keywords: Keyword[] }>): void {
  const body = {
    topics: topics.map((t) => ({ topic: t.id, size: t.size, words: t.keywords.map((k) => k.word), scores: t.keywords.map((k) => Math.round(k.score * 1e6) / 1e6) })),
  };
  writeText(file, JSON.stringify(body, null, 1) + '\n');
}

export function writeText(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new InputFileError(`${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
