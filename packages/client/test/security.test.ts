import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViasError, ViasNetworkError, ViasResponseError, type ViasClientOptions } from '../src/index.js';
import { caught, clientFor, PROJECT_ID, scriptedClient, task, TOKEN } from './helpers/client.js';
import { startFixtureServer } from './helpers/fixture-server.js';
import { timeoutOnceHeadersArrive } from './helpers/real-timeout.js';

// Issue 10: each block is one row of the fault table, run against an in-process transport.

afterEach(() => void vi.useRealTimers());

const SECRET_KEY = 'sk-super-secret-value-0123456789abcdef';
const SECURITY_TOKEN = 'sts-security-token-secret-abcdef';
const aksk: ViasClientOptions['auth'] = { accessKey: 'AKEXAMPLE', secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN };

/** Every way an error ends up in a log. */
const renderings = (error: unknown) => {
  const e = error as Error;
  return [e.message, String(e.stack), String(e), JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })];
};

describe('row 2: path parameters never leave their segment', () => {
  it.each([['..'], ['.'], [''], [undefined]])('task_id %j is refused with a TypeError before anything is sent', async (value) => {
    const { vias, script } = scriptedClient();
    const error = await caught(() => vias.showTask({ path: { task_id: value as string } }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('task_id');
    expect(script.sent).toHaveLength(0);
  });

  it("service_name '..' cannot turn showServiceTask into GET /tasks/{id}, nor createServiceTask into POST /tasks", async () => {
    const { vias, script } = scriptedClient();
    expect(await caught(() => vias.showServiceTask({ path: { service_name: '..', task_id: 't1' } }))).toBeInstanceOf(TypeError);
    expect(await caught(() => vias.createServiceTask({ path: { service_name: '..' }, body: {} as never }))).toBeInstanceOf(TypeError);
    expect(script.sent).toHaveLength(0);
  });

  it("projectId '..' or '.' is refused when the client is created", () => {
    for (const projectId of ['..', '.', '']) expect(() => scriptedClient({ projectId })).toThrow(TypeError);
  });

  it('anything else is percent-encoded inside its own segment', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: task('RUNNING') }, { body: task('RUNNING') });
    await vias.showTask({ path: { task_id: '../../x?y#z%2e%2e' } });
    await vias.showTask({ path: { task_id: '...' } });
    expect(script.sent.map((s) => new URL(s.url).pathname)).toEqual([
      `/v2/${PROJECT_ID}/tasks/..%2F..%2Fx%3Fy%23z%252e%252e`,
      `/v2/${PROJECT_ID}/tasks/...`,
    ]);
  });
});

describe('row 3: middleware never sees a credential', () => {
  it.each([
    ['token', { token: TOKEN }],
    ['AK/SK', aksk],
  ] as const)('%s: onRequest and onResponse see the request as the caller built it; the attempt carries the credentials', async (_, auth) => {
    const { vias, script } = scriptedClient({ auth });
    script.answer({ body: task('RUNNING') });
    const seen: Headers[] = [];
    vias.raw.use({
      onRequest: ({ request }) => void seen.push(new Headers(request.headers)),
      onResponse: ({ request }) => void seen.push(new Headers(request.headers)),
    });
    await vias.showTask({ path: { task_id: 't1' } });
    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      for (const name of ['X-Auth-Token', 'Authorization', 'X-Security-Token', 'X-Sdk-Date']) expect(headers.has(name)).toBe(false);
    }
    const sent = script.sent[0]!.headers;
    expect('token' in auth ? sent['x-auth-token'] : sent.authorization).toBeTruthy();
  });
});

describe('row 3: middleware given per call, or after an eject, sees no credential either', () => {
  it('raw.GET(…, { middleware }) and use(a) + eject(b never added)', async () => {
    const { vias, script } = scriptedClient();
    const seen: Headers[] = [];
    const spy = {
      onRequest: ({ request }: { request: Request }) => void seen.push(new Headers(request.headers)),
      onResponse: ({ request }: { request: Request }) => void seen.push(new Headers(request.headers)),
    };
    await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't1' } }, middleware: [spy] });
    vias.raw.use(spy);
    vias.raw.eject({ onRequest: () => undefined });
    await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't1' } } });
    expect(seen).toHaveLength(4);
    for (const headers of seen) expect(headers.has('X-Auth-Token')).toBe(false);
    expect(script.sent.every((s) => s.headers['x-auth-token'] === TOKEN)).toBe(true);
  });
});

