// Provider mode, end to end: the `contract` CLI against local fixture servers (never a real
// VIAS host). A server that replays the seed responses passes; a broken one is reported.
// Only reads are sent unless asked, and the token never shows in the output.
import { type ChildProcess, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from '../fixtures/server.mjs';

const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
const children = new Set<ChildProcess>();
// If vitest dies mid-run, this worker can outlive it: stop the CLIs (and so their Prisms) then.
process.once('disconnect', () => children.forEach((c) => c.kill('SIGTERM')));

function runContract(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    // SIGTERM (timeout or disconnect) makes the CLI stop its Prism before exiting.
    const options = { timeout: 60_000, env: { ...process.env, ...env } };
    const child = execFile(process.execPath, [cli, ...args], options, (error, stdout, stderr) => {
      children.delete(child);
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr });
    });
    children.add(child);
  });
}

type Fixture = Awaited<ReturnType<typeof startFixture>>;
const TOKEN = 'vias-token-MUST-NOT-BE-PRINTED-4f2a9c';

describe('npm run contract -- --target <url>', () => {
  const servers: { url: string; close: () => Promise<void> }[] = [];
  let seed: Fixture;
  const runs: Record<string, Promise<{ code: number; out: string }>> = {};

  beforeAll(async () => {
    let broken: Fixture;
    [seed, broken] = await Promise.all([startFixture('seed'), startFixture('broken')]);
    // A port that stays ours but hangs up on every connection: a closed port could be handed
    // to the CLI's own Prism a moment later.
    const hangUp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    const down = { url: `http://127.0.0.1:${(hangUp.address() as { port: number }).port}`, close: () => new Promise<void>((r) => hangUp.close(() => r())) };
    servers.push(seed, broken, down);
    // Each run starts its own prism proxy; run them side by side to keep the suite short.
    // --verbose: Prism's log is printed too, and must not show the token either.
    runs.seed = runContract({ VIAS_TOKEN: TOKEN }, '--target', seed.url, '--verbose');
    runs.broken = runContract({}, '--target', broken.url, '--include-writes');
    runs.down = runContract({}, '--target', down.url, '--operations', 'showTask');
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
    await Promise.all(servers.map((s) => s.close()));
  });

  it('passes a server that answers with the seed responses, sending only reads by default', async () => {
    const { code, out } = await runs.seed!;
    expect(out).toMatch(/3 requests, 0 violation/);
    expect(out).toMatch(/skip {2}createServiceTask: POST writes to the target; add --include-writes/);
    expect(code, out).toBe(0);
    expect(seed.received.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('sends the VIAS_TOKEN token to the server and never prints it', async () => {
    const { out } = await runs.seed!;
    expect(seed.received.map((r) => r.token)).toEqual([TOKEN, TOKEN, TOKEN]);
    expect(out).toMatch(/Prism log:/);
    expect(out).not.toContain(TOKEN);
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
});
