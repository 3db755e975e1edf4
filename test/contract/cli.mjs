#!/usr/bin/env node
// Provider mode: checks a running server against the bundled description. Every documented
// read operation (writes only on request) is called once per named request example, through
// `prism proxy --errors`, which validates the request and the server's response; each
// violation is printed with the operation and the field. The token (VIAS_TOKEN, or --token)
// is never printed. Exit 0: no violation; 1: violations; 2: the check could not run.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startPrism } from '../lib/prism.mjs';
import { operations, pathExample, specYamlPath } from '../lib/spec.mjs';

const USAGE = `usage: npm run contract -- --target <url> [options]

  --target <url>        server to check (required), e.g. http://127.0.0.1:8080
  --token <token>       IAM token sent as X-Auth-Token, if VIAS_TOKEN is not set. Safer:
                        VIAS_TOKEN=… in the environment; a token on the command line
                        shows in \`ps\` and shell history. Never printed. (default: a placeholder)
  --project <id>        project_id for every path (default: the spec's example)
  --param <name=value>  any other path parameter (repeatable), e.g. --param task_id=abc
  --operations <ids>    comma-separated operationIds to check (default: all reads);
                        a write operation named here is sent
  --include-writes      also send the write operations (POST, PUT, PATCH, DELETE)
  --spec <file>         description to check against (default: the bundled openapi.yaml)
  --verbose             print Prism's log

By default only reads (GET) are sent: writes change the target (createServiceTask creates
a real job), so they are skipped unless --include-writes or --operations names them.`;

function options() {
  try {
    const { values } = parseArgs({
      options: {
        target: { type: 'string' },
        token: { type: 'string' },
        project: { type: 'string' },
        param: { type: 'string', multiple: true, default: [] },
        operations: { type: 'string' },
        'include-writes': { type: 'boolean', default: false },
        spec: { type: 'string', default: specYamlPath },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) (console.log(USAGE), process.exit(0));
    if (!values.target) throw new Error('--target is required');
    new URL(values.target);
    if (process.env.VIAS_TOKEN && values.token) console.error('VIAS_TOKEN and --token both set: using VIAS_TOKEN');
    values.token = process.env.VIAS_TOKEN || values.token || 'provider-contract-check';
    // Relative to where the user ran npm (npm runs the script inside test/).
    values.spec = resolve(process.env.INIT_CWD ?? process.cwd(), values.spec);
    return values;
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/**
 * One request per (operation, named request example), built from the spec's examples, and the
 * write operations left out: only those named in --operations, or all with --include-writes.
 */
function plan(opts) {
  const only = opts.operations?.split(',').map((s) => s.trim());
  const overrides = Object.fromEntries(opts.param.map((p) => p.split(/=(.*)/s).slice(0, 2)));
  if (opts.project) overrides.project_id = opts.project;
  const selected = operations.filter((op) => !only || only.includes(op.id));
  const sent = (op) => op.method === 'GET' || opts['include-writes'] || only?.includes(op.id);
  const skipped = selected.filter((op) => !sent(op));
  const requests = selected
    .filter(sent)
    .flatMap((op) => {
      const params = { ...pathExample(op), ...overrides };
      const path = op.path.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(params[n]));
      const bodies = op.body?.examples.length ? op.body.examples : [undefined];
      return bodies.map((example) => ({ op, path, label: example ? `${op.id} (${example.name})` : op.id, body: example?.value }));
    });
  return { requests, skipped };
}

/**
 * The token must never reach the output, even through Prism's log: its value is masked
 * wherever it appears, and so is the value of any X-Auth-Token / Authorization header.
 */
const redact = (text, token) =>
  String(text)
    .split(token)
    .join('<redacted>')
    .replace(/\b(x-auth-token|authorization)(["']?\s*[:=]\s*["']?)[^"'\r\n}]+/gi, '$1$2<redacted>');

/** Violations Prism reported for one exchange: its header, or its own error document. */
async function check(proxyUrl, token, { op, path, body }) {
  let response;
  try {
    response = await fetch(proxyUrl + path, {
      method: op.method,
      headers: { 'X-Auth-Token': token, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return { status: 'no answer', violations: [{ location: ['prism'], severity: 'Error', message: String(error) }] };
  }
  const text = await response.text();
  const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]');
  // A problem document without violations is Prism's own failure (target unreachable, no
  // route…): VIAS answers application/json, so it is never the server's answer.
  if (!violations.length && response.headers.get('content-type')?.includes('problem+json')) {
    const problem = JSON.parse(text);
    violations.push({ location: ['prism'], severity: 'Error', message: [problem.title, problem.detail].filter(Boolean).join(': ') });
  }
  return { status: response.status, violations };
}

const field = (location) => {
  const [where, part, ...rest] = location;
  return rest.length ? `${where} ${part} field ${rest.join('.')}` : location.join(' ');
};

const opts = options();
const print = (text = '') => console.log(redact(text, opts.token));

async function main() {
  // Stop (and stop Prism) if whoever started us goes away, e.g. a test runner killed mid-run.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.kill(process.pid, 'SIGTERM'), 500).unref();
  const { requests, skipped } = plan(opts);
  for (const op of skipped)
    print(`  skip  ${op.id}: ${op.method} writes to the target; add --include-writes or name it in --operations`);
  if (!requests.length) (console.error('no operation to check: see --operations and --include-writes'), process.exit(2));

  const proxy = await startPrism({ spec: opts.spec, target: opts.target });
  let failures = 0;
  try {
    print(`Checking ${opts.target} against ${opts.spec} (prism proxy on ${proxy.url})\n`);
    for (const request of requests) {
      const { status, violations } = await check(proxy.url, opts.token, request);
      // With --errors Prism answers 500 for a broken response; its log has the server's status.
      const upstream = proxy.logs.findLast((l) => l.includes(`upstream call to ${request.path} has returned`))?.match(/returned (\d+)/)?.[1];
      const line = `${request.label}: ${request.op.method} ${request.path} → ${upstream ?? status}`;
      if (!violations.length) {
        print(`  ok    ${line}`);
        continue;
      }
      failures += violations.length;
      print(`  FAIL  ${line}`);
      for (const v of violations)
        print(`        ${request.op.id}: ${field(v.location)} [${v.severity}${v.code ? ` ${v.code}` : ''}] ${v.message}`);
    }
  } finally {
    if (opts.verbose) print(`\nPrism log:\n${proxy.logs.join('\n')}`);
    await proxy.stop();
  }
  print(`\n${requests.length} requests, ${failures} violation(s)${skipped.length ? `, ${skipped.length} write operation(s) skipped` : ''}`);
  process.exitCode = failures ? 1 : 0;
}

main().catch((error) => {
  console.error(redact(error?.stack ?? error, opts.token));
  process.exitCode = 2;
});
