import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

// Port 0: a free port on 127.0.0.1, read back from emulator.url.
const emulator = await startEmulator({ port: 0 });
try {
  const vias = createViasClient({
    endpoint: emulator.url,
    projectId: '6204a5bd270343b5885144cf9c8c158d',
    auth: { token: 'any-token' },
  });
  const control = createControlClient(emulator.url);

  const { data: health } = await control.GET('/_emulator/health');
  assert.equal(health?.ready, true);
  assert.equal(health?.generation, 'vias');
  assert.equal((await vias.listTasks({})).count, 0);
} finally {
  await emulator.stop();
}
