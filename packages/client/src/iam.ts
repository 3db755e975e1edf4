import { follow } from './abort.js';
import { BodyTooLarge, readBody, textOf } from './body.js';
import { cachedCredentials, HEADER_SAFE, sourceOf, type CredentialsProvider, type ProvidedCredentials } from './credentials.js';
import { isObject, redactedError, ViasCredentialsError } from './errors.js';
import { checkEndpoint, checkRegion, checkTimeout, resolveFetch } from './options.js';
import { redactor, type Redact } from './redact.js';

// An IAM token provider: obtains a project-scoped token from Huawei Cloud IAM with
// `POST /v3/auth/tokens` and refreshes it before it expires (through cachedCredentials).
//
// What is sent and read is modelled on Huawei's IAM API reference:
// - "Obtaining a User Token Through Password Authentication" (KeystoneCreateUserTokenByPassword),
//   https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0001.html: body
//   `auth.identity.methods: ["password"]`, `auth.identity.password.user.{name, password,
//   domain.name}` (domain = the account the IAM user belongs to), `auth.scope.project.{name|id}`;
//   the query parameter `nocatalog` leaves the service catalogue out of the answer.
// - "Obtaining an Agency Token" (KeystoneCreateAgencyToken),
//   https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0003.html: header `X-Auth-Token`
//   (a token of the delegated party's IAM user with Agent Operator permissions), body
//   `auth.identity.methods: ["assume_role"]`, `auth.identity.assume_role.{agency_name,
//   domain_name | domain_id}` (the delegating account), `auth.scope.project.{name|id}`. (An
//   older edition of the Chinese page names the agency field `xrole_name`; the current pages and
//   Huawei's SDKs, e.g. huaweicloud-sdk-nodejs-v3 `AgencyTokenAssumerole`, send `agency_name`.)
// - Both answer `201 Created` with the token in the `X-Subject-Token` header and a body whose
//   `token.expires_at` (ISO 8601, e.g. `2020-02-13T14:21:34.042000Z`) says when it expires;
//   tokens last 24 hours. Errors are 400, 401 (authentication failed), 403, 404, 500, 503; the
//   body's shape is not documented on those pages: `{ "error": { "code", "message", "title" } }`
//   (Keystone's) and `{ "error_code", "error_msg" }` (the API gateway's) are both read.
// - The endpoint: `https://iam.{region}.myhuaweicloud.com` ("Regions and Endpoints"; a token
//   obtained there works in that region only), or the global `https://iam.myhuaweicloud.com`.

export interface IamUser {
  /** IAM user name. */
  name: string;
  /** The IAM user's password. */
  password: string;
  /** The account (domain) the IAM user belongs to. */
  domain: string;
}

/** An agency created by the delegating account: its name and that account's name or ID. */
export type IamAgency = { name: string; domain: string } | { name: string; domainId: string };

interface IamCommonOptions {
  /** Region: the IAM endpoint `https://iam.{region}.myhuaweicloud.com`, and the default project scope (the project named after the region). */
  region?: string;
  /** IAM endpoint URL (another domain, a proxy, a fixture). Overrides the one of `region`. */
  endpoint?: string;
  /** The project the token is scoped to, by name or ID. Default: `{ name: region }`. */
  project?: { name: string } | { id: string };
  /** Custom fetch. Default: the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Timeout of one IAM request. Default 30 000 ms. */
  timeoutMs?: number;
  /** Obtain a new token this long before the current one expires. Default 300 000 ms (5 minutes). */
  refreshBeforeMs?: number;
  /** The clock, in epoch milliseconds (tests). Default `Date.now`. */
  now?: () => number;
}

export type IamTokenOptions = IamCommonOptions &
  (
    | { /** Password authentication of an IAM user. */ user: IamUser; agency?: never; token?: never }
    | {
        /** An agency token: the delegating account's agency. */
        agency: IamAgency;
        /** The delegated party's user token (Agent Operator), static or from a provider such as `iamTokenProvider({ user })`. */
        token: string | CredentialsProvider;
        user?: never;
      }
  );

/** The largest IAM answer read (with `nocatalog`, a few kB). */
const MAX_IAM_ANSWER = 1024 * 1024;

/**
 * A credentials provider that obtains an IAM token (`POST /v3/auth/tokens`) for `auth`, keeps it
 * and obtains a new one `refreshBeforeMs` before `token.expires_at`; calls that need a token
 * while one is being obtained wait for that request. Its failures are ViasCredentialsErrors
 * that say what IAM answered, never the password or a token.
 */
