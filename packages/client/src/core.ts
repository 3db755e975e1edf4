import createClient, { type Client } from 'openapi-fetch';
import { authorizer, checkAuth, secretsOf, type ViasAuth } from './auth.js';
import { sleep } from './abort.js';
import { isObject, ViasError, ViasNetworkError, ViasResponseError, ViasTimeoutError, type CallInfo } from './errors.js';
import { bindOperations, type ApiResponse, type Route } from './operations.js';
import { checkSegment, pathSerializer } from './paths.js';
import { redactDeep, redactor, type Redact } from './redact.js';
import { CallRequest } from './request.js';
import { attemptsFor, delayBefore, resolveRetry, RETRY_STATUS, type RetryOptions } from './retry.js';
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
  /** Headers added to every request. */
  headers?: Record<string, string>;
}

/** One generation's tables, from src/generated/<generation>/operations.ts. */
export interface Generation {
  /** `VIAS` or `VAS`, as errors name the service. */
  service: string;
  routes: Readonly<Record<string, Route>>;
  servers: readonly { readonly url: string; readonly regions: readonly string[] }[];
  /** The codes of the generation's error catalogue. */
  errorCodes: readonly string[];
  apiError: (info: CallInfo & { status: number }, body: unknown, known: readonly string[]) => ViasError;
}

export function createServiceClient(generation: Generation, options: ClientOptions) {
  if (typeof options !== 'object' || options === null) fail('pass an options object');
  const { projectId, auth, headers, timeoutMs = 30_000, retry = {} } = options;
  const baseUrl = resolveBaseUrl(generation, options);
  checkSegment('projectId', projectId);
  checkAuth(auth);
  // Called as a plain function, never as a method of the options object: browsers refuse a fetch
  // whose `this` is not the window ("Illegal invocation").
  const userFetch = options.fetch;
  if (userFetch !== undefined && typeof userFetch !== 'function') fail('`fetch` must be a function');
  if (userFetch === undefined && typeof globalThis.fetch !== 'function') fail('no global fetch: pass `fetch`');
  const send = userFetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_MS)) fail('`timeoutMs` must be a number of milliseconds from 1 to 2147483647');
  checkHeaders(headers);

  const redact = redactor(secretsOf(auth));
  const transport = createTransport({ service: generation.service, fetch: send, timeoutMs, authorize: authorizer(auth) });

  const policy = resolveRetry(retry, fail);
  const raw = createClient<any>({
    baseUrl,
    headers,
    Request: CallRequest as unknown as typeof Request,
    pathSerializer: pathSerializer(projectId),
  }) as Client<any>;

  // Calls on a client with middleware build real Requests, so middleware sees what it expects.
  let middleware = 0;
  const { use, eject } = raw;
  raw.use = (...added) => ((middleware += added.length), use(...added));
  raw.eject = (...removed) => ((middleware = Math.max(0, middleware - removed.length)), eject(...removed));

  type Init = Record<string, unknown> & { signal?: AbortSignal | null };
  type Result = { data?: unknown; error?: unknown; response: Response };

  /** One call: openapi-fetch builds the request and reads the answer; each attempt goes through the transport. */
  async function call(method: string, path: string, init: Init = {}): Promise<{ result: Result; context: CallContext }> {
    const { signal, params, ...rest } = init as Init & { params?: { path?: object } };
    const context: CallContext = { signal, secrets: [] };
    // openapi-fetch fills the path only when `params.path` is set; `{project_id}` always needs it.
    const options = { ...rest, params: { ...params, path: params?.path ?? {} }, fetch: (request: Request) => transport(request, context), ...(middleware ? { Request: globalThis.Request } : {}) };
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
      if (result) {
        const status = result.response.status;
        if (n >= attempts || !RETRY_STATUS.has(status)) return { result, context };
        await sleep(delayBefore(policy as Required<RetryOptions>, n, result.response.headers.get('Retry-After')), signal ?? undefined);
        continue;
      }
      const transient = failure instanceof ViasNetworkError || failure instanceof ViasTimeoutError;
      if (n >= attempts || !transient) throw failure;
      await sleep(delayBefore(policy as Required<RetryOptions>, n, undefined), signal ?? undefined);
    }
  }

  const redactFor = (context: CallContext): Redact => (context.secrets.length ? redactor([...secretsOf(auth), ...context.secrets]) : redact);

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

  /** Anything thrown during a call, as the error contract says. */
  function classify(error: unknown, context: CallContext): unknown {
    if (context.signal?.aborted) return context.signal.reason; // the caller's abort: theirs, never retried
    if (context.timeout) return context.timeout; // our timer fired, whatever fetch made of it
    if (error instanceof ViasError) return error;
    if (context.url === undefined) return error; // nothing was sent: a bad argument (TypeError) or middleware's own error
    const info = infoOf(context);
    // openapi-fetch parses a 2xx body as JSON: a proxy's HTML page fails there. The parser's
    // message quotes the body, which may echo a credential, so it is not kept.
    if (error instanceof SyntaxError && info.status !== undefined) return new ViasResponseError({ ...info, status: info.status }, 'a body that is not valid JSON');
    // fetch failed, or the answer broke off half-way (undici: "terminated"): retried when it can be.
    if (error instanceof TypeError || (error as Error)?.name === 'AbortError') return new ViasNetworkError(info, error, redactFor(context));
    return error;
  }

  async function operate(route: Route, input: { path?: object; query?: object; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal }) {
    const { path, query, body, headers: callHeaders, signal } = input;
    const { result, context } = await call(route.method, route.path, { params: { path, query }, body, headers: callHeaders, signal });
    const { data, error, response } = result;
    // What an error needs (the path, the redacted request id) is worked out only for an error.
    if (!response.ok) throw generation.apiError({ ...infoOf(context), status: response.status }, redactDeep(error, redactFor(context)), generation.errorCodes);
    const problem = bodyProblem(route, response.status, data);
    if (problem) throw new ViasResponseError({ ...infoOf(context), status: response.status }, problem);
    const requestId = response.headers.get('X-Request-Id');
    return { data, status: response.status, headers: response.headers, requestId: requestId ? redactFor(context)(requestId) : undefined } as ApiResponse<unknown>;
  }

  // The raw client: openapi-fetch's own semantics ({ data, error, response }, no throw on an HTTP
  // status), with this client's transport; failures are ViasErrors and error bodies are redacted.
  const verbs = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
  const rawClient = {
    use: raw.use,
    eject: raw.eject,
    request: async (method: string, path: string, init?: Init) => {
      const { result, context } = await call(method.toUpperCase(), path, init);
      return result.error === undefined ? result : { ...result, error: redactDeep(result.error, redactFor(context)) };
    },
  } as Record<string, unknown>;
  for (const verb of verbs) rawClient[verb] = (path: string, init?: Init) => (rawClient.request as Function)(verb, path, init);

  return { raw: rawClient, ...bindOperations(generation.routes, operate) };
}

