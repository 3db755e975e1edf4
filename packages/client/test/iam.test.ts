import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iamTokenProvider, ViasCredentialsError, type CredentialsProvider } from '../src/index.js';
import { caught, clientFor, task } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { startIamServer, type IamServer } from './helpers/iam-server.js';

// The IAM token provider against an IAM fixture on a real socket: what it sends (the documented
// request), that the token goes on the VIAS requests, that it is kept and obtained again before
// `expires_at` (the clock is the test's), once for 100 parallel calls, and what a wrong
// password gives. See src/iam.ts for the pages the request is modelled on.

const USER = { name: 'alice', password: 'Correct-Horse-Battery-Staple-42', domain: 'acme' };
const DAY = 24 * 3600_000;

let clock = Date.parse('2026-01-01T00:00:00Z');
const now = () => clock;
let iam: IamServer;
let vias: FixtureServer;
beforeEach(async () => {
  clock = Date.parse('2026-01-01T00:00:00Z');
  iam = await startIamServer({ user: USER, now, agencies: ['partner/vias-operator'] });
  vias = await startFixtureServer();
});
afterEach(async () => {
  await iam?.close();
  await vias?.close();
});

// The IAM timeout is a 10-minute backstop, as clientFor's: a busy machine never reaches it.
const TIMEOUT_MS = 600_000;
const provider = (overrides: Partial<Parameters<typeof iamTokenProvider>[0]> = {}) =>
  iamTokenProvider({ endpoint: iam.url, region: 'cn-north-4', user: USER, now, timeoutMs: TIMEOUT_MS, ...overrides } as Parameters<typeof iamTokenProvider>[0]);
const show = (client: ReturnType<typeof clientFor>) => client.showTask({ path: { task_id: 't1' } });
const renderings = (error: Error) => [error.message, String(error.stack), String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })];

