// Time left for an embedding run, by characters: time per character is a fair proxy for cost per token, so the
// estimate holds whether batches arrive longest first (transformers), in input order (servers) or all at once (static).
export class CharEta {
  private readonly started = performance.now();
  private readonly totalChars: number;
  private doneChars = 0;

  constructor(texts: readonly string[]) {
    let total = 0;
    for (const t of texts) total += t.length + 1;
    this.totalChars = total;
  }

  add(text: string): void {
    this.doneChars += text.length + 1;
  }

  /** Seconds left, or undefined before anything is done. */
  seconds(): number | undefined {
    if (this.doneChars === 0) return undefined;
    const elapsed = (performance.now() - this.started) / 1000;
    return (elapsed / this.doneChars) * Math.max(0, this.totalChars - this.doneChars);
  }
}
