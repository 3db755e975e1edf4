import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVasClient, ViasApiError, ViasResponseError } from '../src/index.js';
import { routes as vasRoutes } from '../src/generated/vas/operations.js';
import { routes as viasRoutes } from '../src/generated/vias/operations.js';
import { createBody, PROJECT_ID, scriptedClient, task, TOKEN } from './helpers/client.js';
import { settle } from './helpers/clock.js';
import { scriptedFetch } from './helpers/scripted-fetch.js';

afterEach(() => void vi.useRealTimers());

/** A body of the JSON type a route documents for its first 2xx, and that status. */
function success(route: { success: Record<string, string | null> }) {
  const [status, type] = Object.entries(route.success)[0]!;
  return { status: Number(status), body: type === 'array' ? [{ id: 'a1' }] : type === null ? undefined : { id: 'a1', tasks: [] } };
}
const pathParams = (path: string) => Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, n]) => [n, n === 'command' ? 'start' : `${n}-1`]).filter(([n]) => n !== 'project_id'));

describe('one method per operation of each generation, project_id filled in', () => {
  const generations = [
    ['VIAS', viasRoutes, () => scriptedClient()],
    [
      'VAS',
      vasRoutes,
      () => {
        const script = scriptedFetch();
        return { vias: createVasClient({ endpoint: 'https://iva.example.test', projectId: PROJECT_ID, auth: { token: TOKEN }, fetch: script.fetch }), script };
      },
    ],
  ] as const;
  for (const [name, routes, make] of generations) {
    it.each(Object.entries(routes))(`${name} %s sends its method and path`, async (id, route) => {
      const { vias, script } = make();
      const answer = success(route);
      script.answer(answer);
      const path = pathParams(route.path);
      const input = { path, ...(['POST', 'PUT'].includes(route.method) ? { body: {} } : {}) };
      const data = await (vias as unknown as Record<string, (i: object) => Promise<unknown>>)[id]!(input);
      expect(data).toEqual(answer.body);
      const sent = script.sent[0]!;
      expect(sent.method).toBe(route.method);
      const expected = route.path.replace('{project_id}', PROJECT_ID).replace(/\{(\w+)\}/g, (_: string, n: string) => (n === 'command' ? 'start' : `${n}-1`));
      expect(new URL(sent.url).pathname).toBe(expected);
    });
  }

  it('createServiceTask POSTs the JSON body and resolves to the 200 body', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ status: 200, body: { tasks: [{ id: 'a1' }] } });
    const created = await vias.createServiceTask({ path: { service_name: 'video-analyze' }, body: createBody });
    expect(created.tasks?.map((t) => t.id)).toEqual(['a1']);
    expect(script.sent[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(script.sent[0]!.body!)).toEqual(createBody);
  });

  it('VAS deleteTask resolves to undefined on its 202 without a body', async () => {
    const script = scriptedFetch();
    const vas = createVasClient({ endpoint: 'https://iva.example.test', projectId: PROJECT_ID, auth: { token: TOKEN }, fetch: script.fetch });
    script.answer({ status: 202 });
    await expect(vas.deleteTask({ path: { service_name: 's', task_id: 't' } })).resolves.toBeUndefined();
  });

  it('a 204 where a body is documented is a success without data', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ status: 204 });
    await expect(vias.deleteTask({ path: { task_id: 't1' } })).resolves.toBeUndefined();
  });

  it('a browser refusing a redirect (opaqueredirect, status 0) is a ViasResponseError that says so', async () => {
    const fetch = async () => Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' });
    const error = await scriptedClient({ fetch, retry: false }).vias.showTask({ path: { task_id: 't1' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(error.message).toMatch(/a redirect, which the client never follows/);
  });

  it('keeps an endpoint path prefix', async () => {
    const { vias, script } = scriptedClient({ endpoint: 'https://proxy.example.test/vias/' });
    script.answer({ body: task('RUNNING') });
    await vias.showTask({ path: { task_id: 't5' } });
    expect(script.sent[0]!.url).toBe(`https://proxy.example.test/vias/v2/${PROJECT_ID}/tasks/t5`);
  });
});

describe('withResponse', () => {
  it('answers data, status, headers and the request id', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ status: 200, headers: { 'X-Request-Id': 'req-7' }, body: task('RUNNING') });
    const { data, status, headers, requestId } = await vias.withResponse.showTask({ path: { task_id: 't1' } });
    expect(data.state).toBe('RUNNING');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json');
    expect(requestId).toBe('req-7');
  });
});

