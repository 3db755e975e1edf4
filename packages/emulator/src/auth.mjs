// Credentials as the gateway in front of VIAS checks them, minus IAM: an `X-Auth-Token` (any
// non-empty one, or exactly --token), or an SDK-HMAC-SHA256 signature by the one access key
// the emulator was started with, verified with the project's own signer.
import { verifyParts } from '@vias-openapi/signer';

/**
 * @param {{ token?: string, accessKey?: string, secretKey?: string }} options
 * @returns {(request: { method: string, url: string, headers: Record<string, string>, body: Buffer }) => Promise<string | null>}
 *   the reason the request is refused (never a credential), or null when it may pass
 */
export function authenticator({ token, accessKey, secretKey }) {
  const secretKeyFor = (key) => (key === accessKey ? secretKey : undefined);
  return async ({ method, url, headers, body }) => {
    const authorization = headers.authorization;
    if (authorization !== undefined && authorization.startsWith('SDK-HMAC-SHA256')) {
      if (!accessKey) return 'The request is signed, but the emulator was started without --access-key/--secret-key.';
      const result = await verifyParts({ method, url, headers, body }, { secretKeyFor });
      return result.ok === true ? null : `The AK/SK signature was refused: ${result.reason}.`;
    }
    const given = headers['x-auth-token'];
    if (given === undefined || given === '') return 'Send an X-Auth-Token header or sign the request (SDK-HMAC-SHA256).';
    if (token !== undefined && given !== token) return 'The X-Auth-Token is not the token the emulator was started with.';
    return null;
  };
}
