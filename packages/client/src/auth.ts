import { signParts } from '@vias-openapi/signer';
import { describeProblem, shapeProblem, type StaticCredentials, type ViasAuth } from './credentials.js';

export type { ViasAuth } from './credentials.js';

/** What one attempt sends, before credentials are added to its own copy of the headers (lower-case names). */
export interface Attempt {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: BodyInit | null;
}

const NONE: string[] = [];

/**
 * Adds credentials to an attempt's headers, after every other header is set: an IAM token as
 * `X-Auth-Token`, or an AK/SK signature (signed again for each attempt, with a fresh date). It
 * returns the secrets it produced (the signature), so errors of this call can redact them.
 */
export function authorize(attempt: Attempt, credentials: StaticCredentials): string[] | Promise<string[]> {
  if ('token' in credentials) {
    attempt.headers['x-auth-token'] = credentials.token;
    return NONE;
  }
  return sign(attempt, credentials);
}

async function sign(attempt: Attempt, credentials: Exclude<StaticCredentials, { token: string }>): Promise<string[]> {
  const { body } = attempt;
  // Bytes are signed; a body whose bytes fetch only settles when it sends it (FormData, a
  // stream) is sent unsigned, as the official SDK does for non-JSON bodies.
  const signable = body === null || typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body);
  if (!signable) attempt.headers['x-sdk-content-sha256'] = 'UNSIGNED-PAYLOAD';
  const parts = { method: attempt.method, url: attempt.url, headers: attempt.headers, body: signable ? (body as string | ArrayBuffer | null) : null };
  const { authorization, signature, sdkDate } = await signParts(parts, credentials);
  if (credentials.securityToken) attempt.headers['x-security-token'] = credentials.securityToken;
  attempt.headers['x-sdk-date'] = sdkDate;
  attempt.headers.authorization = authorization;
  return [authorization, signature];
}

/** The long-lived secrets of credentials (redacted whole, in part and encoded). */
export const secretsOf = (credentials: StaticCredentials): string[] =>
  'token' in credentials ? [credentials.token] : [credentials.secretKey, credentials.securityToken ?? ''];

/** Checks `auth` (static credentials or a provider) without ever echoing a value; `factory` names the caller in errors. */
export function checkAuth(factory: string, auth: unknown): asserts auth is ViasAuth {
  if (typeof auth === 'function') return;
  const problem = shapeProblem(auth);
  if (!problem) return;
  const message =
    problem.kind === 'not-an-object'
      ? '`auth` must be an object: { token } or { accessKey, secretKey, securityToken? }, or a credentials provider (a function)'
      : problem.kind === 'both'
        ? 'pass `auth.token` or `auth.accessKey`, not both'
        : describeProblem(problem, '`auth`').replace(/^`auth`\.(\w+)/, '`auth.$1`');
  throw new TypeError(`${factory}: ${message}`);
}
