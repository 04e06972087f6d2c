// Host side of the compute thread (dist/compute-worker.js): the heavy pure computations a user action triggers (a
// merge's keywords, the topic hierarchy, serializing and validating the taxonomy file) run there, so the extension
// host thread — shared by every extension — only awaits. No vscode import, so unit tests drive it against the built
// worker.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TopicHierarchy } from '../pipeline/refine/hierarchy';
import type { Parsed, TaxonomyCodec } from '../taxonomy/codec';
import type { Taxonomy } from '../taxonomy/types';
import type { ClassKeywords, ComputeRequest, ComputeResponse, VectorizerOptions } from './compute-protocol';

export type { ClassKeywords, VectorizerOptions } from './compute-protocol';

/** What a chunk-text set is known by: the run artifact's chunk array (a merge keeps it, a new run replaces it). */
export type ChunkTexts = ReadonlyArray<{ readonly text: string }>;

/** Characters per slice of chunk text sent at a time: copying a slice into the message is a short block each. */
const SLICE_CHARS = 1 << 20;

/** The requests that get an answer (by id). */
type Question = Exclude<ComputeRequest, { type: 'texts' | 'forget' }>;
type Pending = { resolve: (r: ComputeResponse) => void; reject: (e: Error) => void };

export class ComputeThread implements TaxonomyCodec {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly keys = new WeakMap<ChunkTexts, Promise<number>>();
  private current: { texts: ChunkTexts; key: number } | undefined;

  constructor(private readonly script = path.join(__dirname, 'compute-worker.js')) {}

  describe(chunks: ChunkTexts, labels: Int32Array, vectorizer: VectorizerOptions, topN: number): Promise<ClassKeywords> {
    return this.call(chunks, (id, key) => ({ type: 'describe', id, key, labels, vectorizer, topN }))
      .then((r) => (r as Extract<ComputeResponse, { type: 'describe' }>).topics);
  }

  hierarchy(chunks: ChunkTexts, labels: Int32Array, vectorizer: VectorizerOptions, topN: number): Promise<TopicHierarchy> {
    return this.call(chunks, (id, key) => ({ type: 'hierarchy', id, key, labels, vectorizer, topN }))
      .then((r) => (r as Extract<ComputeResponse, { type: 'hierarchy' }>).hierarchy);
  }

  encode(taxonomy: Taxonomy, fileName: string): Promise<{ text: string; parsed: Parsed }> {
    return this.ask({ type: 'encode', id: this.nextId++, taxonomy, fileName })
      .then((r) => {
        const { text, parsed } = r as Extract<ComputeResponse, { type: 'encode' }>;
        return { text, parsed };
      });
  }

  decode(text: string, fileName: string): Promise<{ parsed: Parsed; canonical?: string }> {
    return this.ask({ type: 'decode', id: this.nextId++, text, fileName })
      .then((r) => {
        const { parsed, canonical } = r as Extract<ComputeResponse, { type: 'decode' }>;
        return canonical === undefined ? { parsed } : { parsed, canonical };
      });
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.current = undefined;
    this.fail(new Error('the compute thread was stopped'));
    void w?.terminate();
  }

  private async call(chunks: ChunkTexts, request: (id: number, key: number) => Question): Promise<ComputeResponse> {
    const key = await this.upload(chunks);
    return this.ask(request(this.nextId++, key));
  }

  private async ask(request: Question): Promise<ComputeResponse> {
    const w = this.ensure();
    const reply = await new Promise<ComputeResponse>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      w.postMessage(request);
    });
    if (reply.type === 'error') throw new Error(reply.message);
    return reply;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.unref();
    w.on('message', (r: ComputeResponse) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      p?.resolve(r);
    });
    const died = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.current = undefined;
      this.fail(e);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`the compute thread exited (code ${code})`)));
    this.worker = w;
    return w;
  }

  private fail(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Sends a chunk-text set once, in slices between which the event loop runs; the thread keeps only the latest. */
  private upload(chunks: ChunkTexts): Promise<number> {
    const known = this.keys.get(chunks);
    if (known && this.current?.texts === chunks) return known;
    const key = this.nextId++;
    const previous = this.current;
    this.current = { texts: chunks, key };
    const done = (async () => {
      const w = this.ensure();
      if (previous) w.postMessage({ type: 'forget', key: previous.key } satisfies ComputeRequest);
      let offset = 0;
      while (offset < chunks.length || offset === 0) {
        const slice: string[] = [];
        let chars = 0;
        for (let i = offset; i < chunks.length && (chars < SLICE_CHARS || slice.length === 0); i++) {
          slice.push(chunks[i].text);
          chars += chunks[i].text.length;
        }
        w.postMessage({ type: 'texts', key, offset, total: chunks.length, texts: slice } satisfies ComputeRequest);
        offset += slice.length;
        if (offset >= chunks.length) break;
        await new Promise((r) => setImmediate(r));
        if (this.worker !== w) throw new Error('the compute thread stopped while receiving the chunk texts');
      }
      return key;
    })();
    this.keys.set(chunks, done);
    done.catch(() => this.keys.delete(chunks));
    return done;
  }
}
