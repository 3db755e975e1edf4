import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViasNetworkError, type RetryDecision, type RetryEvent } from '../src/index.js';
import { createBody, scriptedClient, task } from './helpers/client.js';
import { settle } from './helpers/clock.js';

// The retry policy's hooks: `shouldRetry` decides after each failed attempt (knowing the
// default decision), `onRetry` sees each retry before its wait. Scripted transport, fake timers.

beforeEach(() => void vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('retry.shouldRetry and retry.onRetry', () => {
  it('shouldRetry gets each failed attempt with the default decision, and its answer stands', async () => {
    const decisions: RetryDecision[] = [];
    const { vias, script } = scriptedClient({
      retry: {
        minDelayMs: 1,
        shouldRetry: (d) => {
          decisions.push(d);
          return d.status === 500 ? true : undefined; // retry a 500 too; keep the default otherwise
        },
      },
    });
    script.answer({ status: 500, body: {} }, { status: 503, body: {} }, { status: 404, body: {} });
    const { error } = await settle(vias.showTask({ path: { task_id: 't1' } }));
    expect(error.status).toBe(404);
    expect(decisions.map((d) => [d.attempt, d.status, d.retryable])).toEqual([
      [1, 500, false],
      [2, 503, true],
      [3, 404, false],
    ]);
    expect(decisions[0]).toMatchObject({ operationId: 'showTask', method: 'GET', error: undefined, retryAfterMs: undefined });
    expect(script.sent).toHaveLength(3);
  });

  it('shouldRetry can stop a retry the policy would make, and allow one of a POST', async () => {
    const never = scriptedClient({ retry: { shouldRetry: () => false } });
    never.script.answer({ status: 503, body: {} });
    await settle(never.vias.showTask({ path: { task_id: 't1' } }));
    expect(never.script.sent).toHaveLength(1);

    const post = scriptedClient({ retry: { minDelayMs: 1, shouldRetry: (d) => d.error instanceof ViasNetworkError } });
    post.script.answer({ throw: new TypeError('fetch failed') }, { body: { tasks: [{ id: 'a1' }] } });
    const { value } = await settle(post.vias.createServiceTask({ path: { service_name: 'video-analyze' }, body: createBody }));
    expect(value).toEqual({ tasks: [{ id: 'a1' }] });
    expect(post.script.sent).toHaveLength(2);
  });

  it('onRetry sees each retry before its wait, with the delay; never after the last attempt or a success', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const seen: [number, RetryEvent][] = [];
    const { vias, script } = scriptedClient({ retry: { retries: 2, minDelayMs: 100, onRetry: (e) => void seen.push([Date.now(), e]) } });
    script.answer({ status: 429, body: {} }, { status: 429, body: {} }, { status: 429, body: {} }, { body: task('RUNNING') });
    const start = Date.now();
    const { error } = await settle(vias.showTask({ path: { task_id: 't1' } }));
    expect(error.status).toBe(429);
    expect(seen.map(([at, e]) => [at - start, e.attempt, e.delayMs, e.status])).toEqual([
      [0, 1, 50, 429],
      [50, 2, 100, 429],
    ]);
  });

  it('both must be functions', () => {
    expect(() => scriptedClient({ retry: { shouldRetry: true as never } })).toThrow(/`retry.shouldRetry` must be a function/);
    expect(() => scriptedClient({ retry: { onRetry: 'log' as never } })).toThrow(/`retry.onRetry` must be a function/);
  });
});
