import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

const emulator = await startEmulator({ port: 0 });
try {
  const vias = createViasClient({ endpoint: emulator.url, projectId: '6204a5bd270343b5885144cf9c8c158d', auth: { token: 'any-token' } });
  const control = createControlClient(emulator.url);

  // Forget earlier requests, run the code under test, read what it called.
  await control.DELETE('/_emulator/requests');
  await vias.listTasks({ query: { task_state: 'RUNNING' } });

  const { data } = await control.GET('/_emulator/requests');
  assert.deepEqual(
    data?.requests.map((r) => [r.method, r.operation_id, r.status]),
    [['GET', 'listTasks', 200]],
  );
} finally {
  await emulator.stop();
}
