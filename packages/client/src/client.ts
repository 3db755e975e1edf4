import createClient, { defaultPathSerializer, type Client } from 'openapi-fetch';
import { authorizer, checkAuth, type ViasAuth } from './auth.js';
import { throwOnHttpError } from './errors.js';
import { bindOperations, type OperationMethods } from './operations.js';
import { createViasFetch, type RetryOptions } from './retry.js';
import type { TaskDetail, ViasPaths } from './types.js';
import { waitForTask, type WaitForTaskOptions } from './wait.js';

export interface ViasClientOptions {
  /** Region ID such as `cn-north-4`; the endpoint becomes `https://vias.{region}.myhuaweicloud.com`. */
  region?: string;
  /** Full endpoint URL; overrides `region`. */
  endpoint?: string;
  /** Project ID of the region; filled into every `{project_id}` path parameter. */
  projectId: string;
  auth: ViasAuth;
  /** Custom fetch (tests, proxies, other runtimes). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per-attempt timeout. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: false | RetryOptions;
  /** Headers added to every request. */
  headers?: Record<string, string>;
}

/**
 * The openapi-fetch client (`GET`, `POST`, …, `use`) typed by the spec without `project_id`,
 * one method per operationId, and `waitForTask`.
 */
export type ViasClient = Client<ViasPaths> &
  OperationMethods & {
    /** Polls `showTask` until the task reaches a terminal state (or one of `until`). */
    waitForTask(taskId: string, options?: WaitForTaskOptions): Promise<TaskDetail>;
  };

export function createViasClient(options: ViasClientOptions): ViasClient {
  if (typeof options !== 'object' || options === null) fail('pass an options object');
  const { projectId, auth, headers, fetch: fetchImpl = globalThis.fetch, timeoutMs = 30_000, retry = {} } = options;
  const baseUrl = resolveBaseUrl(options);
  if (typeof projectId !== 'string' || projectId === '') fail('`projectId` must be a non-empty string');
  checkAuth(auth);
  if (typeof fetchImpl !== 'function') fail('`fetch` must be a function (no global fetch found)');
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) fail('`timeoutMs` must be a positive number');
  if (headers !== undefined && !isStringRecord(headers)) fail('`headers` must be an object of string values');

  const client = createClient<ViasPaths>({
    baseUrl,
    headers,
    fetch: createViasFetch({ fetch: fetchImpl, timeoutMs, retry: resolveRetry(retry), authorize: authorizer(auth) }),
    // Callers never pass project_id: it is the same for every call of this client.
    pathSerializer: (path, params) => defaultPathSerializer(path, { ...params, project_id: projectId }),
  });
  client.use(throwOnHttpError);
  const operations = bindOperations(client);
  return {
    ...client,
    ...operations,
    waitForTask: (taskId, waitOptions) => waitForTask(operations.showTask, taskId, waitOptions),
  };
}

function resolveBaseUrl({ region, endpoint }: Pick<ViasClientOptions, 'region' | 'endpoint'>): string {
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      fail('`endpoint` must be an absolute URL such as https://vias.cn-north-4.myhuaweicloud.com');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('`endpoint` must be an http(s) URL');
    if (url.username || url.password) fail('`endpoint` must not contain credentials');
    if (url.search || url.hash) fail('`endpoint` must not have a query or fragment');
    return url.href.replace(/\/+$/, '');
  }
  if (region === undefined) fail('pass `region` (for example "cn-north-4") or `endpoint`');
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z0-9]+)+$/.test(region)) {
    fail('`region` must be a region ID such as "cn-north-4"');
  }
  return `https://vias.${region}.myhuaweicloud.com`;
}

function resolveRetry(retry: false | RetryOptions): Required<RetryOptions> | false {
  if (retry === false) return false;
  const resolved = { retries: 3, minDelayMs: 500, maxDelayMs: 10_000, retryPost: false, ...retry };
  const { retries, minDelayMs, maxDelayMs } = resolved;
  if (!Number.isInteger(retries) || retries < 0) fail('`retry.retries` must be a whole number >= 0');
  if (!(minDelayMs >= 0 && maxDelayMs >= minDelayMs)) fail('`retry` delays must satisfy 0 <= minDelayMs <= maxDelayMs');
  return resolved;
}

const isStringRecord = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');

// Messages name the option, never its value: values may be secrets.
function fail(message: string): never {
  throw new TypeError(`createViasClient: ${message}`);
}
