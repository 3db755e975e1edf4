#!/usr/bin/env node
// Provider mode: checks a running server against the bundled description. Every documented
// operation is called once per named request example, through `prism proxy --errors`, which
// validates the request and the server's response; each violation is printed with the
// operation and the field. Exit 0: no violation; 1: violations; 2: the check could not run.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startPrism } from '../lib/prism.mjs';
import { operations, pathExample, specYamlPath } from '../lib/spec.mjs';

const USAGE = `usage: npm run contract -- --target <url> [options]

  --target <url>        server to check (required), e.g. http://127.0.0.1:8080
  --token <token>       IAM token sent as X-Auth-Token (default: a placeholder)
  --project <id>        project_id for every path (default: the spec's example)
  --param <name=value>  any other path parameter (repeatable), e.g. --param task_id=abc
  --operations <ids>    comma-separated operationIds to check (default: all)
  --spec <file>         description to check against (default: the bundled openapi.yaml)
  --verbose             print Prism's log

Note: createServiceTask creates a real job on the target.`;

function options() {
  try {
    const { values } = parseArgs({
      options: {
        target: { type: 'string' },
        token: { type: 'string', default: 'provider-contract-check' },
        project: { type: 'string' },
        param: { type: 'string', multiple: true, default: [] },
        operations: { type: 'string' },
        spec: { type: 'string', default: specYamlPath },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) (console.log(USAGE), process.exit(0));
    if (!values.target) throw new Error('--target is required');
    new URL(values.target);
    // Relative to where the user ran npm (npm runs the script inside test/).
    values.spec = resolve(process.env.INIT_CWD ?? process.cwd(), values.spec);
    return values;
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** One request per (operation, named request example), built from the spec's examples. */
function plan(opts) {
  const only = opts.operations?.split(',').map((s) => s.trim());
  const overrides = Object.fromEntries(opts.param.map((p) => p.split(/=(.*)/s).slice(0, 2)));
  if (opts.project) overrides.project_id = opts.project;
  return operations
    .filter((op) => !only || only.includes(op.id))
    .flatMap((op) => {
      const params = { ...pathExample(op), ...overrides };
      const path = op.path.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(params[n]));
      const bodies = op.body?.examples.length ? op.body.examples : [undefined];
      return bodies.map((example) => ({ op, path, label: example ? `${op.id} (${example.name})` : op.id, body: example?.value }));
    });
}

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

async function main() {
  const opts = options();
  // Stop (and stop Prism) if whoever started us goes away, e.g. a test runner killed mid-run.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.kill(process.pid, 'SIGTERM'), 500).unref();
  const requests = plan(opts);
  if (!requests.length) (console.error('no operation matches --operations'), process.exit(2));

  const proxy = await startPrism({ spec: opts.spec, target: opts.target });
  let failures = 0;
  try {
    console.log(`Checking ${opts.target} against ${opts.spec} (prism proxy on ${proxy.url})\n`);
    for (const request of requests) {
      const { status, violations } = await check(proxy.url, opts.token, request);
      // With --errors Prism answers 500 for a broken response; its log has the server's status.
      const upstream = proxy.logs.findLast((l) => l.includes(`upstream call to ${request.path} has returned`))?.match(/returned (\d+)/)?.[1];
      const line = `${request.label}: ${request.op.method} ${request.path} → ${upstream ?? status}`;
      if (!violations.length) {
        console.log(`  ok    ${line}`);
        continue;
      }
      failures += violations.length;
      console.log(`  FAIL  ${line}`);
      for (const v of violations)
        console.log(`        ${request.op.id}: ${field(v.location)} [${v.severity}${v.code ? ` ${v.code}` : ''}] ${v.message}`);
    }
  } finally {
    if (opts.verbose) console.log(`\nPrism log:\n${proxy.logs.join('\n')}`);
    await proxy.stop();
  }
  console.log(`\n${requests.length} requests, ${failures} violation(s)`);
  process.exitCode = failures ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
