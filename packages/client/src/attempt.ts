import { follow } from './abort.js';
import { authorize, secretsOf } from './auth.js';
import { BodyTooLarge, BufferedResponse, readBody } from './body.js';
import { credentialsFailure, type CredentialsSource, type Held } from './credentials.js';
import { ViasError, ViasNetworkError, ViasResponseError, ViasTimeoutError, type CallInfo } from './errors.js';
import { emit, observes, shownHeaders, type HookList } from './hooks.js';
import type { Redact } from './redact.js';
import { CallRequest } from './request.js';

// One attempt, as openapi-fetch's `fetch`: a timer bounds it (credentials, sending and reading
// the answer), the caller's signal is followed; credentials go on the attempt's own headers
// (never on a request that middleware saw); redirects are refused; the answer's body is read
// here, up to `maxResponseBytes`; and the request and response events are emitted. Failures
// come out as ViasErrors of their kind, classified by where they happened, or as the caller's
// own abort reason. Nothing (timer, listener) outlives the attempt.

export interface AttemptOptions {
  service: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  credentials: CredentialsSource;
  /** Whether the credentials come from a provider (their secrets then change: each call's redactor gets them). */
  provided: boolean;
  maxResponseBytes: number;
  eventHeaders: ReadonlySet<string>;
  /** The redactor of a call (the client's secrets and the call's). */
  redactFor: (call: CallState) => Redact;
}

/** What one call shares with its attempts. */
export interface CallState {
  id: string;
  operationId: string | undefined;
  signal?: AbortSignal | null;
  hooks: HookList;
  /** The caller reads the body as a stream after the call (raw `parseAs: 'stream'`). */
  streaming: boolean;
  /** Middleware runs: it gets a real Response. */
  realResponse: boolean;
  /** Secrets produced for this call (signatures): redacted whole. */
  secrets: string[];
  /** Long-lived secrets of this call's credentials when they come from a provider: redacted in part too. */
  longLived: string[];
  /** performance.now() when the call began. */
  startedAt: number;
  /** The current attempt, from 1 (the call sets it). */
  attempt: number;
  /** The last attempt: set when it is sent, with its answer once the headers arrived. */
  method?: string;
  url?: string;
  response?: Response;
}

export type Transport = (request: Request | CallRequest, call: CallState) => Promise<Response | BufferedResponse>;

// What a real Request (a call with middleware) carries beyond method, headers and body.
const REQUEST_OPTIONS = ['cache', 'credentials', 'integrity', 'keepalive', 'referrerPolicy'] as const;

type Stage = 'credentials' | 'send' | 'read';

