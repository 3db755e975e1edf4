// What each of the client's remaining optimisations buys, per call, in process: the built client
// (packages/client/dist) is copied into a temporary folder once per variant, each variant with
// one optimisation undone by a textual patch of the compiled code (the script fails if a patch
// does not apply exactly once), and every variant makes the same showTask against a canned
// Response, in alternating rounds, as inprocess.mjs does. Nothing in the workspace is changed.
//
//   node bench/ablation.mjs [calls per round] [runs] [--before DIST]
//
// `--before DIST` adds another built client (its dist/ folder) as a contender, e.g. the client
// of an earlier commit: `git worktree add /tmp/before <commit>`, copy src/generated into it,
// `npx tsc -p tsconfig.build.json` in its packages/client, then `--before /tmp/before/packages/client/dist`.
//
// Variants (each is the shipped client minus one thing):
//   shipped          as built (and shipped_aksk: the same with AK/SK)
//   no-pool          a new AbortController per attempt instead of the pool
//   real-request     openapi-fetch builds a real Request (which the attempt then reads) instead of CallRequest
//   headers-object   fetch gets a Headers object (validated again) instead of the plain object
//   real-response    openapi-fetch parses a real Response built from the bytes read (`text()`) instead of the light BufferedResponse
//   fetch-text       no reading by the attempt at all: openapi-fetch calls `response.text()` on fetch's Response (as before the size cap; no cap)
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle } from '@vias-openapi/spec/bundle';
import createClient from 'openapi-fetch';

const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--before');
const PER_ROUND = Number(positional[0] ?? 2_000);
const RUNS = Number(positional[1] ?? 3);
const before = process.argv.includes('--before') ? process.argv[process.argv.indexOf('--before') + 1] : undefined;
const ROUNDS = 15;
const ENDPOINT = 'https://vias.cn-north-4.myhuaweicloud.com';
const TOKEN = 'MIIT-bench-token-'.padEnd(2_000, 'x');
const body = JSON.stringify(Object.values(bundle.components.examples).find((e) => e.value?.state && e.value?.input)?.value ?? { id: 't1', state: 'RUNNING' });
/** @type {typeof fetch} */
const canned = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'packages/client/dist');

const PATCHES = {
  shipped: [],
  'no-pool': [['attempt.js', 'pool.pop() ?? { controller: new AbortController(), uses: 0 }', '{ controller: new AbortController(), uses: 0 }']],
  'real-request': [['core.js', 'Request: CallRequest,', 'Request: globalThis.Request,']],
  'headers-object': [['attempt.js', 'method, headers, body, signal: controller.signal', 'method, headers: new Headers(headers), body, signal: controller.signal']],
  'real-response': [['attempt.js', 'answer = call.realResponse ? buffered.toResponse() : buffered;', 'answer = buffered.toResponse();']],
  'fetch-text': [
    [
      'attempt.js',
      /const bytes = await race\(readBody\(response, maxResponseBytes\)\);\s*const buffered = new BufferedResponse\(response, bytes\);\s*answer = call\.realResponse \? buffered\.toResponse\(\) : buffered;/,
      'answer = response;',
    ],
  ],
};

/** A copy of the built client with `patches` applied, importable (node_modules is the repo's). */
function variant(name, patches, into, from = dist) {
  const dir = join(into, name);
  cpSync(from, join(dir, 'dist'), { recursive: true });
  for (const [file, from, to] of patches) {
    const path = join(dir, 'dist', file);
    const text = readFileSync(path, 'utf8');
    const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from, 'g')) ?? []).length;
    if (count !== 1) throw new Error(`ablation: patch for ${name} matches ${count} times in ${file}; the compiled code changed`);
    writeFileSync(path, text.replace(from, to));
  }
  return pathToFileURL(join(dir, 'dist/index.js')).href;
}

async function round(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1_000 / n;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = mkdtempSync(join(tmpdir(), 'vias-ablation-'));
try {
  symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'), 'dir');
  const contenders = {
    raw_fetch: async () => (await canned(`${ENDPOINT}/v2/p1/tasks/t1`, { headers: { 'X-Auth-Token': TOKEN } })).json(),
  };
  /** @type {import('openapi-fetch').Client<import('@vias-openapi/client').paths>} */
  const openapi = createClient({ baseUrl: ENDPOINT, fetch: canned });
  contenders.openapi_fetch = async () =>
    (await openapi.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { project_id: 'p1', task_id: 't1' } }, headers: { 'X-Auth-Token': TOKEN } })).data;
  /** @type {[string, any[], string][]} */
  const variants = Object.entries(PATCHES).map(([name, patches]) => [name, patches, dist]);
  if (before) variants.unshift(['before', [], before]);
  for (const [name, patches, from] of variants) {
    const { createViasClient } = await import(variant(name, patches, tmp, from));
    const client = createViasClient({ endpoint: ENDPOINT, projectId: 'p1', auth: { token: TOKEN }, fetch: canned });
    const check = await client.showTask({ path: { task_id: 't1' } });
    if (JSON.stringify(check) !== body) throw new Error(`ablation: ${name} answers another body`);
    contenders[name] = () => client.showTask({ path: { task_id: 't1' } });
    if (name === 'shipped' || name === 'before') {
      // The same with AK/SK (signing included), for the two whole clients.
      const signed = createViasClient({ endpoint: ENDPOINT, projectId: 'p1', auth: { accessKey: 'AK', secretKey: 'SK' }, fetch: canned });
      contenders[`${name}_aksk`] = () => signed.showTask({ path: { task_id: 't1' } });
    }
  }
  const all = [];
  for (let r = 0; r < RUNS; r++) {
    for (const fn of Object.values(contenders)) await round(fn, PER_ROUND); // warm-up
    const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    for (let i = 0; i < ROUNDS; i++) for (const [k, fn] of Object.entries(contenders)) samples[k].push(await round(fn, PER_ROUND));
    const run = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
    all.push(run);
    console.log(`run ${r + 1}: ${Object.entries(run).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')} (µs per call)`);
  }
  console.log('\nmedian over runs, µs per call (and minus the shipped client):');
  const shipped = median(all.map((r) => r.shipped));
  for (const k of Object.keys(contenders)) {
    const m = median(all.map((r) => r[k]));
    console.log(`  ${k.padEnd(15)} ${m.toFixed(1).padStart(6)}   ${k === 'shipped' ? '' : `${m - shipped >= 0 ? '+' : ''}${(m - shipped).toFixed(1)}`}`);
  }
  console.log(`  client token / openapi-fetch alone: ${(shipped / median(all.map((r) => r.openapi_fetch))).toFixed(2)}×`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
