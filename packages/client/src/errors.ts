import type { Middleware } from 'openapi-fetch';
import type { ErrorResponse } from './types.js';

// Errors carry only the method, the URL path and what the server said: never request headers,
// query strings or credentials, so they are safe to log as they are.

/** Base class of every error this client throws (except the caller's own AbortError). */
export class ViasError extends Error {
  override name = 'ViasError';
}

/** The service answered with a non-2xx status. */
export class ViasApiError extends ViasError implements Partial<ErrorResponse> {
  override name = 'ViasApiError';
  readonly status: number;
  readonly error_code?: string;
  readonly error_msg?: string;
  readonly detail?: string;
  readonly params?: string[];
  readonly reason?: string;
  readonly advice?: string;
  /** `X-Request-Id` of the response: quote it when you ask Huawei Cloud support. */
  readonly requestId?: string;
  readonly method: string;
  /** Path of the request, without origin or query. */
  readonly url: string;
  /** The parsed JSON body, or the raw text when the body is not JSON. */
  readonly body: unknown;

  constructor(init: { status: number; method: string; url: string; requestId?: string; body: unknown }) {
    const fields: Partial<ErrorResponse> = isObject(init.body) ? init.body : {};
    const said = fields.error_code || fields.error_msg ? `: ${[fields.error_code, fields.error_msg].filter(Boolean).join(' ')}` : '';
    const id = init.requestId ? ` (request id ${init.requestId})` : '';
    super(`VIAS ${init.method} ${init.url} failed with HTTP ${init.status}${said}${id}`);
    this.status = init.status;
    for (const key of ['error_code', 'error_msg', 'detail', 'params', 'reason', 'advice'] as const) {
      if (fields[key] !== undefined) Object.assign(this, { [key]: fields[key] });
    }
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
    this.body = init.body;
  }

  static async from(request: Request, response: Response): Promise<ViasApiError> {
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (an HTML page from a proxy, say): keep the text.
    }
    return new ViasApiError({
      status: response.status,
      method: request.method,
      url: pathOf(request.url),
      requestId: response.headers.get('X-Request-Id') ?? undefined,
      body,
    });
  }
}

/** A request attempt, or `waitForTask`, took longer than its `timeoutMs`. */
export class ViasTimeoutError extends ViasError {
  override name = 'ViasTimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/** The request could not reach the service (after any retries); `cause` holds the fetch error. */
export class ViasNetworkError extends ViasError {
  override name = 'ViasNetworkError';
  constructor(method: string, url: string, cause: unknown) {
    const detail = (cause as { cause?: Error })?.cause?.message ?? (cause as Error)?.message;
    super(`VIAS ${method} ${pathOf(url)} failed: network error${detail ? ` (${detail})` : ''}`, { cause });
  }
}

/** Middleware that turns every non-2xx response into a ViasApiError, for the raw verbs too. */
export const throwOnHttpError: Middleware = {
  async onResponse({ request, response }) {
    if (!response.ok) throw await ViasApiError.from(request, response);
  },
};

export const pathOf = (url: string): string => new URL(url).pathname;

const isObject = (value: unknown): value is Record<string, never> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
