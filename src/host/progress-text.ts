// The words of the progress notification and the status bar: each stage named once ("Reducing dimensions: 120/200"),
// whatever the pipeline's message repeats of the stage's name. No vscode import, so it is tested directly.
import type { ProgressEvent, StageName } from '../pipeline/types';

const STAGE_TITLES: Record<StageName, string> = {
  read: 'Reading', chunk: 'Chunking', embed: 'Embedding', reduce: 'Reducing dimensions', cluster: 'Clustering', describe: 'Describing topics', layout: 'Laying out the map', done: 'Finishing',
};

export function describeProgress(e: ProgressEvent): string {
  const title = STAGE_TITLES[e.stage] ?? e.stage;
  const eta = e.etaSeconds !== undefined && e.etaSeconds > 0 ? `, about ${formatEta(e.etaSeconds)} left` : '';
  if (e.total) return `${title} ${e.done ?? 0}/${e.total}${eta}`;
  const message = e.message.trim();
  if (!message) return `${title}${eta}`;
  // "Clustering" + "Clustering", "Reducing dimensions" + "Reducing dimensions: optimising": the message alone says it.
  const verb = title.split(' ')[0].toLowerCase();
  if (message.toLowerCase().startsWith(verb)) return `${message}${eta}`;
  return `${title}: ${message}${eta}`;
}

function formatEta(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
