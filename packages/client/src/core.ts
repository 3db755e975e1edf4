import createClient, { type Client } from 'openapi-fetch';
import { createAttempt, type CallState } from './attempt.js';
import { secretsOf } from './auth.js';
import { createCaller } from './call.js';
import { sourceOf } from './credentials.js';
import { isObject, ViasError, ViasResponseError, type CallInfo } from './errors.js';
import { checkHooks } from './hooks.js';
import { bindOperations, type ApiResponse, type Route } from './operations.js';
import { checkHeaders, resolveOptions, type ClientOptions, type ServerEntry } from './options.js';
import { pathSerializer } from './paths.js';
import { redactDeep, redactor, type Redact } from './redact.js';
import { middlewareList, rawClient } from './raw.js';
import { CallRequest } from './request.js';

export type { ClientOptions } from './options.js';

// What both generations' clients share, wired from small pieces: the options (options.ts), one
// attempt (attempt.ts: credentials, timeout, send, the capped read, request/response events),
// the call and its retry policy (call.ts, retry.ts), the raw client (raw.ts), and the operation
// methods (operations.ts). createViasClient and createVasClient give it their tables.

/** One generation's tables, from src/generated/<generation>/operations.ts. */
export interface Generation {
  /** `VIAS` or `VAS`, as errors name the service. */
  service: string;
  /** The factory's name, as its argument errors start. */
  factory: string;
  routes: Readonly<Record<string, Route>>;
  servers: readonly ServerEntry[];
  /** The codes of the generation's error catalogue. */
  errorCodes: readonly string[];
  ApiError: new (info: CallInfo & { status: number }, body: unknown, known: readonly string[]) => ViasError;
}

export function createServiceClient(generation: Generation, options: ClientOptions) {
  const { service, factory, routes } = generation;
  const settings = resolveOptions(factory, generation.servers, options);
  const fail = (message: string): never => {
    throw new TypeError(`${factory}: ${message}`);
  };

  // Static credentials are redacted by one redactor for the client's life; a provider's change,
  // so each call adds those it used.
  const { auth } = settings;
  const provided = typeof auth === 'function';
  const staticSecrets = typeof auth === 'function' ? [] : secretsOf(auth);
  const clientRedact = redactor([], staticSecrets);
  const redactFor = (call: CallState): Redact =>
    call.secrets.length || call.longLived.length ? redactor(call.secrets, provided ? call.longLived : staticSecrets) : clientRedact;

  const attempt = createAttempt({
    service,
    fetch: settings.send,
    timeoutMs: settings.timeoutMs,
    credentials: sourceOf(auth),
    provided,
    maxResponseBytes: settings.maxResponseBytes,
    eventHeaders: settings.eventHeaders,
    redactFor,
  });
  const raw = createClient<any>({
    baseUrl: settings.baseUrl,
    headers: settings.headers,
    Request: CallRequest as unknown as typeof Request,
    pathSerializer: pathSerializer(settings.projectId),
  }) as Client<any>;
  const caller = createCaller({ service, raw, attempt, retry: settings.retry, clientHooks: settings.hooks, redactFor });
  const middleware = middlewareList();

  // A raw call names its operation by method and path template (the methods know their id).
  const operationIds = new Map(Object.entries(routes).map(([id, r]) => [`${r.method} ${r.path}`, id]));
  const checkCallHeaders = (headers: unknown) => checkHeaders(headers, fail);

  async function operate(operationId: string, route: Route, input: { path?: object; query?: object; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal; hooks?: unknown }) {
    const { path, query, body, headers, signal, hooks } = input;
    checkCallHeaders(headers);
    const callHooks = hooks === undefined ? [] : checkHooks(hooks, fail, '`hooks` of the call');
    const { result, state } = await caller.call(route.method, route.path, { params: { path, query }, body, headers, signal }, { operationId, hooks: callHooks, middleware: middleware.items });
    const { data, error, response } = result;
    // What an error needs (the path, the redacted request id) is worked out only for an error.
    if (response.type === 'opaqueredirect') {
      throw caller.fail(state, new ViasResponseError({ ...caller.infoOf(state), status: 0 }, 'a redirect, which the client never follows (the browser hides its status and target)'));
    }
    if (!response.ok) {
      const info = { ...caller.infoOf(state), status: response.status };
      throw caller.fail(state, new generation.ApiError(info, redactDeep(error, redactFor(state)), generation.errorCodes));
    }
    const problem = bodyProblem(route, response.status, data);
    if (problem) throw caller.fail(state, new ViasResponseError({ ...caller.infoOf(state), status: response.status }, problem));
    const requestId = response.headers.get('X-Request-Id');
    return { data, status: response.status, headers: response.headers, requestId: requestId ? redactFor(state)(requestId) : undefined } as ApiResponse<unknown>;
  }

  const rawApi = rawClient(caller, middleware, (method, path) => operationIds.get(`${method} ${path}`), checkCallHeaders, redactFor);
  return { raw: rawApi, ...bindOperations(service, routes, operate) };
}

/** Why a 2xx body is not the documented one (it must be there, of its documented JSON type), if it is not. */
function bodyProblem(route: Route, status: number, data: unknown): string | undefined {
  if (status === 204) return undefined; // No Content: nothing to check, documented or not
  const documented = Object.hasOwn(route.success, status);
  const expected = documented ? route.success[status] : Object.values(route.success).find((t) => t !== null);
  if (expected === null || expected === undefined) return undefined;
  if (data === undefined) return 'an empty body where the description documents JSON';
  if (expected === 'object' && !isObject(data)) return `a JSON ${Array.isArray(data) ? 'array' : typeof data} where the description documents an object`;
  if (expected === 'array' && !Array.isArray(data)) return 'a body that is not the documented JSON array';
  return undefined;
}
