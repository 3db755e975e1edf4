import { MAX_TIMER_MS } from './abort.js';
import { checkAuth } from './auth.js';
import type { ViasAuth } from './credentials.js';
import { isObject } from './errors.js';
import { checkHooks, CREDENTIAL_HEADERS, EVENT_HEADERS, type HookList, type ViasHooks } from './hooks.js';
import { checkSegment } from './paths.js';
import { resolveRetry, type RetryOptions, type RetryPolicy } from './retry.js';

// The client's options: their types, their defaults, and the checks that refuse a wrong one
// with a TypeError naming the option (never its value: values may be secrets).

export interface ClientOptions<Region extends string = string> {
  /** Region ID such as `cn-north-4`: the endpoint becomes the description's server for that region. */
  region?: Region | (string & {});
  /** Full endpoint URL (another domain such as `.myhuaweicloud.cn`, a proxy, a mock); overrides `region`. */
  endpoint?: string;
  /** Project ID of the region; filled into every `{project_id}` path parameter. */
  projectId: string;
  /** A static IAM token or access key pair, or a credentials provider (`iamTokenProvider(…)`, or your own async function). */
  auth: ViasAuth;
  /** Custom fetch (tests, proxies, other runtimes). Default: the global `fetch`, looked up at each call. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per-attempt timeout, credentials and reading the answer included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: false | RetryOptions;
  /** Headers added to every request (not credentials: use `auth`). */
  headers?: Record<string, string>;
  /** Largest answer the client reads, in bytes after decompression; a larger one is a ViasResponseError. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Observers of every call of this client: request, response, retry and error events. */
  hooks?: ViasHooks;
  /** Header names (beyond the default allowlist) whose values events may show. Credential headers are refused. */
  eventHeaders?: readonly string[];
}

/** One generation's server table, as the generated operations.ts gives it. */
export interface ServerEntry {
  readonly url: string;
  readonly regions: readonly string[];
  readonly defaultRegion?: string;
}

/** The options, checked, with their defaults. */
export interface Settings {
  baseUrl: string;
  projectId: string;
  auth: ViasAuth;
  send: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  retry: RetryPolicy | false;
  headers: Record<string, string> | undefined;
  maxResponseBytes: number;
  hooks: HookList;
  eventHeaders: ReadonlySet<string>;
}

/** 16 MiB: a listTasks page of 1,000 tasks is about 0.3 MB (the description's example item is 282 bytes of JSON); far more is not an answer VIAS gives. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

// Headers `headers` may not set: credentials (set by hand, they would bypass redaction; `auth`
// sets those VIAS reads) and the others the client sets itself (signed with the request).
const CLIENT_SET_HEADERS: ReadonlySet<string> = new Set([...CREDENTIAL_HEADERS, 'x-sdk-date', 'host']);

export function resolveOptions(factory: string, servers: readonly ServerEntry[], options: ClientOptions): Settings {
  const fail = (message: string): never => {
    throw new TypeError(`${factory}: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('pass an options object');
  const { projectId, auth, headers, timeoutMs = 30_000, retry = {}, maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES } = options;
  const baseUrl = resolveBaseUrl(servers, options, fail);
  checkSegment(factory, 'projectId', projectId);
  checkAuth(factory, auth);
  const send = resolveFetch(options.fetch, fail);
  checkTimeout(timeoutMs, fail);
  if (!(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes > 0)) fail('`maxResponseBytes` must be a whole number of bytes above 0');
  checkHeaders(headers, fail);
  return {
    baseUrl,
    projectId,
    auth,
    send,
    timeoutMs,
    retry: resolveRetry(retry, fail),
    headers,
    maxResponseBytes,
    hooks: checkHooks(options.hooks, fail),
    eventHeaders: resolveEventHeaders(options.eventHeaders, fail),
  };
}

function resolveEventHeaders(extra: unknown, fail: (m: string) => never): ReadonlySet<string> {
  if (extra === undefined) return new Set(EVENT_HEADERS);
  if (!Array.isArray(extra) || extra.some((n) => typeof n !== 'string')) fail('`eventHeaders` must be an array of header names');
  const names = (extra as string[]).map((n) => n.toLowerCase());
  const secret = names.find((n) => CREDENTIAL_HEADERS.has(n));
  if (secret) fail(`\`eventHeaders\` may not show "${secret}": it carries credentials`);
  return new Set([...EVENT_HEADERS, ...names]);
}

function resolveBaseUrl(servers: readonly ServerEntry[], { region, endpoint }: Pick<ClientOptions, 'region' | 'endpoint'>, fail: (m: string) => never): string {
  const server = servers[0];
  const example = server?.url.replace('{region}', server.defaultRegion ?? server.regions[0] ?? '') ?? 'https://…';
  if (endpoint !== undefined) return checkEndpoint(endpoint, example, fail);
  if (region === undefined) fail(`pass \`region\` (for example "${server?.defaultRegion ?? 'cn-north-4'}") or \`endpoint\``);
  checkRegion(region, fail);
  if (!server) return fail('this description has no server: pass `endpoint`');
  return server.url.replace('{region}', region);
}

// Checks the clients and iamTokenProvider share; `fail` throws the caller's TypeError.

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** A region ID such as `cn-north-4`. */
export function checkRegion(region: unknown, fail: (m: string) => never): void {
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z0-9]+)+$/.test(region)) fail('`region` must be a region ID such as "cn-north-4"');
}

/** An absolute http(s) URL without credentials, query or fragment, without its trailing slashes. */
export function checkEndpoint(endpoint: unknown, example: string, fail: (m: string) => never): string {
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    return fail(`\`endpoint\` must be an absolute URL such as ${example}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('`endpoint` must be an http(s) URL');
  if (url.username || url.password) fail('`endpoint` must not contain credentials');
  if (url.search || url.hash) fail('`endpoint` must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** A per-attempt (or per-request) timeout a timer can hold. */
export function checkTimeout(timeoutMs: unknown, fail: (m: string) => never): void {
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) fail('`timeoutMs` must be a number of milliseconds from 1 to 2147483647');
}

/** The `fetch` option, or the global fetch looked up at each call. */
export function resolveFetch(userFetch: unknown, fail: (m: string) => never): Fetch {
  if (userFetch !== undefined && typeof userFetch !== 'function') fail('`fetch` must be a function');
  if (userFetch === undefined && typeof globalThis.fetch !== 'function') fail('no global fetch: pass `fetch`');
  // Called as a plain function: a browser's fetch refuses any `this` but the window ("Illegal invocation").
  return (userFetch as Fetch | undefined) ?? ((input, init) => globalThis.fetch(input, init));
}

/** A header value fetch would refuse, or a credential header (those come from `auth`). */
export function checkHeaders(headers: unknown, fail: (m: string) => never): void {
  if (headers === undefined || headers === null) return;
  if (!isObject(headers)) fail('`headers` must be an object of string values');
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) fail('`headers` has a name that is not a valid HTTP header name');
    if (CLIENT_SET_HEADERS.has(name.toLowerCase())) fail(`\`headers["${name}"]\` is set by the client or carries credentials; pass credentials as \`auth\``);
    if (value === undefined || value === null) continue; // openapi-fetch: unset this header
    if (typeof value !== 'string' || /[\0\r\n]/.test(value)) fail(`\`headers["${name}"]\` must be a string without line breaks or NUL`);
  }
}
