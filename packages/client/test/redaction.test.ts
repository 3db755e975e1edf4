import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createViasClient, type ViasClientOptions } from '../src/index.js';
import { caught, clientFor, TOKEN } from './helpers/client.js';
import { startFixtureServer, type FixtureServer, type Reply } from './helpers/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => void (server = await startFixtureServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

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
  ['ViasApiError (JSON)', { status: 401, headers: { 'X-Request-Id': 'r1' }, body: { error_code: 'APIGW.0301', error_msg: 'bad' } }],
  ['ViasApiError (text)', { status: 403, body: 'Forbidden' }],
  ['ViasNetworkError', 'destroy'],
  ['ViasTimeoutError', 'hang'],
];
const auths: [string, ViasClientOptions['auth']][] = [
  ['token', { token: TOKEN }],
  ['AK/SK', { accessKey: 'AKEXAMPLE', secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN }],
];

describe('secrets never appear in errors', () => {
  for (const [authName, auth] of auths) {
    it.each(replies)(`${authName}: %s`, async (_name, reply) => {
      server.reply(reply);
      const vias = clientFor(server, { auth, retry: false, timeoutMs: 50, headers: { 'X-Auth-Token': TOKEN } });
      const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
      expectNoSecrets(error);
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
