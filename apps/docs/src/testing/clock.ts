import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

// A clock that stands still: only POST /_emulator/clock moves the emulator's time.
const emulator = await startEmulator({ port: 0, clock: () => Date.UTC(2026, 0, 5), transitionMs: 2000, runMs: 10_000 });
try {
  const vias = createViasClient({ endpoint: emulator.url, projectId: '6204a5bd270343b5885144cf9c8c158d', auth: { token: 'any-token' } });
  const control = createControlClient(emulator.url);
  const advance = (ms: number) => control.POST('/_emulator/clock', { body: { advance_ms: ms } });

  // A file input runs for --run-ms, then SUCCEEDED.
  const { tasks } = await vias.createServiceTask({
    path: { service_name: 'video-analyze' },
    body: {
      name: 'archive-1',
      service_version: '1.0',
      input: { type: 'obs', data: [{ bucket: 'videos', path: 'input/archive-1.mp4' }] },
      output: { obs: { bucket: 'videos', path: 'output/' } },
    },
  });
  const taskId = tasks![0]!.id!;
  const state = async () => (await vias.showTask({ path: { task_id: taskId } })).state;

  assert.equal(await state(), 'PENDING');
  await advance(2000);
  assert.equal(await state(), 'STARTING');
  await advance(2000);
  assert.equal(await state(), 'RUNNING');
  await advance(10_000);
  assert.equal(await state(), 'SUCCEEDED');
} finally {
  await emulator.stop();
}
