// Reading a model's answer: models wrap JSON in code fences, add prose around it, or invent fields. Whatever comes back
// is untrusted text: it is parsed, checked field by field, and only plain strings of bounded length survive.
import { PipelineError } from '../pipeline/errors';
import { GENERIC_LABELS, TEMPLATE_EXAMPLE_LABELS } from './prompt';
import type { SuggestionFlag } from '../taxonomy/types';

/** A model's answer that cannot be used: the user reads it as it is (a PipelineError, exit 2 in the CLI). */
export class AnswerError extends PipelineError {}

/** The first JSON object in the text (fences and surrounding prose allowed). */
export function extractJsonObject(text: string): Record<string, unknown> {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new AnswerError('the answer holds no JSON object');
  let v: unknown;
  try {
    v = JSON.parse(text.slice(start, end + 1));
  } catch (e) {
    throw new AnswerError(`the answer's JSON does not parse (${(e as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new AnswerError('the answer is not a JSON object');
  return v as Record<string, unknown>;
}

function field(o: Record<string, unknown>, name: string, max: number, required: boolean): string {
  const v = o[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw new AnswerError(`the answer has no "${name}"`);
    return '';
  }
  if (typeof v !== 'string') throw new AnswerError(`"${name}" in the answer is not text`);
  // Control characters are dropped: the label ends up in a JSON file, a tree item and exports.
  return v.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

export interface LabelAnswer { label: string; description: string; quote: string; excerpt?: number }

export function parseLabelAnswer(text: string): LabelAnswer {
  const o = extractJsonObject(text);
  const label = field(o, 'label', 120, true).replace(/^["'“”]+|["'“”.]+$/g, '');
  if (!label) throw new AnswerError('the label is empty');
  const n = o.excerpt;
  return {
    label,
    description: field(o, 'description', 400, false),
    quote: field(o, 'quote', 600, false),
    ...(typeof n === 'number' && Number.isInteger(n) ? { excerpt: n } : {}),
  };
}

/** Lower case, letters and digits only, single spaces: what "the same words" means for quotes and labels. */
export function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[’‘]/g, "'").replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
}

/** Whether the quote occurs in the chunk, ignoring case, punctuation and spacing (models re-space and re-quote). */
export function quoteOccurs(quote: string, chunkText: string): boolean {
  const q = normalise(quote.replace(/…|\.\.\./g, ' '));
  return q.length > 0 && ` ${normalise(chunkText)} `.includes(` ${q} `);
}

export function labelFlags(label: string, quoteFound: boolean, otherLabels: Iterable<string>): SuggestionFlag[] {
  const flags: SuggestionFlag[] = [];
  if (!quoteFound) flags.push('quote-not-found');
  const n = normalise(label);
  for (const o of otherLabels) if (normalise(o) === n) { flags.push('duplicate-label'); break; }
  if (TEMPLATE_EXAMPLE_LABELS.some((e) => normalise(e) === n)) flags.push('template-echo');
  if (GENERIC_LABELS.includes(n)) flags.push('generic-label');
  return flags;
}

export interface ThemeAnswer { name: string; description: string; topics: number[] }

/** Themes with 1-based topic numbers; numbers out of range or given twice are dropped (the first theme keeps one). */
export function parseThemeAnswer(text: string, topicCount: number): ThemeAnswer[] {
  const o = extractJsonObject(text);
  if (!Array.isArray(o.themes)) throw new AnswerError('the answer has no "themes" list');
  const seen = new Set<number>();
  const out: ThemeAnswer[] = [];
  for (const raw of o.themes) {
    if (!raw || typeof raw !== 'object') continue;
    const t = raw as Record<string, unknown>;
    const name = field(t, 'name', 120, false);
    if (!name) continue;
    const topics = (Array.isArray(t.topics) ? t.topics : [])
      .filter((n): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= topicCount && !seen.has(n));
    topics.forEach((n) => seen.add(n));
    if (topics.length) out.push({ name, description: field(t, 'definition', 400, false) || field(t, 'description', 400, false), topics });
  }
  if (!out.length) throw new AnswerError('the answer proposes no theme with topics');
  return out;
}
