import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_HEADERS, ViasApiError, ViasNetworkError, ViasTimeoutError, type ViasHooks } from '../src/index.js';
import { caught, createBody, PROJECT_ID, scriptedClient, task, TOKEN } from './helpers/client.js';
import { settle } from './helpers/clock.js';
import { scriptedFetch } from './helpers/scripted-fetch.js';

// Hooks observe calls: each attempt's request and response, the retries, the call's failure,
// in order, with the operation, method, path, attempt, status, duration, request id and
// allowlisted headers. Driven by a scripted transport (fake timers where retries wait).

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A scripted transport whose every request takes `stepMs` of a stubbed `performance.now()`: durations are known exactly. */
function timedScript(stepMs: number) {
  const script = scriptedFetch();
  let now = 1_000;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  const fetch = async (input: string, init: RequestInit) => {
    now += stepMs;
    return script.fetch(input, init);
  };
  return { script, fetch };
}

/** Hooks that record every event as [type, event]. */
function recorder() {
  const events: [string, any][] = [];
  const hooks: ViasHooks = {
    onRequest: (e) => void events.push(['request', e]),
    onResponse: (e) => void events.push(['response', e]),
    onRetry: (e) => void events.push(['retry', e]),
    onError: (e) => void events.push(['error', e]),
  };
  const summary = () => events.map(([type, e]) => `${type} ${e.attempt}${e.status === undefined ? '' : ` ${e.status}`}`);
  return { events, hooks, summary };
}

const path = `/v2/${PROJECT_ID}/tasks/t1`;

