import type { TextSpan } from '../types';
import { parseCaptions } from './captions';

/** SubRip: index line, `00:00:01,000 --> 00:00:02,000`, text with <i>/<font> tags; rolling repeats merged as in VTT. */
export function parseSrt(text: string): { spans: TextSpan[]; warnings: string[] } {
  return parseCaptions(text, 'srt');
}
