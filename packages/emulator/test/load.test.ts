// 200 concurrent clients creating, reading, listing and stopping (8 requests each here, 10 s in
// bench/emulator.mjs): no 5xx, and afterwards the emulator holds exactly the tasks it
// acknowledged, each once, the stopped ones stopping or stopped.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LOAD_PROJECT, listAll, runLoad } from '../src/load.js';
import { emulator, tempDir } from './helpers.js';

it('serves 200 concurrent clients without 5xx and loses or duplicates no task', async () => {
  const dir = tempDir('vias-emulator-load-');
  {
    // Wall-clock time during the load; frozen for the checks, so states hold still while counted.
    let frozen: number | undefined;
    const clock = () => frozen ?? Date.now();
    const { url, logs } = await emulator({ stateFile: join(dir, 'state.lmdb'), transitionMs: 50, token: 'load-token', clock });
    // 8 requests per client (2 of each kind): the same work however busy the machine is.
    const load = await runLoad({ url, clients: 200, rounds: 8 });
    expect(load.fiveHundreds).toEqual([]);
    expect(logs).toEqual([]);
    // Every answer is 200, except stops refused because the state forbids them (none expected:
    // each task is stopped once, and only tasks still running are stopped).
    expect(Object.keys(load.statuses)).toEqual(['200']);
    for (const operation of ['createServiceTask', 'showTask', 'listTasks', 'startStopTask']) expect(load.byOperation[operation]?.[200]).toBeGreaterThan(0);

    frozen = Date.now();
    const held = await listAll({ url });
    expect(new Set(load.acknowledged).size).toBe(load.acknowledged.length);
    expect([...held.keys()].sort()).toEqual([...load.acknowledged].sort());
    for (const id of load.stopped) expect(['STOPPING', 'STOPPED']).toContain(held.get(id)!.state);

    // The state filter agrees with the full list, state by state.
    const byState: Record<string, number> = {};
    for (const task of held.values()) byState[task.state] = (byState[task.state] ?? 0) + 1;
    for (const [state, count] of Object.entries(byState)) {
      let filtered = 0;
      for (let page = 1; ; page++) {
        const answer = await fetch(`${url}/v2/${LOAD_PROJECT}/tasks?task_state=${state}&page=${page}&page_size=1000`, { headers: { 'X-Auth-Token': 'load-token' } });
        const { count: onPage } = (await answer.json()) as { count: number };
        filtered += onPage;
        if (onPage < 1000) break;
      }
      expect(filtered, state).toBe(count);
    }
  }
});
