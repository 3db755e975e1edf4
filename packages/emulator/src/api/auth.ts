// Credentials as the gateway in front of VIAS checks them, minus IAM: an `X-Auth-Token` (any
// non-empty one, or exactly --token), or an SDK-HMAC-SHA256 signature by the one access key
// the emulator was started with, verified with the project's own signer (which also compares a
// signed X-Sdk-Content-Sha256 with the body).
import { verifyParts } from '@vias-openapi/signer';
import type { IncomingHttpHeaders } from 'node:http';

export interface Credentials {
  token?: string | undefined;
  accessKey?: string | undefined;
  secretKey?: string | undefined;
}

export interface SignedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

/** The reason a request is refused (never a credential), or null when it may pass. */
export type Authenticate = (request: SignedRequest) => null | string | Promise<null | string>;

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

export function authenticator({ token, accessKey, secretKey }: Credentials): Authenticate {
  const secretKeyFor = (key: string) => (key === accessKey ? secretKey : undefined);
  return (request) => {
    const authorization = header(request.headers, 'authorization');
    if (authorization !== undefined && authorization.startsWith('SDK-HMAC-SHA256')) {
      if (!accessKey) return 'The request is signed, but the emulator was started without --access-key/--secret-key.';
      const entries = Object.entries(request.headers).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as const],
      );
      return verifyParts({ method: request.method, url: request.url, headers: entries, body: request.body }, { secretKeyFor }).then((result) =>
        result.ok ? null : `The AK/SK signature was refused: ${result.reason}.`,
      );
    }
    const given = header(request.headers, 'x-auth-token');
    if (given === undefined || given === '') return 'Send an X-Auth-Token header or sign the request (SDK-HMAC-SHA256).';
    if (token !== undefined && given !== token) return 'The X-Auth-Token is not the token the emulator was started with.';
    return null;
  };
}
