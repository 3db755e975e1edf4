import { follow, MAX_TIMER_MS, sleep } from './abort.js';
import { ViasTimeoutError } from './errors.js';

// Waiting is polling: waitForTask reads one task until it reaches a state, waitForTasks reads the
// task list (⌈tasks / page size⌉ requests a round) until every task it waits for has.

export interface WaitOptions<State extends string> {
  /** Stop at the first of these states. Default: TERMINAL_STATES. */
  until?: readonly State[];
  /** Time between two polls. Default 5 000 ms. */
  intervalMs?: number;
  /** Give up (ViasTimeoutError) after this long, even in the middle of a poll. Default 600 000 ms (10 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Deadline {
  signal: AbortSignal;
  expired(): boolean;
  left(): number;
  end(): void;
}

/** One signal that aborts at the deadline or with the caller's signal; `end` undoes both. */
function deadline(timeoutMs: number, signal: AbortSignal | undefined, timedOut: () => Error): Deadline {
  const controller = new AbortController();
  const at = Date.now() + timeoutMs;
  let expired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const left = at - Date.now();
    if (left > 0) return void (timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS)));
    expired = true;
    controller.abort(timedOut());
  };
  const unfollow = follow(signal, controller);
  arm();
  return {
    signal: controller.signal,
    expired: () => expired,
    left: () => at - Date.now(),
    end: () => (clearTimeout(timer), unfollow()),
  };
}

function check(name: string, options: WaitOptions<string>) {
  const { intervalMs = 5_000, timeoutMs = 600_000 } = options;
  const positive = (v: unknown) => typeof v === 'number' && v > 0 && v <= MAX_TIMER_MS;
  if (!positive(intervalMs)) throw new TypeError(`${name}: \`intervalMs\` must be a number of milliseconds from 1 to 2147483647`);
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new TypeError(`${name}: \`timeoutMs\` must be a positive number of milliseconds`);
  return { intervalMs, timeoutMs };
}

/** Polls `read` until the task is in one of `until`, and returns it. */
export async function waitForTask<Task extends { state?: string }, State extends string>(
  read: (taskId: string, signal: AbortSignal) => Promise<Task>,
  taskId: string,
  terminal: readonly State[],
  options: WaitOptions<State> = {},
): Promise<Task> {
  if (typeof taskId !== 'string' || taskId === '') throw new TypeError('waitForTask: `taskId` must be a non-empty string');
  const { intervalMs, timeoutMs } = check('waitForTask', options);
  const until: readonly string[] = options.until ?? terminal;
  let state: string | undefined;
  const timedOut = () =>
    new ViasTimeoutError(`Task ${taskId} is still ${state ?? 'unknown (no poll answered)'} after waiting ${timeoutMs} ms for ${until.join(' | ')}`, timeoutMs);
  return poll(intervalMs, timeoutMs, options.signal, timedOut, async (signal) => {
    const task = await read(taskId, signal);
    state = task.state;
    return state !== undefined && until.includes(state) ? task : undefined;
  });
}

/**
 * Reads the whole list each round (`list` pages through it) until every task of `taskIds` is in
 * one of `until`; returns them by ID. A round stops paging as soon as it has seen every task.
 */
export async function waitForTasks<Task extends { id?: string; state?: string }, State extends string>(
  list: (signal: AbortSignal) => AsyncIterable<Task>,
  taskIds: readonly string[],
  terminal: readonly State[],
  options: WaitOptions<State> = {},
): Promise<Map<string, Task>> {
  if (!Array.isArray(taskIds) || taskIds.some((id) => typeof id !== 'string' || id === '')) {
    throw new TypeError('waitForTasks: `taskIds` must be an array of non-empty strings');
  }
  const { intervalMs, timeoutMs } = check('waitForTasks', options);
  const until: readonly string[] = options.until ?? terminal;
  const wanted = new Set(taskIds);
  const done = new Map<string, Task>();
  if (wanted.size === 0) return done;
  const timedOut = () => {
    const waiting = [...wanted].filter((id) => !done.has(id));
    return new ViasTimeoutError(`${waiting.length} of ${wanted.size} tasks not in ${until.join(' | ')} after ${timeoutMs} ms (e.g. ${waiting.slice(0, 3).join(', ')})`, timeoutMs);
  };
  return poll(intervalMs, timeoutMs, options.signal, timedOut, async (signal) => {
    const seen = new Set<string>();
    for await (const task of list(signal)) {
      if (task.id === undefined || !wanted.has(task.id)) continue;
      seen.add(task.id);
      if (task.state !== undefined && until.includes(task.state)) done.set(task.id, task);
      else done.delete(task.id);
      if (seen.size === wanted.size) break; // the rest of the list holds none of ours
    }
    return done.size === wanted.size ? done : undefined;
  });
}

/** Runs `round` until it answers, `intervalMs` apart, within the deadline (which also cuts a round short). */
async function poll<T>(
  intervalMs: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  timedOut: () => Error,
  round: (signal: AbortSignal) => Promise<T | undefined>,
): Promise<T> {
  const clock = deadline(timeoutMs, signal, timedOut);
  try {
    for (;;) {
      const result = await round(clock.signal);
      if (result !== undefined) return result;
      const left = clock.left();
      if (left <= 0) throw timedOut();
      await sleep(Math.min(intervalMs, left), clock.signal);
    }
  } catch (error) {
    // The deadline's abort surfaces as whatever the poll made of it; report the timeout instead.
    if (clock.expired() && !signal?.aborted) throw timedOut();
    throw error;
  } finally {
    clock.end();
  }
}
