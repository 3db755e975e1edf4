// The emulator, measured three ways (`npm run bench:emulator -w @vias-openapi/bench`):
//
// 1. Throughput: showTask and createServiceTask at 50 connections (autocannon) on the emulator in
//    memory, the emulator with a state file, Prism on the same bundle, and a bare node:http server
//    answering a fixed JSON of the same size (the limit for this stack). Each server in its own
//    process; the servers take turns, round after round, and each figure is the median over the
//    rounds, so a burst of load from elsewhere on a shared machine does not fall on one server.
// 2. Cost as the state grows: showTask, a listTasks page of 100 and a listBatchTasks page, one
//    request at a time (median of many), at 1,000, 10,000 and 100,000 tasks in 1 project and in 10;
//    restart time and file size with a state file.
// 3. Memory: the live heap (after a full collection) and RSS of the emulator after creating and
//    after deleting 100,000 tasks.
//    Then the 200-client load with its consistency check.
//
//   node emulator.mjs [--seconds 10] [--rounds 3] [--connections 50] [--sizes 1000,10000,100000]
//                     [--skip throughput,scale,memory,load] [--also-emulator path/to/bin/vias-emulator.mjs]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { listAll, runLoad } from '@vias-openapi/emulator/load';
import { specYamlPath } from '@vias-openapi/spec/bundle';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    skip: { type: 'string', default: '' },
    'load-seconds': { type: 'string', default: '10' },
    'load-clients': { type: 'string', default: '200' },
    // Another build of the emulator to measure beside this one (its bin/vias-emulator.mjs), e.g.
    // an older commit's, to see what a change bought.
    'also-emulator': { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const skip = new Set(values.skip.split(',').filter(Boolean));
const require = createRequire(import.meta.url);
const PROJECT = '6204a5bd270343b5885144cf9c8c158d';
const HEADERS = { 'X-Auth-Token': 'bench-token', 'Content-Type': 'application/json' };
const log = (m) => console.error(m);
const dir = mkdtempSync(join(tmpdir(), 'vias-emulator-bench-'));
const results = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, load_before: os.loadavg()[0] };