/** Why a 2xx body is not the documented one (it must be there, of its documented JSON type), if it is not. */
function bodyProblem(route: Route, status: number, data: unknown): string | undefined {
  const expected = route.success[status] ?? Object.values(route.success).find((t) => t !== null);
  if (expected === null || expected === undefined) return undefined;
  if (data === undefined) return 'an empty body where the description documents JSON';
  if (expected === 'object' && !isObject(data)) return `a JSON ${Array.isArray(data) ? 'array' : typeof data} where the description documents an object`;
  if (expected === 'array' && !Array.isArray(data)) return 'a body that is not the documented JSON array';
  return undefined;
}

const MAX_MS = 2_147_483_647;

function resolveBaseUrl(generation: Generation, { region, endpoint }: Pick<ClientOptions, 'region' | 'endpoint'>): string {
  const example = generation.servers[0]?.url.replace('{region}', 'cn-north-4') ?? 'https://…';
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      fail(`\`endpoint\` must be an absolute URL such as ${example}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('`endpoint` must be an http(s) URL');
    if (url.username || url.password) fail('`endpoint` must not contain credentials');
    if (url.search || url.hash) fail('`endpoint` must not have a query or fragment');
    return url.href.replace(/\/+$/, '');
  }
  if (region === undefined) fail('pass `region` (for example "cn-north-4") or `endpoint`');
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z0-9]+)+$/.test(region)) fail('`region` must be a region ID such as "cn-north-4"');
  const server = generation.servers[0];
  if (!server) fail('this description has no server: pass `endpoint`');
  return server.url.replace('{region}', region);
}

// A header value fetch would refuse, or a header a caller must not set by hand.
function checkHeaders(headers: unknown) {
  if (headers === undefined) return;
  if (!isObject(headers)) fail('`headers` must be an object of string values');
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) fail('`headers` has a name that is not a valid HTTP header name');
    if (typeof value !== 'string' || /[\0\r\n]/.test(value)) fail(`\`headers["${name}"]\` must be a string without line breaks or NUL`);
  }
}

// Messages name the option, never its value: values may be secrets.
function fail(message: string): never {
  throw new TypeError(`createViasClient: ${message}`);
}
