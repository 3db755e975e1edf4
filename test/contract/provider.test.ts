// Provider mode, end to end: the `contract` CLI against local fixture servers (never a real
// VIAS host). A server that replays the seed responses passes; a broken one, one that only
// answers errors, and one that redirects are reported; bad flags are refused; credentials
// (token or AK/SK) reach the target and never the output; with writes, creates come first and
// their IDs go to the later requests (the description's links); a server that trickles its
// answer or sends 600 MiB ends the run with one line and exit 1; a killed CLI leaves nothing
// behind. No test waits on the wall clock: each CLI runs to its own end (its deadlines are its
// own), and vitest's timeout is only a backstop against a hang.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { verifyParts } from '@vias-openapi/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from '../fixtures/server.mjs';
import { CLEAN_ENV, CLI, contractRunner, type Run } from '../lib/run-contract';
import { generation } from '../lib/spec.mjs';

// A CLI still running when this file's tests are done (one that hung) is SIGKILLed, not left behind.
const runContract = contractRunner();

/** Resolves once `condition` holds, checking on each turn of `pollMs`; bounded only by the test's backstop. */
async function until(condition: () => boolean, pollMs = 50) {
  while (!condition()) await new Promise((r) => setTimeout(r, pollMs));
}

type Fixture = Awaited<ReturnType<typeof startFixture>>;
const TOKEN = 'vias-token-MUST-NOT-BE-PRINTED-4f2a9c';
const AKSK = { VIAS_ACCESS_KEY: 'AKID-MUST-NOT-BE-PRINTED', VIAS_SECRET_KEY: 'sk-MUST-NOT-BE-PRINTED-91c3', VIAS_SECURITY_TOKEN: 'sts-MUST-NOT-BE-PRINTED-77e1' };
/** The ID the `freshIds` fixture gives its n-th create. */
const fresh = (n: number) => String(n).padStart(32, '0');
/** The task and batch operations of the VIAS document (their tags). */
const TASK_OPERATIONS = generation('vias')
  .operations.filter((op) => op.tags.some((tag: string) => ['Tasks', 'Batch configurations', 'Service jobs', 'Jobs (v1)'].includes(tag)))
  .map((op) => op.id);
/** What reached a fixture, as `METHOD path` lines. */
const calls = (fixture: Fixture) => fixture.received.map((r) => `${r.method} ${r.path}`);

