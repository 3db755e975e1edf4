import { vi } from 'vitest';
import { caught } from './client.js';

/**
 * A client timeout on a real socket, without racing the wall clock: only `setTimeout` and
 * `clearTimeout` are faked (sockets and the rest of the event loop run as ever), so the
 * client's per-attempt timer fires exactly when this says, and it says so only once `ready`
 * has happened (e.g. the headers reached the client). Returns what `call` threw and the order
 * of the events: `ready`'s own, then 'the client's timer fires' (`onFire` runs then), then 'the call failed'.
 * Should the call fail before `ready` (a refused connection, …), its error comes back at once,
 * and the events show the timer never fired.
 */
export async function timeoutAfter(ready: Promise<string>, timeoutMs: number, call: () => Promise<unknown>, onFire = () => {}) {
  const events: string[] = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const outcome = caught(call).then((error) => (events.push('the call failed'), error));
    const first = await Promise.race([ready.then((event) => ({ event })), outcome.then(() => undefined)]);
    if (first) {
      events.push(first.event, "the client's timer fires");
      onFire();
      await vi.advanceTimersByTimeAsync(timeoutMs);
    }
    return { error: await outcome, events };
  } finally {
    vi.useRealTimers();
  }
}

/**
 * `timeoutAfter` where `ready` is the client's default transport (the global fetch) having the
 * answer's headers: the timer fires while the body is being read.
 */
export async function timeoutOnceHeadersArrive(timeoutMs: number, call: () => Promise<unknown>, onFire?: () => void) {
  const realFetch = globalThis.fetch;
  let arrived!: (event: string) => void;
  const ready = new Promise<string>((resolve) => (arrived = resolve));
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    arrived('the client has the headers');
    return response;
  });
  try {
    return await timeoutAfter(ready, timeoutMs, call, onFire);
  } finally {
    spy.mockRestore();
  }
}
