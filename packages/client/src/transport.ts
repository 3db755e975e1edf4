import { follow } from './abort.js';
import type { Authorize } from './auth.js';
import { ViasNetworkError, ViasTimeoutError, type CallInfo } from './errors.js';
import type { Redact } from './redact.js';
import { CallRequest } from './request.js';

// One attempt, as openapi-fetch's `fetch`: credentials go on the attempt's own headers (never on
// a request that middleware saw), a timer bounds the attempt until its call has read the answer,
// the caller's signal is followed, and redirects are refused. The call (core.ts) ends the attempt
// when it has the body, so no timer or listener outlives it.

export interface TransportOptions {
  service: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  authorize: Authorize;
  /** The redactor of a call (the client's secrets and the call's signatures). */
  redactFor: (context: CallContext) => Redact;
}

/** What one call shares with its attempts. */
export interface CallContext {
  signal?: AbortSignal | null;
  /** Secrets produced for this call (signatures), for its errors' redaction. */
  secrets: string[];
  /** The last attempt: set when it is sent, with its answer once the headers arrived. */
  method?: string;
  url?: string;
  response?: Response;
  timeout?: ViasTimeoutError;
  /** Ends the last attempt (its timer and signal link); the call runs it once the answer is read. */
  end?: () => void;
  /** The caller reads the body as a stream after the call (raw `parseAs: 'stream'`). */
  streaming?: boolean;
}

export type Transport = (request: Request | CallRequest, context: CallContext) => Promise<Response>;

// What a real Request (a call with middleware) carries beyond method, headers and body.
const REQUEST_OPTIONS = ['cache', 'credentials', 'integrity', 'keepalive', 'referrerPolicy'] as const;

export function createTransport(options: TransportOptions): Transport {
  // Called as a plain function: a browser's fetch refuses any `this` but the window ("Illegal invocation").
  const { service, timeoutMs, fetch: send, authorize, redactFor } = options;

  // Creating an AbortController costs Node 20 several µs (the pool took ≈ 6 µs off a call in the
  // in-process bench), a large part of a call's own cost. So the attempts of
  // a client reuse theirs: a controller whose attempt ended unaborted goes back to a small pool;
  // an aborted one is dropped. Each is retired after 100 attempts, so that the abort listeners
  // fetch leaves on a signal (removed when its requests are garbage-collected) stay few.
  const pool: Pooled[] = [];
  const release = (entry: Pooled) => {
    if (!entry.controller.signal.aborted && ++entry.uses < 100 && pool.length < 16) pool.push(entry);
  };

  return async function attempt(request, context) {
    if (context.signal?.aborted) throw context.signal.reason; // nothing is sent
    // The attempt's own headers, a plain object: the request (which middleware may have seen)
    // never holds a credential, and fetch validates the values once, not twice. The credentials
    // were checked to be valid header values when the client was created.
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const own = request instanceof CallRequest;
    const body = own ? request.bodyInit : request.body === null ? null : await request.arrayBuffer();
    const extras: RequestInit = own ? request.extras : Object.fromEntries(REQUEST_OPTIONS.map((key) => [key, request[key]]));
    const secrets = await authorize({ method: request.method, url: request.url, headers, body });
    if (secrets.length) context.secrets.push(...secrets);

    const { method, url } = request;
    const info = (): CallInfo => ({ service, method, path: pathOf(url) });
    context.method = method;
    context.url = url;
    context.response = context.timeout = undefined;
    const entry = pool.pop() ?? { controller: new AbortController(), uses: 0 };
    const { controller } = entry;
    const timer = setTimeout(() => {
      const at = info();
      context.timeout = new ViasTimeoutError(`${service} ${method} ${at.path} timed out after ${timeoutMs} ms`, timeoutMs, at);
      controller.abort(context.timeout);
    }, timeoutMs);
    const unfollow = follow(context.signal, controller);
    // The race makes the timeout and the caller's abort hold even for a custom fetch that ignores its signal.
    let stop!: (reason: unknown) => void;
    const onAbort = () => stop(controller.signal.reason);
    controller.signal.addEventListener('abort', onAbort);
    context.end = () => {
      clearTimeout(timer);
      unfollow();
      controller.signal.removeEventListener('abort', onAbort);
      // A body still being read (raw `parseAs: 'stream'`) keeps its signal: another attempt aborting it would cut that body.
      if (!context.streaming) release(entry);
      context.end = undefined;
    };
    try {
      // VIAS never redirects, and following one to another origin would hand it the credentials:
      // a 3xx comes back as it is (an error to the operation methods).
      const init = { ...extras, method, headers, body, signal: controller.signal, redirect: 'manual' as const };
      context.response = await new Promise<Response>((resolve, reject) => {
        stop = reject;
        send(url, init).then(resolve, reject);
      });
      return context.response;
    } catch (error) {
      if (context.signal?.aborted) throw context.signal.reason; // the caller's abort: never retried
      if (context.timeout) throw context.timeout;
      throw new ViasNetworkError(info(), error, redactFor(context));
    }
  };
}

interface Pooled {
  controller: AbortController;
  uses: number;
}

export const pathOf = (url: string): string => new URL(url).pathname;
