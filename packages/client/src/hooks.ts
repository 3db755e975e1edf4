import { REDACTED, type Redact } from './redact.js';

// Hooks to observe calls: per client (`hooks` option) and per call (`hooks` in a method's input),
// each attempt's request and response, the retries and the call's
// failure, with what a log line or a trace span needs. They observe only: what they return is
// ignored, they run synchronously inside the call (an exception a hook throws rejects the
// call), and the headers they see are filtered by an allowlist and redacted, so no credential
// reaches them.

/** What every event says about its call and attempt. */
export interface CallEvent {
  /** Identifies the call: every attempt and event of one call shares it. */
  callId: string;
  /** `VIAS` or `VAS`. */
  service: string;
  /** The operation's ID (`showTask`), also for a raw call of a documented path; undefined for an undocumented one. */
  operationId: string | undefined;
  method: string;
  /** The request's path, without origin or query (as errors give it). */
  path: string;
  /** The attempt this event is about, from 1. */
  attempt: number;
}

/** An attempt is about to be sent (its credentials are set). */
export interface RequestEvent extends CallEvent {
  /** The request's headers: values of allowlisted names, `[REDACTED]` for the others. */
  headers: Record<string, string>;
}

/** An attempt was answered and its body read, whatever the status. */
export interface ResponseEvent extends CallEvent {
  status: number;
  /** From the start of the attempt (credentials included) to having read its answer. */
  durationMs: number;
  /** `X-Request-Id` of the answer, redacted. */
  requestId: string | undefined;
  /** The answer's headers: values of allowlisted names, `[REDACTED]` for the others. */
  headers: Record<string, string>;
}

/** Another attempt follows after `delayMs`: the attempt was answered with `status`, or failed with `error`. */
export interface RetryEvent extends CallEvent {
  delayMs: number;
  status: number | undefined;
  /** What the attempt failed with, when it got no usable answer (a ViasNetworkError, a ViasTimeoutError…). */
  error: unknown;
}

/** The call failed: `error` is what it throws. `attempt` is its last attempt; `durationMs` covers them all. */
export interface ErrorEvent extends CallEvent {
  error: unknown;
  status: number | undefined;
  requestId: string | undefined;
  durationMs: number;
}

export interface ViasHooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onError?(event: ErrorEvent): void;
}

/**
 * Headers whose values events show: none is a credential, and each helps to read a log. Any
 * other header appears with the value `[REDACTED]` unless `eventHeaders` adds its name.
 */
export const EVENT_HEADERS: readonly string[] = Object.freeze([
  'accept',
  'content-encoding',
  'content-length',
  'content-type',
  'date',
  'retry-after',
  'traceparent',
  'tracestate',
  'user-agent',
  'x-language',
  'x-request-id',
  'x-sdk-content-sha256',
  'x-sdk-date',
]);

/** Header names that carry credentials: never shown, never allowed by `eventHeaders`. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['x-auth-token', 'authorization', 'x-security-token', 'x-subject-token', 'cookie', 'set-cookie', 'proxy-authorization']);

export type HookName = keyof ViasHooks;

/** The hooks of one call: the client's, then the call's own. */
export type HookList = readonly ViasHooks[];

/** Calls `name` on every hook object of the list that has it. */
export function emit<N extends HookName>(hooks: HookList, name: N, event: Parameters<NonNullable<ViasHooks[N]>>[0]): void {
  for (const h of hooks) {
    const hook = h[name] as ((e: typeof event) => void) | undefined;
    if (hook) hook.call(h, event);
  }
}

/** Whether any hook of the list observes `name` (so events are built only when observed). */
export const observes = (hooks: HookList, name: HookName): boolean => hooks.some((h) => typeof h[name] === 'function');

/** Headers as events show them: allowlisted values (redacted), `[REDACTED]` for the rest. */
export function shownHeaders(headers: Headers | Record<string, string>, allowed: ReadonlySet<string>, redact: Redact): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (value: string, name: string) => {
    const key = name.toLowerCase();
    out[key] = allowed.has(key) && !CREDENTIAL_HEADERS.has(key) ? redact(value) : REDACTED;
  };
  if (headers instanceof Headers) headers.forEach(add);
  else for (const [name, value] of Object.entries(headers)) add(value, name);
  return out;
}

/** Checks a hooks object (the client's or a call's); `fail` names the option. */
export function checkHooks(hooks: unknown, fail: (message: string) => never, option = '`hooks`'): HookList {
  if (hooks === undefined) return [];
  if (typeof hooks !== 'object' || hooks === null) fail(`${option} must be an object of functions (onRequest, onResponse, onRetry, onError)`);
  for (const [name, value] of Object.entries(hooks as Record<string, unknown>)) {
    if (!['onRequest', 'onResponse', 'onRetry', 'onError'].includes(name)) fail(`${option} has an unknown hook "${name}" (onRequest, onResponse, onRetry, onError)`);
    if (value !== undefined && typeof value !== 'function') fail(`${option}.${name} must be a function`);
  }
  return [hooks as ViasHooks];
}

let calls = 0;
/** A new call ID: short, unique in this process. */
export const nextCallId = (): string => (++calls).toString(36);