export function iamTokenProvider(options: IamTokenOptions): CredentialsProvider {
  const fail = (message: string): never => {
    throw new TypeError(`iamTokenProvider: ${message}`);
  };
  if (!isObject(options)) fail('pass an options object');
  const { region, project = region === undefined ? undefined : { name: region }, timeoutMs = 30_000 } = options;
  const text = (v: unknown) => typeof v === 'string' && v !== '';
  if (region !== undefined) checkRegion(region, fail);
  const endpoint = iamEndpoint(options.endpoint, region, fail);
  if (!project || !(isObject(project) && (text((project as { name?: unknown }).name) || text((project as { id?: unknown }).id)))) {
    fail('pass `region` or `project` ({ name } or { id }): the token is scoped to a project');
  }
  checkTimeout(timeoutMs, fail);
  const send = resolveFetch(options.fetch, fail);
  const url = `${endpoint}/v3/auth/tokens?nocatalog=true`;
  const where = `IAM POST ${endpoint}/v3/auth/tokens`;

  let identity: object;
  let who: string;
  let delegate: ((signal: AbortSignal) => Promise<string>) | undefined;
  const secrets: string[] = [];
  if ('user' in options && options.user !== undefined) {
    const { user } = options;
    if (!isObject(user) || !text(user.name) || !text(user.password) || !text(user.domain)) fail('`user` must be { name, password, domain } with non-empty strings');
    identity = { methods: ['password'], password: { user: { name: user.name, password: user.password, domain: { name: user.domain } } } };
    who = `IAM user "${user.name}" of account "${user.domain}" (password authentication)`;
    secrets.push(user.password);
  } else if ('agency' in options && options.agency !== undefined) {
    const { agency, token } = options;
    const a = agency as { name?: unknown; domain?: unknown; domainId?: unknown };
    if (!isObject(agency) || !text(a.name) || !(text(a.domain) || text(a.domainId))) fail('`agency` must be { name, domain } or { name, domainId } with non-empty strings');
    identity = { methods: ['assume_role'], assume_role: { agency_name: a.name, ...(text(a.domainId) ? { domain_id: a.domainId } : { domain_name: a.domain }) } };
    who = `agency "${String(a.name)}" of account "${String(a.domainId ?? a.domain)}"`;
    if (typeof token === 'string') {
      if (!HEADER_SAFE.test(token)) fail('`token` must be a non-empty string that can be sent in an HTTP header');
      secrets.push(token);
      delegate = async () => token;
    } else if (typeof token === 'function') {
      const source = sourceOf(token); // the provider's own cache, shared with any client using it
      delegate = async (signal) => {
        const { credentials } = await source(signal);
        if (!('token' in credentials)) throw new ViasCredentialsError(`${where} for ${who}: the delegated party's provider gave a key pair, not a token`);
        return credentials.token;
      };
    } else {
      fail('`token` (the delegated party\'s user token, or a provider of it) is required with `agency`');
    }
  } else {
    return fail('pass `user` ({ name, password, domain }) or `agency` ({ name, domain }) with `token`');
  }
  const body = JSON.stringify({ auth: { identity, scope: { project } } });

  const obtain: CredentialsProvider = async ({ signal }) => {
    const controller = new AbortController();
    const unfollow = follow(signal, controller);
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    let delegateToken: string | undefined;
    const redact = (): Redact => redactor([], [...secrets, delegateToken]);
    try {
      delegateToken = delegate ? await delegate(controller.signal) : undefined;
      const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=utf8' };
      if (delegateToken) headers['X-Auth-Token'] = delegateToken;
      let response: Response;
      let answer: string;
      try {
        response = await send(url, { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' });
        answer = textOf(await readBody(response, MAX_IAM_ANSWER));
      } catch (error) {
        if (error instanceof BodyTooLarge) throw new ViasCredentialsError(`${where} answered with more than ${MAX_IAM_ANSWER} bytes for ${who}`);
        const reason = controller.signal.aborted ? controller.signal.reason : error;
        throw new ViasCredentialsError(`${where} failed for ${who}: ${redact()((reason as Error)?.message ?? String(reason))}`, undefined, { cause: redactedError(reason, redact()) });
      }
      const token = response.headers.get('X-Subject-Token');
      if (!response.ok || response.status === 0) {
        const said = iamErrorText(answer, redact());
        throw new ViasCredentialsError(`${where} failed with HTTP ${response.status} for ${who}${said ? `: ${said}` : ''}`);
      }
      if (!token || !HEADER_SAFE.test(token)) throw new ViasCredentialsError(`${where} answered HTTP ${response.status} for ${who} without a usable X-Subject-Token header`);
      let expiresAt: number | undefined;
      try {
        const parsed = JSON.parse(answer) as { token?: { expires_at?: unknown } };
        expiresAt = typeof parsed.token?.expires_at === 'string' ? Date.parse(parsed.token.expires_at) : undefined;
      } catch {
        expiresAt = undefined;
      }
      if (expiresAt === undefined || !Number.isFinite(expiresAt)) throw new ViasCredentialsError(`${where} answered HTTP ${response.status} for ${who} without token.expires_at`);
      return { token, expiresAt } satisfies ProvidedCredentials;
    } finally {
      clearTimeout(timer);
      unfollow();
    }
  };
  return cachedCredentials(obtain, { ...(options.refreshBeforeMs === undefined ? {} : { refreshBeforeMs: options.refreshBeforeMs }), ...(options.now ? { now: options.now } : {}) });
}

function iamEndpoint(endpoint: unknown, region: string | undefined, fail: (m: string) => never): string {
  if (endpoint === undefined) {
    if (region === undefined) return fail('pass `region` (the IAM endpoint iam.{region}.myhuaweicloud.com) or `endpoint`');
    return `https://iam.${region}.myhuaweicloud.com`;
  }
  return checkEndpoint(endpoint, 'https://iam.cn-north-4.myhuaweicloud.com', fail);
}

/** What an IAM error body says: Keystone's `{ error: { message } }` or the gateway's `{ error_code, error_msg }`; else its text, cut. */
function iamErrorText(answer: string, redact: Redact): string {
  let said = '';
  try {
    const body = JSON.parse(answer) as Record<string, unknown>;
    const error = isObject(body.error) ? body.error : undefined;
    if (error && typeof error.message === 'string') said = error.message;
    else if (typeof body.error_msg === 'string') said = [body.error_code, body.error_msg].filter((v) => typeof v === 'string').join(' ');
  } catch {
    // Redacted before it is cut: a cut through a secret would leave a part too short to be found.
    return redact(answer.trim()).slice(0, 200);
  }
  return redact(said);
}
