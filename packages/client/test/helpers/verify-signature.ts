import { expect } from 'vitest';
import { signParts, type AkSkCredentials } from '@vias-openapi/signer';
import type { RecordedRequest } from './fixture-server.js';

/**
 * Checks an AK/SK signature the way the gateway does: recompute it from the request as received
 * (method, path, the headers named in SignedHeaders, body, X-Sdk-Date) and compare.
 * signParts itself is checked against Huawei's official signer in sign.test.ts.
 */
export async function verifySignature(request: RecordedRequest, origin: string, credentials: AkSkCredentials) {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-sdk-date']));
  if (request.body) expect(signedHeaders).toContain('content-type');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    expect(request.headers, `signed header ${name} was sent`).toHaveProperty(name);
    headers[name] = String(request.headers[name]);
  }
  const sdkDate = String(request.headers['x-sdk-date']);
  const date = new Date(sdkDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const expected = await signParts(
    { method: request.method, url: origin + request.url, headers, body: request.body },
    credentials,
    date,
  );
  expect(expected.sdkDate).toBe(sdkDate);
  expect(authorization).toBe(expected.authorization);
}
