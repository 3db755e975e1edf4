import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViasApiError, ViasNetworkError, ViasTimeoutError } from '../src/index.js';
import { caught, clientFor, createBody, scriptedClient, task } from './helpers/client.js';
import { settle } from './helpers/clock.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { timeoutOnceHeadersArrive } from './helpers/real-timeout.js';

// The retry policy, driven by a scripted fetch under fake timers: every wait is asserted to the
// millisecond and nothing sleeps. The last block keeps real sockets, where the socket is the point.

beforeEach(() => void vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const unavailable = { status: 503, body: { error_code: 'VIAS.00010006', error_msg: 'busy' } };
const show = (vias: ReturnType<typeof scriptedClient>['vias'], signal?: AbortSignal) => vias.showTask({ path: { task_id: 't1' }, signal });
const create = (vias: ReturnType<typeof scriptedClient>['vias']) => vias.createServiceTask({ path: { service_name: 'video-analyze' }, body: createBody });

describe('which answers are retried', () => {
  it('a GET after 503, 503: three attempts, the later success', async () => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 10 } });
    script.answer(unavailable, unavailable, { body: task('RUNNING') });
    expect((await settle(show(vias))).value).toMatchObject({ state: 'RUNNING' });
    expect(script.sent).toHaveLength(3);
  });

  it.each([429, 502, 504])('a GET after %i', async (status) => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 10 } });
    script.answer({ status, body: {} }, { body: task('RUNNING') });
    await settle(show(vias));
    expect(script.sent).toHaveLength(2);
  });

  it.each([400, 401, 404, 500])('never after %i', async (status) => {
    const { vias, script } = scriptedClient();
    script.answer({ status, body: {} });
    expect((await settle(show(vias))).error).toMatchObject({ status });
    expect(script.sent).toHaveLength(1);
  });

  it('gives up after 1 + retries attempts (default 3) with the last answer as a ViasApiError', async () => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 10 } });
    script.answer(unavailable, unavailable, unavailable, unavailable, unavailable);
    const { error } = await settle(show(vias));
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error.status).toBe(503);
    expect(script.sent).toHaveLength(4);
  });

  it('retry.retries and retry: false', async () => {
    const one = scriptedClient({ retry: { retries: 1, minDelayMs: 1 } });
    one.script.answer(unavailable, unavailable, unavailable);
    await settle(show(one.vias));
    expect(one.script.sent).toHaveLength(2);
    const none = scriptedClient({ retry: false });
    none.script.answer(unavailable, unavailable);
    await settle(show(none.vias));
    expect(none.script.sent).toHaveLength(1);
  });

  it('POST is never retried by default, after a 503 or a network error', async () => {
    const { vias, script } = scriptedClient();
    script.answer(unavailable, { throw: new TypeError('fetch failed') });
    expect((await settle(create(vias))).error).toMatchObject({ status: 503 });
    expect((await settle(create(vias))).error).toBeInstanceOf(ViasNetworkError);
    expect(script.sent).toHaveLength(2);
  });

  it('POST with retryPost is sent again with the same body', async () => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 1, retryPost: true } });
    script.answer(unavailable, { body: { tasks: [{ id: 'x' }] } });
    await settle(create(vias));
    expect(script.sent).toHaveLength(2);
    expect(script.sent[1]!.body).toBe(script.sent[0]!.body);
    expect(JSON.parse(script.sent[1]!.body!)).toMatchObject({ name: createBody.name });
  });

  it('a network error is retried, then thrown as ViasNetworkError with its cause', async () => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 1 } });
    const cause = new TypeError('fetch failed');
    script.answer({ throw: cause }, { throw: cause }, { throw: cause }, { throw: cause });
    const { error } = await settle(show(vias));
    expect(error).toBeInstanceOf(ViasNetworkError);
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' }); // a redacted copy
    expect(error.message).toMatch(/^VIAS GET \/v2\/\w+\/tasks\/t1 failed: network error \(fetch failed\)$/);
    expect(script.sent).toHaveLength(4);
  });
});

