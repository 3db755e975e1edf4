import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createViasClient, type ViasClientOptions } from '../src/index.js';
import { caught, clientFor, TOKEN } from './helpers/client.js';
import { startFixtureServer, type Reply } from './helpers/fixture-server.js';
import { timeoutAfter } from './helpers/real-timeout.js';

// Secrets never appear in errors, over real sockets, when the server echoes what it was sent.

const SECRET_KEY = 'sk-super-secret-value-0123456789abcdef';
const SECURITY_TOKEN = 'sts-security-token-secret-abcdef';

/** Every way an error ends up in a log. */
const renderings = (error: unknown) => {
  const e = error as Error;
  return [e.message, String(e.stack), String(e), JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })];
};

/** Everything the request carried that is a credential: the token or STS token, the whole Authorization, the signature. */
const credentialsOf = (headers: Record<string, unknown>) => {
  const authorization = String(headers.authorization ?? '');
  return [headers['x-auth-token'], headers['x-security-token'], authorization, authorization.split('Signature=')[1]].filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
};
const echo = (status: number): Reply => (request) => {
  const sent = credentialsOf(request.headers).join(' | ');
  return { status, headers: { 'X-Request-Id': sent.slice(0, 200) }, body: { error_code: 'VIAS.00010005', error_msg: `you sent ${sent}`, detail: sent, params: [sent], reason: sent, advice: sent } };
};

const replies: [string, Reply][] = [
  ['ViasApiError', echo(401)],
  ['ViasApiError', (request) => ({ status: 403, body: `<html>${credentialsOf(request.headers).join(' ')}</html>` })],
  ['ViasResponseError', (request) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: `{"echo": "${credentialsOf(request.headers).join(' ')}"` })],
  ['ViasNetworkError', 'destroy'],
  ['ViasTimeoutError', 'hang'],
];
const auths: [string, ViasClientOptions['auth']][] = [
  ['token', { token: TOKEN }],
  ['AK/SK', { accessKey: 'AKEXAMPLE', secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN }],
];

describe('secrets never appear in errors, even when the server echoes them', () => {
  for (const [authName, auth] of auths) {
    it.each(replies)(`${authName}: %s`, async (name, reply) => {
      // A server of its own: a request that times out may reach a shared server late.
      const own = await startFixtureServer();
      try {
        own.reply(reply);
        const vias = clientFor(own, { auth, retry: false, timeoutMs: 50 });
        // The client's timer is fake (helpers/real-timeout.ts): it fires for 'hang' only, once the
        // request (and its credentials) reached the server; no other answer races a deadline.
        const ready = reply === 'hang' ? own.arrived(1).then(() => 'the server has the request') : new Promise<string>(() => {});
        const { error } = await timeoutAfter(ready, 50, () => vias.showTask({ path: { task_id: 't1' } }));
        expect(error.name).toBe(name);
        const secrets = [...credentialsOf(own.requests[0]!.headers), ...('token' in auth ? [TOKEN] : [SECRET_KEY, SECURITY_TOKEN])];
        expect(secrets.length).toBeGreaterThanOrEqual(name === 'ViasNetworkError' || name === 'ViasTimeoutError' ? 1 : 2);
        for (const text of renderings(error)) for (const secret of secrets) expect(text).not.toContain(secret);
      } finally {
        await own.close();
      }
    });
  }

  it('a network error whose cause quotes a secret keeps the cause, redacted', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error(`connect refused for ${TOKEN}`) });
    };
    const vias = createViasClient({ endpoint: 'https://vias.example.test', projectId: 'p1', auth: { token: TOKEN }, fetch, retry: false });
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error.name).toBe('ViasNetworkError');
    expect(error.cause.message).toBe('fetch failed');
    expect(error.cause.cause.message).toBe('connect refused for [REDACTED]');
    for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
  });

  it('option validation errors name the option, not the value', () => {
    const bad: unknown[] = [
      { region: TOKEN, projectId: 'p', auth: { token: TOKEN } },
      { endpoint: `https://user:${SECRET_KEY}@example.com`, projectId: 'p', auth: { token: TOKEN } },
      { endpoint: SECRET_KEY, projectId: 'p', auth: { token: TOKEN } },
      { region: 'cn-north-4', projectId: 'p', auth: { token: TOKEN, accessKey: 'a', secretKey: SECRET_KEY } },
      { region: 'cn-north-4', projectId: 'p', auth: { accessKey: '', secretKey: SECRET_KEY } },
      { region: 'cn-north-4', projectId: 'p', auth: { accessKey: 'a', secretKey: SECRET_KEY, securityToken: 1 } },
      { region: 'cn-north-4', projectId: '', auth: { token: TOKEN } },
      { region: 'cn-north-4', projectId: 'p', auth: { accessKey: 'a', secretKey: SECRET_KEY }, headers: { 'X-Auth-Token': TOKEN } },
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
      for (const text of renderings(error)) for (const secret of [TOKEN, SECRET_KEY]) expect(text).not.toContain(secret);
    }
  });
});
