import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ViasApiError } from '../src/index.js';
import { caught, clientFor, PROJECT_ID } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

// VIAS never redirects. Following a redirect to another origin would hand it X-Auth-Token
// (or X-Security-Token), so a 3xx must come back as an error and nothing reach the other host.
let a: FixtureServer;
let b: FixtureServer;
beforeAll(async () => void ([a, b] = await Promise.all([startFixtureServer(), startFixtureServer()])));
afterAll(() => Promise.all([a.close(), b.close()]));
beforeEach(() => {
  a.reset();
  b.reset();
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('a cross-origin %i is a ViasApiError and never followed', async (status) => {
    a.reply({ status, headers: { Location: `${b.url}/v2/${PROJECT_ID}/tasks/t1` } });
    const error = await caught(() => clientFor(a).showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error.status).toBe(status);
    expect(a.requests).toHaveLength(1); // 3xx is not retried either
    expect(b.requests).toEqual([]);
  });

  it('is not followed with AK/SK auth either (X-Security-Token stays home)', async () => {
    a.reply({ status: 302, headers: { Location: `${b.url}/elsewhere` } });
    const auth = { accessKey: 'AK', secretKey: 'SK', securityToken: 'STS' };
    const error = await caught(() => clientFor(a, { auth }).showTask({ path: { task_id: 't1' } }));
    expect(error).toMatchObject({ name: 'ViasApiError', status: 302 });
    expect(a.requests[0]?.headers['x-security-token']).toBe('STS');
    expect(b.requests).toEqual([]);
  });

  it('the raw openapi-fetch verbs do not follow it either: the 3xx is the answer', async () => {
    a.reply({ status: 307, headers: { Location: `${b.url}/v2/${PROJECT_ID}/tasks/t1` } });
    const { response } = await clientFor(a).raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't1' } } });
    expect(response.status).toBe(307);
    expect(b.requests).toEqual([]);
  });
});
