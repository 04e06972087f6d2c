// Interning of tokens and n-grams for the vectorizer: a term is a number, not a string. Building ~1.6M n-gram
// strings per 15k chunks dominated c-TF-IDF; nested Maps keyed by token ids were next (a third of describe on the
// reference), so bigrams live in one open-addressing table of (first, second) token-id pairs.

/** Token id → term id for unigrams, (a, b) → term id for bigrams, a string key for longer n-grams. */
export class TermTable {
  readonly tokenIds = new Map<string, number>();
  readonly tokens: string[] = [];
  /** 1 where the token is a stop word of the `stopWords` this table was made with. */
  private stop = new Uint8Array(1 << 12);
  private unigram = new Int32Array(1 << 12).fill(-1);
  private tokHash = new Int32Array(1 << 12);
  /** Open addressing: token id or -1. */
  private tokSlot = new Int32Array(1 << 13).fill(-1);
  /** Open addressing, one slot = (first token, second token, term id or -1) side by side: one cache line a probe. */
  private pairs = new Int32Array(3 << 16).fill(-1);
  private pairCount = 0;
  private readonly byLongKey = new Map<string, number>();
  private parts = new Int32Array(1 << 20);
  private partsLen = 0;
  private starts = new Int32Array(1 << 16);
  private lens = new Uint8Array(1 << 16);
  count = 0;

  constructor(private readonly stopWords: ReadonlySet<string>) {}

