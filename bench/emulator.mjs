// The emulator beside Prism: requests per second and p50/p99 latency of showTask and
// createServiceTask on each, same concurrency, same run; then the load (200 clients
// creating, reading, listing and stopping for 10 s) on the emulator with a state file, and a
// check that it holds exactly the tasks it acknowledged.
//   node emulator.mjs [--seconds 3] [--rounds 3] [--concurrency 50] [--load-seconds 10] [--load-clients 200]
// Each server runs in its own process, so the load generator does not share its event loop.
// The servers take turns, round after round, and each figure is the median over the rounds, so
// a burst of load from elsewhere on a shared machine does not fall on one server only.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listAll, runLoad } from '@vias-openapi/emulator/load';
import { specYamlPath } from '@vias-openapi/spec/bundle';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '50' },
    'load-seconds': { type: 'string', default: '10' },
    'load-clients': { type: 'string', default: '200' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const require = createRequire(import.meta.url);
const PROJECT = '6204a5bd270343b5885144cf9c8c158d';
const HEADERS = { 'X-Auth-Token': 'bench-token', 'Content-Type': 'application/json' };
const log = (m) => console.error(m);

/** A server in a child process that prints its URL; resolves `{ url, stop }`. */
function serve(args, pattern) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    const read = (d) => {
      out += d;
      const match = pattern.exec(out);
      if (match) resolve({ url: match[1], stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

const emulatorBin = require.resolve('@vias-openapi/emulator/package.json').replace(/package\.json$/, 'bin/vias-emulator.mjs');
const startEmulatorProcess = (extra = []) =>
  serve([emulatorBin, '--port', '0', '--transition-ms', '2000', ...extra], /VIAS emulator: (http:\S+)/);

// Prism as the project runs it: the contract suite's startPrism (Prism's libraries, in that
// child process, behind the suite's thin body guard).
function startPrismProcess() {
  const code = `
    const { startPrism } = await import('@vias-openapi/contract-tests/prism');
    const prism = await startPrism({ spec: ${JSON.stringify(specYamlPath)} });
    process.on('SIGTERM', async () => { await prism.stop(); process.exit(0); });
    console.log('PRISM ' + prism.url);`;
  return serve(['--input-type=module', '-e', code], /PRISM (http:\S+)/);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `concurrency` workers sending `request(i)` for `seconds`; rps and latency percentiles (ms). */
async function measure(url, request) {
  const latencies = [];
  const statuses = {};
  let n = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const { method, path, body } = request(n++);
        const t = performance.now();
        const response = await fetch(url + path, { method, headers: HEADERS, body: body && JSON.stringify(body) });
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses };
}

const createBody = (name) => ({
  name,
  service_version: '1.0',
  input: { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/test.mp4' }] },
  output: { obs: { bucket: 'obs-iva', path: 'output/' } },
});

/** One task the emulator holds (Prism answers its example for any ID). */
async function seedTask(url) {
  const seed = await fetch(`${url}/v2/${PROJECT}/services/video-analyze/tasks`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(createBody(`bench-seed-${Date.now()}`)),
  }).then((r) => r.json());
  return (Array.isArray(seed) ? seed : seed.tasks)[0].id;
}

async function benchRound(label, url, id, round) {
  log(`round ${round}, ${label}…`);
  const show = await measure(url, () => ({ method: 'GET', path: `/v2/${PROJECT}/tasks/${id}` }));
  const create = await measure(url, (i) => ({
    method: 'POST',
    path: `/v2/${PROJECT}/services/video-analyze/tasks`,
    body: createBody(`bench-${round}-${Date.now()}-${i}`),
  }));
  return { showTask: show, createServiceTask: create };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medians = (runs) =>
  Object.fromEntries(
    ['showTask', 'createServiceTask'].map((op) => [
      op,
      Object.fromEntries(['rps', 'p50', 'p99'].map((k) => [k, median(runs.map((r) => r[op][k]))])),
    ]),
  );

const loadBefore = os.loadavg()[0];
const dir = mkdtempSync(join(tmpdir(), 'vias-emulator-bench-'));
const results = {};
try {
  const servers = {
    emulator: await startEmulatorProcess(),
    'emulator --state-file': await startEmulatorProcess(['--state-file', join(dir, 'bench.jsonl')]),
    prism: await startPrismProcess(),
  };
  try {
    const ids = {};
    for (const [label, server] of Object.entries(servers)) ids[label] = await seedTask(server.url);
    const runs = Object.fromEntries(Object.keys(servers).map((label) => [label, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const [label, server] of Object.entries(servers)) runs[label].push(await benchRound(label, server.url, ids[label], round));
    }
    for (const label of Object.keys(servers)) results[label] = medians(runs[label]);
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }

  log(`load: ${values['load-clients']} clients for ${values['load-seconds']} s…`);
  const server = await startEmulatorProcess(['--state-file', join(dir, 'load.jsonl')]);
  try {
    const load = await runLoad({ url: server.url, clients: Number(values['load-clients']), durationMs: Number(values['load-seconds']) * 1000 });
    const held = await listAll({ url: server.url });
    const acked = new Set(load.acknowledged);
    const missing = load.acknowledged.filter((id) => !held.has(id));
    const extra = [...held.keys()].filter((id) => !acked.has(id));
    const badStops = load.stopped.filter((id) => !['STOPPING', 'STOPPED'].includes(held.get(id)?.state));
    results.load = {
      clients: Number(values['load-clients']),
      seconds: Number(values['load-seconds']),
      requests: load.requests,
      per_second: load.perSecond,
      statuses: load.statuses,
      five_hundreds: load.fiveHundreds.length,
      acknowledged_creates: load.acknowledged.length,
      duplicate_ids: load.acknowledged.length - acked.size,
      listed: held.size,
      missing: missing.length,
      extra: extra.length,
      stopped: load.stopped.length,
      stopped_not_stopping: badStops.length,
    };
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const f = (x) => x.toFixed(x < 10 ? 2 : 0);
console.log(
  `\nshowTask and createServiceTask, ${concurrency} concurrent requests for ${seconds} s each, medians of ${rounds} rounds, loopback, ` +
    `${new Date().toISOString()}, load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`,
);
console.log('| server | showTask req/s | p50 ms | p99 ms | createServiceTask req/s | p50 ms | p99 ms |');
console.log('|---|---|---|---|---|---|---|');
for (const [label, r] of Object.entries(results)) {
  if (label === 'load') continue;
  const { showTask: s, createServiceTask: c } = r;
  console.log(`| ${label} | ${f(s.rps)} | ${f(s.p50)} | ${f(s.p99)} | ${f(c.rps)} | ${f(c.p50)} | ${f(c.p99)} |`);
}
console.log(`\nload on the emulator (--state-file): ${JSON.stringify(results.load)}`);
const bad = results.load.five_hundreds + results.load.missing + results.load.extra + results.load.duplicate_ids + results.load.stopped_not_stopping;
if (bad > 0) {
  console.error('load check FAILED: 5xx, lost, extra, duplicated or unstopped tasks (see above)');
  process.exitCode = 1;
}
