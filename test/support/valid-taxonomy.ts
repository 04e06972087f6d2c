// The hand-written valid taxonomy fixture and the ids the store and merge tests refer to.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseTaxonomy, serializeTaxonomy } from '../../src/taxonomy/serialize';
import type { Taxonomy } from '../../src/taxonomy/types';

export const validText = fs.readFileSync(path.resolve(process.cwd(), 'test/fixtures/taxonomy/valid.taxonomy.json'), 'utf8');
export const THEME = 'th-106f6771';
export const CLIMATE = 't-ef36d3e3';
export const SCHOOL = 't-831e950d';

/** Parses or fails the test with the problems. */
export function parsed(text: string): Taxonomy {
  const r = parseTaxonomy(text, 'x');
  if (!r.ok) assert.fail(JSON.stringify(r.errors));
  return r.taxonomy;
}

/** Fails the test when `t`, written as the store writes it, would not read back (schema and cross-references). */
export function assertValid(t: Taxonomy): void {
  parsed(serializeTaxonomy(t));
}
