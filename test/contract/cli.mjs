#!/usr/bin/env node
// Provider mode: checks a running server against the bundled description. Every documented
// read operation (writes only on request) is called once per named request example through
// Prism's validation, run in this process (lib/provider.mjs); each violation is printed with
// the operation and the field. Credentials are never printed.
// Exit 0: every answer conforms and at least one is a documented success; 1: violations, a
// redirect, no answer, or no documented success; 2: bad usage.
import { parseArgs } from 'node:util';
import { generation, GENERATION_NAMES, pathExample } from '../lib/spec.mjs';

const USAGE = `usage: npm run contract -- --target <url> [options]

  --target <url>        server to check (required), e.g. http://127.0.0.1:4020 (the VIAS
                        emulator, \`npx vias-emulator\`) or https://vias.cn-north-4.myhuaweicloud.com
  --generation <name>   the description to check against: vias (default; spec/dist/openapi.yaml)
                        or vas (the older generation, host iva.{region}; spec/dist/vas.yaml)
  --project <id>        project_id for every path (default: the spec's example)
  --param <name=value>  any other path parameter (repeatable), e.g. --param task_id=abc
  --operations <ids>    comma-separated operationIds to check (default: all reads);
                        a write operation named here is sent
  --include-writes      also send the write operations (POST, PUT, PATCH, DELETE)
  --verbose             print Prism's log
  --token <token>       IAM token, if VIAS_TOKEN is not set (visible in \`ps\` and shell history)

Credentials, from the environment (never printed):
  VIAS_TOKEN                              IAM token, sent as X-Auth-Token
  VIAS_ACCESS_KEY, VIAS_SECRET_KEY        AK/SK: every request signed SDK-HMAC-SHA256
  VIAS_SECURITY_TOKEN                     with a temporary AK/SK, sent as X-Security-Token
Without any, a placeholder token is sent (enough for a mock or the emulator).

By default only reads (GET) are sent: writes change the target (createServiceTask creates
a real job), so they are skipped unless --include-writes or --operations names them.
Redirects are never followed: a 3xx answer is a failure, and nothing is sent to another origin.`;

function usageError(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        token: { type: 'string' },
        project: { type: 'string' },
        generation: { type: 'string', default: 'vias' },
        param: { type: 'string', multiple: true, default: [] },
        operations: { type: 'string' },
        'include-writes': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usageError(error.message);
  }
  if (values.help) (console.log(USAGE), process.exit(0));
  if (!values.target) usageError('--target is required');
  let target;
  try {
    target = new URL(values.target);
  } catch {
    usageError(`--target ${values.target}: not a URL`);
  }
  if (!/^https?:$/.test(target.protocol)) usageError(`--target ${values.target}: must be an http:// or https:// URL`);

  if (!GENERATION_NAMES.includes(values.generation)) usageError(`--generation ${values.generation}: expected one of ${GENERATION_NAMES.join(', ')}`);
  const { operations, yamlPath } = generation(values.generation);
  const known = new Set(operations.map((op) => op.id));
  const only = values.operations?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !known.has(id));
  if (unknown?.length) usageError(`--operations: unknown operationId ${unknown.join(', ')} (known: ${[...known].join(', ')})`);

  const selected = operations.filter((op) => !only || only.includes(op.id));
  const pathParams = new Set(selected.flatMap((op) => op.pathParams.map((p) => p.name)));
  const params = {};
  for (const p of values.param) {
    const m = /^([A-Za-z_]\w*)=(.+)$/s.exec(p);
    if (!m) usageError(`--param ${p}: expected <name>=<value>, e.g. --param task_id=abc`);
    if (!pathParams.has(m[1])) usageError(`--param ${p}: no operation checked has a path parameter ${m[1]} (they have: ${[...pathParams].join(', ')})`);
    params[m[1]] = m[2];
  }
  if (values.project !== undefined) {
    if (!values.project) usageError('--project: empty');
    params.project_id = values.project;
  }
  return { target: target.href, spec: yamlPath, only, selected, params, includeWrites: values['include-writes'], verbose: values.verbose, credentials: credentials(values.token) };
}

/** `{ token }` or `{ accessKey, secretKey, securityToken? }`, from the environment (or --token). */
function credentials(flagToken) {
  const { VIAS_TOKEN, VIAS_ACCESS_KEY, VIAS_SECRET_KEY, VIAS_SECURITY_TOKEN } = process.env;
  const token = VIAS_TOKEN || flagToken;
  if (VIAS_TOKEN && flagToken) console.error('VIAS_TOKEN and --token both set: using VIAS_TOKEN');
  if (VIAS_ACCESS_KEY || VIAS_SECRET_KEY || VIAS_SECURITY_TOKEN) {
    if (!VIAS_ACCESS_KEY || !VIAS_SECRET_KEY) usageError('AK/SK: set both VIAS_ACCESS_KEY and VIAS_SECRET_KEY (and VIAS_SECURITY_TOKEN for a temporary AK/SK)');
    if (token) usageError('set either a token (VIAS_TOKEN / --token) or an AK/SK (VIAS_ACCESS_KEY, VIAS_SECRET_KEY), not both');
    return { accessKey: VIAS_ACCESS_KEY, secretKey: VIAS_SECRET_KEY, ...(VIAS_SECURITY_TOKEN && { securityToken: VIAS_SECURITY_TOKEN }) };
  }
  return { token: token || 'provider-contract-check' };
}

