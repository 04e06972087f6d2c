// The export fixture: a taxonomy whose names hold every character an export format gives a meaning to.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseTaxonomy } from '../../src/taxonomy/serialize';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';

export const EXPORT_FIXTURES = path.resolve(process.cwd(), 'test/fixtures/export');
export const FIXTURE_TAXONOMY = path.join(EXPORT_FIXTURES, 'fixture.taxonomy.json');
export const FIXTURE_ARTIFACT = path.join(EXPORT_FIXTURES, 'fixture.artifact.json');

export function loadFixture(): Taxonomy {
  const r = parseTaxonomy(fs.readFileSync(FIXTURE_TAXONOMY, 'utf8'), FIXTURE_TAXONOMY);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r.taxonomy;
}

export function loadArtifactFixture(): RunArtifact {
  return JSON.parse(fs.readFileSync(FIXTURE_ARTIFACT, 'utf8')) as RunArtifact;
}
