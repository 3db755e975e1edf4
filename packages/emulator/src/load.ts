// A load driver for the emulator, shared by its load test and bench/emulator.mjs: `clients`
// concurrent clients, each creating, reading, listing and stopping tasks for `rounds` requests
// (the test: the same work however busy the machine is) or until `durationMs` has passed (the
// bench), then a check that what the emulator holds is exactly what it acknowledged.
// Plain fetch, so it measures the emulator and not a client library.

import { bundle, deref } from '@vias-openapi/spec/bundle';

const SERVICE = 'video-analyze';
// The largest page listTasks takes, as the description says.
const PAGE: number =
  deref(bundle.paths['/v2/{project_id}/tasks'].get.parameters.map(deref).find((p: { name: string }) => p.name === 'page_size').schema).maximum ?? 100;
/** A project ID of the form createServiceTask's path takes (32 lower-case hex digits). */
export const LOAD_PROJECT = '10ad10ad10ad10ad10ad10ad10ad10ad';

export interface LoadResult {
  requests: number;
  perSecond: number;
  statuses: Record<string, number>;
  byOperation: Record<string, Record<string, number>>;
  acknowledged: string[];
  stopped: string[];
  fiveHundreds: string[];
}

export async function runLoad({
  url,
  projectId = LOAD_PROJECT,
  token = 'load-token',
  clients = 200,
  durationMs,
  rounds,
}: {
  url: string;
  projectId?: string;
  token?: string;
  clients?: number;
  durationMs?: number;
  /** Requests per client, instead of a duration. */
  rounds?: number;
}): Promise<LoadResult> {
  if ((durationMs === undefined) === (rounds === undefined)) throw new TypeError('runLoad: give durationMs or rounds');
  const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };
  const statuses: Record<string, number> = {};
  const byOperation: Record<string, Record<string, number>> = {};
  const acknowledged: string[] = [];
  const stopped: string[] = [];
  const fiveHundreds: string[] = [];
  let requests = 0;

  async function send(operation: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    requests += 1;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    const counts = (byOperation[operation] ??= {});
    counts[response.status] = (counts[response.status] ?? 0) + 1;
    if (response.status >= 500) fiveHundreds.push(`${operation} ${response.status} ${text.slice(0, 200)}`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const started = Date.now();
  const deadline = started + (durationMs ?? Infinity);
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const mine: string[] = [];
      for (let i = 0; rounds === undefined ? Date.now() < deadline : i < rounds; i++) {
        const step = i % 4;
        if (step === 0 || mine.length === 0) {
          const body = {
            name: `load-${client}-${i}`,
            service_version: '1.0',
            input: { type: 'url', data: [{ url: `rtsp://127.0.0.1:554/camera-${client}` }] },
            output: { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } },
          };
          const answer = await send('createServiceTask', 'POST', `/v2/${projectId}/services/${SERVICE}/tasks`, body);
          if (answer.status === 200) {
            const ids = ((Array.isArray(answer.body) ? answer.body : answer.body.tasks) as { id: string }[]).map((t) => t.id);
            acknowledged.push(...ids);
            mine.push(...ids);
          }
        } else if (step === 1) {
          await send('showTask', 'GET', `/v2/${projectId}/tasks/${mine[i % mine.length]}`);
        } else if (step === 2) {
          await send('listTasks', 'GET', `/v2/${projectId}/tasks?page=${1 + (i % 3)}&page_size=50`);
        } else {
          const id = mine.shift()!; // each task is stopped at most once by its client
          const answer = await send('startStopTask', 'PUT', `/v2/${projectId}/tasks/${id}/action/stop`);
          if (answer.status === 200) stopped.push(id);
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return { requests, perSecond: requests / seconds, statuses, byOperation, acknowledged, stopped, fiveHundreds };
}

/**
 * Every task of the project, paging through listTasks with the largest page; throws if the
 * pages are inconsistent (a task twice).
 */
export async function listAll({ url, projectId = LOAD_PROJECT, token = 'load-token' }: { url: string; projectId?: string; token?: string }) {
  const seen = new Map<string, { id: string; state: string }>();
  for (let page = 1; ; page++) {
    const response = await fetch(`${url}/v2/${projectId}/tasks?page=${page}&page_size=${PAGE}&sort_dir=asc`, {
      headers: { 'X-Auth-Token': token },
    });
    if (response.status !== 200) throw new Error(`listTasks page ${page} answered ${response.status}: ${await response.text()}`);
    const { tasks, count } = (await response.json()) as { tasks: { id: string; state: string }[]; count: number };
    if (count !== tasks.length) throw new Error(`listTasks page ${page}: count ${count} but ${tasks.length} tasks`);
    for (const task of tasks) {
      if (seen.has(task.id)) throw new Error(`listTasks lists ${task.id} twice`);
      seen.set(task.id, task);
    }
    if (tasks.length < PAGE) return seen;
  }
}
