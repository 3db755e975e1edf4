import type { Middleware } from 'openapi-fetch';
import { BufferedResponse } from './body.js';
import type { Caller, Init } from './call.js';
import { checkHooks } from './hooks.js';
import { redactDeep, type Redact } from './redact.js';
import type { CallState } from './attempt.js';

// The raw client: openapi-fetch's own semantics ({ data, error, response }, no throw on an HTTP
// status), through this client's attempts (auth, timeouts, retries, the size cap, events);
// failures are ViasErrors and error bodies are redacted. Middleware registered with `use` runs
// for the operation methods too: the list lives here and is handed to each call.

/** The middleware a client runs on every call (`raw.use`), in order. */
export interface MiddlewareList {
  readonly items: readonly Middleware[];
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

// Not openapi-fetch's own `use`/`eject`: its client keeps its list private, and a call must know
// whether any middleware is registered, to build real Requests and Responses for it (call.ts;
// without middleware it uses light stand-ins that middleware must never see). Its semantics are
// kept: falsy entries are skipped, an entry needs one of the three hooks, `eject` removes one
// registration of each.
export function middlewareList(): MiddlewareList {
  const items: Middleware[] = [];
  return {
    items,
    use(...middleware) {
      for (const m of middleware) {
        if (!m) continue;
        if (typeof m !== 'object' || !('onRequest' in m || 'onResponse' in m || 'onError' in m)) {
          throw new TypeError('raw.use: middleware must be an object with `onRequest`, `onResponse` or `onError`');
        }
        items.push(m);
      }
    },
    eject(...middleware) {
      for (const m of middleware) {
        const i = items.indexOf(m);
        if (i !== -1) items.splice(i, 1);
      }
    },
  };
}

const VERBS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * The raw client. `operationIdOf` names the operation of a method and path template (for events);
 * `checkCallHeaders` refuses credential headers as the options do. With `parseAs: 'stream'` the
 * timeout and the signal cover the call until the headers arrive, the size cap the whole body.
 */
export function rawClient(
  caller: Caller,
  middleware: MiddlewareList,
  operationIdOf: (method: string, path: string) => string | undefined,
  checkCallHeaders: (headers: unknown) => void,
  redactFor: (call: CallState) => Redact,
): Record<string, unknown> {
  const request = async (method: string, path: string, init: Init & { hooks?: unknown; middleware?: unknown } = {}) => {
    const { hooks, middleware: perCall, ...rest } = init;
    checkCallHeaders(rest.headers instanceof Headers ? Object.fromEntries(rest.headers) : rest.headers);
    const fail = (message: string): never => {
      throw new TypeError(`raw.${method.toUpperCase()}: ${message}`);
    };
    const callHooks = checkHooks(hooks, fail);
    const all = Array.isArray(perCall) && perCall.length ? [...middleware.items, ...(perCall as Middleware[])] : middleware.items;
    const verb = method.toUpperCase();
    const { result, state } = await caller.call(verb, path, rest, { operationId: operationIdOf(verb, path), hooks: callHooks, middleware: all });
    // The Response the caller gets is the real one fetch answered (its body read, as openapi-fetch leaves it).
    const response = result.response instanceof BufferedResponse ? result.response.original : result.response;
    return result.error === undefined ? { ...result, response } : { ...result, response, error: redactDeep(result.error, redactFor(state)) };
  };
  const client: Record<string, unknown> = {
    use: middleware.use,
    eject: middleware.eject,
    request,
  };
  for (const verb of VERBS) client[verb] = (path: string, init?: Init) => request(verb, path, init);
  return client;
}