describe('raw: openapi-fetch with its own semantics and this client transport', () => {
  it('answers { data, response } with project_id and credentials filled in', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: task('RUNNING') });
    const { data, response } = await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't4' } } });
    expect(data?.state).toBe('RUNNING');
    expect(response.status).toBe(200);
    expect(script.sent[0]!.url).toBe(`https://vias.example.test/v2/${PROJECT_ID}/tasks/t4`);
    expect(script.sent[0]!.headers['x-auth-token']).toBe(TOKEN);
  });

  it('an HTTP error is { error, response }, not a throw; the error body is redacted', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer({ status: 400, body: { error_code: 'VIAS.00010007', error_msg: `no task ${TOKEN}` } });
    const { data, error, response } = await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't4' } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toEqual({ error_code: 'VIAS.00010007', error_msg: 'no task [REDACTED]' });
  });

  it('middleware (raw.use) applies to operation calls too, and can be ejected', async () => {
    const { vias, script } = scriptedClient();
    const trace = { onRequest: ({ request }: { request: Request }) => void request.headers.set('X-Trace', 'abc') };
    vias.raw.use(trace);
    await vias.showTask({ path: { task_id: 't6' } }).catch(() => {});
    vias.raw.eject(trace);
    await vias.showTask({ path: { task_id: 't6' } }).catch(() => {});
    expect(script.sent.map((s) => s.headers['x-trace'])).toEqual(['abc', undefined]);
  });

  it('raw.use refuses what is not middleware with a TypeError, and skips a falsy entry', () => {
    const { vias } = scriptedClient();
    for (const wrong of [{}, 'onRequest', () => {}]) {
      expect(() => vias.raw.use(wrong as never)).toThrow(/^raw\.use: middleware must be an object with `onRequest`, `onResponse` or `onError`$/);
    }
    expect(() => vias.raw.use(undefined as never)).not.toThrow();
  });
});

