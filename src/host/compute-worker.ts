// The extension host's compute thread (dist/compute-worker.js): c-TF-IDF over every chunk for a merge's keywords and
// for the topic hierarchy takes seconds on a 15k-chunk run, and the extension host thread is shared by every
// extension. The chunk texts arrive once per run artifact, in slices, and stay here; each request then carries only
// the class labels (a few KB). The taxonomy store's serializing and validating (taxonomy/codec.ts) run here too.
import { parentPort } from 'node:worker_threads';
import { describeTopics } from '../pipeline/representation';
import { topicHierarchy } from '../pipeline/refine/hierarchy';
import { decodeTaxonomyText, encodeTaxonomy } from '../taxonomy/codec';
import type { ComputeRequest, ComputeResponse } from './compute-protocol';

const port = parentPort;
if (!port) throw new Error('compute-worker.js runs as a worker thread');
const sets = new Map<number, string[]>();

function textsOf(key: number, n: number): string[] {
  const t = sets.get(key);
  if (!t) throw new Error(`no chunk texts under key ${key}`);
  if (t.length !== n) throw new Error(`${n} labels for ${t.length} chunk texts`);
  return t;
}

port.on('message', (m: ComputeRequest) => {
  if (m.type === 'texts') {
    let t = sets.get(m.key);
    if (!t || m.offset === 0) sets.set(m.key, (t = new Array<string>(m.total)));
    for (let i = 0; i < m.texts.length; i++) t[m.offset + i] = m.texts[i];
    return;
  }
  if (m.type === 'forget') {
    sets.delete(m.key);
    return;
  }
  let reply: ComputeResponse;
  try {
    if (m.type === 'encode') reply = { type: 'encode', id: m.id, ...encodeTaxonomy(m.taxonomy, m.fileName) };
    else if (m.type === 'decode') reply = { type: 'decode', id: m.id, ...decodeTaxonomyText(m.text, m.fileName) };
    else if (m.type === 'describe') {
      const texts = textsOf(m.key, m.labels.length);
      const d = describeTopics(texts, m.labels, { ...m.vectorizer, topN: m.topN, representativeCount: 3 });
      reply = { type: 'describe', id: m.id, topics: d.topics.map((t) => ({ id: t.id, keywords: t.keywords.map(({ word, score }) => ({ word, score })) })) };
    } else {
      const texts = textsOf(m.key, m.labels.length);
      reply = { type: 'hierarchy', id: m.id, hierarchy: topicHierarchy(texts, m.labels, { vectorizer: m.vectorizer, topN: m.topN }) };
    }
  } catch (e) {
    reply = { type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
