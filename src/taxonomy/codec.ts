// Bytes ⇄ taxonomy with the file's checks, behind one asynchronous interface so the store can have them done off its
// thread: at 15k chunks serializing and re-validating a taxonomy, or validating a file read from disk, each take tens
// of milliseconds, and the extension host thread is shared by every extension. The work is always the same functions
// (serializeTaxonomy, parseTaxonomy), wherever they run: validation is never skipped, only moved.
import { parseTaxonomy, serializeTaxonomy } from './serialize';
import type { Taxonomy, TaxonomyProblem } from './types';

export type Parsed = { ok: true; taxonomy: Taxonomy } | { ok: false; errors: TaxonomyProblem[] };

/** A taxonomy and its file's bytes: `text` is serializeTaxonomy's output and `taxonomy` what those bytes parse to. */
export interface EncodedTaxonomy {
  text: string;
  taxonomy: Taxonomy;
}

export interface TaxonomyCodec {
  /** The bytes `t` is written as, checked by parsing them back (what is written always reads). */
  encode(t: Taxonomy, fileName: string): Promise<{ text: string; parsed: Parsed }>;
  /** A file's bytes parsed and validated; when valid, also the canonical bytes of what they hold (for comparisons). */
  decode(text: string, fileName: string): Promise<{ parsed: Parsed; canonical?: string }>;
}

export function encodeTaxonomy(t: Taxonomy, fileName: string): { text: string; parsed: Parsed } {
  const text = serializeTaxonomy(t);
  return { text, parsed: parseTaxonomy(text, fileName) };
}

export function decodeTaxonomyText(text: string, fileName: string): { parsed: Parsed; canonical?: string } {
  const parsed = parseTaxonomy(text, fileName);
  return parsed.ok ? { parsed, canonical: serializeTaxonomy(parsed.taxonomy) } : { parsed };
}

/** On the caller's thread (the CLI, tests); a turn of the event loop between serializing and checking. */
export const inThreadCodec: TaxonomyCodec = {
  async encode(t, fileName) {
    const text = serializeTaxonomy(t);
    await new Promise((r) => setImmediate(r));
    return { text, parsed: parseTaxonomy(text, fileName) };
  },
  async decode(text, fileName) {
    return decodeTaxonomyText(text, fileName);
  },
};
