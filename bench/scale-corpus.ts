// A big real-text corpus for measuring a whole map run at scale (docs/scale.md): the full State-of-the-Union
// addresses, copied `--copies` times with each paragraph's sentences in a different (seeded) order per copy — distinct
// chunks with real vocabulary — as .txt files of 60–160-word paragraphs, plus a potion-base-8M-shaped static model
// (256-d, the corpus's words as its vocabulary, random rows: a random projection of each chunk's words, which keeps
// word-overlap similarity). Then, as the doc says:
//   /usr/bin/time -v node bin/literature-map.js map OUT/corpus --embedding static --model OUT/model \
//     --cache-dir OUT/cache --out OUT/taxonomy.json --verbose
// Usage: npm run build && node out/bench/scale-corpus.js --out DIR [--copies 6]
import fs from 'node:fs';
import path from 'node:path';
import { writeTinyModel2Vec } from '../test/support/tiny-model2vec';
import { option } from './common';
import { loadAddresses, sentences, slug, vocabularyWords, wordCount } from './sotu-corpus';

const out = path.resolve(option('out', ''));
const copies = Math.max(1, Number(option('copies', '6')));
if (!option('out', '')) throw new Error('--out DIR is required');

let seed = 12345;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) | 0;
  return (seed >>> 0) / 4294967296;
};

const addresses = loadAddresses();
let files = 0, paragraphs = 0, words = 0;
for (let c = 0; c < copies; c++) {
  const dir = path.join(out, 'corpus', `copy-${c}`);
  fs.mkdirSync(dir, { recursive: true });
  addresses.forEach((a, i) => {
    const paras: string[] = [];
    let cur: string[] = [], inPara = 0, k = 0;
    const flush = () => {
      // Copy 0 keeps the original order; the others shuffle sentences within the paragraph.
      if (c > 0) for (let j = cur.length - 1; j > 0; j--) { const r = Math.floor(rand() * (j + 1)); [cur[j], cur[r]] = [cur[r], cur[j]]; }
      paras.push(cur.join(' '));
      cur = []; inPara = 0; k++;
    };
    for (const s of sentences(a.text)) {
      cur.push(s);
      inPara += wordCount(s);
      words += wordCount(s);
      if (inPara >= 60 + ((k * 37) % 100)) flush();
    }
    if (cur.length) flush();
    paragraphs += paras.length;
    fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}-${a.year}-${slug(a.name)}.txt`), paras.join('\n\n') + '\n');
    files++;
  });
}
const model = writeTinyModel2Vec(path.join(out, 'model'), { dim: 256, words: vocabularyWords(addresses).slice(0, 29_500) });
console.log(JSON.stringify({ out, copies, files, paragraphs, words, model: { dim: model.dim, vocab: model.vocab.length } }));
