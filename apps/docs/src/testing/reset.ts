import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

const projectId = '6204a5bd270343b5885144cf9c8c158d';
const emulator = await startEmulator({ port: 0 });
try {
  const vias = createViasClient({ endpoint: emulator.url, projectId, auth: { token: 'any-token' } });
  const control = createControlClient(emulator.url);
  await vias.createServiceTask({
    path: { service_name: 'video-analyze' },
    body: {
      name: 'gate-1',
      service_version: '1.0',
      input: { type: 'url', data: [{ url: 'rtsp://127.0.0.1:554/gate-1' }] },
      output: { webhook: { url: 'http://127.0.0.1:8000/alerts', headers: { 'X-Receiver': 'tests' } } },
    },
  });

  // In beforeEach: this project's resources go; scenarios, faults and the clock stay.
  const { data } = await control.POST('/_emulator/reset', { params: { query: { project_id: projectId } } });
  assert.deepEqual(data, { records: 1, projects: [projectId] });
  assert.equal((await vias.listTasks({})).count, 0);
} finally {
  await emulator.stop();
}
