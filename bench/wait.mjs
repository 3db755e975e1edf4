// Waiting on many tasks: requests and time for one polling round of `waitForTasks(ids)` (reads the
// task list, ⌈tasks / page size⌉ requests) against N × `waitForTask(id)` (one showTask each), for
// N = 10, 100, 1,000 tasks, on the VIAS emulator (127.0.0.1, a free port).
//
//   node bench/wait.mjs [rounds]
//
// Each N: create N stream tasks (they run until stopped), wait until every one is RUNNING, then
// time `rounds` rounds of each way, alternating, where a round is one full poll that finds every
// task RUNNING. Requests are counted by the client's `fetch`.
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { pathToFileURL } from 'node:url';

const PROJECT = '6204a5bd270343b5885144cf9c8c158d';
/** @returns {import('@vias-openapi/client').CreateServiceTaskRequest} */
const body = (i) => ({
  name: `bench-${i}`,
  input: { type: 'video_source', data: [{ video_source_id: `vs-${i}` }] },
  output: { event_center: true },
  service_version: '1.0',
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function waitBench({ sizes = [10, 100, 1_000], rounds = 5, log = console.error } = {}) {
  const emulator = await startEmulator({ port: 0, transitionMs: 1, runMs: 60_000, log: () => {} });
  let requests = 0;
  const fetch = (input, init) => (requests++, globalThis.fetch(input, init));
  const vias = createViasClient({ endpoint: emulator.url, projectId: PROJECT, auth: { token: 'bench' }, fetch, retry: false });
  const results = [];
  try {
    let created = 0;
    for (const n of sizes) {
      // Top the emulator up to n tasks, a few creates at a time.
      for (; created < n; created += 10) {
        await Promise.all(Array.from({ length: Math.min(10, n - created) }, (_, k) => vias.createServiceTask({ path: { service_name: 'c-vehicle' }, body: body(created + k) })));
      }
      const ids = [];
      for await (const t of vias.paginate.listTasks()) ids.push(t.id);
      await vias.waitForTasks(ids, { until: ['RUNNING'], intervalMs: 20 });
      const runs = { list: [], each: [] };
      for (let r = 0; r < rounds; r++) {
        for (const way of ['list', 'each']) {
          requests = 0;
          const start = process.hrtime.bigint();
          if (way === 'list') await vias.waitForTasks(ids, { until: ['RUNNING'] });
          else await Promise.all(ids.map((id) => vias.waitForTask(id, { until: ['RUNNING'] })));
          runs[way].push({ ms: Number(process.hrtime.bigint() - start) / 1e6, requests });
        }
      }
      const row = {
        n,
        waitForTasks_requests: runs.list[0].requests,
        waitForTasks_ms: median(runs.list.map((x) => x.ms)),
        waitForTask_each_requests: runs.each[0].requests,
        waitForTask_each_ms: median(runs.each.map((x) => x.ms)),
      };
      log(`N=${n}: waitForTasks ${row.waitForTasks_requests} requests, ${row.waitForTasks_ms.toFixed(1)} ms a round; N × waitForTask ${row.waitForTask_each_requests} requests, ${row.waitForTask_each_ms.toFixed(1)} ms`);
      results.push(row);
    }
  } finally {
    await emulator.stop();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await waitBench({ rounds: Number(process.argv[2] ?? 5) });
}
