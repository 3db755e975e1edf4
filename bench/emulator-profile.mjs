// Where an emulator's CPU goes per request, by part (`npm run bench:emulator-profile -w @vias-openapi/bench`):
// each build named runs in a child with V8's sampling profiler (--cpu-prof) while autocannon sends
// showTask, then createServiceTask, for `--seconds` each at 50 connections; the profile's self time
// is put into parts by where each sampled function lives, and divided by the requests answered.
// Comparing this build with an older one (`--also-emulator` an older commit's bin) shows what each
// change bought, part by part. The figures include the profiler's own overhead (a few %).
//
//   node emulator-profile.mjs [--seconds 8] [--also-emulator path/to/bin/vias-emulator.mjs]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, 'also-emulator': { type: 'string' } } });
const seconds = Number(values.seconds);
const require = createRequire(import.meta.url);
const PROJECT = '6204a5bd270343b5885144cf9c8c158d';
const HEADERS = { 'X-Auth-Token': 'bench-token', 'Content-Type': 'application/json' };
const createBody = (name) => ({ name, service_version: '1.0', input: { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/test.mp4' }] }, output: { obs: { bucket: 'obs-iva', path: 'output/' } } });

// Parts, first match wins: [name, test on the function name and its script URL].
/** @type {[string, (f: string, u: string) => boolean][]} */
const PARTS = [
  // lodash: openapi-backend's router (the older build's) is its only user in these processes.
  ['routing', (f, u) => /openapi-backend|router\.(m?js|ts)|path-to-regexp|bath-es5|lodash/.test(u)],
  ['request ID', (f, u) => /request-id/.test(u) || f === 'randomBytes' || /internal\/crypto\/random/.test(u)],
  ['validation', (f, u) => /^validate\d*$/.test(f) || /ajv|validation\.(m?js|ts)|json-depth/.test(u) || f.startsWith('RegExp:')],
  ['JSON', (f) => f === 'stringify' || f === 'parse' || f === 'JSONStringify' || f === 'JSONParse'],
  ['server glue', (f, u) => /emulator\/(dist|src)\/(http\/server|server\.mjs|api\/auth|auth\.mjs|index)/.test(u)],
  ['handler and store', (f, u) => /emulator\/(dist|src)\//.test(u)],
  ['node:http and sockets', (f, u) => /^node:/.test(u) || ['writev', 'writeUtf8String', 'writeBuffer', 'writeLatin1String', 'execute', 'close', 'onStreamRead'].includes(f)],
  ['garbage collection', (f) => f === '(garbage collector)'],
  ['V8 and native, unattributed', (f) => f === '(program)'],
];

async function profile(label, bin) {
  const dir = mkdtempSync(join(tmpdir(), 'vias-emulator-profile-'));
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, bin, '--port', '0', '--token', 'bench-token'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const read = (d) => {
        out += d;
        const m = /emulator: (http:\S+)/.exec(out);
        if (m) resolve(m[1]);
      };
      child.stdout.setEncoding('utf8').on('data', read);
      child.stderr.setEncoding('utf8').on('data', read);
      exited.then(() => reject(new Error(`${label} exited before listening:\n${out}`)));
    });
    const created = await (await fetch(`${url}/v2/${PROJECT}/services/video-analyze/tasks`, { method: 'POST', headers: HEADERS, body: JSON.stringify(createBody('profile-seed')) })).json();
    const run = (path, options = {}) =>
      new Promise((resolve, reject) =>
        autocannon({ url: url + path, connections: 50, duration: seconds, headers: HEADERS, ...options }, (error, result) => (error ? reject(error) : resolve(result.requests.total))),
      );
    let n = 0;
    const requests = {
      show: await run(`/v2/${PROJECT}/tasks/${created.tasks[0].id}`),
      create: await run(`/v2/${PROJECT}/services/video-analyze/tasks`, { method: 'POST', requests: [{ setupRequest: (r) => ({ ...r, body: JSON.stringify(createBody(`profile-${n++}`)) }) }] }),
    };
    child.kill('SIGINT');
    await exited;
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`${label} wrote no profile (it must exit cleanly on SIGINT)`);
    return { requests, parts: parts(JSON.parse(readFileSync(join(dir, file), 'utf8'))) };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Self time (µs) per part, idle time left out; the largest functions of `other` (to refine PARTS). */
function parts(prof) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const out = Object.fromEntries([...PARTS.map(([name]) => name), 'other'].map((name) => [name, 0]));
  /** @type {Map<string, number>} */
  const other = new Map();
  prof.samples.forEach((id, i) => {
    const { functionName: f, url: u } = byId.get(id).callFrame;
    if (f === '(idle)' || f === '(root)') return;
    const part = PARTS.find(([, test]) => test(f, u))?.[0] ?? 'other';
    out[part] += prof.timeDeltas[i] ?? 0;
    if (part === 'other') other.set(`${f} ${u}`, (other.get(`${f} ${u}`) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  const top = [...other].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.error(`  largest in other: ${top.map(([k, t]) => `${k.replace(/^.*node_modules\//, '')} ${(t / 1000).toFixed(0)} ms`).join('; ')}`);
  return out;
}

const builds = { 'this build': require.resolve('@vias-openapi/emulator/package.json').replace(/package\.json$/, 'bin/vias-emulator.mjs') };
if (values['also-emulator']) builds['other build'] = values['also-emulator'];
const results = {};
for (const [label, bin] of Object.entries(builds)) {
  console.error(`profiling ${label}…`);
  results[label] = await profile(label, bin);
}
// Both operations ran in one profile: parts are per request of either, weighted by count.
console.log(`\nCPU per request by part (µs; showTask then createServiceTask, ${seconds} s each, 50 connections, V8 sampling profiler)`);
const labels = Object.keys(results);
console.log(`| part | ${labels.join(' | ')} |`);
console.log(`|---|${labels.map(() => '---|').join('')}`);
const total = (r) => r.requests.show + r.requests.create;
for (const part of Object.keys(results[labels[0]].parts)) {
  console.log(`| ${part} | ${labels.map((l) => (results[l].parts[part] / total(results[l])).toFixed(1)).join(' | ')} |`);
}
console.log(`| **all** | ${labels.map((l) => (Object.values(results[l].parts).reduce((a, b) => a + b, 0) / total(results[l])).toFixed(1)).join(' | ')} |`);
console.log(`| requests (show + create) | ${labels.map((l) => `${results[l].requests.show.toLocaleString('en-US')} + ${results[l].requests.create.toLocaleString('en-US')}`).join(' | ')} |`);
