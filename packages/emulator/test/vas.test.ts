// The VAS generation end to end through createVasClient: 201 with a bare array, 202 without a
// body, offset/limit paging with the total, two-field IVA errors. The emulator checks each of
// its answers against the VAS description.
import { VasApiError } from '@vias-openapi/client';
import { describe, expect, it } from 'vitest';
import { call, emulator, idsOf, manualClock, PROJECT, rejection, uniqueName, vasClient } from './helpers.js';

const SERVICE = 'c-intrusion-detection';
const job = (name = uniqueName('job'), type: 'obs' | 'url' = 'url') => ({
  name,
  service_version: '1.0',
  input: type === 'obs' ? { type, data: [{ bucket: 'obs-iva', path: 'in/a.mp4' }] } : { type, data: [{ url: 'rtsp://127.0.0.1/live' }] },
  output: { obs: { bucket: 'obs-iva', path: 'out/' } },
});

describe('the VAS emulator', () => {
  it('creates, lists, shows, updates, stops, starts and deletes jobs with the VAS statuses', async () => {
    const clock = manualClock();
    const { url, logs, generation } = await emulator({ generation: 'vas', clock, transitionMs: 100, runMs: 1000 });
    expect(generation).toBe('vas');
    const vas = vasClient(url);
    const created = await vas.withResponse.createTasks({ path: { service_name: SERVICE }, body: job('first') });
    expect(created.status).toBe(201);
    expect(Array.isArray(created.data)).toBe(true);
    const [first] = idsOf(created.data);
    clock.advance(1);
    const [second] = idsOf(await vas.createTasks({ path: { service_name: SERVICE }, body: job('second', 'obs') }));
    await vas.createTasks({ path: { service_name: 'another-service' }, body: job('elsewhere') });

    const page = await vas.listTasksDetails({ path: { service_name: SERVICE }, query: { limit: 1, offset: 0 } });
    expect(page.count).toBe(2); // the total, not the page
    expect(page.tasks).toHaveLength(1);
    expect(page.tasks[0]!.id).toBe(second); // created_at:DESC
    const all = [];
    for await (const item of vas.paginate.listTasksDetails({ path: { service_name: SERVICE }, query: { limit: 1 } })) all.push(item.id);
    expect(all).toEqual([second, first]);
    expect((await vas.listTasksDetails({ path: { service_name: SERVICE }, query: { name_like: 'fir' } })).tasks.map((t) => t.id)).toEqual([first]);

    clock.advance(200);
    const shown = await vas.showTask({ path: { service_name: SERVICE, task_id: first! } });
    expect(shown).toMatchObject({ id: first, state: 'RUNNING', service_name: SERVICE, service_version: '1.0' });
    expect(Date.parse(shown.created_at)).toBe(clock() - 201);

    const updated = await vas.withResponse.updateTask({ path: { service_name: SERVICE, task_id: first! }, body: { description: 'moved' } });
    expect(updated).toMatchObject({ status: 200, data: { id: first, description: 'moved', state: 'RUNNING' } });

    const stopped = await vas.withResponse.stopTask({ path: { service_name: SERVICE, task_id: first! } });
    expect(stopped.status).toBe(202);
    expect(stopped.data).toBeUndefined();
    clock.advance(100);
    expect((await vas.showTask({ path: { service_name: SERVICE, task_id: first! } })).state).toBe('STOPPED');
    expect((await vas.withResponse.startTask({ path: { service_name: SERVICE, task_id: first! } })).status).toBe(202);
    expect((await vas.withResponse.deleteTask({ path: { service_name: SERVICE, task_id: first! } })).status).toBe(202);
    clock.advance(100);
    const gone = await rejection(vas.showTask({ path: { service_name: SERVICE, task_id: first! } }));
    expect(gone).toBeInstanceOf(VasApiError);
    expect(gone).toMatchObject({ status: 404, error_code: 'IVA.0005' });
    expect(logs).toEqual([]);
  });

  it('answers errors with the two VAS fields and IVA codes', async () => {
    const clock = manualClock();
    const { url } = await emulator({ generation: 'vas', clock, transitionMs: 100 });
    const vas = vasClient(url);
    const [id] = idsOf(await vas.createTasks({ path: { service_name: SERVICE }, body: job() }));
    // A job read under another service does not exist there.
    expect(await rejection(vas.showTask({ path: { service_name: 'other', task_id: id! } }))).toMatchObject({ status: 404, error_code: 'IVA.0005' });
    // Starting a job that is PENDING is forbidden.
    const forbidden = await rejection(vas.startTask({ path: { service_name: SERVICE, task_id: id! } }));
    expect(forbidden).toMatchObject({ status: 403, error_code: 'IVA.0009' });
    const invalid = await call(url, 'POST', `/v2/${PROJECT}/services/${SERVICE}/tasks`, { name: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ error_code: 'IVA.0004', error_msg: expect.stringMatching(/^The request param is invalid\. .*is required\.$/) });
    const notJson = await call(url, 'POST', `/v2/${PROJECT}/services/${SERVICE}/tasks`, '{"name":');
    expect(notJson.body.error_code).toBe('IVA.0003');
    const unauthorized = await call(url, 'GET', `/v2/${PROJECT}/services/${SERVICE}/tasks`, undefined, { 'X-Auth-Token': '' });
    expect(unauthorized).toMatchObject({ status: 401, body: { error_code: 'IVA.0001' } });
    expect(Object.keys(unauthorized.body)).toEqual(['error_code', 'error_msg']);
    expect(await call(url, 'GET', '/v2/nothing-here')).toMatchObject({ status: 404, body: { error_code: 'IVA.0005' } });
  });

  it('refuses a timing on a file (obs, or a url that is not rtmp:// or rtsp://), as TaskTiming says, at create and update', async () => {
    const { url } = await emulator({ generation: 'vas' });
    const vas = vasClient(url);
    const timing = { type: 'daily' as const, timezone: '+08:00', periods: [{ begin_at: '08:00:00', end_at: '20:00:00' }] };
    const refused = { status: 400, error_code: 'IVA.0004', error_msg: expect.stringMatching(/^The request param is invalid\. timing is for streams: .*\(this obs input is a file\)\.$/) };
    expect(await rejection(vas.createTasks({ path: { service_name: SERVICE }, body: { ...job(uniqueName(), 'obs'), timing } }))).toMatchObject(refused);
    const [stream] = idsOf(await vas.createTasks({ path: { service_name: SERVICE }, body: { ...job(), timing } }));
    const update = vas.updateTask({ path: { service_name: SERVICE, task_id: stream! }, body: { input: job(uniqueName(), 'obs').input } });
    expect(await rejection(update)).toMatchObject(refused);
    expect((await vas.listTasksDetails({ path: { service_name: SERVICE } })).count).toBe(1);
  });
});
