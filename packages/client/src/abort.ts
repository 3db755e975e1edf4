// Abort plumbing that keeps nothing alive after a call: each caller signal gets one listener
// however many calls share it (1,000 parallel calls on one signal used to add 1,000 listeners and
// trip MaxListenersExceededWarning), and every link and timer is undone when its call ends.

const followers = new WeakMap<AbortSignal, Set<AbortController>>();

function abortFollowers(this: AbortSignal) {
  const set = followers.get(this);
  followers.delete(this);
  for (const controller of set ?? []) controller.abort(this.reason);
}

/** Aborts `controller` when `signal` aborts; returns the function that undoes the link. */
export function follow(signal: AbortSignal | null | undefined, controller: AbortController): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return noop;
  }
  let set = followers.get(signal);
  if (!set) {
    followers.set(signal, (set = new Set()));
    signal.addEventListener('abort', abortFollowers, { once: true });
  }
  set.add(controller);
  const links = set;
  return () => {
    links.delete(controller);
    if (links.size === 0 && followers.get(signal) === links) {
      followers.delete(signal);
      signal.removeEventListener('abort', abortFollowers);
    }
  };
}

const noop = () => {};

/** Longest delay setTimeout takes; a longer one fires at once (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts; leaves nothing behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (!(ms > 0)) return resolve(); // no timer at all (setTimeout would wait at least 1 ms)
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.min(ms, MAX_TIMER_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
