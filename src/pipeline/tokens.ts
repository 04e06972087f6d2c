// Why an estimate and not the real tokenizer: chunking runs before any model is loaded (and with the `lsa` backend no
// WordPiece vocabulary exists at all), and it must give the same chunks whichever embedding backend runs, so that chunk
// ids and the embedding cache stay valid when the backend changes. WordPiece keeps common words whole, splits long or
// rare words into pieces, and makes every punctuation mark its own token; the estimate mirrors that and errs a little
// high, so a chunk within budget here is within the model's window too.
//
// The count is additive over whitespace: countTokens(a + ' ' + b) === countTokens(a) + countTokens(b). Chunking relies
// on that to pack pieces by summing their counts.

const PIECE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

/** Estimated WordPiece tokens: 1 per punctuation mark and CJK character, 1 per word up to 8 chars, ⌈len/6⌉ beyond. */
export function countTokens(text: string): number {
  // ASCII fast path (most transcripts): the same rule as the regex below, without its Unicode-class cost.
  if (ASCII.test(text)) return countAscii(text);
  let n = 0;
  for (const m of text.matchAll(PIECE)) {
    const w = m[0];
    if (w.length <= 8 || CJK.test(w)) n += 1;
    else n += Math.ceil(w.length / 6);
  }
  return n;
}

const ASCII = /^[\x00-\x7f]*$/;

function countAscii(text: string): number {
  let n = 0, run = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) { run++; continue; }
    if (run) { n += run <= 8 ? 1 : Math.ceil(run / 6); run = 0; }
    if (c !== 32 && (c < 9 || c > 13)) n++;
  }
  return n;
}
