// What of the settings a taxonomy records: only what decides the result, so the CLI and the extension write the same
// bytes for the same run, and no machine path reaches a committed file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSettings } from '../../src/pipeline/settings';
import { settingsRecord } from '../../src/taxonomy/build';

const embeddingOf = (r: Record<string, unknown>) => r.embedding as Record<string, unknown>;

test('the models of backends that did not run are not recorded (the extension always has its static-model setting)', () => {
  const cli = settingsRecord(resolveSettings({ embedding: { backend: 'lsa' } }));
  const ext = settingsRecord(resolveSettings({ embedding: { backend: 'lsa', staticModel: 'minishlab/potion-base-8M', endpointModel: 'nomic-embed-text' } }));
  assert.equal(JSON.stringify(ext), JSON.stringify(cli));
  assert.equal('staticModel' in embeddingOf(ext), false);
});

test('a static model from a local folder is recorded by its name; one from the hub by its id', () => {
  const local = embeddingOf(settingsRecord(resolveSettings({ embedding: { backend: 'static', staticModel: '/home/someone/models/potion-base-8M' } })));
  assert.equal(local.staticModel, 'potion-base-8M');
  const hub = embeddingOf(settingsRecord(resolveSettings({ embedding: { backend: 'static', staticModel: 'minishlab/potion-base-8M' } })));
  assert.equal(hub.staticModel, 'minishlab/potion-base-8M');
  assert.doesNotMatch(JSON.stringify(local), /home\/someone/);
});

test('the file size limit is recorded only when it is not the default (the extension always passes its setting)', () => {
  const cli = settingsRecord(resolveSettings({ embedding: { backend: 'lsa' } }));
  const ext = settingsRecord(resolveSettings({ embedding: { backend: 'lsa' }, maxFileMB: 50 }));
  assert.equal(JSON.stringify(ext), JSON.stringify(cli));
  assert.equal('maxFileMB' in ext, false);
  assert.equal(settingsRecord(resolveSettings({ maxFileMB: 200 })).maxFileMB, 200);
});
