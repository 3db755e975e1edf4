// Runs every benchmark, prints one table and writes bench/results.json.
//   node run.mjs [--quick] [--skip-pipeline] [--skip-docs]
// --quick: smaller N (for iterating on the benchmarks, not for figures to compare).
// --skip-pipeline: leave out the builds and `npm test` (the slowest part); their keys are null.
// --skip-docs: leave out the docs page figures (apps/docs/scripts/bench.mjs, needs Chromium).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { run as inprocess } from './inprocess.mjs';
import { overhead } from './overhead.mjs';
import { waitBench } from './wait.mjs';
import { sign } from './sign.mjs';
import { size } from './size.mjs';
import { pipeline } from './pipeline.mjs';

const quick = process.argv.includes('--quick');
const skipPipeline = process.argv.includes('--skip-pipeline');
const skipDocs = process.argv.includes('--skip-docs');
const log = (m) => console.error(m);
const t0 = process.hrtime.bigint();
// The machine is shared; the load average says how quiet it was (figures are noisier above ~1).
const loadStart = os.loadavg()[0];

// Micro-benchmarks first, on a quiet machine; the pipeline (which saturates both cores) last.
log('overhead…');
const o = await overhead(quick ? { n: 1_000, round: 250, warmup: 200, log } : { n: 10_000, warmup: 1_000, log });
// In process (a fetch that returns a canned Response): the clients' own work, five runs.
log('in-process…');
const runs = [];
for (let i = 0; i < 5; i++) runs.push(await inprocess(quick ? 500 : 2_000));
const added = (k) => runs.map((x) => x[k] - x.raw_fetch);
const ip = {
  inprocess_runs: runs,
  inprocess_added_us_openapi_fetch: added('openapi_fetch'),
  inprocess_added_us_token: added('client_token'),
  inprocess_added_us_aksk: added('client_aksk'),
  // Targets (issue 11), each checked run by run: the token client adds no more than openapi-fetch
  // alone adds, AK/SK (signing included) no more than twice that.
  inprocess_token_target_met_runs: runs.filter((x) => x.client_token <= x.openapi_fetch).length,
  inprocess_aksk_target_met_runs: runs.filter((x) => x.client_aksk - x.raw_fetch <= 2 * (x.openapi_fetch - x.raw_fetch)).length,
  // Issue 21: the token client's per-call CPU (all of it, fetch included) within 1.5× openapi-fetch's.
  inprocess_token_cpu_ratio: runs.map((x) => x.client_token / x.openapi_fetch),
  inprocess_token_cpu_ratio_met_runs: runs.filter((x) => x.client_token <= 1.5 * x.openapi_fetch).length,
};
log('sign…');
const s = await sign(quick ? { rounds: 3, perRound: 500 } : { rounds: 10, perRound: 2_000 });
log('size…');
const z = await size();
log('waitForTasks…');
const waits = { wait: await waitBench({ sizes: quick ? [10, 100] : [10, 100, 1_000], rounds: quick ? 1 : 3, log }) };
// Taken before the browser and the builds, which load the machine themselves.
const loadAfterMicro = os.loadavg()[0];

// The docs app measures its own page (benchDocs, owned by the docs engineer); we only
// report it. A failure there (no Chromium, site not built) is recorded, not fatal.
const d = { docs_reference_bytes: null, docs_reference_gzip_bytes: null, docs_first_operation_ms: null };
if (!skipDocs) {
  log('docs…');
  try {
    const { benchDocs } = await import('@vias-openapi/docs/bench');
    const r = await benchDocs({ runs: quick ? 2 : 5 });
    Object.assign(d, {
      docs_reference_bytes: r.reference_bytes,
      docs_reference_gzip_bytes: r.reference_gzip_bytes,
      docs_first_operation_ms: r.first_operation_ms,
    });
  } catch (error) {
    d.docs_error = String(error?.message ?? error).split('\n')[0];
    log(`  docs: skipped (${d.docs_error})`);
  }
}
const p = skipPipeline
  ? { build_cold_s: null, build_warm_s: null, build_warm_full_turbo: null, test_s: null, test_ok: null }
  : pipeline({ log });

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  quick,
  loadavg_1m_start: loadStart,
  loadavg_1m_after_micro: loadAfterMicro,
  ...o,
  ...ip,
  ...waits,
  ...s,
  ...z,
  ...d,
  ...p,
  bench_s: Number(process.hrtime.bigint() - t0) / 1e9,
};
writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