describe('row 4: a credential that cannot be a header value', () => {
  it.each(['tok\nen', 'tok\0en', 'tok en', 'tök'])('token %j is refused without quoting it', (token) => {
    const error = (() => {
      try {
        scriptedClient({ auth: { token } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error!.message).not.toContain(token);
  });

  it('a header option with a line break is refused by name', () => {
    expect(() => scriptedClient({ headers: { 'X-Trace': 'a\r\nX-Evil: 1' } })).toThrow(/headers\["X-Trace"\]/);
  });

  it('credentials go in `auth`: credential headers in `headers` are refused (they would escape redaction)', async () => {
    for (const name of ['X-Auth-Token', 'authorization', 'X-Security-Token', 'X-Sdk-Date', 'Host', 'Cookie', 'Proxy-Authorization']) {
      expect(() => scriptedClient({ headers: { [name]: 'x' } })).toThrow(new RegExp(`headers\\["${name}"\\]. is set by the client`));
    }
    const { vias, script } = scriptedClient();
    expect(await caught(() => vias.showTask({ path: { task_id: 't1' }, headers: { 'X-Auth-Token': 'other' } }))).toBeInstanceOf(TypeError);
    expect(script.sent).toHaveLength(0);
  });
});

describe('row 5: secrets a server echoes never reach an error', () => {
  it('token: a 401 whose body and X-Request-Id echo it', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer({
      status: 401,
      headers: { 'X-Request-Id': `id-${TOKEN}` },
      body: { error_code: 'VIAS.00010005', error_msg: `bad token ${TOKEN}`, detail: TOKEN, params: [TOKEN], reason: 'r', advice: 'a' },
    });
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error.status).toBe(401);
    expect(error.error_code).toBe('VIAS.00010005');
    for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
    expect(error.detail).toBe('[REDACTED]');
  });

  it('AK/SK: a 401 that echoes the signature, the STS token and the secret key', async () => {
    let signature = '';
    const fetch = async (_: string, init: RequestInit) => {
      const authorization = new Headers(init.headers).get('Authorization')!;
      signature = authorization.split('Signature=')[1]!;
      const echo = `echo ${authorization} ${signature} ${SECURITY_TOKEN} ${SECRET_KEY}`;
      return Response.json({ error_code: 'VIAS.00010005', error_msg: echo, detail: echo, params: [signature], reason: '', advice: '' }, { status: 401, headers: { 'X-Request-Id': signature } });
    };
    const error = await caught(() => scriptedClient({ auth: aksk, retry: false, fetch }).vias.showTask({ path: { task_id: 't1' } }));
    expect(error.status).toBe(401);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    for (const text of renderings(error)) {
      for (const secret of [signature, SECURITY_TOKEN, SECRET_KEY]) expect(text).not.toContain(secret);
    }
  });
});

describe('row 6: a 2xx that is not JSON, or breaks off, is a ViasError', () => {
  it.each([
    ['an HTML page', '<html><body>Gateway</body></html>'],
    ['invalid JSON that echoes the token', `{"token": "${TOKEN}"`],
  ])('%s → ViasResponseError with status and request id, no body text', async (_, body) => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer({ status: 200, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-1' }, body });
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(error).toMatchObject({ status: 200, requestId: 'req-1', method: 'GET', path: `/v2/${PROJECT_ID}/tasks/t1` });
    for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
  });

  it('a GET whose body breaks off is retried as a network error', async () => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      if (calls === 1) {
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":'));
            controller.error(new TypeError('terminated'));
          },
        });
        return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      return Response.json(task('RUNNING'));
    };
    const { vias } = scriptedClient({ fetch, retry: { minDelayMs: 0, maxDelayMs: 0 } });
    await expect(vias.showTask({ path: { task_id: 't1' } })).resolves.toMatchObject({ state: 'RUNNING' });
    expect(calls).toBe(2);
  });

  it('a real socket reset half-way through the body: the GET is retried, then a ViasNetworkError with the status', async () => {
    const server = await startFixtureServer();
    try {
      server.reply('cut', { body: task('RUNNING') });
      await expect(clientFor(server).showTask({ path: { task_id: 't1' } })).resolves.toMatchObject({ state: 'RUNNING' });
      expect(server.requests).toHaveLength(2);
      server.reply('cut');
      const error = await caught(() => clientFor(server, { retry: false }).showTask({ path: { task_id: 't1' } }));
      expect(error).toBeInstanceOf(ViasNetworkError);
      expect(error.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('...and after the last attempt it is a ViasNetworkError', async () => {
    const fetch = async () =>
      new Response(new ReadableStream({ start: (c) => c.error(new TypeError('terminated')) }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    const error = await caught(() => scriptedClient({ fetch, retry: false }).vias.showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasNetworkError);
    expect(error.status).toBe(200);
  });
});

describe('row 7: a 2xx without the documented body is a ViasError', () => {
  it.each([
    ['an empty body', { status: 200 }],
    ['a JSON array', { status: 200, body: [task('RUNNING')] }],
    ['a JSON string', { status: 200, body: '"RUNNING"', headers: { 'Content-Type': 'application/json' } }],
  ])('showTask with %s → ViasResponseError', async (_, step) => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer(step);
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(error).toBeInstanceOf(ViasError);
    expect(error.status).toBe(200);
  });

  it('waitForTask stops at once with that error instead of polling to its timeout', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer({ status: 200, body: [task('RUNNING')] });
    expect(await caught(() => vias.waitForTask('t1', { intervalMs: 1, timeoutMs: 60_000 }))).toBeInstanceOf(ViasResponseError);
    expect(script.sent).toHaveLength(1);
  });
});

describe('row 10: Retry-After values that are neither seconds nor an HTTP date, and absurd delays', () => {
  it.each(['-1', '1.5', '5, 6', 'soon'])('Retry-After %j falls back to the backoff, not to "at once"', async (value) => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { vias, script } = scriptedClient({ retry: { retries: 1, minDelayMs: 1_000, maxDelayMs: 10_000 } });
    script.answer({ status: 503, headers: { 'Retry-After': value }, body: {} }, { body: task('RUNNING') });
    const done = vias.showTask({ path: { task_id: 't1' } });
    await vi.advanceTimersByTimeAsync(499);
    expect(script.sent).toHaveLength(1); // backoff: 0.5 × 1 000 ms
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ state: 'RUNNING' });
    expect(script.sent).toHaveLength(2);
    vi.restoreAllMocks();
  });

  it.each([{ maxDelayMs: Infinity }, { maxDelayMs: 2 ** 31 }, { retries: 1.5 }, { retries: 1_000 }, { minDelayMs: NaN }])('retry %j is refused', (retry) => {
    expect(() => scriptedClient({ retry })).toThrow(TypeError);
  });

  it.each([Infinity, 2 ** 31, 0])('timeoutMs %d is refused', (timeoutMs) => {
    expect(() => scriptedClient({ timeoutMs })).toThrow(TypeError);
  });
});

