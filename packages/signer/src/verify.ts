import { sha256Hex, signParts, type SignableParts } from './sign.js';

/** How a server checks a signed request (an emulator, a test fixture, a gateway in front of one). */
export interface VerifyOptions {
  /** Secret key of an access key, or `undefined` when the access key is unknown. */
  secretKeyFor: (accessKey: string) => string | undefined | Promise<string | undefined>;
  /** The server's clock. Default: now. */
  now?: Date;
  /** Largest accepted distance between `X-Sdk-Date` and `now`. Default 15 minutes, as Huawei's gateway. */
  maxSkewMs?: number;
}

export type VerifyResult = { ok: true; accessKey: string } | { ok: false; reason: string };

const AUTHORIZATION = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*), Signature=([0-9a-f]{64})$/;
const SDK_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

/**
 * Checks an `SDK-HMAC-SHA256` signature as received: recomputes it from the method, URL, the headers
 * named in `SignedHeaders` and the body, and compares. Reasons never contain a secret or a signature.
 */
export async function verifyParts(parts: SignableParts, options: VerifyOptions): Promise<VerifyResult> {
  const received = new Map<string, string>();
  const entries = parts.headers === undefined ? [] : Symbol.iterator in parts.headers ? parts.headers : Object.entries(parts.headers);
  for (const [name, value] of entries) received.set(name.toLowerCase(), value);

  const match = AUTHORIZATION.exec(received.get('authorization') ?? '');
  if (!match) return fail('Authorization is not an SDK-HMAC-SHA256 signature');
  const [, accessKey, signedList, signature] = match as unknown as [string, string, string, string];
  const signed = signedList.split(';');
  for (const required of ['host', 'x-sdk-date']) {
    if (!signed.includes(required)) return fail(`SignedHeaders must include ${required}`);
  }
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = received.get(name);
    if (value === undefined) return fail(`signed header ${name} is missing`);
    headers[name] = value;
  }

  const date = SDK_DATE.exec(headers['x-sdk-date']!);
  if (!date) return fail('X-Sdk-Date must be YYYYMMDDTHHMMSSZ');
  const signedAt = new Date(`${date[1]}-${date[2]}-${date[3]}T${date[4]}:${date[5]}:${date[6]}Z`);
  const skew = Math.abs((options.now ?? new Date()).getTime() - signedAt.getTime());
  if (!(skew <= (options.maxSkewMs ?? 15 * 60_000))) return fail('X-Sdk-Date is too far from the server clock');

  // A signed X-Sdk-Content-Sha256 stands in for the body's hash when the signature is made, so
  // the signature alone does not cover the body: the hash must be that of the body received.
  // `UNSIGNED-PAYLOAD` (the official SDK's, for bodies it does not hash) is not a hash.
  const contentSha256 = headers['x-sdk-content-sha256'];
  if (contentSha256 !== undefined && contentSha256 !== 'UNSIGNED-PAYLOAD') {
    const actual = await sha256Hex(parts.body);
    if (!equal(actual, contentSha256.toLowerCase())) return fail('X-Sdk-Content-Sha256 is not the SHA-256 of the body');
  }

  const secretKey = await options.secretKeyFor(accessKey);
  if (!secretKey) return fail('unknown access key');
  const securityToken = headers['x-security-token'];
  const expected = await signParts({ ...parts, headers }, { accessKey, secretKey, securityToken }, signedAt);
  return equal(expected.signature, signature) ? { ok: true, accessKey } : fail('signature does not match');
}

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

/** Compares in time independent of where the strings differ. */
function equal(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