export function createAttempt(options: AttemptOptions): Transport {
  const { service, timeoutMs, fetch: send, credentials, provided, maxResponseBytes, eventHeaders, redactFor } = options;

  // Creating an AbortController costs Node 20 several µs (the pool took ≈ 6 µs off a call in the
  // in-process bench), a large part of a call's own cost. So the attempts of a client reuse
  // theirs: a controller whose attempt ended unaborted goes back to a small pool; an aborted one
  // is dropped. Each is retired after 100 attempts, so that the abort listeners fetch leaves on a
  // signal (removed when its requests are garbage-collected) stay few.
  const pool: Pooled[] = [];
  const release = (entry: Pooled) => {
    if (!entry.controller.signal.aborted && ++entry.uses < 100 && pool.length < 16) pool.push(entry);
  };

  return async function attempt(request, call) {
    if (call.signal?.aborted) throw call.signal.reason; // nothing is sent
    // The attempt's own headers, a plain object: the request (which middleware may have seen)
    // never holds a credential, and fetch validates the values once, not twice.
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const own = request instanceof CallRequest;
    const body = own ? request.bodyInit : request.body === null ? null : await request.arrayBuffer();
    const extras: RequestInit = own ? request.extras : Object.fromEntries(REQUEST_OPTIONS.map((key) => [key, request[key]]));
    const { method, url } = request;
    call.method = method;
    call.url = url;
    call.response = undefined;

    const entry = pool.pop() ?? { controller: new AbortController(), uses: 0 };
    const { controller } = entry;
    let timedOut: ViasTimeoutError | undefined;
    const timer = setTimeout(() => {
      // Its status and request id too when the headers had arrived (the timer then cut the read).
      const at = infoOf(service, call, redactFor);
      timedOut = new ViasTimeoutError(`${service} ${method} ${at.path} timed out after ${timeoutMs} ms`, timeoutMs, at);
      controller.abort(timedOut);
    }, timeoutMs);
    const unfollow = follow(call.signal, controller);
    // Every wait races the attempt's signal, so the timeout and the caller's abort hold even for
    // a custom fetch (or a credentials provider) that ignores its signal.
    let stop: ((reason: unknown) => void) | undefined;
    const onAbort = () => stop?.(controller.signal.reason);
    controller.signal.addEventListener('abort', onAbort);
    const race = <T>(work: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (controller.signal.aborted) return reject(controller.signal.reason);
        stop = reject;
        work.then(resolve, reject);
      });
    let bodyOpen = false; // a streamed body keeps the attempt's signal (it may still be cut by it)
    const end = () => {
      clearTimeout(timer);
      unfollow();
      controller.signal.removeEventListener('abort', onAbort);
      if (!bodyOpen) release(entry);
    };

    let stage: Stage = 'credentials';
    const startedAt = performance.now();
    try {
      const got = credentials(controller.signal);
      const held: Held = got instanceof Promise ? await race(got) : got;
      if (provided) call.longLived = secretsOf(held.credentials);
      const parts = { method, url, headers, body };
      const signed = authorize(parts, held.credentials);
      const secrets = Array.isArray(signed) ? signed : await signed; // signing is work, not a wait: no race
      if (secrets.length) call.secrets.push(...secrets);
      if (observes(call.hooks, 'onRequest')) {
        observe(() => emit(call.hooks, 'onRequest', { ...eventBase(call, service, method, url), headers: shownHeaders(headers, eventHeaders, redactFor(call)) }));
      }

      stage = 'send';
      // VIAS never redirects, and following one to another origin would hand it the credentials:
      // a 3xx comes back as it is (an error to the operation methods).
      const init = { ...extras, method, headers, body, signal: controller.signal, redirect: 'manual' as const };
      const response = await race(send(url, init));
      call.response = response;

      stage = 'read';
      let answer: Response | BufferedResponse;
      if (call.streaming && response.body) {
        bodyOpen = true;
        answer = countedStream(response, maxResponseBytes, () => new ViasResponseError({ ...infoOf(service, call, redactFor), status: response.status }, tooLarge(maxResponseBytes)));
      } else if (response.type === 'opaqueredirect') {
        answer = response;
      } else {
        const bytes = await race(readBody(response, maxResponseBytes));
        const buffered = new BufferedResponse(response, bytes);
        answer = call.realResponse ? buffered.toResponse() : buffered;
      }
      if (observes(call.hooks, 'onResponse')) {
        const redact = redactFor(call);
        const requestId = response.headers.get('x-request-id');
        observe(() =>
          emit(call.hooks, 'onResponse', {
            ...eventBase(call, service, method, url),
            status: response.status,
            durationMs: performance.now() - startedAt,
            requestId: requestId === null ? undefined : redact(requestId),
            headers: shownHeaders(response.headers, eventHeaders, redact),
          }),
        );
      }
      return answer;
    } catch (error) {
      if (error instanceof HookFailure) throw error.error; // a hook's own exception, as it threw it
      if (call.signal?.aborted) throw call.signal.reason; // the caller's abort: theirs, never retried
      if (timedOut) throw timedOut;
      const at = infoOf(service, call, redactFor);
      if (error instanceof BodyTooLarge) throw new ViasResponseError({ ...at, status: call.response!.status }, tooLarge(error.limit));
      if (stage === 'credentials') throw credentialsFailure(error, `${service} ${method} ${at.path}`, redactFor(call));
      if (error instanceof ViasError) throw error;
      // The request could not be sent or answered, or the answer broke off: retried when it can be.
      throw new ViasNetworkError(at, error, redactFor(call));
    } finally {
      end();
    }
  };
}

/** An exception a hook threw, carried past the attempt's classification of failures. */
class HookFailure {
  constructor(readonly error: unknown) {}
}
function observe(run: () => void): void {
  try {
    run();
  } catch (error) {
    throw new HookFailure(error);
  }
}

const tooLarge = (limit: number) => `a body larger than ${limit} bytes (maxResponseBytes, counted after decompression): the client stopped reading it there`;

function eventBase(call: CallState, service: string, method: string, url: string) {
  return { callId: call.id, service, operationId: call.operationId, method, path: pathOf(url), attempt: call.attempt };
}

/** What an error of the call's last attempt can say: service, method, path, status, request id (redacted). */
export function infoOf(service: string, call: CallState, redactFor: (call: CallState) => Redact): CallInfo {
  const requestId = call.response?.headers.get('x-request-id');
  return {
    service,
    method: call.method ?? '',
    path: call.url ? pathOf(call.url) : '',
    ...(call.response ? { status: call.response.status } : {}),
    ...(requestId ? { requestId: redactFor(call)(requestId) } : {}),
  };
}

/** A Response whose body errors with `tooLarge()` once more than `limit` bytes went through. */
function countedStream(response: Response, limit: number, tooLarge: () => Error): Response {
  let size = 0;
  const counted = response.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}

interface Pooled {
  controller: AbortController;
  uses: number;
}

export const pathOf = (url: string): string => new URL(url).pathname;