describe('timeouts hold for any fetch, and say what had arrived', () => {
  it('a custom fetch that ignores its signal still times out at timeoutMs', async () => {
    vi.useFakeTimers();
    const fetch = () => new Promise<Response>(() => {}); // never settles, ignores the signal
    const { vias } = scriptedClient({ fetch, timeoutMs: 100, retry: false });
    const done = vias.showTask({ path: { task_id: 't1' } }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect((await done).name).toBe('ViasTimeoutError');
  });

  it('a body that stalls after the headers times out with the status', async () => {
    // The stall is held open until the client's timer has fired, and the timer fires only once
    // the headers are in (helpers/real-timeout.ts): the order of events is asserted, no deadline raced.
    const server = await startFixtureServer();
    try {
      server.reply('stall');
      let stalled = false;
      const show = () => clientFor(server, { timeoutMs: 200, retry: false }).showTask({ path: { task_id: 't1' } });
      const { error, events } = await timeoutOnceHeadersArrive(200, show, () => (stalled = server.requests[0]?.closed === false));
      expect(events).toEqual(['the client has the headers', "the client's timer fires", 'the call failed']);
      expect(stalled, 'the stalled answer was still open when the timer fired').toBe(true);
      expect(error.name).toBe('ViasTimeoutError');
      expect(error.message).toMatch(/timed out after 200 ms$/);
      expect(error.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
