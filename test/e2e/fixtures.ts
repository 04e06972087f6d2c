// The fixture workspace both e2e phases map: the synthetic three-subject corpus, and settings small enough to map it
// in seconds with the offline LSA embedder.
import fs from 'node:fs';
import path from 'node:path';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { REPO } from './harness';

export const FIXTURE_SETTINGS = {
  'literatureMap.embedding.backend': 'lsa',
  'literatureMap.minTopicSize': 5,
  'literatureMap.chunkTokens': 40,
  'literatureMap.umap.nNeighbors': 10,
};

export function fixtureWorkspace(name: string): string {
  const ws = fs.mkdtempSync(path.join(REPO, '.vscode-test', `ws-${name}-`));
  writeSyntheticCorpus(ws, { filesPerSubject: 4, paragraphsPerFile: 6 });
  return ws;
}
