// The prompt templates, versioned: a template's name goes into every suggestion's provenance, and docs/suggestions.md
// quotes each verbatim. Changing a template's text means a new version (the prompt hash changes with it anyway, so a
// cached answer is never reused for a different question).
import { sha256Hex } from '../pipeline/hash';
import type { ChatMessage, ChatRequest } from './chat-client';

export const LABEL_TEMPLATE = 'label-v1';
export const THEME_TEMPLATE = 'themes-v1';

/** Labels shown to the model as the answer's format; an answer that repeats one is flagged "template-echo". */
export const TEMPLATE_EXAMPLE_LABELS = ['Short specific label'];

/** Labels too generic to say what a topic is about; flagged "generic-label". */
export const GENERIC_LABELS = ['general discussion', 'miscellaneous', 'other', 'various topics', 'general', 'misc', 'topic'];

export const SYSTEM_PROMPT =
  'You help a researcher name the topics a topic model found in a corpus for a literature mapping study. ' +
  'Answer with one JSON object and nothing else.';

/**
 * Tokens are estimated as characters / 4 (English prose with a BPE tokenizer): the budget bounds what is sent; it is
 * not a promise about any one tokenizer's count, which the server reports back and the provenance records.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface LabelPromptInput {
  keywords: string[];
  excerpts: Array<{ chunk: string; text: string }>;
  /** Budget for the excerpts, in estimated tokens; each excerpt gets an equal share and is cut at a word. */
  excerptTokens: number;
}

function cut(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const head = flat.slice(0, maxChars);
  const sp = head.lastIndexOf(' ');
  return (sp > maxChars * 0.6 ? head.slice(0, sp) : head) + ' …';
}

export function labelMessages(input: LabelPromptInput): { messages: ChatMessage[]; sentExcerpts: Array<{ chunk: string; text: string }> } {
  const share = input.excerpts.length ? Math.max(40, Math.floor((input.excerptTokens * 4) / input.excerpts.length)) : 0;
  const sentExcerpts = input.excerpts.map((e) => ({ chunk: e.chunk, text: cut(e.text, share) }));
  const user = [
    `Keywords of the topic, most distinctive first: ${input.keywords.join(', ')}`,
    '',
    'Representative excerpts:',
    ...sentExcerpts.map((e, i) => `[${i + 1}] ${e.text}`),
    '',
    'Name the topic as a whole, not any single excerpt. Answer with this JSON object:',
    `{"label": "${TEMPLATE_EXAMPLE_LABELS[0]}", "description": "One sentence on what the topic covers.", "quote": "words copied exactly from one excerpt", "excerpt": 1}`,
    '- label: 2 to 6 words, specific to this topic.',
    '- description: one sentence.',
    '- quote: a short passage (at most 25 words) copied word for word from one excerpt that supports the label.',
    '- excerpt: the number of that excerpt.',
  ].join('\n');
  return { messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: user }], sentExcerpts };
}

export interface ThemePromptTopic { label: string; keywords: string[] }

export function themeMessages(topics: ThemePromptTopic[], themes: number): ChatMessage[] {
  const user = [
    `Group these ${topics.length} topics into about ${themes} themes for a literature mapping study.`,
    '',
    ...topics.map((t, i) => `${i + 1}. ${t.label} — ${t.keywords.slice(0, 8).join(', ')}`),
    '',
    'Every topic goes into exactly one theme. Answer with this JSON object:',
    '{"themes": [{"name": "Theme name", "definition": "One sentence defining the theme.", "topics": [1, 2]}]}',
  ].join('\n');
  return [{ role: 'system', content: 'You help a researcher sort the topics of a literature mapping study into themes. Answer with one JSON object and nothing else.' }, { role: 'user', content: user }];
}

/** The cache key: everything that decides the answer (model, parameters, the filled prompt), nothing that does not. */
export function promptHash(req: ChatRequest): string {
  return sha256Hex(JSON.stringify({
    model: req.model, temperature: req.temperature, seed: req.seed ?? null, maxTokens: req.maxTokens, json: req.json,
    messages: req.messages.map((m) => [m.role, m.content]),
  }));
}
