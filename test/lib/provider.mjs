// Provider mode's engine: Prism's request pipeline (route, security, request validation,
// response validation), run in this process, with its forwarder replaced by one that sends each
// request exactly as built, to the target's origin only, and never follows a redirect. Prism's
// own forwarder (node-fetch) follows redirects with every header, credentials included.
import http from 'node:http';
import https from 'node:https';
import prismCore from '@stoplight/prism-core';
import prismHttp from '@stoplight/prism-http';
import { signParts } from '@vias-openapi/signer';
import * as TE from 'fp-ts/lib/TaskEither.js';

/** Request headers carrying a credential (never printed). */
export const CREDENTIAL_HEADERS = ['x-auth-token', 'authorization', 'x-security-token'];

/**
 * Loads the description and returns `exchange(request)`: sends one request to `target` through
 * Prism's pipeline and resolves `{ status, location?, violations, sent }`. `credentials` is
 * `{ token }` (sent as X-Auth-Token) or `{ accessKey, secretKey, securityToken? }` (signed
 * SDK-HMAC-SHA256). `log` receives Prism's log lines.
 */
export async function providerChecker({ spec, target, credentials, timeoutMs = 30_000, log = () => {} }) {
  const resources = await prismHttp.getHttpOperationsFromSpec(spec);
  const base = new URL(target);
  const logger = prismCore.createLogger('PRISM', { level: 'info' }, { write: (line) => log(line) });
  const config = {
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors: true,
    isProxy: true,
    upstream: base,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };

  return async function exchange({ method, path, query = {}, body }) {
    const url = new URL(base);
    url.pathname = (base.pathname.replace(/\/$/, '') + path).replace(/^\/\//, '/');
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = {
      accept: 'application/json',
      ...(text !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }),
    };
    await authorise(headers, { method, url, body: text }, credentials);

    let answer;
    // Prism calls this in place of its forwarder, after its security and request checks
    // (`validations` are their findings): (input, upstream, proxy, operation) => logger => TaskEither.
    const forward = ({ validations }) => () =>
      validations.length
        ? TE.left(Object.assign(new Error('request not sent: it breaks the description'), { validations }))
        : TE.tryCatch(async () => (answer = await send(url, method, headers, text, timeoutMs)), (e) => e);
    const prism = prismHttp.createInstance(config, { logger, forward });
    const input = { method: method.toLowerCase(), url: { path, query }, headers, body };
    const result = await prism.request(input, resources)();

    if (result._tag === 'Left') {
      const error = result.left;
      if (error.validations) return { sent: false, violations: error.validations.map((v) => violation('request', v)) };
      const message = [error.title ?? error.message, error.detail, error.code].filter(Boolean).join(': ');
      return { sent: !!answer, status: answer?.statusCode, violations: [{ location: ['prism'], severity: 'Error', message }] };
    }
    const { output, validations } = result.right;
    const violations = [...validations.input.map((v) => violation('request', v)), ...validations.output.map((v) => violation('response', v))];
    if (output.notJson) violations.push({ location: ['response', 'body'], severity: 'Error', message: `not JSON: ${output.notJson}` });
    return { sent: true, status: output.statusCode, location: output.headers.location, violations };
  };
}

async function authorise(headers, { method, url, body }, credentials) {
  if ('token' in credentials) {
    headers['x-auth-token'] = credentials.token;
    return;
  }
  const signed = await signParts({ method, url, headers, body }, credentials);
  if (credentials.securityToken) headers['x-security-token'] = credentials.securityToken;
  headers['x-sdk-date'] = signed.sdkDate;
  headers.authorization = signed.authorization;
}

/**
 * One request to the target's origin (node:http, which never follows a redirect), answered in
 * Prism's shape. Fails on no answer within `timeoutMs`.
 */
function send(url, method, headers, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, timeout: timeoutMs }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve(answer(response, Buffer.concat(chunks).toString('utf8'))));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

function answer(response, text) {
  const isJson = /\bjson\b/i.test(response.headers['content-type'] ?? '');
  let body = text;
  let notJson;
  if (isJson && response.statusCode !== 204 && text !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      notJson = error.message;
    }
  }
  return { statusCode: response.statusCode, headers: response.headers, body, notJson };
}

// Prism's diagnostics ({ path, severity (0 = Error), code, message }) as its HTTP server reports them.
const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];
const violation = (where, d) => ({ location: [where, ...(d.path ?? [])], severity: SEVERITY[d.severity] ?? d.severity, code: d.code, message: d.message });