describe('how long it waits', () => {
  it('exponential backoff with full jitter: at half the jitter, 20, 40, 80 ms', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 40, maxDelayMs: 1_000 } });
    script.answer(unavailable, unavailable, unavailable, { body: task('RUNNING') });
    const at: number[] = [];
    const fetch = script.fetch;
    const timed = scriptedClient({ fetch: (input, init) => (at.push(Date.now()), fetch(input, init)), retry: { minDelayMs: 40, maxDelayMs: 1_000 } });
    await settle(show(timed.vias));
    expect(at.slice(1).map((t, i) => t - at[i]!)).toEqual([20, 40, 80]);
    expect(vias).toBeDefined();
  });

  it('jitter can shorten the wait to nothing', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 5_000, maxDelayMs: 10_000 } });
    script.answer(unavailable, unavailable, { body: task('RUNNING') });
    expect((await settle(show(vias))).elapsed).toBe(0);
  });

  it('Retry-After in seconds is honoured', async () => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 1, maxDelayMs: 5_000 } });
    script.answer({ ...unavailable, headers: { 'Retry-After': '2' } }, { body: task('RUNNING') });
    const done = show(vias);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(script.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ state: 'RUNNING' });
  });

  it('Retry-After as an HTTP date is honoured', async () => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 1, maxDelayMs: 120_000 } });
    const later = new Date(Date.now() + 60_000).toUTCString();
    script.answer({ status: 429, headers: { 'Retry-After': later }, body: {} }, { body: task('RUNNING') });
    const { value, elapsed } = await settle(show(vias));
    expect(value).toMatchObject({ state: 'RUNNING' });
    expect(elapsed).toBeGreaterThan(59_000); // the date has one-second precision
    expect(elapsed).toBeLessThanOrEqual(60_000);
  });

  it('a Retry-After longer than maxDelayMs is not retried early: the answer stands', async () => {
    const { vias, script } = scriptedClient({ retry: { minDelayMs: 1, maxDelayMs: 150 } });
    script.answer({ status: 429, headers: { 'Retry-After': '120' }, body: { error_code: 'APIGW.0308', error_msg: 'throttled' } }, { body: task('RUNNING') });
    const { error, elapsed } = await settle(show(vias));
    expect(error).toMatchObject({ status: 429 });
    expect(elapsed).toBe(0);
    expect(script.sent).toHaveLength(1);
  });
});

describe('timeouts and abort', () => {
  it('an attempt that never answers times out after timeoutMs, and a GET is tried again', async () => {
    const { vias, script } = scriptedClient({ timeoutMs: 50, retry: { minDelayMs: 0, maxDelayMs: 0 } });
    script.answer('hang', { body: task('RUNNING') });
    const { value, elapsed } = await settle(show(vias));
    expect(value).toMatchObject({ state: 'RUNNING' });
    expect(elapsed).toBe(50);
  });

  it('the last timeout is a ViasTimeoutError naming the call', async () => {
    const { vias, script } = scriptedClient({ timeoutMs: 50, retry: false });
    script.answer('hang');
    const { error, elapsed } = await settle(show(vias));
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50, method: 'GET' });
    expect(error.message).toMatch(/^VIAS GET \/v2\/\w+\/tasks\/t1 timed out after 50 ms$/);
    expect(elapsed).toBe(50);
  });

  it('the caller aborting rejects at once with its AbortError, without retrying', async () => {
    const { vias, script } = scriptedClient();
    script.answer('hang', { body: task('RUNNING') });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const { error, elapsed } = await settle(show(vias, controller.signal));
    expect(error).toBeInstanceOf(DOMException);
    expect(error.name).toBe('AbortError');
    expect(elapsed).toBe(30);
    expect(script.sent).toHaveLength(1);
  });

  it('aborting during a Retry-After wait stops at once', async () => {
    const { vias, script } = scriptedClient({ retry: { maxDelayMs: 10_000 } });
    script.answer({ ...unavailable, headers: { 'Retry-After': '10' } }, { body: task('RUNNING') });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, elapsed } = await settle(show(vias, controller.signal));
    expect(error.name).toBe('AbortError');
    expect(elapsed).toBe(100);
    expect(script.sent).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const { vias, script } = scriptedClient();
    const { error } = await settle(show(vias, AbortSignal.abort()));
    expect(error.name).toBe('AbortError');
    expect(script.sent).toHaveLength(0);
  });
});

describe('real sockets', () => {
  let server: FixtureServer;
  beforeEach(async () => {
    vi.useRealTimers();
    server = await startFixtureServer();
  });
  afterEach(() => server.close());

  it('a dropped connection is retried', async () => {
    server.reply('destroy', 'destroy', { body: task('RUNNING') });
    await expect(clientFor(server).showTask({ path: { task_id: 't1' } })).resolves.toMatchObject({ state: 'RUNNING' });
    expect(server.requests).toHaveLength(3);
  });

  it('a refused connection is a ViasNetworkError', async () => {
    const closed = clientFor(server, { endpoint: 'http://127.0.0.1:9', retry: false });
    expect(await caught(() => closed.showTask({ path: { task_id: 't1' } }))).toBeInstanceOf(ViasNetworkError);
  });

  it('the timeout also bounds reading the body: a stalled body times out', async () => {
    // The timer fires once the headers are in (helpers/real-timeout.ts), so it is the body it cuts.
    server.reply('stall');
    const show = () => clientFor(server, { timeoutMs: 200, retry: false }).showTask({ path: { task_id: 't1' } });
    const { error, events } = await timeoutOnceHeadersArrive(200, show);
    expect(events).toEqual(['the client has the headers', "the client's timer fires", 'the call failed']);
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.message).toMatch(/timed out after 200 ms$/);
  });
});
