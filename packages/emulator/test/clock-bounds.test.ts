// The control API's clock moves only to a time the emulator can write: a move beyond what a Date
// holds (or to a moment Date.parse cannot read) is a 400 that changes and saves nothing, so
// health and every time keep answering, after a restart too.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../src/control/client.js';
import { openStateFile } from '../src/store/durable.js';
import { emulator, manualClock, tempDir } from './helpers.js';

describe('moving the clock', () => {
  it.each([
    ['by more than the schema allows', { advance_ms: 1e300 }],
    ['beyond what a Date holds', { advance_ms: 8.639e15 }],
    ['to a moment Date.parse cannot read', { now: '2030-06-30T23:59:60Z' }],
  ])('%s is a 400 that changes and saves nothing', async (_, change) => {
    const stateFile = join(tempDir(), 'state.lmdb');
    const clock = manualClock();
    const first = await emulator({ stateFile, clock });
    const control = createControlClient(first.url);
    await control.POST('/_emulator/clock', { body: { advance_ms: 1000 } });
    const refused = await control.POST('/_emulator/clock', { body: change as never });
    expect(refused.response.status).toBe(400);
    expect((await control.GET('/_emulator/clock')).data).toEqual({ now: new Date(clock() + 1000).toISOString(), offset_ms: 1000 });
    expect((await control.GET('/_emulator/health')).response.status).toBe(200);
    await first.stop();
    const again = await emulator({ stateFile, clock });
    expect((await createControlClient(again.url).GET('/_emulator/clock')).data).toEqual({ now: new Date(clock() + 1000).toISOString(), offset_ms: 1000 });
  });

  it('an offset no Date can write, saved by an older emulator, is dropped at start and logged', async () => {
    const stateFile = join(tempDir(), 'state.lmdb');
    const durable = openStateFile(stateFile, { generation: 'vias', collections: ['edge_pools', 'deployments', 'video_sources', 'video_groups', 'batches', 'tasks'] });
    durable.setSetting('clock-offset', 1e300);
    await durable.flushed();
    await durable.close();
    const clock = manualClock();
    const { url, logs } = await emulator({ stateFile, clock });
    expect((await createControlClient(url).GET('/_emulator/health')).data).toMatchObject({ now: new Date(clock()).toISOString() });
    expect(logs.join('\n')).toMatch(/clock offset 1e\+300 ms is not a time the emulator can reach/);
  });
});
