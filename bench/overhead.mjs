// Per-call overhead of one showTask round trip on loopback, for six ways of making it.
//
// The server runs in a worker thread so that its event loop is not the one being timed:
// with 2 cores, client and server each get one, and the client's time per call is the
// round trip plus its own work, not plus the server's work as well.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { bundle } from '@vias-openapi/spec/bundle';
import http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const CONTENDERS = ['raw_fetch', 'openapi_fetch', 'client_token', 'client_aksk', 'axios', 'official'];

if (!isMainThread) serve(workerData.body);

// Loopback server: every GET answers with the same seed-002 task. It also tallies, per
// task id (one per contender), how each request authenticated, so the run can prove that
// the AK/SK contenders really signed and the token ones really sent the token.
function serve(body) {
  const payload = Buffer.from(body);
  const tally = {};
  const server = http.createServer((req, res) => {
    const id = req.url.slice(req.url.lastIndexOf('/') + 1);
    const auth = req.headers.authorization?.startsWith('SDK-HMAC-SHA256 ')
      ? 'aksk'
      : req.headers['x-auth-token'] ? 'token' : 'none';
    const t = (tally[id] ??= { token: 0, aksk: 0, none: 0 });
    t[auth]++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
    res.end(payload);
  });
  // Longer than any pause between rounds, so no contender pays for a new connection.
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: /** @type {import('node:net').AddressInfo} */ (server.address()).port }));
  parentPort.on('message', (msg) => {
    if (msg === 'tally') parentPort.postMessage({ tally });
    if (msg === 'close') {
      server.closeAllConnections();
      server.close(() => parentPort.close());
    }
  });
}

function seedTask() {
  return bundle.components.examples.TaskDetail_video_source.value;
}

const ask = (worker, msg) =>
  new Promise((resolve) => {
    worker.once('message', resolve);
    if (msg) worker.postMessage(msg);
  });

