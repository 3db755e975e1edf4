import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ViasApiError, ViasTimeoutError } from '../src/index.js';
import { caught, clientFor, PROJECT_ID, task } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

// A server per test: a poll cut off at one test's deadline can still reach the server after the
// test ends, and on a shared server it would take the next test's scripted reply.
let server: FixtureServer;
beforeEach(async () => void (server = await startFixtureServer()));
afterEach(() => server.close());

describe('waitForTask', () => {
  it('polls showTask until a terminal state and returns the task', async () => {
    server.reply(...['PENDING', 'STARTING', 'RUNNING', 'SUCCEEDED'].map((state) => ({ body: task(state, 'job-1') })));
    const done = await clientFor(server).waitForTask('job-1', { intervalMs: 5 });
    expect(done).toMatchObject({ id: 'job-1', state: 'SUCCEEDED' });
    expect(server.requests.map((r) => r.url)).toEqual(Array(4).fill(`/v2/${PROJECT_ID}/tasks/job-1`));
  });

  it('stops at a failure state too', async () => {
    server.reply({ body: task('PENDING') }, { body: task('START_FAILED') });
    await expect(clientFor(server).waitForTask('job-2', { intervalMs: 5 })).resolves.toMatchObject({
      state: 'START_FAILED',
    });
  });

  it('stops at the states of `until`', async () => {
    server.reply({ body: task('PENDING') }, { body: task('STARTING') }, { body: task('RUNNING') });
    const running = await clientFor(server).waitForTask('job-3', { until: ['RUNNING'], intervalMs: 5 });
    expect(running.state).toBe('RUNNING');
    expect(server.requests).toHaveLength(3);
  });

  it('waits intervalMs between polls', async () => {
    server.reply({ body: task('PENDING') }, { body: task('SUCCEEDED') });
    await clientFor(server).waitForTask('job-4', { intervalMs: 80 });
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(75);
  });

  it('times out with a message naming the task, its last state and the wait', async () => {
    server.reply(...Array.from({ length: 50 }, () => ({ body: task('RUNNING') })));
    // Long enough for the first poll to answer on a loaded machine (the deadline also cuts a poll).
    const error = await caught(() => clientFor(server).waitForTask('job-5', { intervalMs: 50, timeoutMs: 1_000 }));
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.timeoutMs).toBe(1_000);
    expect(error.message).toContain('job-5');
    expect(error.message).toContain('RUNNING');
    expect(error.message).toContain('1000 ms');
  });

  it('its timeout bounds a poll that hangs, whatever the client timeoutMs', async () => {
    server.reply('hang');
    const started = performance.now();
    const error = await caught(() =>
      clientFor(server, { timeoutMs: 30_000 }).waitForTask('job-8', { intervalMs: 10, timeoutMs: 200 }),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.timeoutMs).toBe(200);
    expect(error.message).toContain('job-8');
    expect(error.message).toContain('200 ms');
    expect(error.message).toContain('no poll answered');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(10_000); // the hung poll alone would take 4 attempts × 30 s
  });

  it('a later poll that hangs times out naming the last state seen', async () => {
    server.reply({ body: task('RUNNING', 'job-9') }, 'hang');
    const started = performance.now();
    // Long enough for the first poll to answer on a loaded machine.
    const error = await caught(() =>
      clientFor(server, { timeoutMs: 30_000 }).waitForTask('job-9', { intervalMs: 10, timeoutMs: 2_000 }),
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.message).toContain('job-9 is still RUNNING after waiting 2000 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('the caller aborting a hung poll is still an AbortError', async () => {
    server.reply('hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await caught(() =>
      clientFor(server, { timeoutMs: 30_000 }).waitForTask('job-10', { timeoutMs: 60_000, signal: controller.signal }),
    );
    expect(error.name).toBe('AbortError');
  });

  it.each([
    [{ intervalMs: 0 }, /`intervalMs` must be a positive number/],
    [{ intervalMs: -5 }, /`intervalMs`/],
    [{ intervalMs: Number.NaN }, /`intervalMs`/],
    [{ intervalMs: Infinity }, /`intervalMs`/],
    [{ timeoutMs: Infinity }, /`timeoutMs` must be a positive number/],
    [{ timeoutMs: Number.NaN }, /`timeoutMs`/],
    [{ timeoutMs: 0 }, /`timeoutMs`/],
    [{ timeoutMs: '100' }, /`timeoutMs`/],
  ])('rejects %o with a TypeError before polling', async (options, message) => {
    const error = await caught(() => clientFor(server).waitForTask('job-11', options as object));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^waitForTask: /);
    expect(error.message).toMatch(message);
    expect(server.requests).toEqual([]);
  });

  it('passes API errors through', async () => {
    server.reply({ status: 404, body: { error_code: 'VIAS.404', error_msg: 'no such task' } });
    expect(await caught(() => clientFor(server).waitForTask('job-6'))).toBeInstanceOf(ViasApiError);
  });

  it('stops when the signal aborts', async () => {
    server.reply(...Array.from({ length: 50 }, () => ({ body: task('RUNNING') })));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await caught(() =>
      clientFor(server).waitForTask('job-7', { intervalMs: 1000, signal: controller.signal }),
    );
    expect(error.name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });
});
