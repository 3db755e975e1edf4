import { follow } from './abort.js';
import type { Authorize } from './auth.js';
import { ViasTimeoutError } from './errors.js';
import { CallRequest } from './request.js';

// One attempt, as openapi-fetch's `fetch`: credentials go on the attempt's own headers (never on
// a Request that middleware saw), a timer bounds the attempt until its call has read the answer,
// the caller's signal is followed, and redirects are refused. The call (core.ts) ends the attempt
// when it has the body, so no timer or listener outlives it.

export interface TransportOptions {
  service: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  authorize: Authorize;
}

/** What one call shares with its attempts. */
export interface CallContext {
  signal?: AbortSignal | null;
  /** Secrets produced for this call (signatures), for its errors' redaction. */
  secrets: string[];
  /** The last attempt: what was sent, what came back, and how to end it. */
  method?: string;
  url?: string;
  response?: Response;
  timeout?: ViasTimeoutError;
  end?: () => void;
}

export type Transport = (request: Request | CallRequest, context: CallContext) => Promise<Response>;

export function createTransport(options: TransportOptions): Transport {
  // Called as a plain function: a browser's fetch refuses any `this` but the window ("Illegal invocation").
  const { service, timeoutMs, fetch: send } = options;
  return async function attempt(request, context) {
    context.end?.();
    if (context.signal?.aborted) throw context.signal.reason; // nothing is sent
    context.method = request.method;
    context.url = request.url;
    context.response = undefined;
    context.timeout = undefined;
    // A CallRequest belongs to this call alone; a real Request may have been seen by middleware,
    // so it is copied and the copy is authorised.
    const own = request instanceof CallRequest;
    const headers = own ? request.headers : new Headers(request.headers);
    const body = own ? request.bodyInit : request.body === null ? null : await request.arrayBuffer();
    const signable = typeof body === 'string' || body === null || body instanceof ArrayBuffer ? body : await new Response(body).arrayBuffer();
    const secrets = await options.authorize({ method: request.method, url: request.url, headers, body: signable });
    if (secrets.length) context.secrets.push(...secrets);

    const controller = new AbortController();
    const timer = setTimeout(() => {
      const path = pathOf(request.url);
      const info = { service, method: request.method, path };
      context.timeout = new ViasTimeoutError(`${service} ${request.method} ${path} timed out after ${timeoutMs} ms`, timeoutMs, info);
      controller.abort(context.timeout);
    }, timeoutMs);
    const unfollow = follow(context.signal, controller);
    context.end = () => {
      clearTimeout(timer);
      unfollow();
      context.end = undefined;
    };
    // VIAS never redirects, and following one to another origin would hand it the credentials:
    // a 3xx comes back as it is (an error to the operation methods; a browser reports status 0).
    const response = await send(request.url, { method: request.method, headers, body: signable, signal: controller.signal, redirect: 'manual' });
    context.response = response;
    return response;
  };
}

export const pathOf = (url: string): string => new URL(url).pathname;
