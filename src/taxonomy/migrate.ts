// Where old taxonomy files are brought up to the current schema, one version step at a time, before validation.
// A step takes the raw JSON of version n and returns version n + 1; it must keep every hand edit it can represent.
// Version 2 added two optional fields (run.artifact, topics[].mergedFrom) that a version-1 reader would refuse as
// unknown: a version-1 file is a valid version-2 file as it is.
import type { Json } from './json';
import { SCHEMA_VERSION } from './types';

type Step = (doc: { [key: string]: Json }) => { [key: string]: Json };

/** MIGRATIONS[n] upgrades a version-n document to n + 1. */
const MIGRATIONS: Record<number, Step> = {
  1: (doc) => doc,
};

/** Upgrades an older document; leaves anything it does not recognise for the validator to report. */
export function migrateTaxonomy(doc: Json): Json {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  let cur = doc;
  for (;;) {
    const v = cur.schemaVersion;
    if (typeof v !== 'number' || !Number.isInteger(v) || v >= SCHEMA_VERSION) return cur;
    const step = MIGRATIONS[v];
    if (!step) return cur;
    cur = { ...step(cur), schemaVersion: v + 1 };
  }
}
