import type { AkSkCredentials } from '@vias-openapi/signer';
import { redactedError, ViasCredentialsError, ViasError } from './errors.js';
import type { Redact } from './redact.js';

// Credentials that change: `auth` takes, besides a static token or key pair, a provider — an
// async function that returns a token or a key pair, with when it expires. The client calls it
// when it needs credentials, keeps what it returned until shortly before it expires, and asks
// again then; calls that need credentials while a request to the provider is under way wait for
// that one request (so 100 parallel calls on an expired token make one IAM request). A provider
// shared by several clients is one cache.

/** A static IAM token (sent as `X-Auth-Token`) or access key pair (signs every request). */
export type StaticCredentials = { token: string } | AkSkCredentials;

/** What a provider returns: credentials, and when they stop working (ISO text, `Date` or epoch ms). */
export type ProvidedCredentials = StaticCredentials & { expiresAt?: Date | string | number };

/** An async function that obtains credentials (an IAM token, temporary AK/SK…). */
export type CredentialsProvider = (request: CredentialsRequest) => ProvidedCredentials | Promise<ProvidedCredentials>;

export interface CredentialsRequest {
  /** Aborts when no call waits for these credentials any more (every one was aborted or timed out). */
  signal: AbortSignal;
}

/** `auth`: static credentials, or a provider (see cachedCredentials for how it is called). */
export type ViasAuth = StaticCredentials | CredentialsProvider;

export interface CredentialsCacheOptions {
  /** Ask the provider again this long before the credentials expire. Default 300 000 ms (5 minutes). */
  refreshBeforeMs?: number;
  /** The clock, in epoch milliseconds (tests). Default `Date.now`. */
  now?: () => number;
}

/** Credentials as the client uses them: the static shape and, if known, the expiry in epoch ms. */
export interface Held {
  credentials: StaticCredentials;
  expiresAt: number | undefined;
}

/** Gets credentials for one attempt; `signal` is the attempt's (its timeout and the caller's abort). */
export type CredentialsSource = (signal: AbortSignal) => Held | Promise<Held>;

const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
/** How long still-valid credentials are used without asking again after a refresh failed. */
const RETRY_AFTER_FAILURE_MS = 30_000;

// One cache per provider function, so clients that share a provider share its credentials.
const caches = new WeakMap<CredentialsProvider, CredentialsSource>();

/**
 * `provider` with the client's caching made explicit: credentials are kept until
 * `refreshBeforeMs` before their `expiresAt` (forever without one), then asked for again, once
 * for all the calls that need them. When asking again fails while the credentials held have
 * not expired yet, calls go on with them and the provider is asked again 30 s later at the
 * earliest; once they have expired, the failure is a ViasCredentialsError. Passing a provider to `auth` does this with the
 * defaults; call this to choose `refreshBeforeMs` or the clock.
 */
export function cachedCredentials(provider: CredentialsProvider, options: CredentialsCacheOptions = {}): CredentialsProvider {
  if (typeof provider !== 'function') throw new TypeError('cachedCredentials: `provider` must be a function');
  const source = createSource(provider, options);
  const wrapped: CredentialsProvider = async ({ signal }) => {
    const { credentials, expiresAt } = await source(signal);
    return { ...credentials, ...(expiresAt === undefined ? {} : { expiresAt }) };
  };
  caches.set(wrapped, source);
  return wrapped;
}

/** The credentials source of `auth`: static credentials as they are, a provider through its (shared) cache. */
export function sourceOf(auth: ViasAuth): CredentialsSource {
  if (typeof auth !== 'function') {
    const held: Held = { credentials: auth, expiresAt: undefined };
    return () => held;
  }
  let source = caches.get(auth);
  if (!source) caches.set(auth, (source = createSource(auth, {})));
  return source;
}

