import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createViasClient, type ViasClientOptions } from '../src/index.js';
import { PROJECT_ID } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => void (server = await startFixtureServer()));
afterAll(() => server.close());

const valid: ViasClientOptions = { region: 'cn-north-4', projectId: PROJECT_ID, auth: { token: 't' } };
const create = (options: object) => () => createViasClient({ ...valid, ...options } as ViasClientOptions);

describe('createViasClient options', () => {
  it('builds the regional endpoint from region', async () => {
    const seen: string[] = [];
    const vias = createViasClient({
      ...valid,
      region: 'ap-southeast-3',
      fetch: async (input) => {
        seen.push(input);
        return Response.json({ id: 't1', state: 'RUNNING' });
      },
    });
    await vias.showTask({ path: { task_id: 't1' } });
    expect(seen).toEqual([`https://vias.ap-southeast-3.myhuaweicloud.com/v2/${PROJECT_ID}/tasks/t1`]);
  });

  it('endpoint overrides region', async () => {
    const vias = createViasClient({ ...valid, endpoint: server.url, timeoutMs: 600_000 }); // a backstop, never a busy machine's deadline
    await vias.showTask({ path: { task_id: 't1' } });
    // The request reached the fixture server, never https://vias.cn-north-4.…
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /v2/${PROJECT_ID}/tasks/t1`]);
  });

  it.each([
    [{ region: undefined }, /pass `region`.*or `endpoint`/],
    [{ region: 'Not a region' }, /`region` must be a region ID/],
    [{ endpoint: 'not a url' }, /`endpoint` must be an absolute URL/],
    [{ endpoint: 'ftp://example.com' }, /`endpoint` must be an http\(s\) URL/],
    [{ endpoint: 'https://u:p@example.com' }, /must not contain credentials/],
    [{ endpoint: 'https://example.com/?a=1' }, /must not have a query/],
    [{ projectId: '' }, /`projectId` must not be empty/],
    [{ projectId: '..' }, /`projectId`/],
    [{ projectId: undefined }, /`projectId`/],
    [{ auth: undefined }, /`auth` must be/],
    [{ auth: null }, /`auth` must be an object/],
    [{ auth: 'MIIT-token' }, /`auth` must be an object/],
    [{ auth: 42 }, /`auth` must be an object/],
    [{ auth: { token: '' } }, /`auth.token` must be a non-empty string/],
    [{ auth: { accessKey: 'a' } }, /`auth` must be/],
    [{ auth: { token: 't', accessKey: 'a', secretKey: 's' } }, /not both/],
    [{ timeoutMs: 0 }, /`timeoutMs` must be a number of milliseconds/],
    [{ timeoutMs: Number.NaN }, /`timeoutMs`/],
    [{ retry: { retries: -1 } }, /`retry.retries`/],
    [{ retry: { retries: 1.5 } }, /`retry.retries`/],
    [{ retry: { minDelayMs: 100, maxDelayMs: 10 } }, /minDelayMs <= maxDelayMs/],
    [{ headers: { 'X-A': 1 } }, /`headers\["X-A"\]` must be a string/],
    [{ fetch: 'nope' }, /`fetch` must be a function/],
  ])('rejects %o', (options, message) => {
    expect(create(options)).toThrow(TypeError);
    expect(create(options)).toThrow(message);
    expect(create(options)).toThrow(/^createViasClient: /);
  });

  it('rejects a missing options object', () => {
    expect(() => createViasClient(undefined as never)).toThrow(/createViasClient: /);
  });
});
