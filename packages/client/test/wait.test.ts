import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViasApiError, ViasTimeoutError } from '../src/index.js';
import { PROJECT_ID, scriptedClient, task } from './helpers/client.js';
import { settle } from './helpers/clock.js';

// waitForTask under fake timers with a scripted fetch: every interval and deadline is exact.

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const answers = (...states: string[]) => states.map((state) => ({ body: task(state, 'job-1') }));

describe('waitForTask', () => {
  it('polls showTask until a terminal state, intervalMs apart, and returns the task', async () => {
    const { vias, script } = scriptedClient();
    script.answer(...answers('PENDING', 'STARTING', 'RUNNING', 'SUCCEEDED'));
    const { value, elapsed } = await settle(vias.waitForTask('job-1', { intervalMs: 80 }));
    expect(value).toMatchObject({ id: 'job-1', state: 'SUCCEEDED' });
    expect(elapsed).toBe(3 * 80);
    expect(script.sent.map((s) => new URL(s.url).pathname)).toEqual(Array(4).fill(`/v2/${PROJECT_ID}/tasks/job-1`));
  });

  it('stops at a failure state too', async () => {
    const { vias, script } = scriptedClient();
    script.answer(...answers('PENDING', 'START_FAILED'));
    expect((await settle(vias.waitForTask('job-1', { intervalMs: 5 }))).value).toMatchObject({ state: 'START_FAILED' });
  });

  it('stops at the states of `until`', async () => {
    const { vias, script } = scriptedClient();
    script.answer(...answers('PENDING', 'STARTING', 'RUNNING', 'SUCCEEDED'));
    expect((await settle(vias.waitForTask('job-1', { until: ['RUNNING'], intervalMs: 5 }))).value?.state).toBe('RUNNING');
    expect(script.sent).toHaveLength(3);
  });

  it('times out at timeoutMs, naming the task, its last state and the wait', async () => {
    const { vias, script } = scriptedClient();
    script.answer(...answers(...Array(50).fill('RUNNING')));
    const { error, elapsed } = await settle(vias.waitForTask('job-5', { intervalMs: 50, timeoutMs: 1_000 }));
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.timeoutMs).toBe(1_000);
    expect(error.message).toMatch(/^Task job-5 is still RUNNING after waiting 1000 ms for /);
    expect(elapsed).toBe(1_000);
  });

  it('its deadline cuts a poll that hangs, whatever the client timeoutMs', async () => {
    const { vias, script } = scriptedClient({ timeoutMs: 30_000 });
    script.answer('hang');
    const { error, elapsed } = await settle(vias.waitForTask('job-8', { intervalMs: 10, timeoutMs: 200 }));
    expect(error).toBeInstanceOf(ViasTimeoutError);
    expect(error.message).toMatch(/^Task job-8 is still unknown \(no poll answered\) after waiting 200 ms/);
    expect(elapsed).toBe(200);
  });

  it('a later poll that hangs times out naming the last state seen', async () => {
    const { vias, script } = scriptedClient({ timeoutMs: 30_000 });
    script.answer({ body: task('RUNNING', 'job-9') }, 'hang');
    const { error } = await settle(vias.waitForTask('job-9', { intervalMs: 10, timeoutMs: 2_000 }));
    expect(error.message).toMatch(/^Task job-9 is still RUNNING after waiting 2000 ms/);
    expect(script.sent).toHaveLength(2);
  });

  it('the caller aborting a hung poll rejects with its AbortError, at once', async () => {
    const { vias, script } = scriptedClient({ timeoutMs: 30_000 });
    script.answer('hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { error, elapsed } = await settle(vias.waitForTask('job-10', { timeoutMs: 60_000, signal: controller.signal }));
    expect(error.name).toBe('AbortError');
    expect(elapsed).toBe(50);
  });

  it('the caller aborting between polls stops at once', async () => {
    const { vias, script } = scriptedClient();
    script.answer(...answers(...Array(5).fill('RUNNING')));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { error } = await settle(vias.waitForTask('job-7', { intervalMs: 1_000, signal: controller.signal }));
    expect(error.name).toBe('AbortError');
    expect(script.sent).toHaveLength(1);
  });

  it.each([
    [{ intervalMs: 0 }, /`intervalMs`/],
    [{ intervalMs: -5 }, /`intervalMs`/],
    [{ intervalMs: Number.NaN }, /`intervalMs`/],
    [{ intervalMs: Infinity }, /`intervalMs`/],
    [{ timeoutMs: Infinity }, /`timeoutMs` must be a positive number/],
    [{ timeoutMs: Number.NaN }, /`timeoutMs`/],
    [{ timeoutMs: 0 }, /`timeoutMs`/],
    [{ timeoutMs: '100' }, /`timeoutMs`/],
  ])('rejects %o with a TypeError before polling', async (options, message) => {
    const { vias, script } = scriptedClient();
    const { error } = await settle(vias.waitForTask('job-11', options as object));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^waitForTask: /);
    expect(error.message).toMatch(message);
    expect(script.sent).toEqual([]);
  });

  it('passes API errors through', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ status: 400, body: { error_code: 'VIAS.00010007', error_msg: 'No task is found based on the task ID.' } });
    expect((await settle(vias.waitForTask('job-6'))).error).toBeInstanceOf(ViasApiError);
  });
});
