import { MAX_TIMER_MS } from './abort.js';
import { ViasNetworkError, ViasTimeoutError } from './errors.js';
import type { RetryEvent } from './hooks.js';

// The retry policy, as data and small functions: which calls may be retried, after which
// answers or failures, and how long to wait; `shouldRetry` overrides the decision and `onRetry`
// sees each retry. call.ts runs the loop.

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Base of the exponential backoff. Default 500 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included. Default 10 000 ms. */
  maxDelayMs?: number;
  /** Retry POST too. Off by default: a retried create can create the job twice. */
  retryPost?: boolean;
  /**
   * Decides whether a failed attempt is retried, while retries remain: `retryable` is the
   * default decision (an idempotent call after 429, 502, 503, 504, a network failure or a
   * timeout). Return `true` or `false`; anything else keeps the default.
   */
  shouldRetry?: (decision: RetryDecision) => boolean | undefined;
  /** Called before each retry's wait (the same event as the `onRetry` hook). */
  onRetry?: (event: RetryEvent) => void;
}

/** What `shouldRetry` decides on: the attempt that failed, and the default decision. */
export interface RetryDecision {
  operationId: string | undefined;
  method: string;
  path: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** Its HTTP status, when it was answered. */
  status: number | undefined;
  /** What it failed with, when it got no usable answer (ViasNetworkError, ViasTimeoutError, ViasResponseError…). */
  error: unknown;
  /** `Retry-After` of the answer, in ms, when it had one. */
  retryAfterMs: number | undefined;
  /** The default decision. */
  retryable: boolean;
}

/** The policy, resolved: numbers checked, hooks kept. */
export type RetryPolicy = Required<Omit<RetryOptions, 'shouldRetry' | 'onRetry'>> & Pick<RetryOptions, 'shouldRetry' | 'onRetry'>;

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Answers worth another attempt: throttled, or a gateway that could not reach the service. */
const RETRY_STATUS = new Set([429, 502, 503, 504]);

/** How many attempts a call of `method` may get (`shouldRetry` may allow a POST too). */
export const attemptsFor = (retry: RetryPolicy | false): number => (retry ? retry.retries + 1 : 1);

/**
 * The default decision: an idempotent method (or POST with `retryPost`) after a throttled or
 * gateway answer whose `Retry-After` (if any) the client may wait for, or after a network
 * failure or a timeout.
 */
export function retryable(policy: RetryPolicy, method: string, status: number | undefined, error: unknown, retryAfterMs: number | undefined): boolean {
  if (!(IDEMPOTENT.has(method) || policy.retryPost)) return false;
  // A server that asks for a longer wait than the client may make is answered as it is.
  if (status !== undefined && error === undefined) return RETRY_STATUS.has(status) && !(retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs);
  return error instanceof ViasNetworkError || error instanceof ViasTimeoutError;
}

/** Milliseconds before attempt `n + 1`: the server's `Retry-After` (parsed), else exponential backoff with full jitter; capped. */
export function delayBefore(retry: RetryPolicy, n: number, retryAfterMs: number | undefined): number {
  return Math.min(retryAfterMs ?? Math.random() * retry.minDelayMs * 2 ** (n - 1), retry.maxDelayMs);
}

// An HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms).
const HTTP_DATE =
  /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; anything else ('-1', '1.5', '5, 6') is ignored. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_TIMER_MS);
  if (!HTTP_DATE.test(text)) return undefined;
  const ms = Date.parse(text) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

export function resolveRetry(retry: false | RetryOptions, fail: (message: string) => never): RetryPolicy | false {
  if (retry === false) return false;
  if (typeof retry !== 'object' || retry === null) fail('`retry` must be false or an object');
  // A maxDelayMs below the default minDelayMs lowers the base too, rather than refusing it.
  const base = retry.minDelayMs ?? Math.min(500, typeof retry.maxDelayMs === 'number' ? retry.maxDelayMs : 500);
  const resolved: RetryPolicy = { retries: 3, maxDelayMs: 10_000, retryPost: false, ...retry, minDelayMs: base };
  const { retries, minDelayMs, maxDelayMs, shouldRetry, onRetry } = resolved;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) fail('`retry.retries` must be a whole number from 0 to 100');
  if (!(typeof minDelayMs === 'number' && typeof maxDelayMs === 'number' && minDelayMs >= 0 && maxDelayMs >= minDelayMs && maxDelayMs <= MAX_TIMER_MS)) {
    fail('`retry` delays must satisfy 0 <= minDelayMs <= maxDelayMs <= 2147483647');
  }
  if (shouldRetry !== undefined && typeof shouldRetry !== 'function') fail('`retry.shouldRetry` must be a function');
  if (onRetry !== undefined && typeof onRetry !== 'function') fail('`retry.onRetry` must be a function');
  return resolved;
}
