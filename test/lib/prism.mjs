// The Prism mock of a bundled description, run in this process (Prism's own libraries, as
// `prism mock --errors` runs them): no child process that could outlive us, no file watcher,
// and a port that is either ours or an error. In front of it sits a thin guard (see below).
import { createServer, request as httpRequest, Agent } from 'node:http';
import prismCore from '@stoplight/prism-core';
import prismHttp from '@stoplight/prism-http';
import prismServer from '@stoplight/prism-http-server';
import { nestsDeeperThan } from '@vias-openapi/spec/json-depth';
import { generation as documentOf, GENERATION_NAMES } from './spec.mjs';

/** Prism's own body limit (prism-http-server reads bodies with micri's `limit: '10mb'`). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/**
 * The guard's nesting limit. Prism's validator recurses through the body: measured with
 * prism-cli 5.14.2, bodies nested 3,000 levels deep are answered 400, 5,000 crash the CLI and
 * 100,000 are answered 500. No VIAS request body nests more than a few levels.
 */
export const MAX_JSON_DEPTH = 256;
const TOO_LARGE = `the body is larger than ${MAX_BODY_BYTES} bytes (Prism's limit)`;
const TOO_DEEP = `the JSON body nests more than ${MAX_JSON_DEPTH} levels deep (refused before Prism, whose validator overflows its stack)`;

/** Answers as Prism answers its own errors (a problem document), with the reason in `sl-violations` too. */
const refuse = (res, status, title, detail) => {
  const violations = [{ location: ['request', 'body'], severity: 'Error', message: detail }];
  res.writeHead(status, {
    'Content-Type': 'application/problem+json',
    'sl-violations': JSON.stringify(violations),
  });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
  return violations;
};

/** Violations from Prism's `sl-violations` header (it prefixes an over-long list with a note). */
export function parseViolations(header) {
  if (!header) return [];
  try {
    return JSON.parse(header);
  } catch {
    return [{ location: [], severity: 'Error', message: header.slice(0, 500) }];
  }
}

/**
 * The mock's refusals read like the service's: where Prism rejects a request (its documented 400,
 * or 422), the body it answers — the catalogue example, `detail: "Invalid parameter."`, `params:
 * []` — is replaced by the service's error body saying what Prism found: for VIAS the six fields
 * of `VIAS.00010001` (from the description's catalogue) with `detail` listing Prism's violations
 * and `params` naming the first field; for VAS its two fields, `IVA.0004` and the violations in
 * `error_msg`. `sl-violations` stays as Prism wrote it. A task input is a `oneOf` selected by its
 * `type`, which Prism checks against every branch: only the violations of the branch the request's
 * `type` selects (as the description's discriminator says, checked with the spec's validator)
 * are reported, so an `obs` input missing `path` is not also said to miss `video_source_id`.
 * Returns undefined for a spec that is not one of the bundled documents (nothing is rewritten).
 */
export function refusalWriter(spec) {
  const name = GENERATION_NAMES.find((n) => [documentOf(n).yamlPath, documentOf(n).jsonPath].includes(spec));
  if (!name) return undefined;
  const doc = documentOf(name);
  const catalogue = Object.values(doc.bundle.components.schemas).find((s) => Array.isArray(s['x-error-codes']))['x-error-codes'];
  const entry = catalogue.find((e) => e.code === (name === 'vias' ? 'VIAS.00010001' : 'IVA.0004'));
  return ({ method, url, body, violations }) => {
    const errors = violations.filter((v) => v.severity === 'Error' && v.location[0] === 'request');
    if (!errors.length) return undefined;
    const relevant = relevantTo(doc, method, url, body, errors);
    const detail = summarise(relevant);
    if (name === 'vas') return { error_code: entry.code, error_msg: `${entry.message} ${detail}` };
    return { error_code: entry.code, error_msg: entry.message, detail, params: [fieldOf(relevant[0])], reason: entry.message, advice: entry.advice };
  };
}

/** The violations of the body that the spec's own (discriminator-aware) validation also finds; all of them if it finds none. */
function relevantTo(doc, method, url, bodyText, violations) {
  const matched = doc.matchPath(method, new URL(url, 'http://mock').pathname);
  const schema = matched?.op.body?.schema;
  let body;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return violations;
  }
  if (!schema) return violations;
  const check = doc.validator(schema);
  if (check(body)) return violations;
  const key = (location, keyword, missing) => `${location.join('/')} ${keyword}${missing ? ` ${missing}` : ''}`;
  const found = new Set(check.errors.map((e) => key(['request', 'body', ...e.instancePath.split('/').slice(1)], e.keyword, e.params?.missingProperty)));
  const kept = violations.filter((v) => v.location[1] !== 'body' || found.has(key(v.location, v.code, v.code === 'required' ? /'([^']+)'/.exec(v.message)?.[1] : undefined)));
  return kept.length ? kept : violations;
}

