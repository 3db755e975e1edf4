// Provider mode's engine: Prism's request pipeline (route, security, request validation,
// response validation), run in this process, with its forwarder replaced by one that sends each
// request exactly as built, to the target's origin only, and never follows a redirect. Prism's
// own forwarder (node-fetch) follows redirects with every header, credentials included.
// Each exchange is bounded against a hostile target: a deadline for the whole exchange (not an
// idle timeout, which one byte every 200 ms defeats), and a cap on the answer's size, counted as
// it arrives (a 600 MiB answer would otherwise be buffered whole, then fail as one string).
import http from 'node:http';
import https from 'node:https';
import prismCore from '@stoplight/prism-core';
import prismHttp from '@stoplight/prism-http';
import { signParts } from '@vias-openapi/signer';
import * as TE from 'fp-ts/lib/TaskEither.js';

/**
 * Loads the description and returns `exchange(request)`: sends one request to `target` through
 * Prism's pipeline and resolves `{ sent, status?, headers?, body?, location?, violations,
 * failure? }`. `failure` is one line saying why there is no complete answer (none within
 * `timeoutMs` for the whole exchange, one over `maxResponseBytes`, a connection error), and
 * then `violations` is empty. Both bounds are required: their defaults are those of the CLI
 * (contract/cli.mjs, `--timeout-ms` and `--max-response-bytes`), the only caller. `credentials`
 * is `{ token }` (sent as X-Auth-Token) or `{ accessKey, secretKey, securityToken? }` (signed
 * SDK-HMAC-SHA256). `log` receives Prism's log lines.
 */
export async function providerChecker({ spec, target, credentials, timeoutMs, maxResponseBytes, log = () => {} }) {
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
        : TE.tryCatch(async () => (answer = await send(url, method, headers, text, { timeoutMs, maxResponseBytes })), (e) => e);
    const prism = prismHttp.createInstance(config, { logger, forward });
    const input = { method: method.toLowerCase(), url: { path, query }, headers, body };
    const result = await prism.request(input, resources)();

    if (result._tag === 'Left') {
      const error = result.left;
      if (error.validations) return { sent: false, violations: error.validations.map((v) => violation('request', v)) };
      if (error instanceof ExchangeFailure) return { sent: true, status: error.status, violations: [], failure: error.message };
      const message = [error.title ?? error.message, error.detail, error.code].filter(Boolean).join(': ');
      return { sent: !!answer, status: answer?.statusCode, violations: [{ location: ['prism'], severity: 'Error', message }] };
    }
    const { output, validations } = result.right;
    const violations = [...validations.input.map((v) => violation('request', v)), ...validations.output.map((v) => violation('response', v))];
    if (output.notJson) violations.push({ location: ['response', 'body'], severity: 'Error', message: `not JSON: ${output.notJson}` });
    return { sent: true, status: output.statusCode, headers: output.headers, body: output.body, location: output.headers.location, violations };
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

/** Why an exchange has no complete answer: one line, with the status when the headers came. */
class ExchangeFailure extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

const mib = (bytes) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`);

/**
 * One request to the target's origin (node:http, which never follows a redirect), answered in
 * Prism's shape. The whole exchange, from connecting to the answer's last byte, must end within
 * `timeoutMs`; the answer may not exceed `maxResponseBytes`, counted as its bytes arrive (so
 * nothing larger is ever held). Otherwise the request is destroyed and the promise rejects with
 * an ExchangeFailure.
 */
function send(url, method, headers, body, { timeoutMs, maxResponseBytes }) {
  return new Promise((resolve, reject) => {
    let status;
    let received = 0;
    const fail = (message) => {
      clearTimeout(deadline);
      request.destroy();
      reject(new ExchangeFailure(message, status));
    };
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers }, (response) => {
      status = response.statusCode;
      const chunks = [];
      response.on('data', (chunk) => {
        received += chunk.length;
        if (received > maxResponseBytes) return fail(`the answer grew past the limit of ${mib(maxResponseBytes)} (--max-response-bytes); stopped reading`);
        chunks.push(chunk);
      });
      response.on('error', (error) => fail(`the answer broke off after ${received} bytes: ${error.message}`));
      response.on('end', () => {
        clearTimeout(deadline);
        resolve(answer(response, Buffer.concat(chunks).toString('utf8')));
      });
    });
    const deadline = setTimeout(
      () => fail(`no complete answer within ${timeoutMs} ms (--timeout-ms): ${status === undefined ? 'no headers' : `status ${status}, ${received} bytes`} by then`),
      timeoutMs,
    );
    request.on('error', (error) => fail(`no answer: ${error.message}`));
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
