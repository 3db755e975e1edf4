import { signRequest, type AkSkCredentials } from '@vias-openapi/signer';

/** An IAM token (sent as `X-Auth-Token`), or an access key pair that signs every request. */
export type ViasAuth = { token: string } | AkSkCredentials;

/** Returns the step that adds credentials to a request, after every other header is set. */
export function authorizer(auth: ViasAuth): (request: Request) => Request | Promise<Request> {
  if ('token' in auth) {
    const { token } = auth;
    return (request) => {
      request.headers.set('X-Auth-Token', token);
      return request;
    };
  }
  const credentials: AkSkCredentials = { ...auth };
  // Each attempt is signed again, in place on the attempt's own request, with a fresh date.
  return (request) => signRequest(request, credentials);
}

/** Checks the shape of `auth` without ever echoing a value. */
export function checkAuth(auth: unknown): asserts auth is ViasAuth {
  // Before any `in`: on a string (the token itself, passed by mistake) V8's TypeError quotes it.
  if (typeof auth !== 'object' || auth === null) {
    throw new TypeError('createViasClient: `auth` must be an object: { token } or { accessKey, secretKey, securityToken? }');
  }
  const a = auth as Record<string, unknown>;
  const filled = (key: string) => typeof a[key] === 'string' && a[key] !== '';
  const optional = (key: string) => a[key] === undefined || typeof a[key] === 'string';
  if ('token' in a && 'accessKey' in a) throw new TypeError('createViasClient: pass `auth.token` or `auth.accessKey`, not both');
  if ('token' in a) {
    if (!filled('token')) throw new TypeError('createViasClient: `auth.token` must be a non-empty string');
    return;
  }
  if (!filled('accessKey') || !filled('secretKey') || !optional('securityToken')) {
    throw new TypeError(
      'createViasClient: `auth` must be { token } or { accessKey, secretKey, securityToken? } with non-empty strings',
    );
  }
}
