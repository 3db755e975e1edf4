import type { Client, Middleware } from 'openapi-fetch';
import { sleep } from './abort.js';
import type { CallState, Transport } from './attempt.js';
import { infoOf as callInfo } from './attempt.js';
import { BodyUndecodable, BufferedResponse } from './body.js';
import { ViasResponseError, type CallInfo } from './errors.js';
import { emit, nextCallId, observes, type HookList } from './hooks.js';
import type { Redact } from './redact.js';
import { CallRequest } from './request.js';
import { attemptsFor, delayBefore, parseRetryAfter, retryable, type RetryPolicy } from './retry.js';

// One call: openapi-fetch builds the request and parses the answer the attempt read; the retry
// policy decides after each failed attempt whether another follows; the retry and error events
// are emitted here (the request and response events by the attempt).

export interface CallOptions {
  service: string;
  raw: Client<any>;
  attempt: Transport;
  retry: RetryPolicy | false;
  clientHooks: HookList;
  redactFor: (call: CallState) => Redact;
}

/** What a call adds to openapi-fetch's init: its operation, hooks and middleware. */
export interface CallMeta {
  operationId: string | undefined;
  hooks: HookList;
  middleware: readonly Middleware[];
}

export type Init = Record<string, unknown> & { signal?: AbortSignal | null; params?: { path?: object; query?: object } };
export interface Result {
  data?: unknown;
  error?: unknown;
  response: Response | BufferedResponse;
}

export interface Caller {
  call(method: string, path: string, init: Init, meta: CallMeta): Promise<{ result: Result; state: CallState }>;
  /** Emits the error event of a call that fails with `error`, and returns the error to throw. */
  fail(state: CallState, error: unknown): unknown;
  /** What an error of this call can say: service, method, path, status, request id (redacted). */
  infoOf(state: CallState): CallInfo;
}

export function createCaller({ service, raw, attempt, retry, clientHooks, redactFor }: CallOptions): Caller {
  const infoOf = (state: CallState): CallInfo => callInfo(service, state, redactFor);

  function fail(state: CallState, error: unknown): unknown {
    if (observes(state.hooks, 'onError')) {
      const info = infoOf(state);
      emit(state.hooks, 'onError', {
        callId: state.id,
        service,
        operationId: state.operationId,
        method: info.method,
        path: info.path,
        attempt: state.attempt,
        error,
        status: info.status,
        requestId: info.requestId,
        durationMs: performance.now() - state.startedAt,
      });
    }
    return error;
  }

  /** What openapi-fetch threw while it read the answer, as the error contract says (by the error's type). */
  function afterAnswer(error: unknown, state: CallState): unknown {
    if (state.signal?.aborted) return state.signal.reason;
    if (!state.response) return error; // the attempt's own ViasError, a bad argument, or middleware's own error
    const info = { ...infoOf(state), status: state.response.status };
    // openapi-fetch parses a 2xx body as JSON: a proxy's HTML page fails there. The parser's
    // message quotes the body, which may echo a credential, so it is not kept.
    if (error instanceof SyntaxError) return new ViasResponseError(info, 'a body that is not valid JSON');
    if (error instanceof BodyUndecodable) return new ViasResponseError(info, 'a body too large to decode as text (raise no further `maxResponseBytes`)');
    return error;
  }

  async function call(method: string, path: string, init: Init, meta: CallMeta): Promise<{ result: Result; state: CallState }> {
    const { signal, params, ...rest } = init;
    const hooks = meta.hooks.length ? [...clientHooks, ...meta.hooks] : clientHooks;
    const state: CallState = {
      id: nextCallId(),
      operationId: meta.operationId,
      signal,
      hooks,
      streaming: rest.parseAs === 'stream',
      realResponse: meta.middleware.length > 0,
      secrets: [],
      longLived: [],
      startedAt: performance.now(),
      attempt: 0,
      method, // until an attempt sets what it sent
    };
    const options = {
      ...rest,
      // openapi-fetch fills the path only when `params.path` is set; `{project_id}` always needs it.
      params: { ...params, path: params?.path ?? {} },
      fetch: (request: Request | CallRequest) => attempt(request, state),
      // Calls that run middleware build real Requests, so middleware sees what it expects.
      ...(meta.middleware.length ? { Request: globalThis.Request, middleware: meta.middleware } : {}),
    };
    const attempts = attemptsFor(retry);
    for (let n = 1; ; n++) {
      state.attempt = n;
      let result: Result | undefined;
      let failure: unknown;
      try {
        result = (await raw.request(method as never, path as never, options as never)) as Result;
      } catch (error) {
        failure = afterAnswer(error, state);
      }
      const status = result ? result.response.status : state.response?.status;
      if (result && (result.response.ok || result.response.type === 'opaqueredirect')) return { result, state };
      if (state.signal?.aborted) throw fail(state, state.signal.reason);
      if (!retry || n >= attempts) {
        if (result) return { result, state };
        throw fail(state, failure);
      }
      const retryAfterMs = result ? parseRetryAfter(result.response.headers.get('Retry-After')) : undefined;
      let again = retryable(retry, method, result ? status : undefined, failure, retryAfterMs);
      if (retry.shouldRetry) {
        const info = infoOf(state);
        const decided = retry.shouldRetry({
          operationId: state.operationId,
          method,
          path: info.path,
          attempt: n,
          status,
          error: failure,
          retryAfterMs,
          retryable: again,
        });
        if (typeof decided === 'boolean') again = decided;
      }
      if (!again) {
        if (result) return { result, state };
        throw fail(state, failure);
      }
      const delayMs = delayBefore(retry, n, retryAfterMs);
      if (retry.onRetry || observes(hooks, 'onRetry')) {
        const info = infoOf(state);
        const event = { callId: state.id, service, operationId: state.operationId, method, path: info.path, attempt: n, delayMs, status, error: failure };
        retry.onRetry?.(event);
        emit(hooks, 'onRetry', event);
      }
      try {
        await sleep(delayMs, signal ?? undefined);
      } catch (reason) {
        throw fail(state, reason);
      }
    }
  }

  return { call, fail, infoOf };
}