/** A server in a child process that prints its URL; resolves `{ url, pid, stop }`. */
function serve(args, pattern) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // Killed if the bench ends first; the hook goes with the child (the scale phase starts a dozen).
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise((resolve) => child.once('exit', resolve)).finally(() => process.off('exit', kill));
  return new Promise((resolve, reject) => {
    const read = (d) => {
      out += d;
      const match = pattern.exec(out);
      if (match) resolve({ url: match[1], pid: child.pid, stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

const emulatorBin = require.resolve('@vias-openapi/emulator/package.json').replace(/package\.json$/, 'bin/vias-emulator.mjs');
const startEmulator = (extra = []) => serve([emulatorBin, '--port', '0', '--token', 'bench-token', ...extra], /VIAS emulator: (http:\S+)/);

// Prism as the project runs it: the contract suite's startPrism (Prism's libraries, in that
// child process, behind the suite's thin body guard).
function startPrism() {
  const code = `
    const { startPrism } = await import('@vias-openapi/contract-tests/prism');
    const prism = await startPrism({ spec: ${JSON.stringify(specYamlPath)} });
    process.on('SIGTERM', async () => { await prism.stop(); process.exit(0); });
    console.log('PRISM ' + prism.url);`;
  return serve(['--input-type=module', '-e', code], /PRISM (http:\S+)/);
}

/** node:http and nothing else: a GET answers `show`, a POST reads its body and answers `created`. */
function startBare(show, created) {
  const code = `
    const { createServer } = require('node:http');
    const show = ${JSON.stringify(show)}, created = ${JSON.stringify(created)};
    const server = createServer((req, res) => {
      const send = (text) => { res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) }); res.end(text); };
      if (req.method === 'GET') return send(show);
      req.on('data', () => {});
      req.on('end', () => send(created));
    });
    server.listen(0, '127.0.0.1', () => console.log('BARE http://127.0.0.1:' + server.address().port));
    process.on('SIGTERM', () => process.exit(0));`;
  return serve(['-e', code], /BARE (http:\S+)/);
}

const createBody = (name) => ({
  name,
  service_version: '1.0',
  input: { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/test.mp4' }] },
  output: { obs: { bucket: 'obs-iva', path: 'output/' } },
});

async function post(url, path, body) {
  const response = await fetch(url + path, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
  const answer = await response.json();
  // A refused seed would measure a smaller state than the row says.
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 10 ms). */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/**
 * autocannon for `seconds` against `server`: req/s, latency percentiles (ms), and the server's CPU
 * per request (µs) — steadier than req/s on a shared machine, since it does not count the time
 * the server waited for a core. Every answer must be 2xx.
 */
function cannon(server, path, options = {}) {
  const before = cpuSeconds(server.pid);
  return new Promise((resolve, reject) =>
    autocannon({ url: server.url + path, connections, duration: seconds, headers: HEADERS, ...options }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx || result.errors) return reject(new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`));
      const cpu = (1e6 * (cpuSeconds(server.pid) - before)) / result.requests.total;
      resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu_us: cpu });
    }),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(x < 10 ? 2 : 1));

async function throughput() {
  const servers = {
    emulator: await startEmulator(),
    'emulator --state-file': await startEmulator(['--state-file', join(dir, 'bench.lmdb')]),
    prism: await startPrism(),
  };
  if (values['also-emulator']) servers['emulator (other build)'] = await serve([values['also-emulator'], '--port', '0', '--token', 'bench-token'], /VIAS emulator: (http:\S+)/);
  const ids = {};
  for (const [label, server] of Object.entries(servers)) {
    const answer = await post(server.url, `/v2/${PROJECT}/services/video-analyze/tasks`, createBody(`bench-seed-${label.length}`));
    ids[label] = answer.tasks[0].id;
  }
  // The bare server answers what the emulator answers, byte for byte in size.
  const shown = await fetch(`${servers.emulator.url}/v2/${PROJECT}/tasks/${ids.emulator}`, { headers: HEADERS }).then((r) => r.text());
  servers.bare = await startBare(shown, JSON.stringify({ tasks: [{ id: ids.emulator }] }));
  ids.bare = ids.emulator;
  const runs = Object.fromEntries(Object.keys(servers).map((label) => [label, []]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [label, server] of Object.entries(servers)) {
        log(`round ${round}, ${label}…`);
        const show = await cannon(server, `/v2/${PROJECT}/tasks/${ids[label]}`);
        let n = 0;
        const create = await cannon(server, `/v2/${PROJECT}/services/video-analyze/tasks`, {
          method: 'POST',
          requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(createBody(`bench-${round}-${label.length}-${n++}`)) }) }],
        });
        runs[label].push({ show, create });
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
  const out = {};
  for (const [label, list] of Object.entries(runs)) {
    out[label] = Object.fromEntries(['show', 'create'].map((op) => [op, Object.fromEntries(['rps', 'p50', 'p99', 'cpu_us'].map((k) => [k, median(list.map((r) => r[op][k]))]))]));
  }
  results.throughput = out;
  const bare = out.bare;
  console.log(`\nshowTask and createServiceTask, ${connections} connections (autocannon) for ${seconds} s each, medians of ${rounds} rounds, loopback`);
  console.log('| server | showTask req/s | p50 ms | p99 ms | CPU µs/req | of bare | createServiceTask req/s | p50 ms | p99 ms | CPU µs/req | of bare |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [label, r] of Object.entries(out)) {
    console.log(
      `| ${label} | ${f(r.show.rps)} | ${r.show.p50} | ${r.show.p99} | ${Math.round(r.show.cpu_us)} | ${Math.round((100 * r.show.rps) / bare.show.rps)} % | ` +
        `${f(r.create.rps)} | ${r.create.p50} | ${r.create.p99} | ${Math.round(r.create.cpu_us)} | ${Math.round((100 * r.create.rps) / bare.create.rps)} % |`,
    );
  }
  console.log('("of bare": req/s as a share of the bare server\'s in the same rounds)');
  const showTarget = out.emulator.show.rps >= 0.5 * bare.show.rps;
  const createTarget = out.emulator.create.rps >= 0.4 * bare.create.rps;
  console.log(`targets (in memory): showTask ≥ 50 % of bare: ${showTarget ? 'met' : 'NOT met'}; create ≥ 40 % of bare: ${createTarget ? 'met' : 'NOT met'}`);
  results.throughput_targets = { show: showTarget, create: createTarget };
}

/** Median ms of `n` sequential GETs of `path`. */
async function latency(url, path, n) {
  const times = [];
  for (let i = 0; i < n + 20; i++) {
    const t = performance.now();
    const response = await fetch(url + path, { headers: HEADERS });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    if (i >= 20) times.push(performance.now() - t);
  }
  return median(times);
}

/**
 * `count` tasks spread over `projects` projects, 32 requests in flight; in the first, 400 batch
 * configurations, each of a group of 5 video sources (created first: a batch names existing ones),
 * whose 5 tasks count in `count`.
 */
async function seed(url, count, projects) {
  const projectIds = Array.from({ length: projects }, (_, i) => `${PROJECT.slice(0, 30)}${String(i).padStart(2, '0')}`);
  const batches = Math.min(400, Math.floor(count / 5 / 2));
  let next = 0;
  const todo = count - batches * 5;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < todo; i = next++) {
        const answer = await post(url, `/v2/${projectIds[i % projects]}/services/video-analyze/tasks`, createBody(`seed-${i}`));
        if (!answer.tasks) throw new Error(JSON.stringify(answer));
      }
    }),
  );
  for (let b = 0; b < batches; b++) {
    const p = `/v2/${projectIds[0]}`;
    const sources = [];
    for (let s = 0; s < 5; s++) {
      const name = `cam-${b}-${s}`;
      const type_config = `<type_config><url_address>rtsp://127.0.0.1:554/${name}</url_address></type_config>`;
      sources.push((await post(url, `${p}/source`, { video_source_name: name, access_type: 'cloud', type: 'url', type_config })).video_source_id);
    }
    const group = (await post(url, `${p}/video-group`, { video_group_name: `group${b}`, access_type: 'cloud', video_source_ids: sources })).video_group_id;
    await post(url, `${p}/batch-tasks`, {
      name: `batch-${b}`,
      service_name: 'video-analyze',
      service_version: '1.0',
      batch_input: { video_source_group: [{ video_source_group_id: group, video_source_list: sources.map((id) => ({ video_source_id: id })) }] },
      output: { obs: { bucket: 'obs-iva', path: 'output/' } },
    });
  }
  return projectIds;
}

async function scale() {
  const sizes = values.sizes.split(',').map(Number);
  const rows = [];
  for (const projects of [1, 10]) {
    for (const count of sizes) {
      log(`scale: ${count} tasks in ${projects} project(s)…`);
      const stateFile = join(dir, `scale-${projects}-${count}.lmdb`);
      let server = await startEmulator(['--state-file', stateFile, '--transition-ms', '0']);
      const seeded = performance.now();
      const projectIds = await seed(server.url, count, projects);
      const seedSeconds = (performance.now() - seeded) / 1000;
      const [first] = projectIds;
      const id = (await fetch(`${server.url}/v2/${first}/tasks?page_size=5`, { headers: HEADERS }).then((r) => r.json())).tasks[0].id;
      const row = {
        tasks: count,
        projects,
        seed_s: seedSeconds,
        show_ms: await latency(server.url, `/v2/${first}/tasks/${id}`, 300),
        list_page_100_ms: await latency(server.url, `/v2/${first}/tasks?page_size=100`, 100),
        list_batches_ms: await latency(server.url, `/v2/${first}/batch-tasks`, 100),
      };
      await server.stop();
      row.file_mib = statSync(stateFile).size / 2 ** 20;
      const restarted = performance.now();
      server = await startEmulator(['--state-file', stateFile, '--transition-ms', '0']);
      row.restart_s = (performance.now() - restarted) / 1000;
      await server.stop();
      rows.push(row);
      rmSync(stateFile, { force: true });
    }
  }
  results.scale = rows;
  console.log('\ncost as the state grows: one request at a time, medians (ms); the state file after seeding');
  console.log('| tasks | projects | showTask | listTasks page of 100 | listBatchTasks page (400 configurations) | restart s | file MiB |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.tasks.toLocaleString('en-US')} | ${r.projects} | ${f(r.show_ms)} | ${f(r.list_page_100_ms)} | ${f(r.list_batches_ms)} | ${f(r.restart_s)} | ${f(r.file_mib)} |`);
}

// The memory phase runs in a child of its own with --expose-gc: the emulator in process, so the
// live heap after a full collection can be read (RSS alone stays high after a release: V8 keeps
// the pages it grew into).
const MEMORY_CHILD = `
import { startEmulator } from '@vias-openapi/emulator';
const count = Number(process.argv[1]);
const project = '${PROJECT}';
const headers = { 'X-Auth-Token': 'bench-token', 'Content-Type': 'application/json' };
const e = await startEmulator({ port: 0, transitionMs: 0, alertIntervalMs: 0, log: () => {} });
const mib = (n) => n / 1048576;
const measure = () => (globalThis.gc(), globalThis.gc(), { heap: mib(process.memoryUsage().heapUsed), rss: mib(process.memoryUsage().rss) });
const start = measure();
const ids = [];
let next = 0;
const body = (name) => JSON.stringify({ name, service_version: '1.0', input: { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/test.mp4' }] }, output: { obs: { bucket: 'obs-iva', path: 'output/' } } });
await Promise.all(Array.from({ length: 32 }, async () => {
  for (let i = next++; i < count; i = next++) ids.push((await (await fetch(e.url + '/v2/' + project + '/services/video-analyze/tasks', { method: 'POST', headers, body: body('mem-' + i) })).json()).tasks[0].id);
}));
const created = measure();
next = 0;
await Promise.all(Array.from({ length: 32 }, async () => {
  for (let i = next++; i < count; i = next++) await (await fetch(e.url + '/v2/' + project + '/tasks/' + ids[i], { method: 'DELETE', headers })).arrayBuffer();
}));
ids.length = 0;
// One request about another project: the deleted tasks are gone (transition 0) and reclaimed.
await (await fetch(e.url + '/v2/anotherproject0000000000000000000/tasks', { headers })).arrayBuffer();
const left = (await (await fetch(e.url + '/v2/' + project + '/tasks?page_size=5', { headers })).json()).count;
const deleted = measure();
await e.stop();
console.log(JSON.stringify({ start, created, deleted, left }));
`;

async function memory() {
  const count = 100_000;
  log(`memory: ${count} creates, then ${count} deletes…`);
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', MEMORY_CHILD, String(count)], { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the memory phase exited with ${code}`);
  const m = JSON.parse(out.trim().split('\n').pop());
  results.memory = { heap_start: m.start.heap, heap_created: m.created.heap, heap_deleted: m.deleted.heap, rss_start: m.start.rss, rss_created: m.created.rss, rss_deleted: m.deleted.rss, listed_after: m.left };
  console.log(
    `\nMemory of the emulator (MiB, after a full collection): live heap at start ${f(m.start.heap)}, after ${count.toLocaleString('en-US')} creates ${f(m.created.heap)}, ` +
      `after deleting them all ${f(m.deleted.heap)} (tasks listed: ${m.left}); RSS ${f(m.start.rss)} → ${f(m.created.rss)} → ${f(m.deleted.rss)}`,
  );
}

async function load() {
  log(`load: ${values['load-clients']} clients for ${values['load-seconds']} s…`);
  const server = await startEmulator(['--state-file', join(dir, 'load.lmdb'), '--transition-ms', '2000']);
  try {
    const result = await runLoad({ url: server.url, token: 'bench-token', clients: Number(values['load-clients']), durationMs: Number(values['load-seconds']) * 1000 });
    const held = await listAll({ url: server.url, token: 'bench-token' });
    const acked = new Set(result.acknowledged);
    results.load = {
      requests: result.requests,
      per_second: result.perSecond,
      statuses: result.statuses,
      five_hundreds: result.fiveHundreds.length,
      acknowledged_creates: result.acknowledged.length,
      duplicate_ids: result.acknowledged.length - acked.size,
      missing: result.acknowledged.filter((id) => !held.has(id)).length,
      extra: [...held.keys()].filter((id) => !acked.has(id)).length,
      stopped_not_stopping: result.stopped.filter((id) => !['STOPPING', 'STOPPED'].includes(held.get(id)?.state)).length,
    };
    console.log(`\nload on the emulator (--state-file): ${JSON.stringify(results.load)}`);
    const bad = results.load.five_hundreds + results.load.missing + results.load.extra + results.load.duplicate_ids + results.load.stopped_not_stopping;
    if (bad > 0) {
      console.error('load check FAILED: 5xx, lost, extra, duplicated or unstopped tasks (see above)');
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
  }
}

try {
  if (!skip.has('throughput')) await throughput();
  if (!skip.has('scale')) await scale();
  if (!skip.has('memory')) await memory();
  if (!skip.has('load')) await load();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
results.load_after = os.loadavg()[0];
console.log(`\n${results.date}, load average ${results.load_before.toFixed(1)} → ${results.load_after.toFixed(1)}`);
console.log(JSON.stringify(results));
