// Provider mode, end to end: the `contract` CLI against local fixture servers (never a real
// VIAS host). A server that replays the seed responses passes; a broken one, one that only
// answers errors, and one that redirects are reported; bad flags are refused; credentials
// (token or AK/SK) reach the target and never the output; a killed CLI leaves nothing behind.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { verifyParts } from '@vias-openapi/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from '../fixtures/server.mjs';

const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
const children = new Set<ChildProcess>();
// If vitest dies mid-run, this worker can outlive it: stop the CLIs then.
process.once('disconnect', () => children.forEach((c) => c.kill('SIGKILL')));

// Credentials of the caller's shell must not leak into the runs.
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIAS_')));

function runContract(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const options = { timeout: 60_000, killSignal: 'SIGKILL' as const, env: { ...CLEAN_ENV, ...env } };
    const child = execFile(process.execPath, [cli, ...args], options, (error, stdout, stderr) => {
      children.delete(child);
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr });
    });
    children.add(child);
  });
}

type Fixture = Awaited<ReturnType<typeof startFixture>>;
const TOKEN = 'vias-token-MUST-NOT-BE-PRINTED-4f2a9c';
const AKSK = { VIAS_ACCESS_KEY: 'AKID-MUST-NOT-BE-PRINTED', VIAS_SECRET_KEY: 'sk-MUST-NOT-BE-PRINTED-91c3', VIAS_SECURITY_TOKEN: 'sts-MUST-NOT-BE-PRINTED-77e1' };

// Each CLI loads Prism's libraries (seconds of CPU); several run side by side on a busy machine.
describe('npm run contract -- --target <url>', { timeout: 120_000 }, () => {
  const servers: { close: () => Promise<void> }[] = [];
  const fixtures: Record<string, Fixture> = {};
  const runs: Record<string, Promise<{ code: number; out: string }>> = {};

  beforeAll(async () => {
    const [seed, broken, errors, other, signed] = await Promise.all(['seed', 'broken', 'errors', 'seed', 'seed'].map((m) => startFixture(m)));
    const redirect = await startFixture('redirect', { redirectTo: other!.url });
    const vas = await startFixture('seed', { generation: 'vas' });
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
    runs.down = runContract({}, '--target', down, '--operations', 'showTask');
    runs.redirect = runContract({ VIAS_TOKEN: TOKEN }, '--target', redirect.url, '--verbose');
    runs.errors = runContract({}, '--target', errors!.url);
    runs.aksk = runContract(AKSK, '--target', signed!.url, '--include-writes', '--verbose');
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

  it('fails when the target does not answer', async () => {
    const { code, out } = await runs.down!;
    expect(code, out).toBe(1);
    expect(out).toMatch(/showTask: prism/);
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

  it('--generation vas checks a VAS server against the VAS document, writes included', async () => {
    const { code, out } = await runs.vas!;
    expect(out).toMatch(/against \S+\/vas\.yaml/);
    expect(out).toMatch(/(\d+) requests, \1 documented success\(es\), 0 violation/);
    expect(out).toMatch(/ok {4}createTasks\b[^\n]* → 201/);
    expect(code, out).toBe(0);
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

describe('a provider run killed with SIGKILL', { timeout: 60_000 }, () => {
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
  let leftovers: number[] = [];
  beforeAll(async () => {
    hang = await startFixture('hang');
  });
  afterAll(async () => {
    leftovers.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL')); // what a failing run left
    await hang.close();
  });

  it('leaves no process behind', async () => {
    const child = spawn(process.execPath, [cli, '--target', hang.url, '--operations', 'showTask'], { env: CLEAN_ENV, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Mid-run: the request has reached the target, so whatever validates it is running.
    for (let i = 0; i < 600 && !hang.received.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hang.received.length, 'the CLI never reached the target').toBeGreaterThan(0);
    leftovers = descendants(child.pid!);
    child.kill('SIGKILL');
    await exited;
    for (let i = 0; i < 40 && leftovers.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    expect(leftovers.filter(alive), 'processes the killed CLI left running').toEqual([]);
  });
});
