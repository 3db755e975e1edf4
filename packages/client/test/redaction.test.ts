import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createViasClient, type ViasClientOptions } from '../src/index.js';
import { caught, clientFor, TOKEN } from './helpers/client.js';
import { startFixtureServer, type Reply } from './helpers/fixture-server.js';


const SECRET_KEY = 'sk-super-secret-value-0123456789abcdef';
const SECURITY_TOKEN = 'sts-security-token-secret-abcdef';
const SECRETS = [TOKEN, SECRET_KEY, SECURITY_TOKEN];

/** Every way an error ends up in a log. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [e.message, String(e.stack), String(e), JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })];
}

function expectNoSecrets(error: unknown) {
  expect(error).toBeInstanceOf(Error);
  for (const text of renderings(error)) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    // The signature is derived from the secret key; it does not belong in errors either.
    expect(text).not.toMatch(/Signature=|SDK-HMAC-SHA256/);
  }
}

const replies: [string, Reply][] = [
  ['ViasApiError', { status: 401, headers: { 'X-Request-Id': 'r1' }, body: { error_code: 'APIGW.0301', error_msg: 'bad' } }],
  ['ViasApiError', { status: 403, body: 'Forbidden' }],
  ['ViasNetworkError', 'destroy'],
  ['ViasTimeoutError', 'hang'],
];
const auths: [string, ViasClientOptions['auth']][] = [
  ['token', { token: TOKEN }],
  ['AK/SK', { accessKey: 'AKEXAMPLE', secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN }],
];

describe('secrets never appear in errors', () => {
  for (const [authName, auth] of auths) {
    it.each(replies)(`${authName}: %s (%j)`, async (name, reply) => {
      // A server of its own: a request that times out may reach a shared server late, after the
      // next case queued its reply, and take that reply.
      const own = await startFixtureServer();
      try {
        own.reply(reply);
        const timeoutMs = reply === 'hang' ? 50 : 10_000;
        const vias = clientFor(own, { auth, retry: false, timeoutMs, headers: { 'X-Auth-Token': TOKEN } });
        const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
        expect(error.name).toBe(name);
        expectNoSecrets(error);
      } finally {
        await own.close();
      }
    });
  }

  it('option validation errors name the option, not the value', () => {
    const bad: unknown[] = [
      { region: TOKEN, projectId: 'p', auth: { token: TOKEN } },
      { endpoint: `https://user:${SECRET_KEY}@example.com`, projectId: 'p', auth: { token: TOKEN } },
      { endpoint: SECRET_KEY, projectId: 'p', auth: { token: TOKEN } },
      { region: 'cn-north-4', projectId: 'p', auth: { token: TOKEN, accessKey: 'a', secretKey: SECRET_KEY } },
      { region: 'cn-north-4', projectId: 'p', auth: { accessKey: '', secretKey: SECRET_KEY } },
      { region: 'cn-north-4', projectId: 'p', auth: { accessKey: 'a', secretKey: SECRET_KEY, securityToken: 1 } },
      { region: 'cn-north-4', projectId: '', auth: { token: TOKEN } },
      // The token itself instead of { token }: `'token' in auth` would echo it in V8's TypeError.
      { region: 'cn-north-4', projectId: 'p', auth: TOKEN },
      { region: 'cn-north-4', projectId: 'p', auth: SECRET_KEY },
    ];
    for (const options of bad) {
      const error = (() => {
        try {
          createViasClient(options as ViasClientOptions);
        } catch (e) {
          return e;
        }
        throw new Error('expected createViasClient to throw');
      })();
      expectNoSecrets(error);
    }
  });
});