// Table: figure, value, target (if any), and whether it is met.
const f = (x, d = 2) => (x == null ? 'n/a' : x.toFixed(d));
const kb = (b) => `${(b / 1000).toFixed(1)} kB`; // kB = 1000 B, so the 10 kB budget is 10 000 B
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const met = (ok) => (ok == null ? '' : ok ? 'met' : 'MISSED');
const spread = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} µs`;
// A target is met only if it held in every one of the five runs.
const metRuns = (n) => (n === 5 ? 'met (5/5 runs)' : `MISSED (${n}/5 runs)`);
const r = results;
const rows = [
  ['raw fetch + res.json()', `${f(r.median_us_raw_fetch, 1)} µs`, '1.00×', '', ''],
  ['openapi-fetch alone (token)', `${f(r.median_us_openapi_fetch, 1)} µs`, `${f(r.openapi_fetch_ratio)}×`, '', ''],
  ['client, token', `${f(r.median_us_client_token, 1)} µs`, `${f(r.client_overhead_ratio_token)}×`, '≤ 1.05×', met(r.client_overhead_ratio_token <= 1.05)],
  ['client, AK/SK', `${f(r.median_us_client_aksk, 1)} µs`, `${f(r.client_overhead_ratio_aksk)}×`, '≤ 1.15×', met(r.client_overhead_ratio_aksk <= 1.15)],
  ['in process: openapi-fetch alone adds', spread(r.inprocess_added_us_openapi_fetch), 'over raw fetch, 5 runs', '', ''],
  ['in process: client, token, adds', spread(r.inprocess_added_us_token), 'over raw fetch, 5 runs', '≤ openapi-fetch alone', metRuns(r.inprocess_token_target_met_runs)],
  ['in process: client, AK/SK, adds', spread(r.inprocess_added_us_aksk), 'over raw fetch, 5 runs', '≤ 2 × openapi-fetch alone', metRuns(r.inprocess_aksk_target_met_runs)],
  ['in process: client, token / openapi-fetch', `${f(Math.min(...r.inprocess_token_cpu_ratio))}–${f(Math.max(...r.inprocess_token_cpu_ratio))}×`, 'per call, 5 runs', '≤ 1.5×', metRuns(r.inprocess_token_cpu_ratio_met_runs)],
  ...r.wait.map((x) => [`wait on ${x.n} tasks, one round`, `${x.waitForTasks_requests} req, ${f(x.waitForTasks_ms, 1)} ms`, `N × waitForTask: ${x.waitForTask_each_requests} req, ${f(x.waitForTask_each_ms, 1)} ms`, '', '']),
  ['axios', `${f(r.median_us_axios, 1)} µs`, `${f(r.axios_ratio)}×`, '', ''],
  ['official SDK core (AK/SK)', `${f(r.median_us_official, 1)} µs`, `${f(r.official_ratio)}×`, '', ''],
  ['signRequest', `${Math.round(r.sign_ops_per_s)} /s`, `${f(r.sign_ops_per_s / r.official_sign_ops_per_s)}× official`, '≥ official', met(r.sign_ops_per_s >= r.official_sign_ops_per_s)],
  ['signParts', `${Math.round(r.sign_parts_ops_per_s)} /s`, `${f(r.sign_parts_ops_per_s / r.official_sign_ops_per_s)}× official`, '', ''],
  ['official AKSKSigner.sign', `${Math.round(r.official_sign_ops_per_s)} /s`, '', '', ''],
  ['bundle min / min+gzip (VIAS import)', `${kb(r.bundle_min_bytes)} / ${kb(r.bundle_gzip_bytes)}`, `${r.bundle_gzip_bytes} B`, '≤ 15 kB', met(r.bundle_gzip_bytes <= 15_000)],
  ['install: client', `${r.install_client_packages} pkgs`, mb(r.install_client_bytes), '', ''],
  ['install: official core', `${r.install_official_packages} pkgs`, mb(r.install_official_bytes), '', ''],
  ['docs reference.html gzip', r.docs_reference_gzip_bytes == null ? 'n/a' : kb(r.docs_reference_gzip_bytes), '', '', ''],
  ['docs first operation visible', r.docs_first_operation_ms == null ? 'n/a' : `${r.docs_first_operation_ms} ms`, 'median, cold context', '', ''],
  ['build cold (--force)', `${f(r.build_cold_s)} s`, '', '', ''],
  ['build warm', `${f(r.build_warm_s)} s`, r.build_warm_full_turbo == null ? '' : r.build_warm_full_turbo ? 'FULL TURBO' : 'not FULL TURBO', '≤ 2 s', met(r.build_warm_s == null ? null : r.build_warm_s <= 2)],
  ['npm test (--force --only)', `${f(r.test_s)} s`, r.test_ok == null ? '' : r.test_ok ? 'passed' : 'FAILED', '', ''],
];
const head = ['figure', 'value', 'ratio / detail', 'target', ''];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (row) => row.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd();
console.log(`\n${line(head)}\n${w.map((n) => '-'.repeat(n)).join('  ')}\n${rows.map(line).join('\n')}`);
console.log(`\nN=${r.n} calls/contender (rounds of ${r.round}), ${r.node}, ${r.cpu} ×${r.cores}, ${r.date}${quick ? ' (quick)' : ''}`);
console.log(`load average (1 min) ${f(r.loadavg_1m_start)} at start, ${f(r.loadavg_1m_after_micro)} after the micro-benchmarks`);
console.log(`bench wall time ${f(r.bench_s, 1)} s → bench/results.json`);
