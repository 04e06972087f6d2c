/** Splits on every line-break convention (\r\n, \n, lone \r) so line numbers match what an editor shows. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}
