import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { MAX_TIMER_MS, sleep } from './abort.js';
import { authorizer, checkAuth, secretsOf, type ViasAuth } from './auth.js';
import { isObject, ViasError, ViasNetworkError, ViasResponseError, ViasTimeoutError, type CallInfo } from './errors.js';
import { bindOperations, type ApiResponse, type Route } from './operations.js';
import { checkSegment, pathSerializer } from './paths.js';
import { redactDeep, redactor, type Redact } from './redact.js';
import { CallRequest } from './request.js';
import { attemptsFor, delayBefore, parseRetryAfter, resolveRetry, RETRY_STATUS, type RetryOptions } from './retry.js';
import { createTransport, pathOf, type CallContext } from './transport.js';

// What both generations' clients share: options, the transport, the raw openapi-fetch client and
// the operation methods bound to it. createViasClient and createVasClient give it their tables.

export interface ClientOptions<Region extends string = string> {
  /** Region ID such as `cn-north-4`: the endpoint becomes the description's server for that region. */
  region?: Region | (string & {});
  /** Full endpoint URL (another domain such as `.myhuaweicloud.cn`, a proxy, a mock); overrides `region`. */
  endpoint?: string;
  /** Project ID of the region; filled into every `{project_id}` path parameter. */
  projectId: string;
  auth: ViasAuth;
  /** Custom fetch (tests, proxies, other runtimes). Default: the global `fetch`, looked up at each call. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per-attempt timeout, reading the answer included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: false | RetryOptions;
  /** Headers added to every request (not credentials: use `auth`). */
  headers?: Record<string, string>;
}

/** One generation's tables, from src/generated/<generation>/operations.ts. */
export interface Generation {
  /** `VIAS` or `VAS`, as errors name the service. */
  service: string;
  /** The factory's name, as its argument errors start. */
  factory: string;
  routes: Readonly<Record<string, Route>>;
  servers: readonly { readonly url: string; readonly regions: readonly string[]; readonly defaultRegion?: string }[];
  /** The codes of the generation's error catalogue. */
  errorCodes: readonly string[];
  ApiError: new (info: CallInfo & { status: number }, body: unknown, known: readonly string[]) => ViasError;
}

// Headers the client sets itself from `auth`: set by hand, they would bypass redaction and signing.
const CREDENTIAL_HEADERS = new Set(['x-auth-token', 'authorization', 'x-security-token', 'x-sdk-date', 'host']);

