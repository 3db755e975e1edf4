// Per-call cost of one showTask with an in-process transport: each contender's `fetch` returns
// a canned Response (the seed-002 task), so no socket is involved and the figures are the
// clients' own work (building the request, auth, parsing), with little noise.
//
//   node bench/inprocess.mjs [calls per round] [runs]
//
// Contenders: raw `fetch(url, { headers })` + `res.json()`; openapi-fetch alone (createClient +
// GET, token header); our client with a token; our client with AK/SK (signing included). Rounds
// alternate the contenders; a run's figure is the median over rounds of µs per call, and the
// reported overhead is that minus raw's. Several runs print the spread.
import { createViasClient } from '@vias-openapi/client';
import { bundle } from '@vias-openapi/spec/bundle';
import createClient from 'openapi-fetch';

const PER_ROUND = Number(process.argv[2] ?? 2_000);
const RUNS = Number(process.argv[3] ?? 5);
const ROUNDS = 15;
const ENDPOINT = 'https://vias.cn-north-4.myhuaweicloud.com';
const TOKEN = 'MIIT-bench-token-'.padEnd(2_000, 'x'); // IAM tokens are a few kB
const body = JSON.stringify(Object.values(bundle.components.examples).find((e) => e.value?.state && e.value?.input)?.value ?? { id: 't1', state: 'RUNNING' });
/** @type {typeof fetch} */
const canned = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

/** @type {import('openapi-fetch').Client<import('@vias-openapi/client').paths>} */
const openapi = createClient({ baseUrl: ENDPOINT, fetch: canned });
const token = createViasClient({ endpoint: ENDPOINT, projectId: 'p1', auth: { token: TOKEN }, fetch: canned });
const aksk = createViasClient({ endpoint: ENDPOINT, projectId: 'p1', auth: { accessKey: 'AK', secretKey: 'SK' }, fetch: canned });

export const contenders = {
  raw_fetch: async () => (await canned(`${ENDPOINT}/v2/p1/tasks/t1`, { headers: { 'X-Auth-Token': TOKEN } })).json(),
  openapi_fetch: async () =>
    (await openapi.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { project_id: 'p1', task_id: 't1' } }, headers: { 'X-Auth-Token': TOKEN } })).data,
  client_token: () => token.showTask({ path: { task_id: 't1' } }),
  client_aksk: () => aksk.showTask({ path: { task_id: 't1' } }),
};

async function round(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1_000 / n; // µs per call
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One run: µs per call (median of rounds) for each contender. */
export async function run(perRound = PER_ROUND) {
  for (const fn of Object.values(contenders)) await round(fn, perRound); // warm-up
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [name, fn] of Object.entries(contenders)) samples[name].push(await round(fn, perRound));
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await run();
    runs.push(r);
    const over = (k) => (r[k] - r.raw_fetch).toFixed(1);
    console.log(
      `run ${i + 1}: raw ${r.raw_fetch.toFixed(1)} µs; added by openapi-fetch +${over('openapi_fetch')} µs, client token +${over('client_token')} µs, client AK/SK +${over('client_aksk')} µs`,
    );
  }
  const spread = (k) => {
    const xs = runs.map((r) => r[k] - r.raw_fetch);
    return `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} µs`;
  };
  console.log(`over ${RUNS} runs, added to raw fetch: openapi-fetch ${spread('openapi_fetch')}, token ${spread('client_token')}, AK/SK ${spread('client_aksk')}`);
}
