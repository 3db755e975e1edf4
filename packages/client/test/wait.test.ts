import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ViasApiError, ViasTimeoutError } from '../src/index.js';
import { caught, clientFor, PROJECT_ID, task } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => void (server = await startFixtureServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

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
    const error = await caught(() => clientFor(server).waitForTask('job-5', { intervalMs: 10, timeoutMs: 60 }));
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.timeoutMs).toBe(60);
    expect(error.message).toContain('job-5');
    expect(error.message).toContain('RUNNING');
    expect(error.message).toContain('60 ms');
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
