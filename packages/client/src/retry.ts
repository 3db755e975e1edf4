import { MAX_TIMER_MS } from './abort.js';

// The retry policy, as data and two small functions: which calls may be retried, after which
// answers, and how long to wait. core.ts runs the loop.

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Base of the exponential backoff. Default 500 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included. Default 10 000 ms. */
  maxDelayMs?: number;
  /** Retry POST too. Off by default: a retried create can create the job twice. */
  retryPost?: boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Answers worth another attempt: throttled, or a gateway that could not reach the service. */
export const RETRY_STATUS = new Set([429, 502, 503, 504]);

/** How many attempts a call of `method` gets. */
export const attemptsFor = (retry: Required<RetryOptions> | false, method: string): number =>
  retry && (IDEMPOTENT.has(method) || retry.retryPost) ? retry.retries + 1 : 1;

/** Milliseconds before attempt `n + 1`: the server's `Retry-After` (parsed), else exponential backoff with full jitter; capped. */
export function delayBefore(retry: Required<RetryOptions>, n: number, retryAfterMs: number | undefined): number {
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

export function resolveRetry(retry: false | RetryOptions, fail: (message: string) => never): Required<RetryOptions> | false {
  if (retry === false) return false;
  if (typeof retry !== 'object' || retry === null) fail('`retry` must be false or an object');
  // A maxDelayMs below the default minDelayMs lowers the base too, rather than refusing it.
  const base = retry.minDelayMs ?? Math.min(500, typeof retry.maxDelayMs === 'number' ? retry.maxDelayMs : 500);
  const resolved = { retries: 3, maxDelayMs: 10_000, retryPost: false, ...retry, minDelayMs: base };
  const { retries, minDelayMs, maxDelayMs } = resolved;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) fail('`retry.retries` must be a whole number from 0 to 100');
  if (!(typeof minDelayMs === 'number' && typeof maxDelayMs === 'number' && minDelayMs >= 0 && maxDelayMs >= minDelayMs && maxDelayMs <= MAX_TIMER_MS)) {
    fail('`retry` delays must satisfy 0 <= minDelayMs <= maxDelayMs <= 2147483647');
  }
  return resolved;
}
