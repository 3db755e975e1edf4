import { ViasTimeoutError } from './errors.js';
import type { OperationMethods } from './operations.js';
import { sleep } from './retry.js';
import { TERMINAL_STATES } from './states.js';
import type { TaskDetail, TaskState } from './types.js';

export interface WaitForTaskOptions {
  /** Stop at the first of these states. Default: TERMINAL_STATES. */
  until?: readonly TaskState[];
  /** Time between two polls. Default 5 000 ms. */
  intervalMs?: number;
  /**
   * Give up (ViasTimeoutError) after this long, even in the middle of a poll (its retries
   * included). Default 600 000 ms (10 minutes).
   */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Longest delay setTimeout takes; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Polls `showTask` until the task reaches one of `until`, and returns it. */
export async function waitForTask(
  showTask: OperationMethods['showTask'],
  taskId: string,
  options: WaitForTaskOptions = {},
): Promise<TaskDetail> {
  const { until = TERMINAL_STATES, intervalMs = 5_000, timeoutMs = 600_000, signal } = options;
  if (typeof taskId !== 'string' || taskId === '') fail('`taskId` must be a non-empty string');
  if (!isPositive(intervalMs)) fail('`intervalMs` must be a positive number of milliseconds');
  if (!isPositive(timeoutMs)) fail('`timeoutMs` must be a positive number of milliseconds');

  const deadline = Date.now() + timeoutMs;
  let state: TaskState | undefined;
  const timedOut = () =>
    new ViasTimeoutError(
      `Task ${taskId} is still ${state ?? 'unknown (no poll answered)'} after waiting ${timeoutMs} ms for ${until.join(' | ')}`,
      timeoutMs,
    );

  // One signal for every poll and pause: aborts at the deadline (so a hung poll cannot overrun
  // it) or when the caller's signal does.
  const controller = new AbortController();
  let expired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const left = deadline - Date.now();
    if (left > 0) return void (timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS)));
    expired = true;
    controller.abort(timedOut());
  };
  const callerAbort = () => controller.abort(signal!.reason);
  if (signal?.aborted) callerAbort();
  else signal?.addEventListener('abort', callerAbort, { once: true });
  arm();

  try {
    for (;;) {
      const task = await showTask({ path: { task_id: taskId }, signal: controller.signal });
      state = task.state;
      if (until.includes(task.state)) return task;
      const left = deadline - Date.now();
      if (left <= 0) throw timedOut();
      await sleep(Math.min(intervalMs, left, MAX_TIMER_MS), controller.signal);
    }
  } catch (error) {
    // The deadline's abort surfaces as whatever the poll made of it; report the timeout instead.
    if (expired && !signal?.aborted) throw timedOut();
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', callerAbort);
  }
}

const isPositive = (value: unknown): value is number => typeof value === 'number' && value > 0 && Number.isFinite(value);

function fail(message: string): never {
  throw new TypeError(`waitForTask: ${message}`);
}
