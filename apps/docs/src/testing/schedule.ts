import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

// Monday 5 January 2026, 00:00 UTC: 08:00 in +08:00.
const emulator = await startEmulator({ port: 0, clock: () => Date.UTC(2026, 0, 5), transitionMs: 2000 });
try {
  const vias = createViasClient({ endpoint: emulator.url, projectId: '6204a5bd270343b5885144cf9c8c158d', auth: { token: 'any-token' } });
  const control = createControlClient(emulator.url);
  const moveTo = (now: string) => control.POST('/_emulator/clock', { body: { now } });

  // Mondays, 09:00 to 10:00 Beijing time.
  const { tasks } = await vias.createServiceTask({
    path: { service_name: 'video-analyze' },
    body: {
      name: 'morning-gate',
      service_version: '1.0',
      input: { type: 'url', data: [{ url: 'rtsp://127.0.0.1:554/gate-1' }] },
      output: { webhook: { url: 'http://127.0.0.1:8000/alerts', headers: { 'X-Receiver': 'tests' } } },
      schedule: { type: 'weekly', timezone: '+08:00', days_of_week: [1], periods: [[{ begin_at: '09:00:00', end_at: '10:00:00' }]] },
    },
  });
  const taskId = tasks![0]!.id!;
  const state = async () => (await vias.showTask({ path: { task_id: taskId } })).state;

  await moveTo('2026-01-05T00:10:00.000Z');
  assert.equal(await state(), 'SCHEDULING');
  await moveTo('2026-01-05T01:00:00.000Z');
  assert.equal(await state(), 'RUNNING');
  await moveTo('2026-01-05T02:00:00.000Z');
  assert.equal(await state(), 'SCHEDULING');
  // A week later, the same hour.
  await moveTo('2026-01-12T01:30:00.000Z');
  assert.equal(await state(), 'RUNNING');
} finally {
  await emulator.stop();
}
