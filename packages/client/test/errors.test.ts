import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ViasApiError, ViasError } from '../src/index.js';
import { caught, clientFor, PROJECT_ID } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => void (server = await startFixtureServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const errorBody = {
  error_code: 'VIAS.00010007',
  error_msg: 'Task not found',
  detail: 'no task with this id',
  params: ['task_id'],
  reason: 'wrong id',
  advice: 'check the task id',
};

describe('every non-2xx response throws ViasApiError', () => {
  // The statuses the spec documents; no retries so 503 is answered once.
  it.each([400, 401, 403, 404, 500, 503])('HTTP %i', async (status) => {
    server.reply({ status, headers: { 'X-Request-Id': `req-${status}` }, body: errorBody });
    const error = await caught(() =>
      clientFor(server, { retry: false }).showServiceTask({ path: { service_name: 'svc', task_id: 't1' } }),
    );
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error).toBeInstanceOf(ViasError);
    expect(error).toMatchObject({
      name: 'ViasApiError',
      status,
      ...errorBody,
      requestId: `req-${status}`,
      method: 'GET',
      path: `/v2/${PROJECT_ID}/services/svc/tasks/t1`,
      body: errorBody,
    });
    expect(error.message).toBe(
      `VIAS GET /v2/${PROJECT_ID}/services/svc/tasks/t1 failed with HTTP ${status}: VIAS.00010007 Task not found — no task with this id [task_id] (request id req-${status})`,
    );
  });

  it('keeps only error_code and error_msg when that is all the body has', async () => {
    server.reply({ status: 401, body: { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information' } });
    const error = await caught(() => clientFor(server).showTask({ path: { task_id: 't1' } }));
    expect(error).toMatchObject({ status: 401, error_code: 'APIGW.0301', requestId: undefined, detail: undefined });
  });

  it('a non-JSON error body still gives a ViasApiError', async () => {
    server.reply({ status: 502, body: '<html>Bad Gateway</html>' });
    const error = await caught(() => clientFor(server, { retry: false }).showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error).toMatchObject({ status: 502, body: '<html>Bad Gateway</html>', error_code: undefined });
    expect(error.message).toBe(`VIAS GET /v2/${PROJECT_ID}/tasks/t1 failed with HTTP 502`);
  });

  it('an empty error body still gives a ViasApiError', async () => {
    server.reply({ status: 404 });
    const error = await caught(() => clientFor(server).showTask({ path: { task_id: 't1' } }));
    expect(error).toMatchObject({ name: 'ViasApiError', status: 404, body: '' });
  });

  it('the path drops the query string', async () => {
    server.reply({ status: 400, body: errorBody });
    const error = await caught(() => clientFor(server).listTasks({ query: { page: 2 } }));
    expect(server.requests[0]?.url).toBe(`/v2/${PROJECT_ID}/tasks?page=2`);
    expect(error.path).toBe(`/v2/${PROJECT_ID}/tasks`);
  });

  it('`code` is the catalogue code, typed; an unknown error_code leaves it undefined', async () => {
    server.reply({ status: 400, body: errorBody }, { status: 400, body: { ...errorBody, error_code: 'VIAS.99999999' } });
    const vias = clientFor(server);
    const known = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(known.code).toBe('VIAS.00010007');
    const unknown = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(unknown).toMatchObject({ error_code: 'VIAS.99999999', code: undefined });
  });
});
