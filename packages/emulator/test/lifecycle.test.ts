// End to end through @vias-openapi/client: create → waitForTask → list (paging) → stop → start →
// update → delete → the unknown-task error, with a token and with AK/SK. The emulator checks
// each of its answers against the description (checkResponses), so a non-conforming answer fails
// here. Its clock moves only when the test moves it: waitForTask polls until the test has moved
// time far enough, and no assertion depends on how fast the machine is.
import { ViasApiError } from '@vias-openapi/client';
import { describe, expect, it } from 'vitest';
import { call, client, create, emulator, fileTask, manualClock, PROJECT, rejection, sourceTask, streamTask, uniqueName, videoSource } from './helpers.js';

const AK = 'LIFECYCLETESTAK01';
const SK = 'lifecycle-test-secret';
const T = 100;
const RUN = 1000;
const poll = { intervalMs: 5, timeoutMs: 60_000 };

/** The ViasApiError a call rejects with. */
async function failure(promise: Promise<unknown>): Promise<ViasApiError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ViasApiError);
  return error;
}

describe.each([
  ['a token', {}, { token: 'any-token' }],
  ['AK/SK', { accessKey: AK, secretKey: SK }, { accessKey: AK, secretKey: SK }],
])('the task lifecycle with %s', (_, serverAuth, clientAuth) => {
  it('creates, runs, lists, stops, starts, updates and deletes a task', async () => {
    const clock = manualClock();
    const { url, logs } = await emulator({ clock, transitionMs: T, runMs: RUN, ...serverAuth });
    const vias = client(url, clientAuth);

    const fileId = await create(vias, fileTask());
    const streamId = await create(vias, streamTask());
    expect((await vias.showTask({ path: { task_id: fileId } })).state).toBe('PENDING');
    const succeeded = vias.waitForTask(fileId, { until: ['SUCCEEDED'], ...poll });
    const running = vias.waitForTask(streamId, { until: ['RUNNING'], ...poll });
    clock.advance(2 * T + RUN);
    expect((await succeeded).state).toBe('SUCCEEDED');
    expect((await running).state).toBe('RUNNING');

    // More tasks than a page: 14 tasks, pages of 5 (the smallest page_size).
    for (let i = 0; i < 12; i++) await create(vias, streamTask());
    const listed: string[] = [];
    for (let page = 1; ; page++) {
      const answer = await vias.listTasks({ query: { page, page_size: 5, sort_dir: 'asc' } });
      expect(answer.count).toBe(answer.tasks!.length);
      expect(answer.page).toBe(page);
      listed.push(...answer.tasks!.map((t) => t.id!));
      if (answer.tasks!.length < 5) break;
    }
    expect(listed).toHaveLength(14);
    expect(new Set(listed).size).toBe(14);
    expect(listed.slice(0, 2)).toEqual([fileId, streamId]);
    const paged: string[] = [];
    for await (const task of vias.paginate.listTasks({ query: { page_size: 5, sort_dir: 'asc' } })) paged.push(task.id!);
    expect(paged).toEqual(listed);

    await vias.startStopTask({ path: { task_id: streamId, command: 'stop' } });
    expect((await vias.showTask({ path: { task_id: streamId } })).state).toBe('STOPPING');
    const stopped = vias.waitForTask(streamId, { until: ['STOPPED'], ...poll });
    clock.advance(T);
    await stopped;
    await vias.startStopTask({ path: { task_id: streamId, command: 'start' } });
    expect((await vias.showTask({ path: { task_id: streamId } })).state).toBe('STARTING');
    clock.advance(T);
    await vias.waitForTask(streamId, { until: ['RUNNING'], ...poll });

    const renamed = uniqueName('renamed');
    await vias.updateTask({ path: { task_id: streamId }, body: { ...streamTask(renamed), description: 'moved-to-camera-2' } });
    const updated = await vias.showTask({ path: { task_id: streamId } });
    expect(updated).toMatchObject({ name: renamed, description: 'moved-to-camera-2', state: 'RUNNING' });

    await vias.deleteTask({ path: { task_id: streamId } });
    expect((await vias.showTask({ path: { task_id: streamId } })).state).toBe('DELETING');
    clock.advance(T);
    expect(await failure(vias.showTask({ path: { task_id: streamId } }))).toMatchObject({ status: 400, error_code: 'VIAS.00010007', params: ['task_id'] });
    expect((await vias.listTasks({ query: { page_size: 100 } })).count).toBe(13);
    expect(logs).toEqual([]);
  });
});

