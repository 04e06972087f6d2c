// A small deterministic corpus on three distinct subjects, written in every supported format, for tests that need a
// real folder to map offline (LSA) in seconds. The subjects share no content words, so a correct pipeline finds them.
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/pipeline/random';

export const SUBJECTS: Record<string, string[]> = {
  gardening: ['tomato', 'compost', 'seedling', 'soil', 'pruning', 'greenhouse', 'mulch', 'harvest', 'watering', 'perennial', 'orchard', 'fertiliser'],
  astronomy: ['telescope', 'galaxy', 'nebula', 'orbit', 'planet', 'comet', 'eclipse', 'asteroid', 'supernova', 'observatory', 'spectrum', 'constellation'],
  cooking: ['recipe', 'saucepan', 'flour', 'oven', 'simmer', 'garlic', 'butter', 'kitchen', 'roast', 'pastry', 'seasoning', 'dough'],
};
const GLUE = ['we', 'talked', 'about', 'really', 'think', 'people', 'usually', 'today', 'maybe', 'lot', 'things', 'good'];

function sentence(rng: () => number, words: string[]): string {
  const n = 8 + Math.floor(rng() * 6);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng() < 0.6 ? words[Math.floor(rng() * words.length)] : GLUE[Math.floor(rng() * GLUE.length)]);
  const s = out.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function paragraph(rng: () => number, words: string[]): string {
  return [0, 1, 2].map(() => sentence(rng, words)).join(' ');
}

const ts = (sec: number, sep: string) => {
  const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = Math.floor(sec % 60), ms = Math.round((sec % 1) * 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(ms).padStart(3, '0')}`;
};

/**
 * Writes `filesPerSubject` files per subject, rotating through .txt, .md, .vtt, .srt and Whisper .json; each file holds
 * `paragraphsPerFile` paragraphs (for captions: one cue per sentence). Returns the folder.
 */
export function writeSyntheticCorpus(dir: string, opts: { filesPerSubject?: number; paragraphsPerFile?: number; seed?: number } = {}): string {
  const filesPerSubject = opts.filesPerSubject ?? 5;
  const paragraphsPerFile = opts.paragraphsPerFile ?? 6;
  const rng = mulberry32(opts.seed ?? 7);
  fs.mkdirSync(dir, { recursive: true });
  const formats = ['txt', 'vtt', 'srt', 'json', 'md'] as const;
  let k = 0;
  for (const [subject, words] of Object.entries(SUBJECTS)) {
    for (let f = 0; f < filesPerSubject; f++, k++) {
      const paras = Array.from({ length: paragraphsPerFile }, () => paragraph(rng, words));
      const fmt = formats[k % formats.length];
      const base = path.join(dir, `${subject}-${f + 1}`);
      const sentences = paras.flatMap((p) => p.split(/(?<=\.) /));
      if (fmt === 'txt') fs.writeFileSync(`${base}.txt`, paras.join('\n\n') + '\n');
      else if (fmt === 'md') fs.writeFileSync(`${base}.md`, `---\ntitle: ${subject} ${f + 1}\n---\n\n` + paras.join('\n\n') + '\n');
      else if (fmt === 'vtt') {
        fs.writeFileSync(`${base}.vtt`, 'WEBVTT\n\n' + sentences.map((s, i) => `${ts(i * 4, '.')} --> ${ts(i * 4 + 4, '.')}\n${s}\n`).join('\n'));
      } else if (fmt === 'srt') {
        fs.writeFileSync(`${base}.srt`, sentences.map((s, i) => `${i + 1}\n${ts(i * 4, ',')} --> ${ts(i * 4 + 4, ',')}\n${s}\n`).join('\n'));
      } else {
        fs.writeFileSync(`${base}.json`, JSON.stringify({ text: sentences.join(' '), segments: sentences.map((s, i) => ({ id: i, start: i * 4, end: i * 4 + 4, text: ' ' + s })) }, null, 1));
      }
    }
  }
  return dir;
}
