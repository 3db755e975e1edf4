import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViasApiError, ViasNetworkError, ViasTimeoutError } from '../src/index.js';
import { caught, clientFor, task } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

// A server per test: an attempt cut off by a timeout or an abort can still reach the server after
// its test ends, and on a shared server it would take the next test's scripted reply.
let server: FixtureServer;
beforeEach(async () => void (server = await startFixtureServer()));
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const show = (vias: ReturnType<typeof clientFor>, options: { signal?: AbortSignal } = {}) =>
  vias.showTask({ path: { task_id: 't1' }, ...options });
const create = (vias: ReturnType<typeof clientFor>) =>
  vias.createServiceTask({
    path: { service_name: 'video-analyze' },
    body: { name: 'n', input: { type: 'video_source', data: [{ video_source_id: 'v' }] }, output: { event_center: true }, service_version: '1.0' },
  });
const gaps = () => server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);
const unavailable = { status: 503, body: { error_code: 'VIAS.503', error_msg: 'busy' } };

describe('retries', () => {
  it('retries GET on 503 and resolves with the later success', async () => {
    server.reply(unavailable, unavailable, { body: task('RUNNING') });
    await expect(show(clientFor(server))).resolves.toMatchObject({ state: 'RUNNING' });
    expect(server.requests).toHaveLength(3);
  });

  it.each([429, 502, 504])('retries GET on %i', async (status) => {
    server.reply({ status, body: {} }, { body: task('RUNNING') });
    await show(clientFor(server));
    expect(server.requests).toHaveLength(2);
  });

  it.each([400, 401, 404, 500])('does not retry %i', async (status) => {
    server.reply({ status, body: {} });
    expect(await caught(() => show(clientFor(server)))).toMatchObject({ status });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after 1 + retries attempts (default 3 retries) with the last error', async () => {
    server.reply(unavailable, unavailable, unavailable, unavailable, unavailable);
    const error = await caught(() => show(clientFor(server)));
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(4);
  });

  it('honours retry.retries and retry: false', async () => {
    server.reply(unavailable, unavailable, unavailable);
    await caught(() => show(clientFor(server, { retry: { retries: 1, minDelayMs: 1 } })));
    expect(server.requests).toHaveLength(2);
    server.reset();
    server.reply(unavailable, unavailable);
    await caught(() => show(clientFor(server, { retry: false })));
    expect(server.requests).toHaveLength(1);
  });

  it('backs off exponentially (full jitter, here at its top)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    server.reply(unavailable, unavailable, unavailable, { body: task('RUNNING') });
    await show(clientFor(server, { retry: { minDelayMs: 40, maxDelayMs: 1000 } }));
    const [first, second, third] = gaps() as [number, number, number];
    expect(first).toBeGreaterThanOrEqual(35);
    expect(second).toBeGreaterThanOrEqual(75);
    expect(third).toBeGreaterThanOrEqual(155);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
  });

  it('jitter can shorten the wait to nothing', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    server.reply(unavailable, unavailable, { body: task('RUNNING') });
    await show(clientFor(server, { retry: { minDelayMs: 5000, maxDelayMs: 10_000 } }));
    // Without jitter the waits would be 5 s and 10 s; bounds are loose so a loaded machine passes.
    expect(Math.max(...gaps())).toBeLessThan(2500);
  });

  it('honours Retry-After in seconds', async () => {
    server.reply({ ...unavailable, headers: { 'Retry-After': '1' } }, { body: task('RUNNING') });
    await show(clientFor(server, { retry: { minDelayMs: 1, maxDelayMs: 5000 } }));
    expect(gaps()[0]).toBeGreaterThanOrEqual(950);
  });

  it('honours Retry-After as an HTTP date, capped at maxDelayMs', async () => {
    const later = new Date(Date.now() + 60_000).toUTCString();
    server.reply({ status: 429, headers: { 'Retry-After': later }, body: {} }, { body: task('RUNNING') });
    await show(clientFor(server, { retry: { minDelayMs: 1, maxDelayMs: 150 } }));
    expect(gaps()[0]).toBeGreaterThanOrEqual(140);
    expect(gaps()[0]).toBeLessThan(30_000); // the uncapped wait would be 60 s
  });

  it('never retries POST by default', async () => {
    server.reply(unavailable, { status: 200, body: { tasks: [{ id: 'x' }] } });
    expect(await caught(() => create(clientFor(server)))).toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries POST with retryPost, sending the same body again', async () => {
    server.reply(unavailable, { status: 200, body: { tasks: [{ id: 'x' }] } });
    await create(clientFor(server, { retry: { minDelayMs: 1, retryPost: true } }));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    expect(JSON.parse(server.requests[1]!.body)).toMatchObject({ name: 'n' });
  });
});

describe('network errors', () => {
  it('retries GET when the connection drops', async () => {
    server.reply('destroy', 'destroy', { body: task('RUNNING') });
    await expect(show(clientFor(server))).resolves.toMatchObject({ state: 'RUNNING' });
    expect(server.requests).toHaveLength(3);
  });

  it('throws ViasNetworkError with the cause once retries run out', async () => {
    server.reply('destroy', 'destroy', 'destroy', 'destroy');
    const error = await caught(() => show(clientFor(server)));
    expect(error).toBeInstanceOf(ViasNetworkError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^VIAS GET \/v2\/\w+\/tasks\/t1 failed: network error/);
    expect(server.requests).toHaveLength(4);
  });

  it('does not retry POST on a network error by default', async () => {
    server.reply('destroy', { status: 200, body: { tasks: [{ id: 'x' }] } });
    expect(await caught(() => create(clientFor(server)))).toBeInstanceOf(ViasNetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a refused connection', async () => {
    const closed = clientFor(server, { endpoint: 'http://127.0.0.1:9', retry: false });
    expect(await caught(() => show(closed))).toBeInstanceOf(ViasNetworkError);
  });
});

describe('timeouts and abort', () => {
  it('times out an attempt that never answers', async () => {
    server.reply('hang');
    const started = performance.now();
    const error = await caught(() => show(clientFor(server, { timeoutMs: 50, retry: false })));
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50 });
    expect(error.message).toMatch(/^VIAS GET \/v2\/\w+\/tasks\/t1 timed out after 50 ms$/);
    expect(performance.now() - started).toBeLessThan(10_000); // the server never answers
  });

  it('the timeout also bounds reading the body: a stalled body times out', async () => {
    server.reply('stall');
    const error = await caught(() => show(clientFor(server, { timeoutMs: 50, retry: false })));
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.message).toMatch(/timed out after 50 ms$/);
  });

  it('the timeout is per attempt: a GET is tried again', async () => {
    server.reply('hang', { body: task('RUNNING') });
    await expect(show(clientFor(server, { timeoutMs: 50 }))).resolves.toMatchObject({ state: 'RUNNING' });
    expect(server.requests).toHaveLength(2);
  });

  it('the caller aborting rejects at once with the AbortError, without retrying', async () => {
    server.reply('hang', { body: task('RUNNING') });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await caught(() => show(clientFor(server), { signal: controller.signal }));
    expect(error).toBeInstanceOf(DOMException);
    expect(error.name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });

  it('aborting during a backoff wait stops at once', async () => {
    server.reply({ ...unavailable, headers: { 'Retry-After': '10' } }, { body: task('RUNNING') });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);
    const error = await caught(() =>
      show(clientFor(server, { retry: { maxDelayMs: 10_000 } }), { signal: controller.signal }),
    );
    expect(error.name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(8000); // Retry-After asked for 10 s
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const error = await caught(() => show(clientFor(server), { signal: AbortSignal.abort() }));
    expect(error.name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});
