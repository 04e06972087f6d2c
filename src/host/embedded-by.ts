// The end-of-run notification's word on which embedder ran (no vscode import, so it is unit-tested).
import path from 'node:path';
import type { RunMeta } from '../pipeline/types';

/** Which embedder made the vectors, in a few words for the notification. */
export function embeddedBy(e: RunMeta['embedding']): string {
  const name = path.isAbsolute(e.model) ? path.basename(e.model) : e.model;
  switch (e.backend) {
    case 'endpoint': return `Embedded by the inference server (${name}).`;
    case 'static': return `Embedded with static embeddings (${name}).`;
    case 'lsa': return 'Embedded with the built-in LSA embedder.';
    case 'transformers': return `Embedded with ${name}.`;
    default: return 'Precomputed embeddings.';
  }
}
