import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cachedCredentials, ViasCredentialsError, ViasTimeoutError, type CredentialsProvider, type ProvidedCredentials } from '../src/index.js';
import { caught, scriptedClient } from './helpers/client.js';

// `auth` as a credentials provider, on an in-process transport: called when a call needs
// credentials, kept until shortly before they expire, asked again once for all the calls that
// wait, its failures ViasCredentialsErrors; the credentials it gives are redacted like static ones.

const TOKEN_A = 'MIIT-provided-token-A-0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN_B = 'MIIT-provided-token-B-0123456789abcdefghijklmnopqrstuvwxyz';
const renderings = (error: Error) => [error.message, String(error.stack), String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })];

/** A provider that answers from a list, counting calls; `gate` holds each answer until released. */
function scripted(answers: (() => ProvidedCredentials | Promise<ProvidedCredentials>)[]) {
  let calls = 0;
  const provider: CredentialsProvider = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)]!;
    calls++;
    return answer();
  };
  return { provider, calls: () => calls };
}

const show = (vias: ReturnType<typeof scriptedClient>['vias'], signal?: AbortSignal) => vias.showTask({ path: { task_id: 't1' }, signal });

describe('a credentials provider as `auth`', () => {
  it('is called at the first call, not when the client is created, and its token kept without expiresAt', async () => {
    const { provider, calls } = scripted([() => ({ token: TOKEN_A })]);
    const { vias, script } = scriptedClient({ auth: provider });
    expect(calls()).toBe(0);
    await show(vias);
    await show(vias);
    expect(calls()).toBe(1);
    expect(script.sent.map((s) => s.headers['x-auth-token'])).toEqual([TOKEN_A, TOKEN_A]);
  });

  it('gives a key pair too: every request is signed with it', async () => {
    const { vias, script } = scriptedClient({ auth: async () => ({ accessKey: 'AKPROVIDED', secretKey: 'sk-provided-0123456789abcdef', securityToken: 'sts-provided' }) });
    await show(vias);
    expect(script.sent[0]!.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKPROVIDED, /);
    expect(script.sent[0]!.headers['x-security-token']).toBe('sts-provided');
  });

  it('is asked again refreshBeforeMs before expiresAt (ISO text, Date or epoch ms), once for concurrent calls', async () => {
    let clock = 1_000_000;
    const { provider, calls } = scripted([() => ({ token: TOKEN_A, expiresAt: new Date(clock + 10_000).toISOString() }), () => ({ token: TOKEN_B, expiresAt: clock + 10_000 })]);
    const { vias, script } = scriptedClient({ auth: cachedCredentials(provider, { refreshBeforeMs: 1_000, now: () => clock }) });
    await show(vias);
    clock += 8_999;
    await show(vias);
    expect(calls()).toBe(1);
    clock += 1;
    await Promise.all(Array.from({ length: 20 }, () => show(vias)));
    expect(calls()).toBe(2);
    expect(script.sent.slice(2).every((s) => s.headers['x-auth-token'] === TOKEN_B)).toBe(true);
  });

  it('a refresh that fails while the token is still valid: calls go on with it, and the provider is asked again 30 s later', async () => {
    let clock = 0;
    let failing = false;
    let calls = 0;
    const provider: CredentialsProvider = async () => {
      calls++;
      if (failing) throw new Error('IAM is down');
      return { token: calls === 1 ? TOKEN_A : TOKEN_B, expiresAt: clock + 600_000 };
    };
    const { vias, script } = scriptedClient({ auth: cachedCredentials(provider, { refreshBeforeMs: 300_000, now: () => clock }) });
    await show(vias);
    clock = 400_000; // in the refresh window, 200 s left
    failing = true;
    await show(vias); // asks, fails, goes on with TOKEN_A
    await show(vias); // within 30 s: does not ask
    expect(calls).toBe(2);
    clock += 30_000;
    failing = false;
    await show(vias); // asks again, gets TOKEN_B
    expect(calls).toBe(3);
    expect(script.sent.map((s) => s.headers['x-auth-token'])).toEqual([TOKEN_A, TOKEN_A, TOKEN_A, TOKEN_B]);
  });

  it('a provider that throws: a ViasCredentialsError naming the call, with the cause; nothing is sent', async () => {
    const { vias, script } = scriptedClient({
      auth: async () => {
        throw new Error('vault unreachable');
      },
      retry: false,
    });
    const error = await caught(() => show(vias));
    expect(error).toBeInstanceOf(ViasCredentialsError);
    expect(error.message).toMatch(/^VIAS GET \/v2\/\w+\/tasks\/t1: the credentials provider failed: vault unreachable$/);
    expect(error.cause.message).toBe('vault unreachable');
    expect(script.sent).toHaveLength(0);
  });

  it('a provider that throws synchronously (no promise) fails that call only: the next call asks it again', async () => {
    let calls = 0;
    const provider: CredentialsProvider = () => {
      calls++;
      if (calls === 1) throw new Error('thrown before any promise');
      return { token: TOKEN_A };
    };
    const { vias, script } = scriptedClient({ auth: provider, retry: false });
    const error = await caught(() => show(vias));
    expect(error).toBeInstanceOf(ViasCredentialsError);
    expect(error.message).toMatch(/the credentials provider failed: thrown before any promise$/);
    await show(vias);
    expect(calls).toBe(2);
    expect(script.sent.map((s) => s.headers['x-auth-token'])).toEqual([TOKEN_A]);
  });

  it.each([
    ['a string', 'just-a-token-string-0123456789'],
    ['an empty token', { token: '' }],
    ['a token with a line break', { token: 'tok\nen-0123456789' }],
    ['half a key pair', { accessKey: 'AK' }],
    ['an expiry that is not a date', { token: TOKEN_A, expiresAt: 'tomorrow' }],
  ])('a provider that answers %s: a ViasCredentialsError that does not quote it', async (_, answer) => {
    const { vias, script } = scriptedClient({ auth: async () => answer as ProvidedCredentials, retry: false });
    const error = await caught(() => show(vias));
    expect(error).toBeInstanceOf(ViasCredentialsError);
    expect(error.message).toMatch(/the credentials provider's answer is wrong|not a date/);
    for (const text of renderings(error)) expect(text).not.toMatch(/just-a-token|tok\nen/);
    expect(script.sent).toHaveLength(0);
  });

  it('a provider that never answers: the attempt times out (ViasTimeoutError), the provider is told to stop', async () => {
    let seen: AbortSignal | undefined;
    const { vias } = scriptedClient({
      auth: ({ signal }) => {
        seen = signal;
        return new Promise(() => {});
      },
      timeoutMs: 50,
      retry: false,
    });
    expect(await caught(() => show(vias))).toBeInstanceOf(ViasTimeoutError);
    expect(seen?.aborted).toBe(true);
  });

  it("a caller's abort while waiting for the provider rejects with its reason; the others keep waiting", async () => {
    let release!: (c: ProvidedCredentials) => void;
    const { vias, script } = scriptedClient({ auth: () => new Promise((resolve) => (release = resolve)) });
    const caller = new AbortController();
    const aborted = show(vias, caller.signal).catch((e) => e);
    const waiting = show(vias);
    caller.abort(new Error('no longer needed'));
    expect((await aborted).message).toBe('no longer needed');
    release({ token: TOKEN_A });
    await expect(waiting).resolves.toEqual({});
    expect(script.sent.map((s) => s.headers['x-auth-token'])).toEqual([TOKEN_A]);
  });

  it("the provider's token is redacted from errors, whole, in part and encoded", async () => {
    const { vias, script } = scriptedClient({ auth: async () => ({ token: TOKEN_B }), retry: false });
    const echo = `whole ${TOKEN_B} part ${TOKEN_B.slice(5, 30)} url ${encodeURIComponent(TOKEN_B)} b64 ${btoa(TOKEN_B)}`;
    script.answer({ status: 401, headers: { 'X-Request-Id': TOKEN_B.slice(0, 20) }, body: { error_code: 'VIAS.00010005', error_msg: 'Authorization failed.', detail: echo, params: [TOKEN_B.slice(10, 40)] } });
    const error = await caught(() => show(vias));
    for (const text of renderings(error)) {
      for (const secret of [TOKEN_B, TOKEN_B.slice(5, 30), btoa(TOKEN_B).slice(4, 30), TOKEN_B.slice(10, 40)]) expect(text).not.toContain(secret);
    }
    expect(error.detail).toMatch(/^whole \[REDACTED\] part \[REDACTED\] url \[REDACTED\] b64 \[REDACTED\]=*$/); // base64 padding is not the token
  });

  it('the `auth` option takes a function; anything else that is not credentials is a TypeError', () => {
    expect(() => scriptedClient({ auth: 42 as never })).toThrow(/`auth` must be an object: .* or a credentials provider/);
    expect(() => cachedCredentials(async () => ({ token: TOKEN_A }), { refreshBeforeMs: -1 })).toThrow(TypeError);
  });
});
