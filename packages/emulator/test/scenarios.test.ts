// Scenarios, faults and schedules: what goes wrong and when, through the VIAS client as a user's
// code meets it, driven by the control API on a hand-moved clock (no test waits on the wall clock
// for a state; a fault's latency and the client's Retry-After wait are the machine's time by
// design, asserted as lower bounds and through the client's own retry events).
import { ViasApiError, ViasNetworkError, type RetryEvent } from '@vias-openapi/client';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../src/control/client.js';
import { client, create, emulator, fileTask, manualClock, PROJECT, rejection, streamTask, uniqueName, videoGroup, videoSource } from './helpers.js';
import { createViasClient } from '@vias-openapi/client';

const T = 100;
const poll = { intervalMs: 5, timeoutMs: 600_000 };

async function setUp(options: Parameters<typeof emulator>[0] = {}) {
  const clock = manualClock();
  const e = await emulator({ clock, transitionMs: T, runMs: 1000, ...options });
  return { ...e, clock, vias: client(e.url), control: createControlClient(e.url) };
}

describe('task scenarios', () => {
  it('START_FAILED on the next create whose name matches, with the error given; waitForTask ends there', async () => {
    const { vias, control, clock } = await setUp();
    const added = await control.POST('/_emulator/scenarios', { body: { kind: 'start_failed', name_pattern: '^nightly-', error: { code: 'ALG.00000042', message: 'The model failed to load.' } } });
    expect(added.response.status).toBe(201);
    expect(added.data).toMatchObject({ kind: 'start_failed', remaining: 1 });
    const other = await create(vias, streamTask('daytime-1'));
    const id = await create(vias, streamTask('nightly-1'));
    const waiting = vias.waitForTask(id, poll);
    clock.advance(2 * T);
    const task = await waiting;
    expect(task).toMatchObject({ state: 'START_FAILED', error: { code: 'ALG.00000042', message: 'The model failed to load.' } });
    expect((await vias.showTask({ path: { task_id: other } })).state).toBe('RUNNING');
    // Used up: the next match runs.
    expect((await control.GET('/_emulator/scenarios')).data!.scenarios).toEqual([]);
    const next = await create(vias, streamTask('nightly-2'));
    clock.advance(2 * T);
    expect((await vias.showTask({ path: { task_id: next } })).state).toBe('RUNNING');
    // A start is allowed from START_FAILED.
    await vias.startStopTask({ path: { task_id: id, command: 'start' } });
    clock.advance(T);
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('RUNNING');
  });

  it('START_FAILED on a task’s next start, given by its ID; CREATE_FAILED on a create', async () => {
    const { vias, control, clock } = await setUp();
    const id = await create(vias, streamTask());
    clock.advance(2 * T);
    await vias.startStopTask({ path: { task_id: id, command: 'stop' } });
    clock.advance(T);
    await control.POST('/_emulator/scenarios', { body: { kind: 'start_failed', task_id: id, project_id: PROJECT } });
    await vias.startStopTask({ path: { task_id: id, command: 'start' } });
    clock.advance(T);
    // No error given: the catalogue's internal error.
    expect(await vias.showTask({ path: { task_id: id } })).toMatchObject({ state: 'START_FAILED', error: { code: 'VIAS.00010006', message: 'An internal error occurs.' } });
    await control.POST('/_emulator/scenarios', { body: { kind: 'create_failed', name_pattern: 'broken' } });
    const broken = await create(vias, streamTask(uniqueName('broken')));
    expect((await vias.showTask({ path: { task_id: broken } })).state).toBe('PENDING');
    clock.advance(T);
    expect((await vias.showTask({ path: { task_id: broken } })).state).toBe('CREATE_FAILED');
    const byId = await control.POST('/_emulator/scenarios', { body: { kind: 'create_failed', task_id: id, project_id: PROJECT } });
    expect(byId.error).toMatchObject({ status: 400, detail: expect.stringMatching(/create_failed is a create's/) });
  });

  it('PENDING held with its status until the resources come, then on to RUNNING', async () => {
    const { vias, control, clock } = await setUp();
    await control.POST('/_emulator/scenarios', { body: { kind: 'pending', name_pattern: 'queued', duration_ms: 5000 } });
    const id = await create(vias, streamTask(uniqueName('queued')));
    clock.advance(4000);
    expect(await vias.showTask({ path: { task_id: id } })).toMatchObject({ state: 'PENDING', status: 'Waiting for available computing resource.' });
    clock.advance(1000 + T);
    const task = await vias.showTask({ path: { task_id: id } });
    expect(task.state).toBe('RUNNING');
    expect(task.status).toBeUndefined();
  });

  it('ABNORMAL after a while, RECOVERING, then RUNNING again; UPGRADING and back', async () => {
    const { vias, control, clock } = await setUp();
    const id = await create(vias, streamTask());
    clock.advance(2 * T);
    await control.POST('/_emulator/scenarios', { body: { kind: 'abnormal', task_id: id, project_id: PROJECT, after_ms: 500, duration_ms: 300 } });
    const seen = [];
    for (const step of [499, 1, 299, 1, T - 1, 1]) {
      clock.advance(step);
      seen.push((await vias.showTask({ path: { task_id: id } })).state);
    }
    expect(seen).toEqual(['RUNNING', 'ABNORMAL', 'ABNORMAL', 'RECOVERING', 'RECOVERING', 'RUNNING']);
    await control.POST('/_emulator/scenarios', { body: { kind: 'upgrading', task_id: id, project_id: PROJECT, duration_ms: 200 } });
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('UPGRADING');
    clock.advance(200);
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('RUNNING');
    // A stop is allowed while ABNORMAL, and the task ends STOPPED.
    await control.POST('/_emulator/scenarios', { body: { kind: 'abnormal', task_id: id, project_id: PROJECT } });
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('ABNORMAL');
    await vias.startStopTask({ path: { task_id: id, command: 'stop' } });
    clock.advance(2 * T);
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('STOPPED');
  });

  it('FAILED with the error given, which waitForTask ends on; FROZEN by FREEZING', async () => {
    const { vias, control, clock } = await setUp();
    const failing = await create(vias, fileTask());
    await control.POST('/_emulator/scenarios', { body: { kind: 'failed', task_id: failing, project_id: PROJECT, after_ms: 300, error: { code: 'VIAS.00010006', message: 'The stream broke off.' } } });
    const waiting = vias.waitForTask(failing, poll);
    clock.advance(2 * T + 300);
    expect(await waiting).toMatchObject({ state: 'FAILED', error: { code: 'VIAS.00010006', message: 'The stream broke off.' } });

    const frozen = await create(vias, streamTask());
    clock.advance(2 * T);
    await control.POST('/_emulator/scenarios', { body: { kind: 'freezing', task_id: frozen, project_id: PROJECT } });
    expect((await vias.showTask({ path: { task_id: frozen } })).state).toBe('FREEZING');
    // Only a delete or an update while FREEZING.
    expect(await rejection(vias.startStopTask({ path: { task_id: frozen, command: 'stop' } }))).toMatchObject({ error_code: 'VIAS.00010004' });
    clock.advance(T);
    expect((await vias.showTask({ path: { task_id: frozen } })).state).toBe('FROZEN');
    // Topped up: a frozen task can be started again.
    await vias.startStopTask({ path: { task_id: frozen, command: 'start' } });
  });

  it('a batch configuration some of whose video sources lack resources', async () => {
    const { vias, control } = await setUp();
    const cameras = [await videoSource(vias), await videoSource(vias), await videoSource(vias)];
    const group = await videoGroup(vias, cameras);
    await control.POST('/_emulator/scenarios', { body: { kind: 'lack_of_resources', name_pattern: '^busy', count: 2 } });
    const created = await vias.createBatchTask({
      body: {
        name: uniqueName('busy'),
        service_name: 'video-analyze',
        service_version: '1.0',
        batch_input: { video_source_group: [{ video_source_group_id: group, video_source_list: cameras.map((video_source_id) => ({ video_source_id })) }] },
        output: { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } },
      },
    });
    expect(created).toMatchObject({ total_count: 3, succeed_count: 1, failed_count: 2 });
    expect(created.error_list![0]).toMatch(/^VIAS\.00010006 [0-9a-f-]{36}: Lack of resources/);
    const [listed] = (await vias.listBatchTasks({ query: {} })).batch_task_list!;
    expect(listed!.batch_task_status_info).toEqual({ pending: 1, lack_of_resources: 2 });
  });

  it('a deployment that fails, with its error message', async () => {
    const { vias, control, clock } = await setUp();
    const [smoke] = (await vias.listUserServices({ query: { name_like: '烟火检测' } })).service_list!;
    const pool = (await vias.createEdgePool({ body: { name: 'pool-three', nodes: ['n1'] } })).id!;
    await control.POST('/_emulator/scenarios', { body: { kind: 'deploy_failed', alg_id: smoke!.alg_id, error: { code: 'DEPLOY.001', message: 'No node of the pool has a GPU.' } } });
    await vias.deployAlgorithm({ path: { alg_id: smoke!.alg_id! }, body: { pool_id: pool, stream_count: 1 } });
    clock.advance(T);
    expect(await vias.showServiceDetail({ path: { service_id: smoke!.service_id! } })).toMatchObject({ alg_status: 'service_failed', error_msg: 'No node of the pool has a GPU.' });
    // A failed deployment does not hold its pool.
    expect((await vias.withResponse.deleteEdgePool({ path: { id: pool } })).status).toBe(204);
  });
});

describe('faults', () => {
  it('429 with Retry-After: the client waits as long as it is told, and the next answer is the operation’s', async () => {
    const { url, control } = await setUp();
    await control.POST('/_emulator/faults', { body: { operation_id: 'listTasks', action: 'error', status: 429, code: 'VIAS.00010006', retry_after_s: 1, count: 1 } });
    const retries: RetryEvent[] = [];
    const vias = createViasClient({ endpoint: url, projectId: PROJECT, auth: { token: 't' }, retry: { retries: 2, onRetry: (event) => retries.push(event) } });
    const started = performance.now();
    expect((await vias.listTasks({})).count).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(retries).toMatchObject([{ operationId: 'listTasks', status: 429, delayMs: 1000 }]);
  });

  it('503 for two requests of every operation, then answers; a 500 is not retried', async () => {
    const { url, control } = await setUp();
    await control.POST('/_emulator/faults', { body: { action: 'error', status: 503, count: 2 } });
    const vias = createViasClient({ endpoint: url, projectId: PROJECT, auth: { token: 't' }, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 } });
    expect((await vias.listTasks({})).count).toBe(0);
    const { data } = await control.GET('/_emulator/requests', {});
    expect(data!.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    await control.POST('/_emulator/faults', { body: { operation_id: 'showTask', action: 'error', status: 500, code: 'VIAS.00010006' } });
    const error = await rejection(vias.showTask({ path: { task_id: 'f18320e61e4c4dc685aa2dfc22a28dc5' } }));
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error).toMatchObject({ status: 500, error_code: 'VIAS.00010006', detail: "Injected by the emulator's control API." });
  });

  it('a reset connection and a body cut half way are network errors; latency delays the answer', async () => {
    const { url, vias, control } = await setUp();
    await control.POST('/_emulator/faults', { body: { operation_id: 'listTasks', action: 'reset' } });
    expect(await rejection(vias.listTasks({}))).toBeInstanceOf(ViasNetworkError);
    await control.POST('/_emulator/faults', { body: { operation_id: 'listTasks', action: 'truncate' } });
    expect(await rejection(vias.listTasks({}))).toBeInstanceOf(ViasNetworkError);
    await control.POST('/_emulator/faults', { body: { operation_id: 'listTasks', action: 'latency', latency_ms: 300 } });
    const started = performance.now();
    expect((await vias.listTasks({})).count).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    // probability 1 applies to every request until it is deleted.
    const always = await control.POST('/_emulator/faults', { body: { operation_id: 'listTasks', action: 'error', status: 503, probability: 1 } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/v2/${PROJECT}/tasks`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(503);
    expect((await control.DELETE('/_emulator/faults/{fault_id}', { params: { path: { fault_id: always.data!.id } } })).response.status).toBe(204);
    expect((await vias.listTasks({})).count).toBe(0);
    const bad = await control.POST('/_emulator/faults', { body: { action: 'error', code: 'IVA.0004' } });
    expect(bad.error).toMatchObject({ status: 400, detail: expect.stringMatching(/IVA.0004 is not in the VIAS error catalogue/) });
  });

  it('a 401 comes before any fault: an unauthenticated client is refused as it would be', async () => {
    const { url, control } = await setUp();
    await control.POST('/_emulator/faults', { body: { action: 'error', status: 503 } });
    expect((await fetch(`${url}/v2/${PROJECT}/tasks`)).status).toBe(401);
    expect((await control.GET('/_emulator/faults')).data!.faults).toHaveLength(1);
  });
});

describe('schedules', () => {
  it('a stream task waits in SCHEDULING until the clock enters its period, in its time zone', async () => {
    // Monday 2026-01-05 00:00 UTC = 08:00 in +08:00.
    const clock = manualClock(Date.UTC(2026, 0, 5, 0, 0, 0));
    const { url } = await emulator({ clock, transitionMs: T });
    const vias = client(url);
    const control = createControlClient(url);
    const id = await create(vias, {
      ...streamTask(),
      // Mondays 09:00–10:00 (Beijing time).
      schedule: { type: 'weekly', timezone: '+08:00', days_of_week: [1], periods: [[{ begin_at: '09:00:00', end_at: '10:00:00' }]] },
    });
    clock.advance(2 * T);
    expect(await vias.showTask({ path: { task_id: id } })).toMatchObject({ state: 'SCHEDULING', schedule_status: 'ACTIVATED' });
    const running = vias.waitForTask(id, { until: ['RUNNING'], ...poll });
    await control.POST('/_emulator/clock', { body: { now: '2026-01-05T01:00:00.000Z' } });
    expect(await running).toMatchObject({ state: 'RUNNING', updated_at: '2026-01-05T01:00:00.000Z' });
    await control.POST('/_emulator/clock', { body: { now: '2026-01-05T02:00:00.000Z' } });
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('SCHEDULING');
    // A week later, the same hour.
    await control.POST('/_emulator/clock', { body: { now: '2026-01-12T01:30:00.000Z' } });
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('RUNNING');
    expect((await vias.listTasks({ query: { task_state: 'RUNNING' } })).count).toBe(1);
    await vias.startStopTask({ path: { task_id: id, command: 'stop' } });
    clock.advance(T);
    expect(await vias.showTask({ path: { task_id: id } })).toMatchObject({ state: 'STOPPED', schedule_status: 'INACTIVATED' });
  });

});