describe('hooks: events of a call', () => {
  it('a successful call: request then response, with what a log line needs', async () => {
    const { events, hooks, summary } = recorder();
    const { script, fetch } = timedScript(250);
    const { vias } = scriptedClient({ hooks, fetch });
    script.answer({ status: 200, headers: { 'X-Request-Id': 'req-1', 'X-Internal-Secret': 'topsecret' }, body: task('RUNNING') });
    await vias.showTask({ path: { task_id: 't1' }, headers: { 'X-Language': 'en-us', 'X-Custom': 'custom value' } });
    expect(summary()).toEqual(['request 1', 'response 1 200']);
    const [[, request], [, response]] = events as [[string, any], [string, any]];
    expect(request).toEqual({
      callId: expect.any(String),
      service: 'VIAS',
      operationId: 'showTask',
      method: 'GET',
      path,
      attempt: 1,
      headers: { 'x-auth-token': '[REDACTED]', 'x-language': 'en-us', 'x-custom': '[REDACTED]' },
    });
    expect(response).toMatchObject({ callId: request.callId, operationId: 'showTask', method: 'GET', path, attempt: 1, status: 200, requestId: 'req-1' });
    expect(response.durationMs).toBe(250); // the attempt's time, from the transport's clock
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'req-1', 'x-internal-secret': '[REDACTED]' });
  });

  it('retries: every attempt has its request and response, a retry event with the delay between them', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { events, hooks, summary } = recorder();
    const { vias, script } = scriptedClient({ hooks, retry: { minDelayMs: 100 } });
    script.answer({ status: 503, body: {} }, { throw: new TypeError('fetch failed') }, { body: task('RUNNING') });
    await settle(vias.showTask({ path: { task_id: 't1' } }));
    expect(summary()).toEqual(['request 1', 'response 1 503', 'retry 1 503', 'request 2', 'retry 2', 'request 3', 'response 3 200']);
    const retries = events.filter(([type]) => type === 'retry').map(([, e]) => e);
    expect(retries.map((e) => e.delayMs)).toEqual([50, 100]);
    expect(retries[1].error).toBeInstanceOf(ViasNetworkError);
    expect(new Set(events.map(([, e]) => e.callId)).size).toBe(1);
    vi.restoreAllMocks();
  });

  it('a failed call ends with one error event carrying what it throws, its status and request id', async () => {
    const { events, hooks, summary } = recorder();
    const { script, fetch } = timedScript(250);
    const { vias } = scriptedClient({ hooks, retry: { retries: 1, minDelayMs: 0, maxDelayMs: 0 }, fetch });
    script.answer({ status: 503, body: {} }, { status: 404, headers: { 'X-Request-Id': `echo-${TOKEN}` }, body: { error_code: 'VIAS.00010007', error_msg: 'No task.' } });
    const thrown = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(summary()).toEqual(['request 1', 'response 1 503', 'retry 1 503', 'request 2', 'response 2 404', 'error 2 404']);
    const [, error] = events.at(-1)!;
    expect(error.error).toBe(thrown);
    expect(error.error).toBeInstanceOf(ViasApiError);
    expect(error.requestId).toBe('echo-[REDACTED]');
    expect(events[4]![1].requestId).toBe('echo-[REDACTED]');
    expect(events[4]![1].durationMs).toBe(250); // the last attempt's
    expect(error.durationMs).toBe(500); // the whole call's: both attempts
  });

  it('a timeout: request, then the error event (no response)', async () => {
    const { events, hooks, summary } = recorder();
    const { vias, script } = scriptedClient({ hooks, retry: false, timeoutMs: 20 });
    script.answer('hang');
    await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(summary()).toEqual(['request 1', 'error 1']);
    expect(events[1]![1].error).toBeInstanceOf(ViasTimeoutError);
  });

  it("per-call hooks run after the client's, for that call only", async () => {
    const order: string[] = [];
    const { vias } = scriptedClient({ hooks: { onResponse: () => void order.push('client') } });
    await vias.showTask({ path: { task_id: 't1' }, hooks: { onResponse: () => void order.push('call') } });
    await vias.showTask({ path: { task_id: 't1' } });
    expect(order).toEqual(['client', 'call', 'client']);
  });

  it('AK/SK: the signature headers are hidden, the date shown', async () => {
    const { events, hooks } = recorder();
    const { vias } = scriptedClient({ hooks, auth: { accessKey: 'AKEXAMPLE', secretKey: 'sk-secret-0123456789abcdef', securityToken: 'sts-token-0123456789' } });
    await vias.createServiceTask({ path: { service_name: 'video-analyze' }, body: createBody });
    const headers = events[0]![1].headers;
    expect(headers).toMatchObject({ authorization: '[REDACTED]', 'x-security-token': '[REDACTED]', 'content-type': 'application/json' });
    expect(headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(JSON.stringify(events)).not.toMatch(/sk-secret|sts-token-0123|Signature=[0-9a-f]/);
  });

  it('raw calls emit events too, with the operation of a documented path; a non-2xx is no error event (raw does not throw)', async () => {
    const { hooks, summary, events } = recorder();
    const { vias, script } = scriptedClient({ hooks, retry: false });
    script.answer({ status: 400, body: { error_code: 'VIAS.00010001', error_msg: 'bad' } });
    await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't1' } } });
    expect(summary()).toEqual(['request 1', 'response 1 400']);
    expect(events[0]![1].operationId).toBe('showTask');
  });

  it('eventHeaders shows more headers; credential headers can never be allowed', async () => {
    const { events, hooks } = recorder();
    const { vias } = scriptedClient({ hooks, eventHeaders: ['X-Custom'] });
    await vias.showTask({ path: { task_id: 't1' }, headers: { 'X-Custom': 'shown' } });
    expect(events[0]![1].headers['x-custom']).toBe('shown');
    expect(EVENT_HEADERS).toContain('x-request-id');
    for (const name of ['X-Auth-Token', 'authorization', 'X-Security-Token', 'X-Subject-Token', 'Cookie', 'Set-Cookie', 'Proxy-Authorization']) {
      expect(() => scriptedClient({ eventHeaders: [name] })).toThrow(/`eventHeaders` may not show/);
    }
  });

  it('eventHeaders may name a header the client sets that carries no credential (X-Sdk-Date, shown by default; Host)', async () => {
    const { events, hooks } = recorder();
    const { vias } = scriptedClient({ hooks, eventHeaders: ['X-Sdk-Date', 'Host'], auth: { accessKey: 'AKEVENTHEADERS', secretKey: 'sk-event-headers-0123456789' } });
    await vias.showTask({ path: { task_id: 't1' } });
    expect(events[0]![1].headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(events[0]![1].headers.authorization).toBe('[REDACTED]');
  });

  it('a hook that throws rejects the call with its error; a hooks object with an unknown hook is refused', async () => {
    const down = new Error('logger down');
    const { vias, script } = scriptedClient({
      hooks: {
        onRequest: () => {
          throw down;
        },
      },
    });
    await expect(vias.showTask({ path: { task_id: 't1' } })).rejects.toBe(down);
    expect(script.sent).toHaveLength(0);
    const late = scriptedClient({ hooks: { onResponse: () => void (() => { throw down; })() } });
    await expect(late.vias.showTask({ path: { task_id: 't1' } })).rejects.toBe(down);
    expect(() => scriptedClient({ hooks: { onRespone: () => {} } as never })).toThrow(/unknown hook "onRespone"/);
    await expect(vias.showTask({ path: { task_id: 't1' }, hooks: { onResponse: 'x' } as never })).rejects.toThrow(TypeError);
  });
});
