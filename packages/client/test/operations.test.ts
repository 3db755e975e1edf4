import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createdTaskIds } from '../src/index.js';
import { clientFor, createBody, PROJECT_ID, task } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => void (server = await startFixtureServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());


describe('one method per operation, project_id filled in', () => {
  it('createServiceTask POSTs the JSON body and resolves to the 200 body', async () => {
    server.reply({ status: 200, body: { tasks: [{ id: 'a1' }] } });
    const created = await clientFor(server).createServiceTask({ path: { service_name: 'video-analyze' }, body: createBody });
    expect(created).toEqual({ tasks: [{ id: 'a1' }] });
    expect(createdTaskIds(created)).toEqual(['a1']);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/v2/${PROJECT_ID}/services/video-analyze/tasks`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual(createBody);
  });

  it('createServiceTask accepts the older 201 bare array', async () => {
    server.reply({ status: 201, body: [{ id: 'b1' }, { id: 'b2' }] });
    const created = await clientFor(server).createServiceTask({ path: { service_name: 'video-analyze' }, body: createBody });
    expect(createdTaskIds(created)).toEqual(['b1', 'b2']);
  });

  it('showServiceTask', async () => {
    server.reply({ body: task('RUNNING') });
    const detail = await clientFor(server).showServiceTask({ path: { service_name: 'c-queue', task_id: 't1' } });
    expect(detail.state).toBe('RUNNING');
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: `/v2/${PROJECT_ID}/services/c-queue/tasks/t1` });
  });

  it('showTask', async () => {
    server.reply({ body: task('PENDING') });
    const detail = await clientFor(server).showTask({ path: { task_id: 't2' } });
    expect(detail).toEqual(task('PENDING'));
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: `/v2/${PROJECT_ID}/tasks/t2` });
  });

  it('showInferTask', async () => {
    server.reply({ body: task('SUCCEEDED') });
    await clientFor(server).showInferTask({ path: { task_id: 't3' } });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: `/v1/${PROJECT_ID}/infer/tasks/t3` });
  });

  it('encodes path parameters', async () => {
    await clientFor(server).showTask({ path: { task_id: 'a/b c' } });
    expect(server.requests[0]?.url).toBe(`/v2/${PROJECT_ID}/tasks/a%2Fb%20c`);
  });

  it('the raw openapi-fetch verbs stay available, with project_id filled in', async () => {
    server.reply({ body: task('RUNNING') });
    const vias = clientFor(server);
    const { data, response } = await vias.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't4' } } });
    expect(data?.state).toBe('RUNNING');
    expect(response.status).toBe(200);
    expect(server.requests[0]?.url).toBe(`/v2/${PROJECT_ID}/tasks/t4`);
  });

  it('keeps an endpoint path prefix', async () => {
    const vias = clientFor(server, { endpoint: `${server.url}/proxy/vias/` });
    await vias.showTask({ path: { task_id: 't5' } });
    expect(server.requests[0]?.url).toBe(`/proxy/vias/v2/${PROJECT_ID}/tasks/t5`);
  });

  it('user middleware runs (use)', async () => {
    const vias = clientFor(server);
    vias.use({ onRequest: ({ request }) => void request.headers.set('X-Trace', 'abc') });
    await vias.showTask({ path: { task_id: 't6' } });
    expect(server.requests[0]?.headers['x-trace']).toBe('abc');
  });
});