// Each contender is one async function doing one complete showTask: request, response,
// parsed body. They are built once, outside the timed loop, as a real program would.
async function makeContenders(endpoint) {
  const { createViasClient } = await import('@vias-openapi/client');
  const createClient = (await import('openapi-fetch')).default;
  const axios = (await import('axios')).default;
  const keys = { accessKey: 'BENCHAK0000000000000', secretKey: 'benchsk0000000000000000000000000000000000' };
  const url = (id) => `${endpoint}/v2/p/tasks/${id}`;

  const token = createViasClient({ endpoint, projectId: 'p', auth: { token: 't' }, retry: false });
  const aksk = createViasClient({ endpoint, projectId: 'p', auth: keys, retry: false });
  // openapi-fetch on its own, as the client uses it: the floor of any client built on it.
  /** @type {import('openapi-fetch').Client<import('@vias-openapi/client').paths>} */
  const bare = createClient({ baseUrl: endpoint });

  // axios with an explicit keep-alive agent (default maxSockets): sequential calls reuse
  // one socket, as undici's pool does for fetch. Node 20's globalAgent is the same.
  const ax = axios.create({ baseURL: endpoint, httpAgent: new http.Agent({ keepAlive: true }) });

  // The official SDK, driven the way its generated service clients drive it: a
  // ClientBuilder-built HcClient with BasicCredentials (projectId set, so no IAM lookup),
  // and per call a fresh options object like ParamCreater() returns, sent through
  // HcClient.sendRequest → BaseCredentials.processAuthRequest (AKSKSigner.sign) →
  // DefaultHttpClient (its own axios instance; agent = Node's keep-alive globalAgent).
  const core = '@huaweicloud/huaweicloud-sdk-core';
  const { ClientBuilder } = require(`${core}/ClientBuilder`);
  const { BasicCredentials } = require(core);
  const cred = new BasicCredentials().withAk(keys.accessKey).withSk(keys.secretKey).withProjectId('p');
  const hc = new ClientBuilder((c) => c).withCredential(cred).withEndpoint(endpoint).build();

  return {
    raw_fetch: async () => {
      const res = await fetch(url('raw_fetch'), { headers: { 'X-Auth-Token': 't' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    openapi_fetch: async () => {
      const { data, error } = await bare.GET('/v2/{project_id}/tasks/{task_id}', {
        params: { path: { project_id: 'p', task_id: 'openapi_fetch' } },
        headers: { 'X-Auth-Token': 't' },
      });
      if (error !== undefined) throw new Error('openapi_fetch: error response');
      return data;
    },
    client_token: () => token.showTask({ path: { task_id: 'client_token' } }),
    client_aksk: () => aksk.showTask({ path: { task_id: 'client_aksk' } }),
    axios: async () => (await ax.get('/v2/p/tasks/axios', { headers: { 'X-Auth-Token': 't' } })).data,
    official: () =>
      hc.sendRequest({
        method: 'GET',
        url: '/v2/{project_id}/tasks/{task_id}',
        contentType: 'application/json',
        queryParams: {},
        pathParams: { task_id: 'official' },
        headers: {},
        responseHeaders: [''],
      }),
  };
}

const median = (xs) => {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** @param {{ n?: number, round?: number, warmup?: number, log?: (line: string) => void }} [options] */
export async function overhead({ n = 10_000, round = 500, warmup = 1_000, log = () => {} } = {}) {
  const task = seedTask();
  const worker = new Worker(new URL(import.meta.url), { workerData: { body: JSON.stringify(task) } });
  try {
    const { port } = await ask(worker);
    const calls = await makeContenders(`http://127.0.0.1:${port}`);

    // Warm-up (JIT, connection set-up), alternating like the timed part; then check that
    // every contender returned the task, before anything is timed.
    for (let i = 0; i < warmup; i++) for (const k of CONTENDERS) await calls[k]();
    for (const k of CONTENDERS) {
      const got = await calls[k]();
      if (got?.id !== task.id || got?.state !== task.state) throw new Error(`${k}: unexpected body ${JSON.stringify(got).slice(0, 200)}`);
    }

    // Timed part: rounds of `round` sequential calls, A B C D E F A B C D E F …, so drift
    // (thermal, other load, GC pressure) falls on all contenders alike.
    const rounds = Math.ceil(n / round);
    const times = Object.fromEntries(CONTENDERS.map((k) => [k, new Float64Array(rounds * round)]));
    for (let r = 0; r < rounds; r++) {
      for (const k of CONTENDERS) {
        const call = calls[k];
        const t = times[k];
        for (let i = r * round, end = i + round; i < end; i++) {
          const t0 = process.hrtime.bigint();
          await call();
          t[i] = Number(process.hrtime.bigint() - t0) / 1e3;
        }
      }
      log(`  overhead: round ${r + 1}/${rounds}`);
    }

    const { tally } = await ask(worker, 'tally');
    const expectAuth = { raw_fetch: 'token', openapi_fetch: 'token', client_token: 'token', client_aksk: 'aksk', axios: 'token', official: 'aksk' };
    for (const k of CONTENDERS) {
      const t = tally[k] ?? {};
      const want = expectAuth[k];
      const other = Object.entries(t).filter(([a, c]) => a !== want && c > 0);
      if (other.length) throw new Error(`${k}: expected only ${want} auth, server saw ${JSON.stringify(t)}`);
    }

    const med = Object.fromEntries(CONTENDERS.map((k) => [k, median(times[k])]));
    const ratio = (k) => med[k] / med.raw_fetch;
    return {
      n: rounds * round,
      round,
      warmup,
      median_us_raw_fetch: med.raw_fetch,
      median_us_openapi_fetch: med.openapi_fetch,
      median_us_client_token: med.client_token,
      median_us_client_aksk: med.client_aksk,
      median_us_axios: med.axios,
      median_us_official: med.official,
      openapi_fetch_ratio: ratio('openapi_fetch'),
      client_overhead_ratio_token: ratio('client_token'),
      client_overhead_ratio_aksk: ratio('client_aksk'),
      axios_ratio: ratio('axios'),
      official_ratio: ratio('official'),
    };
  } finally {
    worker.postMessage('close');
    await worker.terminate();
  }
}

// `node overhead.mjs [n]` runs this benchmark alone (e.g. under --cpu-prof).
if (isMainThread && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await overhead({ n: Number(process.argv[2]) || 10_000, log: console.error }));
}
