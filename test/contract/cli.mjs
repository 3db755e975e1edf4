#!/usr/bin/env node
// Provider mode: checks a running server against the bundled description. Every documented
// read operation (writes only on request) is called once per named request example through
// Prism's validation, run in this process (lib/provider.mjs); each violation is printed with
// the operation and the field. With writes, the run follows the description's links
// (lib/plan.mjs): creates first, then reads, updates, commands and deletes of what it created.
// Credentials are never printed; every failure is one line, never a stack trace.
// Exit 0: every answer conforms and at least one is a documented success; 1: violations, a
// redirect, no complete answer, or no documented success; 2: bad usage.
import { parseArgs } from 'node:util';
import { deleteOrder, linkedParams, linksOf, needsOf, newRunId, PHASES, planRequests, withKnownIds, withUniqueName } from '../lib/plan.mjs';
import { generation, GENERATION_NAMES, pathExample } from '../lib/spec.mjs';

// The bounds' defaults: the whole exchange within 30 s, an answer of at most 10 MiB (given to
// lib/provider.mjs, which has none of its own).
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

const USAGE = `usage: npm run contract -- --target <url> [options]

  --target <url>        server to check (required), e.g. http://127.0.0.1:4020 (the VIAS
                        emulator, \`npx vias-emulator\`) or https://vias.cn-north-4.myhuaweicloud.com
  --generation <name>   the description to check against: vias (default; spec/dist/openapi.yaml)
                        or vas (the older generation, host iva.{region}; spec/dist/vas.yaml)
  --project <id>        project_id for every path (default: the spec's example)
  --param <name=value>  any other path parameter (repeatable), e.g. --param task_id=abc
  --operations <ids>    comma-separated operationIds to check (default: all reads);
                        a write operation named here is sent
  --include-writes      also send the write operations (POST, PUT, PATCH, DELETE): creates
                        first, then reads, updates, commands and deletes of what they created
  --timeout-ms <ms>     deadline for each whole exchange, connecting to last byte (default ${DEFAULT_TIMEOUT_MS})
  --max-response-bytes <n>
                        largest answer read, counted as it arrives (default ${DEFAULT_MAX_RESPONSE_BYTES}, ${DEFAULT_MAX_RESPONSE_BYTES / 1024 / 1024} MiB)
  --verbose             print Prism's log
  --token <token>       IAM token, if VIAS_TOKEN is not set (visible in \`ps\` and shell history)

Credentials, from the environment (never printed):
  VIAS_TOKEN                              IAM token, sent as X-Auth-Token
  VIAS_ACCESS_KEY, VIAS_SECRET_KEY        AK/SK: every request signed SDK-HMAC-SHA256
  VIAS_SECURITY_TOKEN                     with a temporary AK/SK, sent as X-Security-Token
Without any, a placeholder token is sent (enough for a mock or the emulator).

By default only reads (GET) are sent: writes change the target (createServiceTask creates
a real job), so they are skipped unless --include-writes or --operations names them. With
writes, the IDs a create answers (the description's links) go to the reads, updates, commands
and deletes of the same run, deletes last; names in bodies get a suffix unique to the run.
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
        'timeout-ms': { type: 'string', default: String(DEFAULT_TIMEOUT_MS) },
        'max-response-bytes': { type: 'string', default: String(DEFAULT_MAX_RESPONSE_BYTES) },
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

  const count = (flag, max) => {
    const text = values[flag];
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= 1 && n <= max)) usageError(`--${flag} ${text}: expected a whole number from 1 to ${max}`);
    return n;
  };
  const timeoutMs = count('timeout-ms', 2 ** 31 - 1);
  const maxResponseBytes = count('max-response-bytes', 2 ** 31 - 1);

  if (!GENERATION_NAMES.includes(values.generation)) usageError(`--generation ${values.generation}: expected one of ${GENERATION_NAMES.join(', ')}`);
  const doc = generation(values.generation);
  const { operations, yamlPath } = doc;
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
  return {
    target: target.href,
    doc,
    spec: yamlPath,
    only,
    selected,
    params,
    includeWrites: values['include-writes'],
    timeoutMs,
    maxResponseBytes,
    verbose: values.verbose,
    credentials: credentials(values.token),
  };
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
 * The requests of the run, by phase (lib/plan.mjs), and the write operations left out: only
 * those named in --operations are sent, or all with --include-writes.
 */
function plan(opts) {
  const sent = (op) => op.method === 'GET' || opts.includeWrites || opts.only?.includes(op.id);
  const skipped = opts.selected.filter((op) => !sent(op));
  return { phases: planRequests(opts.doc, opts.selected.filter(sent), opts.params), skipped };
}

// As the client's redactor: a shorter value cannot be a real credential, and masking a mock's
// token "t" everywhere would garble every line (credential headers are masked whatever their length).
const MIN_SECRET_LENGTH = 6;

/** Every credential, and any value of a credential header or signature, masked. */
function redactor(credentials) {
  const secrets = [credentials.token, credentials.secretKey, credentials.securityToken, credentials.accessKey]
    .filter((s) => s && s.length >= MIN_SECRET_LENGTH)
    // Longest first, so a secret that contains another is masked whole.
    .sort((a, b) => b.length - a.length);
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
  const { phases, skipped } = plan(opts);
  for (const op of skipped) print(`  skip  ${op.id}: ${op.method} writes to the target; add --include-writes or name it in --operations`);
  if (!PHASES.some((p) => phases[p].length)) usageError('no operation to check: see --operations and --include-writes');

  // Prism's libraries take seconds to load: only once the flags are known to be good.
  const { providerChecker } = await import('../lib/provider.mjs');
  const prismLog = [];
  const exchange = await providerChecker({
    spec: opts.spec,
    target: opts.target,
    credentials: opts.credentials,
    timeoutMs: opts.timeoutMs,
    maxResponseBytes: opts.maxResponseBytes,
    log: (line) => opts.verbose && prismLog.push(line),
  });
  const auth = 'token' in opts.credentials ? 'a token' : 'AK/SK';
  const runId = newRunId();
  print(`Checking ${opts.target} against ${opts.spec} (Prism's validation, ${auth})`);
  if (phases.create.length) print(`Run ${runId}: names in request bodies end in -${runId}<n>; created IDs go to the requests after them (the description's links)`);
  print('');

  const tally = { requests: 0, successes: 0, violations: 0, failures: 0 };
  /** operationId → whether one of its answers was a conforming documented success. */
  const answered = new Map();
  /** `<operationId>.<parameter>` → the value a create's links gave first (for bodies' x-identifies). */
  const known = new Map();
  /** `<operationId>.<parameter>` → the index (in `created`) of the resource that value is. */
  const knownFrom = new Map();
  /** Index of a created resource → the indices of those its requests' bodies named. */
  const dependsOn = new Map();
  let named = 0;

  /**
   * Sends one planned request with `linked` path parameters, about the created resource `owner`
   * (an index in `created`); returns what the links of its answer give.
   */
  async function run(request, linked = {}, owner = undefined) {
    const { op } = request;
    if (owner !== undefined) {
      for (const key of needsOf(opts.doc, request)) {
        if (!knownFrom.has(key)) continue;
        if (!dependsOn.has(owner)) dependsOn.set(owner, new Set());
        dependsOn.get(owner).add(knownFrom.get(key));
      }
    }
    // A linked value its parameter's schema refuses (a masked ID in an example answer) is not used.
    const fits = ([name, value]) => {
      const schema = op.pathParams.find((p) => p.name === name)?.schema;
      return !schema || !opts.doc.validate(schema, value);
    };
    const params = { ...pathExample(op), ...opts.params, ...Object.fromEntries(Object.entries(linked).filter(fits)), ...request.fixed };
    const path = op.path.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(params[n]));
    const withIds = withKnownIds(opts.doc, op.body?.schema, request.body, known);
    const hasName = typeof withIds?.name === 'string';
    const { body, renamed } = hasName ? withUniqueName(withIds, op.body?.schema, opts.doc.validate, `${runId}${++named}`) : { body: withIds, renamed: false };
    if (hasName && !renamed) print(`  note  ${request.label}: no unique name fits the schema; sending the example's name ${JSON.stringify(request.body.name)}`);
    const answer = await exchange({ method: op.method, path, body });
    tally.requests++;
    if (!answered.has(op.id)) answered.set(op.id, false);
    const documented = op.responses.find((r) => r.status === answer.status);
    const line = `${request.label}: ${op.method} ${path} → ${answer.status ?? 'not sent'}`;
    if (answer.failure) {
      tally.failures++;
      print(`  FAIL  ${request.label}: ${op.method} ${path}: ${answer.failure}`);
      return {};
    }
    if (answer.status >= 300 && answer.status < 400) {
      tally.failures++;
      print(`  FAIL  ${line}: redirect to ${answer.location ? where(answer.location, opts.target) : '(no Location)'}, not followed`);
    } else if (!answer.violations.length) {
      const success = answer.status < 300;
      if (success) {
        tally.successes++;
        answered.set(op.id, true);
      }
      print(`  ok    ${line}${success ? '' : documented ? ' (a documented error, not a success)' : ''}`);
    } else print(`  FAIL  ${line}`);
    tally.violations += answer.violations.length;
    for (const v of answer.violations) print(`        ${op.id}: ${field(v.location)} [${v.severity}${v.code ? ` ${v.code}` : ''}] ${v.message}`);
    // Only a conforming documented success is trusted to name what it created.
    if (!(answer.status >= 200 && answer.status < 300) || answer.violations.length) return {};
    return linkedParams(linksOf(opts.doc, op), {
      url: opts.target.replace(/\/$/, '') + path,
      method: op.method,
      request: { path: params, query: {}, headers: {}, body },
      response: { status: answer.status, headers: answer.headers ?? {}, body: answer.body },
    });
  }

  // Creates first; each answer that links to other operations is kept, in order of creation.
  const created = [];
  for (const request of phases.create) {
    const targets = await run(request, {}, created.length);
    if (!Object.keys(targets).length) continue;
    created.push(targets);
    for (const [operationId, params] of Object.entries(targets)) {
      for (const [name, value] of Object.entries(params)) {
        if (known.has(`${operationId}.${name}`)) continue;
        known.set(`${operationId}.${name}`, value);
        knownFrom.set(`${operationId}.${name}`, created.length - 1);
      }
    }
  }
  // Reads, updates, commands: with the IDs of the first create that gave them.
  const firstFor = (id) => created.findIndex((targets) => targets[id]);
  for (const phase of ['read', 'update', 'command']) {
    for (const request of phases[phase]) {
      const index = firstFor(request.op.id);
      await run(request, index === -1 ? {} : created[index][request.op.id], index === -1 ? undefined : index);
    }
  }
  // Deletes last: newest first, each resource after whatever names it; then deletes no create linked to.
  const deletes = [];
  for (const index of deleteOrder(created.length, dependsOn)) {
    for (const request of phases.delete) if (created[index][request.op.id]) deletes.push([request, created[index][request.op.id]]);
  }
  for (const request of phases.delete) if (!created.some((targets) => targets[request.op.id])) deletes.push([request, {}]);
  for (const [request, linked] of deletes) await run(request, linked);

  if (opts.verbose) print(`\nPrism log:\n${prismLog.map((l) => JSON.parse(l).msg).join('\n')}`);
  const problems = tally.violations + tally.failures;
  print(
    `\n${tally.requests} requests, ${tally.successes} documented success(es), ${tally.violations} violation(s)` +
      `${tally.failures ? `, ${tally.failures} failed exchange(s)` : ''}` +
      `${skipped.length ? `, ${skipped.length} write operation(s) skipped` : ''}`,
  );
  const without = [...answered].filter(([, ok]) => !ok).map(([id]) => id);
  print(`${answered.size - without.length} of ${answered.size} operations answered a documented success${without.length ? ` (not: ${without.join(', ')})` : ''}`);
  if (!tally.successes) print('FAIL: no operation answered a documented success (2xx), so nothing shows the target implements the API');
  process.exitCode = problems || !tally.successes ? 1 : 0;
  finished = true;
}
let finished = false;

/** Anything unforeseen: one redacted line, exit 1, never a stack trace. */
const crash = (error) => {
  console.error(redact(`contract: ${error?.message ?? error}`).split('\n')[0]);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
main().catch(crash);