  /** Id of a token (interned when new); -1 for a stop word. */
  token(t: string): number {
    let h = FNV_OFFSET;
    for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), FNV_PRIME);
    return this.tokenAt(t, 0, t.length, h);
  }

  /**
   * `token(s.slice(from, to))` without making the string unless the token is new; `h` is the FNV-1a hash of those
   * characters, which the scanners compute as they go. (A Map keyed by fresh substrings was a third of the run.)
   */
  tokenAt(s: string, from: number, to: number, h: number): number {
    const mask = this.tokSlot.length - 1;
    const len = to - from;
    let k = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const id = this.tokSlot[k];
      if (id < 0) break;
      if (this.tokHash[id] === h) {
        const t = this.tokens[id];
        if (t.length === len) {
          let i = 0;
          while (i < len && t.charCodeAt(i) === s.charCodeAt(from + i)) i++;
          if (i === len) return this.stop[id] ? -1 : id;
        }
      }
      k = (k + 1) & mask;
    }
    const t = s.slice(from, to);
    const id = this.tokens.length;
    this.tokenIds.set(t, id);
    this.tokens.push(t);
    if (id >= this.stop.length) {
      const st = new Uint8Array(this.stop.length * 2); st.set(this.stop); this.stop = st;
      const u = new Int32Array(this.unigram.length * 2).fill(-1); u.set(this.unigram); this.unigram = u;
      const th = new Int32Array(this.tokHash.length * 2); th.set(this.tokHash); this.tokHash = th;
    }
    this.stop[id] = this.stopWords.has(t) ? 1 : 0;
    this.tokHash[id] = h;
    this.tokSlot[k] = id;
    if (2 * this.tokens.length > this.tokSlot.length) this.growTokens();
    return this.stop[id] ? -1 : id;
  }

  private growTokens(): void {
    this.tokSlot = new Int32Array(this.tokSlot.length * 2).fill(-1);
    const mask = this.tokSlot.length - 1;
    for (let id = 0; id < this.tokens.length; id++) {
      const h = this.tokHash[id];
      let k = (h ^ (h >>> 16)) & mask;
      while (this.tokSlot[k] >= 0) k = (k + 1) & mask;
      this.tokSlot[k] = id;
    }
  }

  intern(toks: ArrayLike<number>, from: number, n: number): number {
    if (n === 1) {
      const id = this.unigram[toks[from]];
      return id >= 0 ? id : (this.unigram[toks[from]] = this.add(toks, from, 1));
    }
    if (n === 2) return this.bigram(toks[from], toks[from + 1], toks, from);
    const key = Array.prototype.slice.call(toks, from, from + n).join(',');
    let id = this.byLongKey.get(key);
    if (id === undefined) this.byLongKey.set(key, (id = this.add(toks, from, n)));
    return id;
  }

  private slot(a: number, b: number): number {
    const mask = this.pairs.length / 3 - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (this.pairs[3 * h + 2] >= 0 && (this.pairs[3 * h] !== a || this.pairs[3 * h + 1] !== b)) h = (h + 1) & mask;
    return 3 * h;
  }

  private bigram(a: number, b: number, toks: ArrayLike<number>, from: number): number {
    let at = this.slot(a, b);
    if (this.pairs[at + 2] >= 0) return this.pairs[at + 2];
    if (6 * (this.pairCount + 1) > this.pairs.length) {
      this.growPairs();
      at = this.slot(a, b);
    }
    this.pairs[at] = a;
    this.pairs[at + 1] = b;
    this.pairCount++;
    return (this.pairs[at + 2] = this.add(toks, from, 2));
  }

  private growPairs(): void {
    const old = this.pairs;
    this.pairs = new Int32Array(old.length * 2).fill(-1);
    for (let k = 0; k < old.length; k += 3) {
      if (old[k + 2] < 0) continue;
      const at = this.slot(old[k], old[k + 1]);
      this.pairs[at] = old[k];
      this.pairs[at + 1] = old[k + 1];
      this.pairs[at + 2] = old[k + 2];
    }
  }

  private add(toks: ArrayLike<number>, from: number, n: number): number {
    const id = this.count++;
    if (id >= this.starts.length) {
      const s = new Int32Array(this.starts.length * 2); s.set(this.starts); this.starts = s;
      const l = new Uint8Array(this.lens.length * 2); l.set(this.lens); this.lens = l;
    }
    if (this.partsLen + n > this.parts.length) {
      const p = new Int32Array(this.parts.length * 2); p.set(this.parts); this.parts = p;
    }
    this.starts[id] = this.partsLen;
    this.lens[id] = n;
    for (let k = 0; k < n; k++) this.parts[this.partsLen++] = toks[from + k];
    return id;
  }

  lookup(term: string): number | undefined {
    const ids: number[] = [];
    for (const t of term.split(' ')) {
      const id = this.tokenIds.get(t);
      if (id === undefined) return undefined;
      ids.push(id);
    }
    if (ids.length === 1) return this.unigram[ids[0]] >= 0 ? this.unigram[ids[0]] : undefined;
    if (ids.length === 2) {
      const at = this.slot(ids[0], ids[1]);
      return this.pairs[at + 2] >= 0 ? this.pairs[at + 2] : undefined;
    }
    return this.byLongKey.get(ids.join(','));
  }

  termString(id: number): string {
    const s = this.starts[id], n = this.lens[id];
    let out = this.tokens[this.parts[s]];
    for (let k = 1; k < n; k++) out += ' ' + this.tokens[this.parts[s + k]];
    return out;
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * Token ids (stop words dropped) of BERTopic's cleaned text: newline/tab → space, every character outside
 * [A-Za-z0-9 ] deleted — so "don't" is one token "dont" — lower-cased, split on spaces, pieces of ≥ 2 characters.
 * Returns false (nothing appended) for non-ASCII text: lower-casing before cleaning could turn a deleted character
 * into ASCII (U+0130 → "i̇"), so the caller takes the string path for those.
 */
export function scanCleanedAscii(text: string, table: TermTable, out: number[]): boolean {
  if (!ASCII_ONLY.test(text)) return false;
  const lower = text.toLowerCase();
  let start = -1, dirty = false, h = FNV_OFFSET;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if (isAlnum(c)) {
      if (start < 0) start = i;
      h = Math.imul(h ^ c, FNV_PRIME);
    } else if (c === 32 || c === 10 || c === 9) {
      if (start >= 0) {
        let id = -1;
        if (!dirty) {
          if (i - start >= 2) id = table.tokenAt(lower, start, i, h);
        } else {
          // A piece with deleted characters inside ("u.s.") is rare: rebuild it as a string.
          const piece = lower.slice(start, i).replace(/[^a-z0-9]+/g, '');
          if (piece.length >= 2) id = table.token(piece);
        }
        if (id >= 0) out.push(id);
      }
      start = -1;
      dirty = false;
      h = FNV_OFFSET;
    } else if (start >= 0) dirty = true;
  }
  return true;
}

/** Token ids of scikit-learn's \b\w\w+\b on lower-cased ASCII text (runs of [a-z0-9_]); false for non-ASCII text. */
export function scanRawAscii(text: string, table: TermTable, out: number[]): boolean {
  if (!ASCII_ONLY.test(text)) return false;
  const lower = text.toLowerCase();
  let start = -1, h = FNV_OFFSET;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if (isAlnum(c) || c === 95) {
      if (start < 0) start = i;
      h = Math.imul(h ^ c, FNV_PRIME);
    } else if (start >= 0) {
      if (i - start >= 2) {
        const id = table.tokenAt(lower, start, i, h);
        if (id >= 0) out.push(id);
      }
      start = -1;
      h = FNV_OFFSET;
    }
  }
  return true;
}
