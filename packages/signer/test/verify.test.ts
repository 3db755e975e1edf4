import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signParts, verifyParts, type AkSkCredentials } from '../src/index.js';

const credentials: AkSkCredentials = { accessKey: 'AK-EXAMPLE', secretKey: 'secret-key-example' };
const secretKeyFor = (ak: string) => (ak === credentials.accessKey ? credentials.secretKey : undefined);
const date = new Date('2026-12-02T08:00:00Z');
const url = 'https://vias.cn-north-4.myhuaweicloud.com/v2/p1/tasks?page=1&page_size=10';
const body = '{"name":"job"}';

/** The headers a client sends for a request signed at `date`. */
async function signed(extra: AkSkCredentials = credentials): Promise<Record<string, string>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', host: 'vias.cn-north-4.myhuaweicloud.com' };
  const signature = await signParts({ method: 'POST', url, headers, body }, extra, date);
  return { ...headers, 'x-sdk-date': signature.sdkDate, authorization: signature.authorization, ...(extra.securityToken ? { 'x-security-token': extra.securityToken } : {}) };
}

describe('verifyParts', () => {
  it('accepts what signParts signed, within the clock skew', async () => {
    const headers = await signed();
    const later = new Date(date.getTime() + 14 * 60_000);
    await expect(verifyParts({ method: 'POST', url, headers, body }, { secretKeyFor, now: later })).resolves.toEqual({ ok: true, accessKey: 'AK-EXAMPLE' });
  });

  it('accepts temporary credentials (the signed X-Security-Token)', async () => {
    const sts = { ...credentials, securityToken: 'sts-token' };
    const headers = await signed(sts);
    expect(await verifyParts({ method: 'POST', url, headers, body }, { secretKeyFor, now: date })).toMatchObject({ ok: true });
  });

  it.each([
    ['a changed body', { body: '{"name":"job2"}' }, 'signature does not match'],
    ['a changed method', { method: 'PUT' }, 'signature does not match'],
    ['a changed query', { url: url.replace('page=1', 'page=2') }, 'signature does not match'],
  ])('refuses %s', async (_, change, reason) => {
    const headers = await signed();
    expect(await verifyParts({ method: 'POST', url, headers, body, ...change }, { secretKeyFor, now: date })).toEqual({ ok: false, reason });
  });

  it('refuses a date more than 15 minutes away, an unknown key, a missing signed header, a malformed header', async () => {
    const headers = await signed();
    const parts = { method: 'POST', url, headers, body };
    const late = new Date(date.getTime() + 16 * 60_000);
    expect(await verifyParts(parts, { secretKeyFor, now: late })).toEqual({ ok: false, reason: 'X-Sdk-Date is too far from the server clock' });
    expect(await verifyParts(parts, { secretKeyFor: () => undefined, now: date })).toEqual({ ok: false, reason: 'unknown access key' });
    const { 'content-type': _, ...withoutType } = headers;
    expect(await verifyParts({ ...parts, headers: withoutType }, { secretKeyFor, now: date })).toEqual({ ok: false, reason: 'signed header content-type is missing' });
    expect(await verifyParts({ ...parts, headers: { ...headers, authorization: 'Bearer x' } }, { secretKeyFor, now: date })).toMatchObject({ ok: false });
  });

  it('compares a signed X-Sdk-Content-Sha256 with the body received; UNSIGNED-PAYLOAD leaves the body unsigned', async () => {
    const withHash = async (contentSha256: string) => {
      const headers: Record<string, string> = { host: 'vias.cn-north-4.myhuaweicloud.com', 'x-sdk-content-sha256': contentSha256 };
      const signature = await signParts({ method: 'POST', url, headers, body }, credentials, date);
      return { ...headers, 'x-sdk-date': signature.sdkDate, authorization: signature.authorization };
    };
    const sha = createHash('sha256').update(body).digest('hex');
    const hashed = await withHash(sha);
    expect(await verifyParts({ method: 'POST', url, headers: hashed, body }, { secretKeyFor, now: date })).toMatchObject({ ok: true });
    // The signature covers the header, not the body: another body under the same header is refused.
    expect(await verifyParts({ method: 'POST', url, headers: hashed, body: '{"name":"other"}' }, { secretKeyFor, now: date })).toEqual({
      ok: false,
      reason: 'X-Sdk-Content-Sha256 is not the SHA-256 of the body',
    });
    const unsigned = await withHash('UNSIGNED-PAYLOAD');
    expect(await verifyParts({ method: 'POST', url, headers: unsigned, body: 'anything' }, { secretKeyFor, now: date })).toMatchObject({ ok: true });
  });

  it('never puts the secret or the signature in a reason', async () => {
    const headers = await signed();
    const result = await verifyParts({ method: 'GET', url, headers, body }, { secretKeyFor, now: date });
    const signature = headers.authorization!.split('Signature=')[1]!;
    expect(JSON.stringify(result)).not.toContain(signature);
    expect(JSON.stringify(result)).not.toContain(credentials.secretKey);
  });
});