describe('errors', () => {
  it('names the offending field of an invalid body in the ViasApiError', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const body = fileTask();
    (body.input.data as object[])[0] = { bucket: 'obs-iva' } as never; // no path, on purpose (the types refuse it)
    const error = await failure(vias.createServiceTask({ path: { service_name: 'video-analyze' }, body }));
    expect(error).toMatchObject({ status: 400, error_code: 'VIAS.00010001', params: ['input.data[0].path'] });
    expect(error.detail).toBe('input.data[0].path is required.');

    // 'ftp' is outside the description's enum on purpose, so the type has to be widened to send it.
    const typed = await failure(vias.createServiceTask({ path: { service_name: 'video-analyze' }, body: { ...fileTask(), input: { type: 'ftp', data: [{}] } as never } }));
    expect(typed.params).toEqual(['input.type']);
    expect(typed.detail).toMatch(/^input\.type must be one of .*"video_source"/);

    const paged = await failure(vias.listTasks({ query: { page_size: 2 } }));
    expect(paged).toMatchObject({ error_code: 'VIAS.00010001', params: ['page_size'], detail: 'page_size must be >= 5.' });
  });

  it('answers malformed JSON with VIAS.00010001 naming the body', async () => {
    const { url } = await emulator();
    const { status, body } = await call(url, 'POST', `/v2/${PROJECT}/services/video-analyze/tasks`, '{"name": ');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error_code: 'VIAS.00010001', params: ['body'] });
    expect(body.detail).toMatch(/^The request body is not valid JSON/);
    expect(Object.keys(body).sort()).toEqual(['advice', 'detail', 'error_code', 'error_msg', 'params', 'reason']);
  });

  it('refuses a duplicate name (VIAS.00010011) and a start of a running task (VIAS.00010004)', async () => {
    const { url } = await emulator({ transitionMs: 0 });
    const vias = client(url);
    const name = uniqueName('twice');
    const id = await create(vias, sourceTask([await videoSource(vias)], name));
    expect(await failure(create(vias, streamTask(name)))).toMatchObject({ error_code: 'VIAS.00010011', params: ['name'] });
    const start = await failure(vias.startStopTask({ path: { task_id: id, command: 'start' } }));
    expect(start).toMatchObject({ status: 400, error_code: 'VIAS.00010004', params: ['command'] });
    expect(start.detail).toMatch(/is RUNNING: start is allowed only when it is CREATE_FAILED, START_FAILED, STOPPED, SUCCEEDED, FAILED, FROZEN\./);
    const other = await create(vias, streamTask());
    expect(await failure(vias.updateTask({ path: { task_id: other }, body: streamTask(name) }))).toMatchObject({ error_code: 'VIAS.00010011' });
    const switched = await failure(vias.updateTask({ path: { task_id: id }, body: { ...fileTask(name) } }));
    expect(switched).toMatchObject({ error_code: 'VIAS.00010001', params: ['input.type'] });
  });

  it('frees a name once the task that held it is gone', async () => {
    const clock = manualClock();
    const { url } = await emulator({ clock, transitionMs: T });
    const vias = client(url);
    const name = uniqueName('reused');
    const id = await create(vias, streamTask(name));
    await vias.deleteTask({ path: { task_id: id } });
    expect(await failure(create(vias, streamTask(name)))).toMatchObject({ error_code: 'VIAS.00010011' }); // still DELETING
    clock.advance(T);
    expect(await create(vias, streamTask(name))).not.toBe(id);
  });

  it('answers an unknown task with VIAS.00010007 on every task operation', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const task_id = 'f18320e61e4c4dc685aa2dfc22a28dc5';
    for (const attempt of [
      () => vias.showTask({ path: { task_id } }),
      () => vias.deleteTask({ path: { task_id } }),
      () => vias.startStopTask({ path: { task_id, command: 'stop' } }),
      () => vias.updateTask({ path: { task_id }, body: streamTask() }),
      () => vias.showServiceTask({ path: { service_name: 'video-analyze', task_id } }),
      () => vias.showInferTask({ path: { task_id } }),
    ]) {
      expect(await failure(attempt())).toMatchObject({ status: 400, error_code: 'VIAS.00010007', params: ['task_id'] });
    }
  });

  it('keeps projects apart', async () => {
    const { url } = await emulator();
    const id = await create(client(url), streamTask());
    const other = client(url, { token: 't' }, 'anotherproject');
    expect(await failure(other.showTask({ path: { task_id: id } }))).toMatchObject({ error_code: 'VIAS.00010007' });
  });
});

describe('requests the description does not describe', () => {
  it('answers an unknown path 404, another method 405, and a bad escape 400, all in the VIAS body', async () => {
    const { url } = await emulator();
    expect(await call(url, 'GET', '/v3/nothing')).toMatchObject({ status: 404, body: { error_code: 'VIAS.00010002' } });
    const method = await call(url, 'PATCH', `/v2/${PROJECT}/tasks/abcd`);
    expect(method).toMatchObject({ status: 405, body: { error_code: 'VIAS.00010006', detail: "Request method 'PATCH' not supported" } });
    expect(await call(url, 'GET', `/v2/${PROJECT}/tasks/ab%zzcd`)).toMatchObject({ status: 400, body: { error_code: 'VIAS.00010001', params: ['path'] } });
  });
});
