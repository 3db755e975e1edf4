import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

const projectId = '6204a5bd270343b5885144cf9c8c158d';
const emulator = await startEmulator({ port: 0, clock: () => Date.UTC(2026, 0, 5), transitionMs: 2000 });
try {
  const vias = createViasClient({ endpoint: emulator.url, projectId, auth: { token: 'any-token' } });
  const control = createControlClient(emulator.url);
  const { tasks } = await vias.createServiceTask({
    path: { service_name: 'video-analyze' },
    body: {
      name: 'gate-1',
      service_version: '1.0',
      input: { type: 'url', data: [{ url: 'rtsp://127.0.0.1:554/gate-1' }] },
      output: { webhook: { url: 'http://127.0.0.1:8000/alerts', headers: { 'X-Receiver': 'tests' } } },
    },
  });
  const taskId = tasks![0]!.id!;

  // The task fails 300 ms into its run, with this error.
  const { error } = await control.POST('/_emulator/scenarios', {
    body: {
      kind: 'failed',
      project_id: projectId,
      task_id: taskId,
      after_ms: 300,
      error: { code: 'VIAS.00010006', message: 'The stream broke off.' },
    },
  });
  assert.equal(error, undefined);
  // PENDING and STARTING (2 s each), then 300 ms of RUNNING.
  await control.POST('/_emulator/clock', { body: { advance_ms: 4300 } });

  const task = await vias.waitForTask(taskId, { intervalMs: 50 });
  assert.equal(task.state, 'FAILED');
  assert.deepEqual(task.error, { code: 'VIAS.00010006', message: 'The stream broke off.' });
} finally {
  await emulator.stop();
}
