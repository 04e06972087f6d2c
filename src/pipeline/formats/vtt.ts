import type { TextSpan } from '../types';
import { parseCaptions } from './captions';

/** WebVTT: header, NOTE/STYLE/REGION blocks skipped, cue ids, timings with cue settings, inline tags, rolling repeats. */
export function parseVtt(text: string): { spans: TextSpan[]; warnings: string[] } {
  return parseCaptions(text, 'vtt');
}