describe('paginate', () => {
  const page = (n: number, from = 0) => Array.from({ length: n }, (_, i) => task('RUNNING', `t${from + i}`));

  it.each([
    [25, 10, 3],
    [20, 10, 3], // VIAS gives no total: a full last page costs one more request
    [0, 10, 1],
  ])('VIAS page/page_size: %i tasks by %i → %i requests, every task once', async (total, size, requests) => {
    const { vias, script } = scriptedClient();
    for (let p = 0; p * size <= total; p++) {
      const items = page(Math.max(0, Math.min(size, total - p * size)), p * size);
      script.answer({ body: { count: items.length, page: p + 1, page_size: size, tasks: items } });
    }
    const ids: string[] = [];
    for await (const t of vias.paginate.listTasks({ query: { page_size: size, task_state: 'RUNNING' } })) ids.push(t.id);
    expect(ids).toEqual(page(total).map((t) => t.id));
    expect(script.sent).toHaveLength(requests);
    expect(script.sent.map((s) => new URL(s.url).searchParams.get('page'))).toEqual(Array.from({ length: requests }, (_, i) => String(i + 1)));
    expect(new URL(script.sent[0]!.url).searchParams.get('task_state')).toBe('RUNNING');
  });

  it.each([
    [25, 10, 3],
    [20, 10, 2], // VAS count is the total: exactly ⌈N / limit⌉
  ])('VAS offset/limit: %i tasks by %i → %i requests', async (total, size, requests) => {
    const script = scriptedFetch();
    const vas = createVasClient({ endpoint: 'https://iva.example.test', projectId: PROJECT_ID, auth: { token: TOKEN }, fetch: script.fetch });
    for (let offset = 0; offset < total; offset += size) script.answer({ body: { count: total, tasks: page(Math.min(size, total - offset), offset) } });
    const ids: string[] = [];
    for await (const t of vas.paginate.listTasksDetails({ path: { service_name: 'svc' }, query: { limit: size } })) ids.push(t.id!);
    expect(ids).toHaveLength(total);
    expect(script.sent).toHaveLength(requests);
    expect(script.sent.map((s) => new URL(s.url).searchParams.get('offset'))).toEqual(Array.from({ length: requests }, (_, i) => String(i * size)));
  });

  it('a list whose count is the total keeps going when the service serves smaller pages than asked', async () => {
    const { vias, script } = scriptedClient();
    const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `b${from + i}` }));
    script.answer({ body: { total: 250, count: 250, batch_task_list: batch(0, 100) } }, { body: { count: 250, batch_task_list: batch(100, 100) } }, { body: { count: 250, batch_task_list: batch(200, 50) } });
    const ids: string[] = [];
    for await (const b of vias.paginate.listBatchTasks({ query: { page_size: 200 } })) ids.push((b as { id: string }).id);
    expect(ids).toHaveLength(250);
    expect(script.sent.map((s) => new URL(s.url).searchParams.get('page_num'))).toEqual(['1', '2', '3']);
  });

  it('a service that answers the same page again is an error, not an endless loop', async () => {
    const { vias, script } = scriptedClient();
    const same = { body: { count: 2, page: 1, page_size: 2, tasks: [task('RUNNING', 'a'), task('RUNNING', 'b')] } };
    script.answer(same, same, same);
    const error = await (async () => {
      for await (const _ of vias.paginate.listTasks({ query: { page_size: 2 } })) void _;
    })().catch((e) => e);
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(error.message).toMatch(/the same page again for page=2/);
    expect(script.sent).toHaveLength(2);
  });

  it('defaults to the largest page the description allows', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: { count: 0, page: 1, page_size: 1000, tasks: [] } });
    for await (const _ of vias.paginate.listTasks()) void _;
    expect(new URL(script.sent[0]!.url).searchParams.get('page_size')).toBe('1000');
  });
});

describe('waitForTasks', () => {
  it('one pass over the list a round, until every task is terminal; stops paging once all are seen', async () => {
    vi.useFakeTimers();
    const { vias, script } = scriptedClient();
    const list = (states: Record<string, string>, more: boolean) => ({
      body: { count: 3, page: 1, page_size: 3, tasks: [...Object.entries(states).map(([id, s]) => task(s, id)), ...(more ? [task('RUNNING', 'other')] : [])].slice(0, 3) },
    });
    script.answer(list({ a: 'RUNNING', b: 'PENDING' }, true), list({ a: 'SUCCEEDED', b: 'FAILED' }, true));
    const { value, elapsed } = await settle(vias.waitForTasks(['a', 'b'], { intervalMs: 100, pageSize: 3 }));
    expect([...value!.entries()].map(([id, t]) => [id, t.state])).toEqual([
      ['a', 'SUCCEEDED'],
      ['b', 'FAILED'],
    ]);
    expect(script.sent).toHaveLength(2); // a page of 3 with both found: no second page requested
    expect(elapsed).toBe(100);
  });

  it('waiting on no task answers at once, with no request', async () => {
    const { vias, script } = scriptedClient();
    expect((await vias.waitForTasks([])).size).toBe(0);
    expect(script.sent).toHaveLength(0);
  });

  it('an API error stops the wait', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer({ status: 401, body: { error_code: 'VIAS.00010005', error_msg: 'Authorization failed.' } });
    const error = await vias.waitForTasks(['a']).catch((e) => e);
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error.code).toBe('VIAS.00010005');
  });
});
