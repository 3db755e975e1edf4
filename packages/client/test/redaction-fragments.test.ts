import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactor } from '../src/redact.js';
import { caught, scriptedClient, TOKEN } from './helpers/client.js';

// Servers quote what they were sent in part or encoded: the first 40 characters of a token, the
// token percent-encoded in a URL, base64 in a header dump. Any run of 12 or more characters of
// a long-lived secret (token, secret key, STS token), in itself, percent-encoded or
// base64-encoded, is redacted; shorter runs are not (they would garble ordinary text).

const IAM_TOKEN = `MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEwggLXBgkqhkiG9w0BBwGgggLIBIICxHsidG9rZW4iOnsiZXhwaXJlc19hdCI6IjIwMjYtMDEtMDFUMDA6MDA6MDAuMDAwMDAwWiIs+/==`;
const SECRET_KEY = 'sk-Z9x8Y7w6V5u4T3s2R1q0-abcdefghij';
const renderings = (error: Error) => [error.message, String(error.stack), String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })];
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('redaction of fragments and encoded forms', () => {
  const redact = redactor([], [IAM_TOKEN]);

  it.each([
    ['the first 40 characters', IAM_TOKEN.slice(0, 40)],
    ['12 characters from the middle', IAM_TOKEN.slice(50, 62)],
    ['the whole token percent-encoded', encodeURIComponent(IAM_TOKEN)],
    ['a percent-encoded fragment', encodeURIComponent(IAM_TOKEN.slice(100))],
    ['the whole token in base64', b64(IAM_TOKEN)],
    ['a fragment base64-encoded on its own, at each alignment', [0, 1, 2].map((i) => b64(IAM_TOKEN.slice(20 + i, 60 + i))).join(' ')],
    ['a fragment in URL-safe base64', b64(IAM_TOKEN.slice(30, 90)).replace(/\+/g, '-').replace(/\//g, '_')],
  ])('%s', (_, quoted) => {
    const out = redact(`the server said: <${quoted}> and more`);
    // What may remain: the last base64 group of an encoded fragment (at most 3 characters and its padding).
    expect(out).toMatch(/^the server said: <(\[REDACTED\][=A-Za-z0-9+/_-]{0,3} ?)+> and more$/);
    for (let i = 0; i + 12 <= quoted.length; i += 4) expect(out).not.toContain(quoted.slice(i, i + 12));
  });

  it('leaves runs shorter than 12 characters, and text that merely looks alike', () => {
    expect(redact(`prefix ${IAM_TOKEN.slice(0, 11)} suffix`)).toBe(`prefix ${IAM_TOKEN.slice(0, 11)} suffix`);
    expect(redact('The parameters are invalid. name must match pattern ^[a-z]{1,64}$')).toBe('The parameters are invalid. name must match pattern ^[a-z]{1,64}$');
  });

  it('in errors: a server that quotes the token in part, percent-encoded and in base64, with a token client', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    const quoted = `first40=${TOKEN.slice(0, 30)} url=${encodeURIComponent(TOKEN)} b64=${b64(TOKEN.slice(3))}`;
    script.answer({ status: 401, headers: { 'X-Request-Id': TOKEN.slice(2, 20) }, body: { error_code: 'VIAS.00010005', error_msg: quoted, detail: quoted, params: [TOKEN.slice(4, 30)] } });
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    for (const text of renderings(error)) for (const part of [TOKEN.slice(0, 12), TOKEN.slice(10, 22), TOKEN.slice(20, 32), b64(TOKEN.slice(3)).slice(0, 16)]) expect(text).not.toContain(part);
    expect(error.requestId).toBe('[REDACTED]');
  });

  it('in errors: fragments of the secret key and the STS token of an AK/SK client', async () => {
    const { vias, script } = scriptedClient({ retry: false, auth: { accessKey: 'AKEXAMPLE', secretKey: SECRET_KEY, securityToken: 'sts-Q1w2E3r4T5y6U7i8O9p0' } });
    script.answer({ status: 403, body: { error_code: 'VIAS.00010005', error_msg: `key ${SECRET_KEY.slice(3, 20)} sts ${b64('sts-Q1w2E3r4T5y6U7i8O9p0')}` } });
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    for (const text of renderings(error)) expect(text).not.toMatch(/Z9x8Y7w6V5u4|Q1w2E3r4T5y6/);
    expect(error.error_msg).toMatch(/^key \[REDACTED\] sts \[REDACTED\]/);
  });
});
