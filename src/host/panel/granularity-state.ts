// The granularity control's data for the panel: the saved layout's sweep, the applied and previous option, and — from
// the taxonomy as it now is — whether the map is collapsed. No vscode import.
import { collapseSentence, isCollapsed } from '../../pipeline/granularity';
import type { RunLayoutInfo } from '../../pipeline/run-layout';
import type { GranularityState } from '../../protocol';
import type { Taxonomy } from '../../taxonomy/types';

export function granularityState(info: RunLayoutInfo | undefined, t: Taxonomy | undefined): GranularityState | null {
  if (!info?.granularity || !t || info.corpusFingerprint !== t.run.corpus.fingerprint) return null;
  const chunks = t.run.corpus.chunks;
  const largest = t.topics.reduce((m, x) => Math.max(m, x.size), 0);
  const shape = { topics: t.topics.length, largestShare: chunks > 0 ? largest / chunks : 0 };
  return {
    options: info.granularity.options,
    auto: info.granularity.auto,
    applied: info.applied,
    previous: info.previous ?? null,
    collapsed: collapseSentence({ ...shape, collapsed: isCollapsed(shape) }) ?? null,
  };
}
