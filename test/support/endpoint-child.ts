// A child process for the kill-and-resume test: embeds the given texts through an endpoint with a cache folder and
// prints each progress count on its own line, so the parent knows what has reached the cache before it kills us.
import { embedChunks } from '../../src/pipeline/embedding';
import { resolveSettings } from '../../src/pipeline/settings';

const spec = JSON.parse(process.argv[2]) as { url: string; cacheDir: string; chunks: Array<{ text: string; textHash: string }>; concurrency: number };
const settings = resolveSettings({ embedding: { backend: 'endpoint', endpointUrl: spec.url, concurrency: spec.concurrency, batchSize: 4 } }).embedding;
embedChunks(spec.chunks, settings, {
  cacheDir: spec.cacheDir, seed: 42,
  onProgress: (done) => process.stdout.write(`progress ${done}\n`),
}).then(() => process.stdout.write('finished\n'), (e) => {
  process.stdout.write(`error ${e instanceof Error ? e.message : e}\n`);
  process.exitCode = 1;
});
