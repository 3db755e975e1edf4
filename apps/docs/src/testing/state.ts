import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

const projectId = '6204a5bd270343b5885144cf9c8c158d';
const source = await startEmulator({ port: 0 });
const target = await startEmulator({ port: 0 });
try {
  const vias = createViasClient({ endpoint: source.url, projectId, auth: { token: 'any-token' } });
  const { video_source_id } = await vias.createVideoSource({
    body: {
      video_source_name: 'gate-camera',
      access_type: 'cloud',
      type: 'url',
      type_config: '<type_config><url_address>rtsp://127.0.0.1:554/gate</url_address></type_config>',
    },
  });

  // Export one project (secrets masked) ...
  const { data: state } = await createControlClient(source.url).GET('/_emulator/state', {
    params: { query: { project_id: projectId } },
  });
  assert.ok(state);
  // ... and import it elsewhere: it replaces that project's resources, all or nothing.
  const { data: imported } = await createControlClient(target.url).PUT('/_emulator/state', { body: state });
  assert.deepEqual(imported, { records: 1 });

  // The same state seeds an emulator at start (the CLI: --seed state.json).
  const seeded = await startEmulator({ port: 0, seed: [state] });
  try {
    const copy = createViasClient({ endpoint: seeded.url, projectId, auth: { token: 'any-token' } });
    assert.equal((await copy.showVideoSourceDetail({ path: { video_source_id } })).video_source_name, 'gate-camera');
  } finally {
    await seeded.stop();
  }
} finally {
  await Promise.all([source.stop(), target.stop()]);
}
