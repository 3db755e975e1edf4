import assert from 'node:assert/strict';
import { createViasClient, type RetryEvent } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

const emulator = await startEmulator({ port: 0 });
try {
  const control = createControlClient(emulator.url);
  // The next listTasks answers 429 with Retry-After: 1.
  await control.POST('/_emulator/faults', {
    body: { operation_id: 'listTasks', action: 'error', status: 429, code: 'VIAS.00010006', retry_after_s: 1, count: 1 },
  });

  const retries: RetryEvent[] = [];
  const vias = createViasClient({
    endpoint: emulator.url,
    projectId: '6204a5bd270343b5885144cf9c8c158d',
    auth: { token: 'any-token' },
    retry: { retries: 2, onRetry: (event) => retries.push(event) },
  });
  // The client waits the second it is told, then gets the operation's own answer.
  assert.equal((await vias.listTasks({})).count, 0);
  assert.equal(retries.length, 1);
  assert.equal(retries[0]?.status, 429);
  assert.equal(retries[0]?.delayMs, 1000);

  const { data } = await control.GET('/_emulator/requests');
  assert.deepEqual(data?.requests.map((r) => r.status), [429, 200]);
} finally {
  await emulator.stop();
}