// Each CLI loads Prism's libraries (seconds of CPU); several run side by side on a busy machine,
// where that takes minutes: the timeout is a backstop against a hang, not a speed limit.
describe('npm run contract -- --target <url>', { timeout: 600_000 }, () => {
  const servers: { close: () => Promise<void> }[] = [];
  const fixtures: Record<string, Fixture> = {};
  const runs: Record<string, Promise<Run>> = {};

  beforeAll(async () => {
    const [seed, broken, errors, other] = await Promise.all(['seed', 'broken', 'errors', 'seed'].map((m) => startFixture(m)));
    const signed = await startFixture('seed', { freshIds: true });
    const redirect = await startFixture('redirect', { redirectTo: other!.url });
    const vas = await startFixture('seed', { generation: 'vas', freshIds: true });
    // A port that stays ours but hangs up on every connection: a closed port could be handed
    // to another server a moment later.
    const hangUp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    const down = `http://127.0.0.1:${(hangUp.address() as { port: number }).port}`;
    Object.assign(fixtures, { seed, broken, errors, other, signed, redirect, vas });
    servers.push(...Object.values(fixtures), { close: () => new Promise<void>((r) => hangUp.close(() => r())) });
    // Side by side to keep the suite short. --verbose: Prism's log is printed too, and must
    // not show the token either.
    runs.seed = runContract({ VIAS_TOKEN: TOKEN }, '--target', seed!.url, '--verbose');
    runs.broken = runContract({}, '--target', broken!.url, '--include-writes');
    // A mock's one-character token: too short to be a credential, so the lines stay legible.
    runs.down = runContract({ VIAS_TOKEN: 't' }, '--target', down, '--operations', 'showTask');
    runs.redirect = runContract({ VIAS_TOKEN: TOKEN }, '--target', redirect.url, '--verbose');
    runs.errors = runContract({}, '--target', errors!.url);
    // The task operations (the whole document's flow is the emulator test's): a sequence short enough to spell out.
    runs.aksk = runContract(AKSK, '--target', signed!.url, '--operations', TASK_OPERATIONS.join(','), '--verbose');
    runs.vas = runContract({}, '--target', vas.url, '--generation', 'vas', '--include-writes');
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
    await Promise.all(servers.map((s) => s.close()));
  });

  it('passes a server that answers with the seed responses, sending only reads by default', async () => {
    const { code, out } = await runs.seed!;
    expect(out).toMatch(/(\d+) requests, \1 documented success\(es\), 0 violation/);
    expect(out).toMatch(/skip {2}createServiceTask: POST writes to the target; add --include-writes/);
    expect(code, out).toBe(0);
    expect(fixtures.seed!.received.length).toBeGreaterThan(0);
    expect(new Set(fixtures.seed!.received.map((r) => r.method))).toEqual(new Set(['GET']));
  });

  it('with writes, creates come first and their IDs go to the reads, updates, commands (stop, then start) and deletes (last, newest first)', async () => {
    const { code, out } = await runs.aksk!;
    expect(code, out).toBe(0);
    const p = '/v2/6204a5bd270343b5885144cf9c8c158d';
    // The four createServiceTask examples answer tasks 1 to 4, createBatchTask configuration 5.
    expect(calls(fixtures.signed!)).toEqual([
      ...Array(4).fill(`POST ${p}/services/video-analyze/tasks`),
      `POST ${p}/batch-tasks`,
      `GET ${p}/services/video-analyze/tasks/${fresh(1)}`,
      `GET ${p}/tasks`,
      `GET ${p}/tasks/${fresh(1)}`,
      `GET ${p}/batch-tasks`,
      `GET /v1/6204a5bd270343b5885144cf9c8c158d/infer/tasks`,
      `GET /v1/6204a5bd270343b5885144cf9c8c158d/infer/tasks/${fresh(1)}`,
      `PUT ${p}/tasks/${fresh(1)}`,
      `PUT ${p}/batch-tasks/${fresh(5)}`,
      `PUT ${p}/tasks/${fresh(1)}/action/stop`,
      `PUT ${p}/batch-tasks/${fresh(5)}/action/stop`,
      `PUT ${p}/tasks/${fresh(1)}/action/start`,
      `PUT ${p}/batch-tasks/${fresh(5)}/action/start`,
      `DELETE ${p}/batch-tasks/${fresh(5)}`,
      ...[4, 3, 2, 1].map((n) => `DELETE ${p}/tasks/${fresh(n)}`),
    ]);
    expect(out).toMatch(/^14 of 14 operations answered a documented success$/m);
  });

  it('gives every name it sends a suffix unique to the run and the request, valid for the schema', async () => {
    const named = async (fixture: Fixture, run: Promise<Run>) => {
      await run;
      const vias = generation('vias');
      return fixture.received
        .filter((r) => r.body)
        .map((r) => {
          const body = JSON.parse(r.body);
          const op = vias.matchPath(r.method, r.path)!.op;
          expect(vias.validate(op.body!.schema, body), `${op.id} ${body.name}`).toBeNull();
          return body.name as string;
        });
    };
    const names = await named(fixtures.signed!, runs.aksk!);
    const runId = /^Run ([a-z0-9]{6}): names in request bodies end in -\1<n>/m.exec((await runs.aksk!).out)?.[1];
    expect(runId).toBeDefined();
    // Two createServiceTask examples share the name test-alg-819: in one run they must not.
    expect(names).toEqual(['Test', 'test-alg-819', 'test-alg-819', 'task-est', 'wdwd', 'TestA', 'wdwdxx'].map((n, i) => `${n}-${runId}${i + 1}`));
    // Another run, another suffix.
    const other = await named(fixtures.broken!, runs.broken!);
    expect(other.length).toBeGreaterThan(0);
    expect(other.filter((n) => names.includes(n))).toEqual([]);
  });

  it('sends the VIAS_TOKEN token to the server and never prints it', async () => {
    const { out } = await runs.seed!;
    expect(new Set(fixtures.seed!.received.map((r) => r.token))).toEqual(new Set([TOKEN]));
    expect(out).toMatch(/Prism log:/);
    expect(out).not.toContain(TOKEN);
  });

  it('signs every request with VIAS_ACCESS_KEY / VIAS_SECRET_KEY / VIAS_SECURITY_TOKEN, and prints none of them', async () => {
    const { code, out } = await runs.aksk!;
    expect(code, out).toBe(0);
    const { received, url } = fixtures.signed!;
    expect(received.map((r) => r.method)).toContain('POST');
    for (const r of received) {
      expect(r.headers['x-security-token']).toBe(AKSK.VIAS_SECURITY_TOKEN);
      const verdict = await verifyParts(
        { method: r.method, url: url + r.path, headers: r.headers as Record<string, string>, body: r.body },
        { secretKeyFor: (ak) => (ak === AKSK.VIAS_ACCESS_KEY ? AKSK.VIAS_SECRET_KEY : undefined) },
      );
      expect(verdict, `${r.method} ${r.path}`).toEqual({ ok: true, accessKey: AKSK.VIAS_ACCESS_KEY });
    }
    for (const secret of Object.values(AKSK)) expect(out).not.toContain(secret);
    expect(out).not.toMatch(/Signature=[0-9a-f]/);
  });

  it('reports each broken field of a broken server with its operation (writes included on request), and fails', async () => {
    const { code, out } = await runs.broken!;
    expect(code, out).toBe(1);
    expect(out).toMatch(/showServiceTask: response body field state \[Error enum\]/);
    expect(out).toMatch(/showTask: response body field name \[Error type\]/);
    expect(out).toMatch(/showInferTask: response body field state \[Error enum\]/);
    expect(out).toMatch(/createServiceTask: response body field (tasks\.)?0\.id \[Error type\]/);
  });

  it('fails when the target does not answer, in one line, which a one-character token leaves legible', async () => {
    const { code, out } = await runs.down!;
    expect(code, out).toBe(1);
    expect(out).toMatch(/^ {2}FAIL {2}showTask: GET \S+: no answer: (socket hang up|read ECONNRESET)$/m);
    expect(out).toMatch(/^1 requests, 0 documented success\(es\), 0 violation\(s\), 1 failed exchange\(s\)$/m);
    expect(out).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('fails on a redirect without following it: the other origin receives nothing', async () => {
    const { code, out } = await runs.redirect!;
    expect(code, out).toBe(1);
    expect(fixtures.redirect!.received.length).toBeGreaterThan(0);
    expect(fixtures.other!.received).toEqual([]);
    expect(out).toMatch(new RegExp(`→ 302: redirect to ${fixtures.other!.url}/v2/\\S+, not followed`));
    expect(out).not.toContain(TOKEN);
  });

  it('fails when no operation answers a documented success, even if every answer is a documented error', async () => {
    const { code, out } = await runs.errors!;
    expect(out).toMatch(/→ 500 \(a documented error, not a success\)/);
    expect(out).toMatch(/FAIL: no operation answered a documented success/);
    expect(code, out).toBe(1);
  });

  it('--generation vas checks a VAS server against the VAS document, writes included, following its links', async () => {
    const { code, out } = await runs.vas!;
    expect(out).toMatch(/against \S+\/vas\.yaml/);
    expect(out).toMatch(/(\d+) requests, \1 documented success\(es\), 0 violation/);
    expect(out).toMatch(/ok {4}createTasks\b[^\n]* → 201/);
    expect(out).toMatch(/^7 of 7 operations answered a documented success$/m);
    expect(code, out).toBe(0);
    const s = '/v2/6204a5bd270343b5885144cf9c8c158d/services/video-analyze/tasks';
    expect(calls(fixtures.vas!)).toEqual([
      ...Array(3).fill(`POST ${s}`),
      `GET ${s}`,
      `GET ${s}/${fresh(1)}`,
      `PUT ${s}/${fresh(1)}`,
      `POST ${s}/${fresh(1)}/stop`,
      `POST ${s}/${fresh(1)}/start`,
      ...[3, 2, 1].map((n) => `DELETE ${s}/${fresh(n)}`),
    ]);
  });

  it('refuses bad flags with exit code 2, before sending anything', async () => {
    const target = fixtures.seed!.url;
    const before = fixtures.seed!.received.length;
    const cases = [
      [['--target', target, '--param', 'task_id'], /--param task_id: expected <name>=<value>/],
      [['--target', target, '--param', 'task_id='], /--param task_id=: expected <name>=<value>/],
      [['--target', target, '--param', 'tsak_id=abc'], /no operation checked has a path parameter tsak_id/],
      [['--target', target, '--operations', 'showTask,shwoTask'], /unknown operationId shwoTask/],
      [['--target', 'ftp://127.0.0.1/'], /must be an http:\/\/ or https:\/\/ URL/],
      [['--target', target, '--generation', 'iva'], /--generation iva: expected one of vias, vas/],
      [['--target', target, '--timeout-ms', '0'], /--timeout-ms 0: expected a whole number from 1 to 2147483647/],
      [['--target', target, '--max-response-bytes', '10MB'], /--max-response-bytes 10MB: expected a whole number/],
      [['--target', target, 'stray'], /Unexpected argument 'stray'/],
      [[], /--target is required/],
    ] as const;
    const results = await Promise.all(cases.map(([args]) => runContract({}, ...args)));
    results.forEach(({ code, out }, i) => {
      expect(out, cases[i]![0].join(' ')).toMatch(cases[i]![1]);
      expect(code, out).toBe(2);
    });
    const partial = await runContract({ VIAS_ACCESS_KEY: 'AK' }, '--target', target);
    expect(partial.code, partial.out).toBe(2);
    expect(partial.out).toMatch(/set both VIAS_ACCESS_KEY and VIAS_SECRET_KEY/);
    const both = await runContract({ VIAS_TOKEN: TOKEN, VIAS_ACCESS_KEY: 'AK', VIAS_SECRET_KEY: 'SK' }, '--target', target);
    expect(both.code, both.out).toBe(2);
    expect(fixtures.seed!.received.length).toBe(before);
  });

  it('--help names a local target that is not the docs site (8080), and every credential variable', async () => {
    const { code, out } = await runContract({}, '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/--target <url> .*e\.g\. http:\/\/127\.0\.0\.1:4020/);
    expect(out).not.toMatch(/:8080/);
    for (const name of ['VIAS_TOKEN', 'VIAS_ACCESS_KEY', 'VIAS_SECRET_KEY', 'VIAS_SECURITY_TOKEN']) expect(out).toContain(name);
  });
});

describe('against a hostile server: one line, exit 1, bounded time and memory', { timeout: 600_000 }, () => {
  let trickle: Fixture;
  let huge: Fixture;
  const runs: Record<string, Promise<Run>> = {};
  beforeAll(async () => {
    [trickle, huge] = await Promise.all([startFixture('trickle', { trickleMs: 50 }), startFixture('huge')]);
    // The fixture never finishes, so any deadline ends the exchange: a long one, so that on any
    // machine the headers and some bytes have normally come by then (the test accepts either).
    runs.trickle = runContract({}, '--target', trickle.url, '--operations', 'showTask', '--timeout-ms', '5000');
    runs.huge = runContract({}, '--target', huge.url, '--operations', 'showTask');
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
    await Promise.all([trickle?.close(), huge?.close()]);
  });

  it('a server that trickles its answer (one byte every 50 ms, never done): the whole exchange has a deadline, --timeout-ms', async () => {
    const { code, out } = await runs.trickle!;
    expect(code, out).toBe(1);
    // An idle timeout never fires here; the deadline does, and the CLI hangs up mid-answer. How
    // much had come by then depends on the machine's load, not on the CLI: both forms are one line.
    const failures = out.match(/^ {2}FAIL .*$/gm) ?? [];
    expect(failures, out).toHaveLength(1);
    const midAnswer = /^ {2}FAIL {2}showTask: GET \S+: no complete answer within 5000 ms \(--timeout-ms\): (no headers|status 200, \d+ bytes) by then$/.exec(failures[0]!);
    expect(midAnswer, out).not.toBeNull();
    expect(out).not.toMatch(/^\s+at /m);
    // The CLI has exited; the fixture hears of the closed connection in its own time.
    await until(() => trickle.events.length === 0 || trickle.events.at(-1) === 'client closed');
    if (midAnswer![1] !== 'no headers') expect(trickle.events).toEqual(['request', 'headers sent', 'client closed']);
  });

  it('a 600 MiB answer: reading stops at --max-response-bytes (10 MiB by default), in bounded memory', async () => {
    const { code, out, peakRssKb } = await runs.huge!;
    expect(code, out).toBe(1);
    expect(out).toMatch(/^ {2}FAIL {2}showTask: GET \S+: the answer grew past the limit of 10 MiB \(--max-response-bytes\); stopped reading$/m);
    expect(out).not.toMatch(/^\s+at |ERR_STRING_TOO_LONG/m);
    await until(() => huge.events.at(-1) === 'client closed'); // the fixture hears of it in its own time
    expect(huge.events).toEqual(['request', 'headers sent', 'client closed']);
    expect(huge.bytesSent).toBeLessThan(100 * 1024 * 1024); // the CLI hung up long before the end
    // Most of it is Prism's libraries; before the cap, a 300 MiB answer took 1.36 GiB (issue 17).
    console.log(`provider mode against a 600 MiB answer: peak RSS ${(peakRssKb / 1024).toFixed(0)} MiB, ${(huge.bytesSent / 1024 / 1024).toFixed(1)} MiB sent before the CLI hung up`);
    expect(peakRssKb).toBeLessThan(400 * 1024);
  });
});

describe('a provider run killed with SIGKILL', { timeout: 600_000 }, () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const childrenOf = (pid: number): number[] => {
    try {
      return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      return []; // pgrep exits 1 when there are none
    }
  };
  const descendants = (pid: number): number[] => childrenOf(pid).flatMap((c) => [c, ...descendants(c)]);
  let hang: Fixture;
  let cli: ChildProcess | undefined;
  let leftovers: number[] = [];
  beforeAll(async () => {
    hang = await startFixture('hang');
  });
  afterAll(async () => {
    if (cli && cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL'); // a test that failed before its kill
    leftovers.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL')); // what a failing run left
    await hang.close();
  });

  it('leaves no process behind', async () => {
    const child = (cli = spawn(process.execPath, [CLI, '--target', hang.url, '--operations', 'showTask', '--timeout-ms', '600000'], { env: CLEAN_ENV, stdio: 'ignore' }));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Mid-run: the request has reached the target, so whatever validates it is running.
    await until(() => hang.received.length > 0 || child.exitCode !== null || child.signalCode !== null);
    expect(hang.received.length, 'the CLI ended before it reached the target').toBeGreaterThan(0);
    leftovers = descendants(child.pid!);
    child.kill('SIGKILL');
    await exited;
    // A process the kill orphaned stays alive for good; one on its way out goes, however busy the
    // machine. The wait is a backstop (half the test's) far above what dying takes, so that the
    // test fails with the list of survivors rather than by its timeout.
    const gone = until(() => !leftovers.some(alive));
    await Promise.race([gone, new Promise((r) => setTimeout(r, 300_000))]);
    expect(leftovers.filter(alive), 'processes the killed CLI left running').toEqual([]);
  });
});