function createSource(provider: CredentialsProvider, options: CredentialsCacheOptions): CredentialsSource {
  const { refreshBeforeMs = DEFAULT_REFRESH_BEFORE_MS, now = Date.now } = options;
  if (!(typeof refreshBeforeMs === 'number' && refreshBeforeMs >= 0 && Number.isFinite(refreshBeforeMs))) {
    throw new TypeError('cachedCredentials: `refreshBeforeMs` must be a number of milliseconds >= 0');
  }
  if (typeof now !== 'function') throw new TypeError('cachedCredentials: `now` must be a function');

  let held: Held | undefined;
  let pending: { promise: Promise<Held>; controller: AbortController; waiting: number } | undefined;
  // After a failed refresh while the credentials held are still valid, they are used without
  // asking again until then (so an outage of the provider does not cost every call a request).
  let quietUntil = 0;

  const valid = (h: Held | undefined): h is Held => !!h && (h.expiresAt === undefined || now() < h.expiresAt);
  const fresh = (h: Held | undefined): h is Held =>
    !!h && (h.expiresAt === undefined || now() < h.expiresAt - refreshBeforeMs || (now() < quietUntil && valid(h)));

  function refresh(): NonNullable<typeof pending> {
    const controller = new AbortController();
    const promise = (async () => {
      try {
        // Called after a tick: a provider that throws synchronously would otherwise run
        // `finally` before `pending` is set below, leaving its failure there for good.
        held = heldFrom(await Promise.resolve().then(() => provider({ signal: controller.signal })));
        quietUntil = 0;
        return held;
      } catch (error) {
        if (valid(held)) quietUntil = now() + RETRY_AFTER_FAILURE_MS;
        throw error;
      } finally {
        pending = undefined;
      }
    })();
    promise.catch(() => {}); // each waiting call handles the failure
    return (pending = { promise, controller, waiting: 0 });
  }

  return (signal) => {
    if (fresh(held)) return held;
    const current = pending ?? refresh();
    current.waiting++;
    return new Promise<Held>((resolve, reject) => {
      let done = false;
      const settle = () => {
        done = true;
        current.waiting--;
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (done) return;
        settle();
        // Nobody waits any more: the provider's request may stop.
        if (current.waiting === 0 && pending === current) current.controller.abort(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      current.promise.then(
        (h) => {
          if (done) return;
          settle();
          resolve(h);
        },
        (error: unknown) => {
          if (done) return;
          settle();
          if (valid(held)) resolve(held); // still good: carry on, ask again at the next call
          else reject(error);
        },
      );
    });
  };
}

/** The static shape of what a provider returned, checked; never quotes a value. */
function heldFrom(got: unknown): Held {
  const problem = shapeProblem(got);
  if (problem) throw new ViasCredentialsError(`the credentials provider's answer is wrong: ${describeProblem(problem, 'its credentials')}`);
  const { expiresAt, ...rest } = got as ProvidedCredentials;
  let at: number | undefined;
  if (expiresAt !== undefined) {
    at = expiresAt instanceof Date ? expiresAt.getTime() : typeof expiresAt === 'number' ? expiresAt : Date.parse(expiresAt);
    if (!Number.isFinite(at)) throw new ViasCredentialsError('the credentials provider returned an `expiresAt` that is not a date');
  }
  const credentials: StaticCredentials =
    'token' in rest ? { token: rest.token } : { accessKey: rest.accessKey, secretKey: rest.secretKey, ...(rest.securityToken ? { securityToken: rest.securityToken } : {}) };
  return { credentials, expiresAt: at };
}

// Visible ASCII only: what an IAM token, an AK and an STS token are made of. Anything else would
// make fetch throw a TypeError that quotes the whole value.
export const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** What is wrong with a would-be `{ token }` or `{ accessKey, secretKey, securityToken? }` (never its value). */
type ShapeProblem =
  | { kind: 'not-an-object' }
  | { kind: 'both' }
  | { kind: 'empty-token' }
  | { kind: 'pair' }
  | { kind: 'unsendable'; field: 'token' | 'accessKey' | 'securityToken' };

/** Why `value` is not `{ token }` or `{ accessKey, secretKey, securityToken? }` of sendable strings, if it is not. */
export function shapeProblem(value: unknown): ShapeProblem | undefined {
  // Before any `in`: on a string (the token itself, passed by mistake) V8's TypeError quotes it.
  if (typeof value !== 'object' || value === null) return { kind: 'not-an-object' };
  const a = value as Record<string, unknown>;
  const filled = (key: string) => typeof a[key] === 'string' && a[key] !== '';
  const sendable = (key: string) => a[key] === undefined || (typeof a[key] === 'string' && HEADER_SAFE.test(a[key]));
  if ('token' in a && 'accessKey' in a) return { kind: 'both' };
  if ('token' in a) {
    if (!filled('token')) return { kind: 'empty-token' };
    return sendable('token') ? undefined : { kind: 'unsendable', field: 'token' };
  }
  if (!filled('accessKey') || !filled('secretKey') || !(a.securityToken === undefined || typeof a.securityToken === 'string')) return { kind: 'pair' };
  for (const field of ['accessKey', 'securityToken'] as const) if (!sendable(field)) return { kind: 'unsendable', field };
  return undefined;
}

/** A problem as a phrase about `subject` (`auth`, or what a provider returned). */
export function describeProblem(problem: ShapeProblem, subject: string): string {
  switch (problem.kind) {
    case 'not-an-object':
      return `${subject} must be an object: { token } or { accessKey, secretKey, securityToken? }`;
    case 'both':
      return `${subject} has both \`token\` and \`accessKey\`: pass one`;
    case 'empty-token':
      return `${subject}.token must be a non-empty string`;
    case 'pair':
      return `${subject} must be { token } or { accessKey, secretKey, securityToken? } with non-empty strings`;
    case 'unsendable':
      return `${subject}.${problem.field} contains a character that cannot be sent in an HTTP header (a line break, a space, a control character)`;
  }
}

/** A failure of the credentials source, as the call reports it: a ViasError, redacted, never quoting a secret. */
export function credentialsFailure(error: unknown, describe: string, redact: Redact): ViasError {
  if (error instanceof ViasError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ViasCredentialsError(`${describe}: the credentials provider failed: ${redact(message)}`, undefined, { cause: redactedError(error, redact) });
}