export function createServiceClient(generation: Generation, options: ClientOptions) {
  const fail = (message: string): never => {
    // Messages name the option, never its value: values may be secrets.
    throw new TypeError(`${generation.factory}: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('pass an options object');
  const { projectId, auth, headers, timeoutMs = 30_000, retry = {} } = options;
  const baseUrl = resolveBaseUrl(generation, options, fail);
  checkSegment(generation.factory, 'projectId', projectId);
  checkAuth(generation.factory, auth);
  const userFetch = options.fetch;
  if (userFetch !== undefined && typeof userFetch !== 'function') fail('`fetch` must be a function');
  if (userFetch === undefined && typeof globalThis.fetch !== 'function') fail('no global fetch: pass `fetch`');
  const send = userFetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) fail('`timeoutMs` must be a number of milliseconds from 1 to 2147483647');
  checkHeaders(headers, fail);
  const policy = resolveRetry(retry, fail);

  const secrets = secretsOf(auth);
  const redact = redactor(secrets);
  const redactFor = (context: CallContext): Redact => (context.secrets.length ? redactor([...secrets, ...context.secrets]) : redact);
  const transport = createTransport({ service: generation.service, fetch: send, timeoutMs, authorize: authorizer(auth), redactFor });

  const raw = createClient<any>({
    baseUrl,
    headers,
    Request: CallRequest as unknown as typeof Request,
    pathSerializer: pathSerializer(projectId),
  }) as Client<any>;

  // Calls that run middleware build real Requests, so middleware sees what it expects.
  const middleware = new Set<Middleware>();
  const { use, eject } = raw;
  raw.use = (...added) => (added.forEach((m) => middleware.add(m)), use(...added));
  raw.eject = (...removed) => (removed.forEach((m) => middleware.delete(m)), eject(...removed));

  type Init = Record<string, unknown> & { signal?: AbortSignal | null; params?: { path?: object; query?: object }; middleware?: unknown[]; headers?: unknown };
  type Result = { data?: unknown; error?: unknown; response: Response };

  /** One call: openapi-fetch builds the request and reads the answer; each attempt goes through the transport. */
  async function call(method: string, path: string, init: Init = {}): Promise<{ result: Result; context: CallContext }> {
    const { signal, params, ...rest } = init;
    checkHeaders(rest.headers instanceof Headers ? Object.fromEntries(rest.headers) : rest.headers, fail);
    const context: CallContext = { signal, secrets: [], streaming: rest.parseAs === 'stream' };
    const withMiddleware = middleware.size > 0 || (Array.isArray(rest.middleware) && rest.middleware.length > 0);
    const options = {
      ...rest,
      // openapi-fetch fills the path only when `params.path` is set; `{project_id}` always needs it.
      params: { ...params, path: params?.path ?? {} },
      fetch: (request: Request) => transport(request, context),
      ...(withMiddleware ? { Request: globalThis.Request } : {}),
    };
    const attempts = attemptsFor(policy, method);
    for (let n = 1; ; n++) {
      let result: Result | undefined;
      let failure: unknown;
      try {
        result = (await raw.request(method as never, path as never, options as never)) as Result;
      } catch (error) {
        failure = classify(error, context);
      } finally {
        context.end?.(); // the answer is read: the attempt's timer and signal link go
      }
      if (!policy || n >= attempts) {
        if (result) return { result, context };
        throw failure;
      }
      if (result) {
        if (!RETRY_STATUS.has(result.response.status)) return { result, context };
        // A server that asks for a longer wait than the client may make is answered as it is.
        const retryAfter = parseRetryAfter(result.response.headers.get('Retry-After'));
        if (retryAfter !== undefined && retryAfter > policy.maxDelayMs) return { result, context };
        await sleep(delayBefore(policy, n, retryAfter), signal ?? undefined);
        continue;
      }
      if (!(failure instanceof ViasNetworkError || failure instanceof ViasTimeoutError)) throw failure;
      await sleep(delayBefore(policy, n, undefined), signal ?? undefined);
    }
  }

  /** What an error of this call can say: service, method, path, status, request id (redacted). */
  function infoOf(context: CallContext): CallInfo {
    const requestId = context.response?.headers.get('X-Request-Id');
    return {
      service: generation.service,
      method: context.method ?? '',
      path: context.url ? pathOf(context.url) : '',
      ...(context.response ? { status: context.response.status } : {}),
      ...(requestId ? { requestId: redactFor(context)(requestId) } : {}),
    };
  }

  /** Anything thrown while openapi-fetch read the answer, as the error contract says. */
  function classify(error: unknown, context: CallContext): unknown {
    if (context.signal?.aborted) return context.signal.reason; // the caller's abort: theirs, never retried
    if (context.timeout) {
      // Our timer fired, whatever fetch or the body read made of it; say what had arrived.
      return context.response ? new ViasTimeoutError(context.timeout.message, timeoutMs, infoOf(context)) : context.timeout;
    }
    if (error instanceof ViasError || !context.response) return error; // a bad argument, or middleware's own error
    const info = { ...infoOf(context), status: context.response.status };
    // openapi-fetch parses a 2xx body as JSON: a proxy's HTML page fails there. The parser's
    // message quotes the body, which may echo a credential, so it is not kept.
    if (error instanceof SyntaxError) return new ViasResponseError(info, 'a body that is not valid JSON');
    // The answer broke off half-way (undici: "terminated"; browsers: "network error"): retried when it can be.
    const message = (error as Error)?.message ?? '';
    if ((error instanceof TypeError && /terminated|network|fetch/i.test(message)) || (error as Error)?.name === 'AbortError') {
      return new ViasNetworkError(info, error, redactFor(context));
    }
    return error;
  }

  async function operate(route: Route, input: { path?: object; query?: object; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal }) {
    const { path, query, body, headers: callHeaders, signal } = input;
    const { result, context } = await call(route.method, route.path, { params: { path, query }, body, headers: callHeaders, signal });
    const { data, error, response } = result;
    // What an error needs (the path, the redacted request id) is worked out only for an error.
    if (response.type === 'opaqueredirect') {
      throw new ViasResponseError({ ...infoOf(context), status: 0 }, 'a redirect, which the client never follows (the browser hides its status and target)');
    }
    if (!response.ok) throw new generation.ApiError({ ...infoOf(context), status: response.status }, redactDeep(error, redactFor(context)), generation.errorCodes);
    const problem = bodyProblem(route, response.status, data);
    if (problem) throw new ViasResponseError({ ...infoOf(context), status: response.status }, problem);
    const requestId = response.headers.get('X-Request-Id');
    return { data, status: response.status, headers: response.headers, requestId: requestId ? redactFor(context)(requestId) : undefined } as ApiResponse<unknown>;
  }

  // The raw client: openapi-fetch's own semantics ({ data, error, response }, no throw on an HTTP
  // status), with this client's transport; failures are ViasErrors and error bodies are redacted.
  // With `parseAs: 'stream'` the timeout and the signal cover the call until the headers arrive.
  const verbs = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
  const rawClient: Record<string, unknown> = {
    use: raw.use,
    eject: raw.eject,
    request: async (method: string, path: string, init?: Init) => {
      const { result, context } = await call(method.toUpperCase(), path, init);
      return result.error === undefined ? result : { ...result, error: redactDeep(result.error, redactFor(context)) };
    },
  };
  for (const verb of verbs) rawClient[verb] = (path: string, init?: Init) => (rawClient.request as Function)(verb, path, init);

  return { raw: rawClient, ...bindOperations(generation.service, generation.routes, operate) };
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

function resolveBaseUrl(generation: Generation, { region, endpoint }: Pick<ClientOptions, 'region' | 'endpoint'>, fail: (m: string) => never): string {
  const server = generation.servers[0];
  const example = server?.url.replace('{region}', server.defaultRegion ?? server.regions[0] ?? '') ?? 'https://…';
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return fail(`\`endpoint\` must be an absolute URL such as ${example}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('`endpoint` must be an http(s) URL');
    if (url.username || url.password) fail('`endpoint` must not contain credentials');
    if (url.search || url.hash) fail('`endpoint` must not have a query or fragment');
    return url.href.replace(/\/+$/, '');
  }
  if (region === undefined) fail(`pass \`region\` (for example "${server?.defaultRegion ?? 'cn-north-4'}") or \`endpoint\``);
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z0-9]+)+$/.test(region)) fail('`region` must be a region ID such as "cn-north-4"');
  if (!server) return fail('this description has no server: pass `endpoint`');
  return server.url.replace('{region}', region);
}

// A header value fetch would refuse, or a credential header (those come from `auth`).
function checkHeaders(headers: unknown, fail: (m: string) => never) {
  if (headers === undefined || headers === null) return;
  if (!isObject(headers)) fail('`headers` must be an object of string values');
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) fail('`headers` has a name that is not a valid HTTP header name');
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) fail(`\`headers["${name}"]\` is set by the client from \`auth\`; pass credentials as \`auth\``);
    if (value === undefined || value === null) continue; // openapi-fetch: unset this header
    if (typeof value !== 'string' || /[\0\r\n]/.test(value)) fail(`\`headers["${name}"]\` must be a string without line breaks or NUL`);
  }
}
