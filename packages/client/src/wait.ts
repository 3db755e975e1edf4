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
  /** Give up (ViasTimeoutError) after this long. Default 600 000 ms (10 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Polls `showTask` until the task reaches one of `until`, and returns it. */
export async function waitForTask(
  showTask: OperationMethods['showTask'],
  taskId: string,
  options: WaitForTaskOptions = {},
): Promise<TaskDetail> {
  const { until = TERMINAL_STATES, intervalMs = 5_000, timeoutMs = 600_000, signal } = options;
  if (typeof taskId !== 'string' || taskId === '') throw new TypeError('waitForTask: `taskId` must be a non-empty string');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await showTask({ path: { task_id: taskId }, signal });
    if (until.includes(task.state)) return task;
    const left = deadline - Date.now();
    if (left <= 0) {
      const message = `Task ${taskId} is still ${task.state} after waiting ${timeoutMs} ms for ${until.join(' | ')}`;
      throw new ViasTimeoutError(message, timeoutMs);
    }
    await sleep(Math.min(intervalMs, left), signal);
  }
}
