// 200 concurrent clients creating, reading, listing and stopping for a bounded time (3 s here,
// 10 s in bench/emulator.mjs): no 5xx, and afterwards the emulator holds exactly the tasks it
// acknowledged, each once, the stopped ones stopping or stopped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listAll, runLoad } from '../src/load.mjs';
import { emulator } from './helpers.mjs';

it('serves 200 concurrent clients without 5xx and loses or duplicates no task', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vias-emulator-load-'));
  try {
    const { url, logs } = await emulator({ stateFile: join(dir, 'state.jsonl'), transitionMs: 50, token: 'load-token' });
    const load = await runLoad({ url, clients: 200, durationMs: 3000 });
    expect(load.fiveHundreds).toEqual([]);
    expect(logs).toEqual([]);
    // Every answer is 200, except stops refused because the state forbids them (none expected:
    // each task is stopped once, and only tasks still running are stopped).
    expect(Object.keys(load.statuses)).toEqual(['200']);
    for (const operation of ['createServiceTask', 'showTask', 'listTasks', 'startStopTask']) expect(load.byOperation[operation]?.[200]).toBeGreaterThan(0);

    const held = await listAll({ url });
    expect(new Set(load.acknowledged).size).toBe(load.acknowledged.length);
    expect([...held.keys()].sort()).toEqual([...load.acknowledged].sort());
    for (const id of load.stopped) expect(['STOPPING', 'STOPPED']).toContain(held.get(id).state);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
