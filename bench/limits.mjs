// Peak memory of one call whose answer is absurd, in a fresh process each (its maxRSS, from
// process.resourceUsage()), for the client with its default maxResponseBytes (16 MiB) and for
// openapi-fetch alone (no bound), against a node:http server on 127.0.0.1 in this process:
//
//   gzip bomb   a gzip body of N MiB of zeros (about 1000:1), `Content-Encoding: gzip`
//   endless     a plain body that never ends
//   large JSON  a 600 MiB JSON document, `Content-Length` declared (the client refuses it unread)
//
//   node bench/limits.mjs [--quick]   (--quick: the openapi-fetch rows use smaller answers)
//
// openapi-fetch alone gets the same answers scaled down (256 MiB bomb, endless for 5 s, 300 MiB
// JSON) so this bench does not take gigabytes from a shared machine; the issue that asked for the
// cap measured the unscaled ones (a 1 GiB bomb: 2.26 GiB peak; 600 MiB JSON: 1.35 GiB; an endless
// body: 1.1 GiB buffered at a 30 s timeout).
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';

const MiB = 1024 * 1024;
const ZEROS = Buffer.alloc(64 * 1024);

if (process.argv[2] === '--child') {
  // The measured process: one call, then its peak RSS and what the call did.
  const [, , , who, url] = process.argv;
  const base = process.resourceUsage().maxRSS * 1024;
  const started = performance.now();
  let outcome;
  try {
    if (who === 'client') {
      const { createViasClient } = await import('@vias-openapi/client');
      const vias = createViasClient({ endpoint: url, projectId: 'p1', auth: { token: 't' }, retry: false, timeoutMs: 60_000 });
      await vias.raw.GET('/v2/{project_id}/tasks', {});
      outcome = 'resolved';
    } else {
      const { default: createClient } = await import('openapi-fetch');
      /** @type {import('openapi-fetch').Client<any>} */
      const client = createClient({ baseUrl: url });
      const { data } = await client.GET('/v2/p1/tasks', { signal: AbortSignal.timeout(5_000) });
      outcome = `resolved (${typeof data === 'string' ? data.length : Array.isArray(data) ? data.length : typeof data})`;
    }
  } catch (error) {
    outcome = `${error.name}: ${String(error.message).slice(0, 160)}`;
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ peakMiB: peak / MiB, baseMiB: base / MiB, ms: performance.now() - started, outcome }));
  process.exit(0);
}

const quick = process.argv.includes('--quick');
let scenario;
const server = createServer((req, res) => {
  req.resume();
  const { kind, mib } = scenario;
  if (kind === 'bomb') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    let left = (mib * MiB) / ZEROS.length;
    const zeros = new Readable({ read: () => void zeros.push(left-- > 0 ? ZEROS : null) });
    pipeline(zeros, createGzip({ level: 9 }), res, () => {});
  } else if (kind === 'endless') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const zeros = new Readable({ read: () => void zeros.push(ZEROS) });
    pipeline(zeros, res, () => {});
  } else {
    // A JSON document of `mib` MiB: {"name":"xxx…"} (a body of one long field).
    const size = mib * MiB;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(size) });
    const head = '{"name":"';
    const chunk = Buffer.alloc(ZEROS.length, 'x');
    let left = size - head.length - 2;
    let started = false;
    const items = new Readable({
      read() {
        if (!started) return void ((started = true), items.push(head));
        if (left === 0) return void ((left = -1), items.push('"}'));
        if (left < 0) return void items.push(null);
        const n = Math.min(chunk.length, left);
        left -= n;
        items.push(chunk.subarray(0, n));
      },
    });
    pipeline(items, res, () => {});
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
const run = promisify(execFile);
const self = fileURLToPath(import.meta.url);

/** @type {[string, string, { kind: string, mib?: number }, string][]} */
const rows = [
  ['client (16 MiB cap)', 'client', { kind: 'bomb', mib: 1024 }, 'gzip bomb, 1 GiB inflated'],
  ['client (16 MiB cap)', 'client', { kind: 'endless' }, 'endless body'],
  ['client (16 MiB cap)', 'client', { kind: 'json', mib: 600 }, '600 MiB JSON'],
  ['openapi-fetch alone', 'openapi-fetch', { kind: 'bomb', mib: quick ? 64 : 256 }, `gzip bomb, ${quick ? 64 : 256} MiB inflated`],
  ['openapi-fetch alone', 'openapi-fetch', { kind: 'endless' }, 'endless body, aborted after 5 s'],
  ['openapi-fetch alone', 'openapi-fetch', { kind: 'json', mib: quick ? 64 : 300 }, `${quick ? 64 : 300} MiB JSON`],
];
console.log(`node ${process.version}; peak RSS of a fresh process making one call (the process alone: see "base")\n`);
console.log('| contender | answer | peak RSS | base | time | outcome |\n|---|---|---|---|---|---|');
for (const [label, who, s, what] of rows) {
  scenario = s;
  const { stdout } = await run(process.execPath, [self, '--child', who, url], { maxBuffer: MiB, encoding: 'utf8' });
  const r = JSON.parse(stdout.trim().split('\n').at(-1));
  console.log(`| ${label} | ${what} | ${r.peakMiB.toFixed(0)} MiB | ${r.baseMiB.toFixed(0)} MiB | ${(r.ms / 1000).toFixed(2)} s | ${r.outcome} |`);
}
server.closeAllConnections();
server.close();