/** Prism's messages, without repeats, at most five. */
function summarise(violations) {
  const messages = [...new Set(violations.map((v) => v.message))];
  const shown = messages.slice(0, 5).join('; ');
  return messages.length > 5 ? `${shown}; and ${messages.length - 5} more` : shown;
}

/** `input.data[0].path` for a violation of the body, `page_size` for a parameter. */
function fieldOf(v) {
  const segments = v.location.slice(2).map((k) => String(k).replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = v.code === 'required' ? /'([^']+)'/.exec(v.message)?.[1] : undefined;
  if (missing) segments.push(missing);
  const field = segments.reduce((out, k) => (/^\d+$/.test(k) ? `${out}[${k}]` : out ? `${out}.${k}` : k), '');
  return field || (v.location[1] === 'body' ? 'body' : String(v.location[1] ?? 'request'));
}

/**
 * Serves `prism mock --errors <spec>` on `host:port` (port 0: a free one) and resolves
 * `{ url, stop }` once it listens. A port in use rejects with `code: 'EADDRINUSE'`.
 * `onExchange({ method, path, status, violations })` is called after each answer.
 * `logLevel` is Prism's own pino level; its log goes to `logStream` (default: nowhere).
 * @param {{ spec: string, host?: string, port?: number, logLevel?: string, logStream?: { write(line: string): void },
 *   onExchange?: (exchange: { method?: string, path: string, status?: number, violations: { location: string[], severity: string, message: string }[] }) => void }} options
 * @returns {Promise<{ url: string, stop(): Promise<void> }>}
 */
export async function startPrism({ spec, host = '127.0.0.1', port = 0, onExchange, logLevel = 'warn', logStream }) {
  const operations = await prismHttp.getHttpOperationsFromSpec(spec);
  if (!operations.length) throw new Error(`${spec} has no operations`);
  const logger = prismCore.createLogger('PRISM', { level: logLevel }, logStream ?? { write() {} });
  const prism = prismServer.createServer(operations, {
    cors: true,
    components: { logger },
    config: {
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: true,
      isProxy: false,
      upstreamProxy: undefined,
      // Static examples: Prism's dynamic mode (json-schema-faker) ignores a oneOf's discriminator and cannot
      // compile lookbehind patterns, so its bodies fail Prism's own validation.
      mock: { dynamic: false },
    },
  });
  const inner = new URL(await prism.listen(0, '127.0.0.1'));
  const refuseLike = refusalWriter(spec);
  const agent = new Agent({ keepAlive: true });

  // The guard: bodies over Prism's limit get 413 (as Prism answers them) and bodies nested deeper
  // than MAX_JSON_DEPTH get 400, before Prism reads them; everything else goes to Prism unchanged.
  const guard = createServer((req, res) => {
    const path = req.url ?? '/';
    const log = (status, violations) => onExchange?.({ method: req.method, path, status, violations });
    // Read to the end even past the limit: a client still sending would get EPIPE, not the answer.
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return log(413, refuse(res, 413, 'Request body too large', TOO_LARGE));
      const body = Buffer.concat(chunks);
      if (/json/i.test(req.headers['content-type'] ?? '') && nestsDeeperThan(body, MAX_JSON_DEPTH)) {
        return log(400, refuse(res, 400, 'Request body nested too deeply', TOO_DEEP));
      }
      const headers = { ...req.headers };
      if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
        delete headers['transfer-encoding'];
        headers['content-length'] = String(body.length);
      }
      const upstream = httpRequest({ host: inner.hostname, port: inner.port, method: req.method, path, headers, agent }, (answer) => {
        const violations = parseViolations(answer.headers['sl-violations']);
        const refusal = (answer.statusCode === 400 || answer.statusCode === 422) && refuseLike?.({ method: req.method, url: path, body: body.toString('utf8'), violations });
        if (refusal) {
          answer.resume(); // Prism's own body is replaced
          const text = JSON.stringify(refusal);
          const { 'content-length': _, 'transfer-encoding': __, ...kept } = answer.headers;
          res.writeHead(answer.statusCode, { ...kept, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
          return answer.on('end', () => log(answer.statusCode, violations));
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => log(answer.statusCode, violations));
      });
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`mock unavailable: ${error.message}`);
      });
      upstream.end(body);
    });
  });

  try {
    await new Promise((resolve, reject) => {
      guard.once('error', reject);
      guard.listen(port, host, resolve);
    });
  } catch (error) {
    agent.destroy();
    await prism.close();
    const why = error.code === 'EADDRINUSE' ? `${host}:${port} is in use by another process` : `cannot listen on ${host}:${port}: ${error.message}`;
    throw Object.assign(new Error(why), { code: error.code });
  }
  const url = `http://${host}:${guard.address().port}`;
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      guard.closeAllConnections();
      await new Promise((resolve) => guard.close(resolve));
      agent.destroy();
      await prism.close();
    })());
  return { url, stop };
}