describe('iamTokenProvider', () => {
  it('obtains a token with the documented request and sends it as X-Auth-Token', async () => {
    vias.reply({ body: task('RUNNING') });
    const client = clientFor(vias, { auth: provider() });
    await show(client);
    expect(iam.requests).toHaveLength(1);
    const [request] = iam.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v3/auth/tokens?nocatalog=true');
    expect(request!.headers['content-type']).toBe('application/json;charset=utf8');
    expect(request!.headers['x-auth-token']).toBeUndefined();
    expect(request!.body).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'alice', password: USER.password, domain: { name: 'acme' } } } },
        scope: { project: { name: 'cn-north-4' } },
      },
    });
    expect(vias.requests[0]!.headers['x-auth-token']).toBe(iam.issued[0]);
  });

  it('keeps the token while it is valid, and obtains a new one refreshBeforeMs before expires_at', async () => {
    const client = clientFor(vias, { auth: provider({ refreshBeforeMs: 60_000 }) });
    await show(client);
    clock += DAY - 60_001; // one ms before the refresh point
    await show(client);
    expect(iam.requests).toHaveLength(1);
    clock += 1; // at it
    await show(client);
    expect(iam.requests).toHaveLength(2);
    expect(vias.requests.map((r) => r.headers['x-auth-token'])).toEqual([iam.issued[0], iam.issued[0], iam.issued[1]]);
  });

  it('100 parallel calls on an expired token: one IAM request, every call sends the new token', async () => {
    const client = clientFor(vias, { auth: provider() });
    await show(client);
    clock += DAY; // expired
    iam.hold();
    const calls = Array.from({ length: 100 }, () => show(client));
    // Every call is waiting on the one IAM request before it is answered.
    while (iam.requests.length < 2) await new Promise((resolve) => setImmediate(resolve));
    iam.release();
    await Promise.all(calls);
    expect(iam.requests).toHaveLength(2);
    expect(vias.requests).toHaveLength(101);
    expect(new Set(vias.requests.slice(1).map((r) => r.headers['x-auth-token']))).toEqual(new Set([iam.issued[1]]));
  });

  it('two clients sharing a provider share its token', async () => {
    const shared = provider();
    await show(clientFor(vias, { auth: shared }));
    await show(clientFor(vias, { auth: shared }));
    expect(iam.requests).toHaveLength(1);
  });

  it('a wrong password is a ViasCredentialsError saying what IAM answered, never the password; nothing reaches VIAS', async () => {
    await iam.close();
    iam = await startIamServer({ user: USER, now, echoPassword: true }); // a server that quotes the password
    const client = clientFor(vias, { auth: provider({ user: { ...USER, password: 'Wrong-Password-Guess-0042' } }) });
    const error = await caught(() => show(client));
    expect(error).toBeInstanceOf(ViasCredentialsError);
    expect(error.message).toMatch(/^IAM POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens failed with HTTP 401 for IAM user "alice" of account "acme" \(password authentication\): The username or password is wrong: alice\/\[REDACTED\]$/);
    for (const text of renderings(error)) {
      expect(text).not.toContain('Wrong-Password-Guess-0042');
      expect(text).not.toContain('Password-Guess'); // nor a fragment of it
    }
    expect(vias.requests).toHaveLength(0);
  });

  it('an error body that is not JSON is cut after it is redacted: a short password quoted near the cut does not leak in part', async () => {
    const password = 'Short-pw-9'; // under 12 characters: redacted whole only, never by fragments
    const answer = `${'x'.repeat(192)}${password} and more`; // the cut (200) falls inside it
    const obtain = iamTokenProvider({
      region: 'cn-north-4',
      user: { ...USER, password },
      timeoutMs: TIMEOUT_MS,
      fetch: async () => new Response(answer, { status: 401, headers: { 'Content-Type': 'text/plain' } }),
    });
    const error = await caught(async () => obtain({ signal: new AbortController().signal }));
    expect(error).toBeInstanceOf(ViasCredentialsError);
    expect(error.message).toMatch(/failed with HTTP 401 for IAM user "alice" of account "acme" \(password authentication\): x{192}\[REDACTE$/);
    for (const text of renderings(error)) expect(text).not.toContain(password.slice(0, 8));
  });

  it('when obtaining a new token fails while the old one is still valid, calls go on with the old one', async () => {
    const client = clientFor(vias, { auth: provider({ refreshBeforeMs: 3600_000 }) });
    await show(client);
    const url = iam.url;
    await iam.close(); // IAM unreachable
    clock += DAY - 1800_000; // half an hour left: refresh is due, the token still works
    await show(client);
    expect(vias.requests[1]!.headers['x-auth-token']).toBe(iam.issued[0]);
    clock += 1800_000; // expired
    const error = await caught(() => show(client));
    expect(error).toBeInstanceOf(ViasCredentialsError);
    expect(error.message).toContain(`IAM POST ${url}/v3/auth/tokens failed for IAM user "alice"`);
    expect(vias.requests).toHaveLength(2);
  });

  it('an agency token: the delegated user token as X-Auth-Token, assume_role in the body', async () => {
    const user = provider();
    const agency = iamTokenProvider({ endpoint: iam.url, project: { id: '6204a5bd270343b5885144cf9c8c158d' }, agency: { name: 'vias-operator', domain: 'partner' }, token: user, now, timeoutMs: TIMEOUT_MS });
    await show(clientFor(vias, { auth: agency }));
    expect(iam.requests).toHaveLength(2);
    const [forUser, forAgency] = iam.requests;
    expect(forUser!.body.auth.identity.methods).toEqual(['password']);
    expect(forAgency!.headers['x-auth-token']).toBe(iam.issued[0]);
    expect(forAgency!.body).toEqual({
      auth: {
        identity: { methods: ['assume_role'], assume_role: { agency_name: 'vias-operator', domain_name: 'partner' } },
        scope: { project: { id: '6204a5bd270343b5885144cf9c8c158d' } },
      },
    });
    expect(vias.requests[0]!.headers['x-auth-token']).toBe(iam.issued[1]);
    const refused = iamTokenProvider({ endpoint: iam.url, region: 'cn-north-4', agency: { name: 'other', domainId: 'd1' }, token: iam.issued[0]!, now, timeoutMs: TIMEOUT_MS });
    const error = await caught(() => show(clientFor(vias, { auth: refused })));
    expect(error).toBeInstanceOf(ViasCredentialsError);
    expect(error.message).toMatch(/failed with HTTP 403 for agency "other" of account "d1": You are not authorized/);
    for (const text of renderings(error)) expect(text).not.toContain(iam.issued[0]!.slice(10, 40));
  });

  // Each row carries a real secret (the password, or a token) where the refused option is.
  const SECRET_TOKEN = 'MIIT-delegated-token-0123456789abcdefghij';
  it.each([
    ['no region nor endpoint', { user: USER }, /pass `region`.*or `endpoint`/, USER.password],
    ['no user nor agency', { region: 'cn-north-4', token: SECRET_TOKEN }, /pass `user`.*or `agency`/, SECRET_TOKEN],
    ['a user without a domain', { region: 'cn-north-4', user: { ...USER, domain: '' } }, /`user` must be \{ name, password, domain \}/, USER.password],
    ['no project', { endpoint: 'https://iam.example.test', user: USER }, /pass `region` or `project`/, USER.password],
    ['a wrong region', { region: 'North 4', user: USER }, /`region` must be a region ID/, USER.password],
    ['an endpoint with a query', { region: 'cn-north-4', endpoint: 'https://iam.example.test/?a=1', user: USER }, /`endpoint` must not have a query or fragment/, USER.password],
    ['a timeout of 0', { region: 'cn-north-4', user: USER, timeoutMs: 0 }, /`timeoutMs` must be a number of milliseconds/, USER.password],
    ['a fetch that is not a function', { region: 'cn-north-4', user: USER, fetch: 'nope' }, /`fetch` must be a function/, USER.password],
    ['an agency with credentials for a token', { region: 'cn-north-4', agency: { name: 'a', domain: 'd' }, token: { token: SECRET_TOKEN } }, /`token`.*is required with `agency`/, SECRET_TOKEN],
    ['an agency with an unsendable token', { region: 'cn-north-4', agency: { name: 'a', domain: 'd' }, token: `${SECRET_TOKEN}\n` }, /`token` must be a non-empty string/, SECRET_TOKEN],
  ])('refuses %s with a TypeError naming the option, never a value', (_, options, message, secret) => {
    let thrown: unknown;
    try {
      iamTokenProvider(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as TypeError).message).toMatch(message);
    for (const text of renderings(thrown as TypeError)) expect(text).not.toContain(secret);
  });

  it('is typed: user or agency with token, not both', () => {
    const p: CredentialsProvider = iamTokenProvider({ region: 'cn-north-4', user: USER });
    expect(typeof p).toBe('function');
    const compileOnly = () => {
      // @ts-expect-error an agency needs the delegated party's token
      iamTokenProvider({ region: 'cn-north-4', agency: { name: 'a', domain: 'd' } });
      // @ts-expect-error a user or an agency, not both
      iamTokenProvider({ region: 'cn-north-4', user: USER, agency: { name: 'a', domain: 'd' }, token: 't' });
    };
    void compileOnly;
  });
});
