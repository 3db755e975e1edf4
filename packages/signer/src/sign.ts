/**
 * Huawei Cloud AK/SK request signing (`SDK-HMAC-SHA256`), ported from `AKSKSigner` in
 * `@huaweicloud/huaweicloud-sdk-core` 3.1.x (test/sign.test.ts checks against it). Hashing is
 * in digest.ts: `node:crypto` where the runtime has it, Web Crypto in browsers.
 *
 * Canonical request, as in the official signer:
 *   METHOD \n URI \n QUERY \n "name:value\n" for each header \n name;name;… \n hex(sha256(body))
 * String to sign: `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of canonical request>`.
 *
 * Where the official Node signer disagrees with what goes over the wire, this file follows the
 * wire (and the Python, Go and Ruby signers):
 * - Path: the wire path is percent-decoded, then each segment encoded again. The official Node
 *   signer runs the path through `url.parse`, which escapes space, `'`, `"`, `<>{}|^` and
 *   backtick, and then escapes the `%` a second time (`%2520`).
 * - Header values are trimmed, as fetch and HTTP servers trim them. The official signer does not.
 * - Host comes from `URL.host`, which leaves out a default port. The official signer keeps
 *   `:443` if the endpoint string has it, but the Host header sent never has it.
 * - Headers are sorted by UTF-16 code unit everywhere. The official signer uses
 *   `localeCompare` for the header lines, which gives the same order for names made of
 *   letters, digits and `-`.
 */

import { digests } from './digest.js';

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** For temporary (STS) credentials. Sent and signed as `X-Security-Token`, like the official SDK does. */
  securityToken?: string;
}

/** What gets signed, without a `Request`. */
export interface SignableParts {
  method: string;
  url: string | URL;
  /** Header names in any case. A `host` header, if given, replaces the host of `url`, like the official signer. */
  headers?: Record<string, string> | Iterable<readonly [string, string]>;
  /** The exact bytes sent. `null`, `undefined` and empty bodies all hash as the empty string. */
  body?: string | ArrayBuffer | ArrayBufferView | null;
}

export interface SignatureHeaders {
  /** Value for the `Authorization` header. */
  authorization: string;
  /** The signature alone (hex), as it stands at the end of `authorization`. */
  signature: string;
  /** Value for the `X-Sdk-Date` header, `YYYYMMDDTHHMMSSZ` in UTC. */
  sdkDate: string;
}

const ALGORITHM = 'SDK-HMAC-SHA256';
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
// If this header is set, its value stands in for the body hash (e.g. `UNSIGNED-PAYLOAD`),
// as in the official signer, and the body is not read.
const CONTENT_SHA256 = 'x-sdk-content-sha256';

/**
 * Signs `request` in place, like the official signer does: sets `X-Sdk-Date` and `Authorization`
 * (and `X-Security-Token`, for temporary credentials) on its headers, and returns it. The body
 * is hashed from a clone, so the request can still be sent; with `X-Sdk-Content-Sha256` set the
 * body is not read at all (large uploads are not buffered). Sign last, once every header is set.
 */
export async function signRequest(request: Request, credentials: AkSkCredentials, date?: Date): Promise<Request> {
  const { headers } = request;
  const body = request.body === null || headers.has(CONTENT_SHA256) ? null : await request.clone().arrayBuffer();
  const signed = await signParts({ method: request.method, url: request.url, headers, body }, credentials, date);
  if (credentials.securityToken) headers.set('X-Security-Token', credentials.securityToken);
  headers.set('X-Sdk-Date', signed.sdkDate);
  headers.set('Authorization', signed.authorization);
  return request;
}

/** Computes `Authorization` and `X-Sdk-Date` for a request. Send exactly the headers, URL and body given here. */
export async function signParts(
  parts: SignableParts,
  credentials: AkSkCredentials,
  date: Date = new Date(),
): Promise<SignatureHeaders> {
  const { accessKey, secretKey, securityToken } = credentials;
  if (!accessKey || !secretKey) throw new TypeError('signParts: accessKey and secretKey must be non-empty strings');
  // toISOString throws a RangeError for an invalid date. Milliseconds are cut off, not rounded.
  const sdkDate = date.toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
  const url = typeof parts.url === 'string' ? new URL(parts.url) : parts.url;

  const headers = new Map<string, string>();
  const entries = parts.headers === undefined ? [] : Symbol.iterator in parts.headers ? parts.headers : Object.entries(parts.headers);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    const trimmed = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ''); // what fetch sends
    const previous = headers.get(key);
    headers.set(key, previous === undefined ? trimmed : `${previous}, ${trimmed}`); // fetch joins repeated names like this
  }
  headers.delete('authorization'); // it is about to be replaced, so signing it would break the signature
  // The official signer leaves a multipart Content-Type out, because its boundary is only set later.
  if (headers.get('content-type')?.includes('multipart/form-data')) headers.delete('content-type');
  if (!headers.has('host')) headers.set('host', url.host);
  if (securityToken) headers.set('x-security-token', securityToken);
  headers.set('x-sdk-date', sdkDate);

  const names = [...headers.keys()].sort();
  let canonicalHeaders = '';
  for (const name of names) canonicalHeaders += `${name}:${headers.get(name)}\n`;
  const signedHeaders = names.join(';');

  const canonicalRequest = [
    parts.method,
    canonicalUri(url.pathname),
    canonicalQuery(url.search),
    canonicalHeaders,
    signedHeaders,
    headers.get(CONTENT_SHA256) ?? (await sha256Hex(parts.body)),
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${sdkDate}\n${await sha256Hex(canonicalRequest)}`;
  const signature = await digests.hmacSha256Hex(secretKey, stringToSign);
  return {
    authorization: `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    signature,
    sdkDate,
  };
}

/** SHA-256 of a body as lowercase hex (the empty string's for none). */
export function sha256Hex(data: string | ArrayBuffer | ArrayBufferView | null | undefined): string | Promise<string> {
  if (data == null) return EMPTY_BODY_SHA256;
  if (typeof data === 'string') return data === '' ? EMPTY_BODY_SHA256 : digests.sha256Hex(data);
  if (data.byteLength === 0) return EMPTY_BODY_SHA256;
  const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  return digests.sha256Hex(bytes);
}

/**
 * Percent-encodes everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`, with
 * uppercase hex digits, like the official `urlEncode`. `encodeURIComponent` also leaves `!'()*` alone.
 */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decoded path, each segment encoded, with a `/` added at the end if it is missing. */
function canonicalUri(pathname: string): string {
  // Most paths hold only unreserved characters, which decoding and encoding leave as they are.
  const path = /^[A-Za-z0-9\-._~/]*$/.test(pathname) ? pathname : decodePath(pathname).split('/').map(encode).join('/');
  return path.endsWith('/') ? path : `${path}/`;
}

function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    // A `%` that does not start an escape (e.g. "50%off") stays as it is, and is encoded as `%25`.
    return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * `name=value` pairs joined with `&`. Names are sorted, and the values of a repeated name are sorted,
 * by UTF-16 code unit on the decoded text (before encoding), as in the official signer.
 * A name without `=` has the value "". `+` is read as a space (form encoding).
 */
function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  const pairs: string[] = [];
  for (const name of [...params.keys()].sort()) {
    const encodedName = encode(name);
    for (const value of params.get(name)!.sort()) pairs.push(`${encodedName}=${encode(value)}`);
  }
  return pairs.join('&');
}