/**
 * One request per (operation, named request example), built from the spec's examples, and the
 * write operations left out: only those named in --operations, or all with --include-writes.
 */
function plan(opts) {
  const sent = (op) => op.method === 'GET' || opts.includeWrites || opts.only?.includes(op.id);
  const skipped = opts.selected.filter((op) => !sent(op));
  const requests = opts.selected.filter(sent).flatMap((op) => {
    const params = { ...pathExample(op), ...opts.params };
    const path = op.path.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(params[n]));
    const bodies = op.body?.examples.length ? op.body.examples : [undefined];
    return bodies.map((example) => ({ op, path, label: example ? `${op.id} (${example.name})` : op.id, body: example?.value }));
  });
  return { requests, skipped };
}

/** Every credential, and any value of a credential header or signature, masked. */
function redactor(credentials) {
  const secrets = [credentials.token, credentials.secretKey, credentials.securityToken, credentials.accessKey].filter(Boolean);
  return (text) => {
    let out = String(text);
    for (const secret of secrets) out = out.split(secret).join('<redacted>');
    return out
      .replace(/\b(x-auth-token|authorization|x-security-token)(["']?\s*[:=]\s*["']?)[^"'\r\n}]+/gi, '$1$2<redacted>')
      .replace(/\bSignature=[0-9a-f]+/gi, 'Signature=<redacted>');
  };
}

const field = (location) => {
  const [where, part, ...rest] = location;
  return rest.length ? `${where} ${part} field ${rest.join('.')}` : location.join(' ');
};
/** A redirect's target, without its query (which could carry anything). */
const where = (location, base) => {
  try {
    const url = new URL(location, base);
    return url.origin + url.pathname;
  } catch {
    return 'an unparseable Location';
  }
};

const opts = options();
const redact = redactor(opts.credentials);
const print = (text = '') => console.log(redact(text));

async function main() {
  // Should the event loop ever empty before the run ends, the exit code is not a pass.
  process.exitCode = 2;
  process.once('beforeExit', () => finished || console.error('the run ended before every request was answered'));
  const { requests, skipped } = plan(opts);
  for (const op of skipped) print(`  skip  ${op.id}: ${op.method} writes to the target; add --include-writes or name it in --operations`);
  if (!requests.length) usageError('no operation to check: see --operations and --include-writes');

  // Prism's libraries take seconds to load: only once the flags are known to be good.
  const { providerChecker } = await import('../lib/provider.mjs');
  const prismLog = [];
  const exchange = await providerChecker({
    spec: opts.spec,
    target: opts.target,
    credentials: opts.credentials,
    log: (line) => opts.verbose && prismLog.push(line),
  });
  const auth = 'token' in opts.credentials ? 'a token' : 'AK/SK';
  print(`Checking ${opts.target} against ${opts.spec} (Prism's validation, ${auth})\n`);
  let failures = 0;
  let successes = 0;
  for (const request of requests) {
    const { status, location, violations } = await exchange({ method: request.op.method, path: request.path, body: request.body });
    const documented = request.op.responses.find((r) => r.status === status);
    const line = `${request.label}: ${request.op.method} ${request.path} → ${status ?? 'not sent'}`;
    if (status >= 300 && status < 400) {
      failures++;
      print(`  FAIL  ${line}: redirect to ${location ? where(location, opts.target) : '(no Location)'}, not followed`);
    } else if (!violations.length) {
      if (status < 300) successes++;
      print(`  ok    ${line}${status < 300 ? '' : documented ? ' (a documented error, not a success)' : ''}`);
      continue;
    } else print(`  FAIL  ${line}`);
    failures += violations.length;
    for (const v of violations) print(`        ${request.op.id}: ${field(v.location)} [${v.severity}${v.code ? ` ${v.code}` : ''}] ${v.message}`);
  }
  if (opts.verbose) print(`\nPrism log:\n${prismLog.map((l) => JSON.parse(l).msg).join('\n')}`);
  print(
    `\n${requests.length} requests, ${successes} documented success(es), ${failures} violation(s)` +
      `${skipped.length ? `, ${skipped.length} write operation(s) skipped` : ''}`,
  );
  if (!successes) print('FAIL: no operation answered a documented success (2xx), so nothing shows the target implements the API');
  process.exitCode = failures || !successes ? 1 : 0;
  finished = true;
}
let finished = false;

main().catch((error) => {
  console.error(redact(error?.stack ?? error));
  process.exitCode = 2;
});
