import { vi } from 'vitest';

/**
 * Runs `call` to its end under vitest's fake timers, advancing the clock 1 ms at a time; returns
 * what it resolved to or threw, and how much fake time passed.
 */
export async function settle<T>(call: Promise<T>): Promise<{ value?: T; error?: any; elapsed: number }> {
  const start = Date.now();
  let outcome: { value?: T; error?: any } | undefined;
  call.then((value) => (outcome = { value }), (error) => (outcome = { error }));
  await vi.advanceTimersByTimeAsync(0);
  while (!outcome) await vi.advanceTimersByTimeAsync(1);
  return { ...outcome, elapsed: Date.now() - start };
}
