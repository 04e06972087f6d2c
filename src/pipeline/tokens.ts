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
  let n = 0;
  for (const m of text.matchAll(PIECE)) {
    const w = m[0];
    if (w.length <= 8 || CJK.test(w)) n += 1;
    else n += Math.ceil(w.length / 6);
  }
  return n;
}
