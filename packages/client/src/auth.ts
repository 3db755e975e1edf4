import { signParts, type AkSkCredentials } from '@vias-openapi/signer';

/** An IAM token (sent as `X-Auth-Token`), or an access key pair that signs every request. */
export type ViasAuth = { token: string } | AkSkCredentials;

/** What one attempt sends, before credentials are added to its own copy of the headers (lower-case names). */
export interface Attempt {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: BodyInit | null;
}

/**
 * The step that adds credentials to an attempt's headers, after every other header is set; it
 * returns the secrets it produced (the signature), so errors of this call can redact them.
 */
export type Authorize = (attempt: Attempt) => string[] | Promise<string[]>;

export function authorizer(auth: ViasAuth): Authorize {
  if ('token' in auth) {
    const { token } = auth;
    return (attempt) => {
      attempt.headers['x-auth-token'] = token;
      return NONE;
    };
  }
  const credentials: AkSkCredentials = { accessKey: auth.accessKey, secretKey: auth.secretKey, securityToken: auth.securityToken };
  // Each attempt is signed again with a fresh date.
  return async (attempt) => {
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
  };
}

const NONE: string[] = [];

/** The secrets of `auth`, for the client's redactor. */
export const secretsOf = (auth: ViasAuth): string[] =>
  'token' in auth ? [auth.token] : [auth.secretKey, auth.securityToken ?? ''];

// Visible ASCII only: what an IAM token, an AK and an STS token are made of. Anything else would
// make fetch throw a TypeError that quotes the whole value.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Checks the shape of `auth` without ever echoing a value; `factory` names the caller in errors. */
export function checkAuth(factory: string, auth: unknown): asserts auth is ViasAuth {
  const fail = (message: string): never => {
    throw new TypeError(`${factory}: ${message}`);
  };
  // Before any `in`: on a string (the token itself, passed by mistake) V8's TypeError quotes it.
  if (typeof auth !== 'object' || auth === null) {
    fail('`auth` must be an object: { token } or { accessKey, secretKey, securityToken? }');
  }
  const a = auth as Record<string, unknown>;
  const filled = (key: string) => typeof a[key] === 'string' && a[key] !== '';
  const sendable = (key: string) => a[key] === undefined || (typeof a[key] === 'string' && HEADER_SAFE.test(a[key]));
  if ('token' in a && 'accessKey' in a) fail('pass `auth.token` or `auth.accessKey`, not both');
  if ('token' in a) {
    if (!filled('token')) fail('`auth.token` must be a non-empty string');
    if (!sendable('token')) fail('`auth.token` contains a character that cannot be sent in an HTTP header (a line break, a space, a control character)');
    return;
  }
  if (!filled('accessKey') || !filled('secretKey') || !(a.securityToken === undefined || typeof a.securityToken === 'string')) {
    fail('`auth` must be { token } or { accessKey, secretKey, securityToken? } with non-empty strings');
  }
  for (const key of ['accessKey', 'securityToken']) {
    if (!sendable(key)) fail(`\`auth.${key}\` contains a character that cannot be sent in an HTTP header`);
  }
}
