import { pathOf, ViasNetworkError, ViasTimeoutError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Base of the exponential backoff. Default 500 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included. Default 10 000 ms. */
  maxDelayMs?: number;
  /** Retry POST too. Off by default: a retried create can create the job twice. */
  retryPost?: boolean;
}

export interface ViasFetchOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  retry: Required<RetryOptions> | false;
  /** Adds credentials to one attempt's copy of the request; runs last, when every header is final. */
  authorize: (request: Request) => Request | Promise<Request>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRY_STATUS = new Set([429, 502, 503, 504]);

/** The fetch openapi-fetch calls: authorises, times out, and retries each request. */
export function createViasFetch(options: ViasFetchOptions): (request: Request) => Promise<Response> {
  const { retry, timeoutMs } = options;

  async function attempt(request: Request): Promise<Response> {
    // A body can be sent once, so a request with one gets a fresh copy per attempt.
    const authorized = await options.authorize(request.body === null ? request : request.clone());
    // One controller for both the timeout and the caller's signal: AbortSignal.timeout() and
    // AbortSignal.any() cost ~60 µs a call in Node 20, a third of the client's own overhead.
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(new ViasTimeoutError(`VIAS ${request.method} ${pathOf(request.url)} timed out after ${timeoutMs} ms`, timeoutMs));
    }, timeoutMs);
    // Left running until it fires, so it also bounds reading the body (openapi-fetch reads it
    // next); unref'd so it never keeps a process alive.
    (timer as { unref?: () => void }).unref?.();
    const callerAbort = () => controller.abort(request.signal.reason);
    if (request.signal.aborted) callerAbort();
    else request.signal.addEventListener('abort', callerAbort, { once: true });
    try {
      // VIAS never redirects, and following one to another origin would hand it X-Auth-Token or
      // X-Security-Token: a 3xx comes back as it is, and throwOnHttpError makes it a ViasApiError.
      return await options.fetch(authorized, { signal: controller.signal, redirect: 'manual' });
    } catch (error) {
      clearTimeout(timer);
      if (request.signal.aborted) throw request.signal.reason ?? error; // the caller's abort: never retried
      if (controller.signal.reason instanceof ViasTimeoutError) throw controller.signal.reason;
      throw new ViasNetworkError(request.method, request.url, error);
    }
  }

  return async function viasFetch(request) {
    const canRetry = retry && (IDEMPOTENT.has(request.method) || retry.retryPost);
    const attempts = canRetry ? retry.retries + 1 : 1;
    for (let n = 1; ; n++) {
      let retryAfter: number | undefined;
      try {
        const response = await attempt(request);
        if (n >= attempts || !RETRY_STATUS.has(response.status)) return response;
        retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
        await response.body?.cancel(); // free the connection; this answer is dropped
      } catch (error) {
        const transient = error instanceof ViasNetworkError || error instanceof ViasTimeoutError;
        if (n >= attempts || !transient) throw error;
      }
      const { minDelayMs, maxDelayMs } = retry as Required<RetryOptions>;
      // Exponential backoff with full jitter, unless the server said how long to wait.
      const backoff = Math.random() * minDelayMs * 2 ** (n - 1);
      await sleep(Math.min(retryAfter ?? backoff, maxDelayMs), request.signal);
    }
  };
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const ms = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
