// This workspace's `npm start` (bin/mock.mjs): both mocks listen and say where, each request is
// logged with Prism's violations, Ctrl-C stops it, and a port in use is a clear failure rather
// than a claim to serve what another process serves.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/mock.mjs', import.meta.url));
const started = new Set<ChildProcess>();
afterAll(() => started.forEach((c) => c.kill('SIGKILL')));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let out = '';
  const waiting = new Set<() => void>();
  const grew = () => waiting.forEach((check) => check());
  child.stdout!.on('data', (d) => ((out += d), grew()));
  child.stderr!.on('data', (d) => ((out += d), grew()));
  // 'close', not 'exit': it comes after the child's stdout and stderr have been read to the end,
  // so what the test reads once it resolves is the whole output, however busy the machine.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => (started.delete(child), resolve(code), grew())));
  /** The output once it matches `re`, or once the mock has exited: whichever comes first, however long it takes. */
  const until = (re: RegExp) =>
    new Promise<string>((resolve) => {
      const check = () => (re.test(out) || !started.has(child)) && (waiting.delete(check), resolve(out));
      waiting.add(check);
      check();
    });
  return { child, exited, until, output: () => out };
}

// Starting Prism takes seconds of CPU, minutes on a busy machine: the timeout is a backstop only.
describe('npm start: the mocks', { timeout: 600_000 }, () => {
  it('serve VIAS and VAS, log each request with its violations, and stop on SIGINT', async () => {
    const mock = start({ MOCK_PORT: '0', VAS_MOCK_PORT: '0' });
    const out = await mock.until(/Ctrl-C stops/);
    const vias = /VIAS mock \(Prism\): (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const vas = /VAS mock \(Prism\): (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(vias, out).toBeDefined();
    expect(vas, out).toBeDefined();
    const response = await fetch(`${vias}/v2/p/tasks/not%20an%20id`, { headers: { 'X-Auth-Token': 't' } });
    expect(response.status).toBe(400);
    const log = await mock.until(/task_id must match pattern/);
    expect(log).toMatch(/\[VIAS\] GET \/v2\/p\/tasks\/not%20an%20id → 400\n\[VIAS\] +request\.path\.task_id: Request path parameter task_id must match pattern/);
    expect(log).not.toMatch(/\x1b\[/); // no colour codes when piped
    mock.child.kill('SIGINT');
    expect(await mock.exited).toBe(0);
  });

  it('fails with a clear message when a port is in use', async () => {
    const other = createServer(() => {});
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const mock = start({ MOCK_PORT: String(port), VAS_MOCK_PORT: '0' });
      expect(await mock.exited).toBe(1);
      expect(mock.output()).toMatch(new RegExp(`the VIAS mock cannot start: 127\\.0\\.0\\.1:${port} is in use by another process\\. .*set MOCK_PORT`));
      expect(mock.output()).not.toMatch(/VIAS mock \(Prism\): http/);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});
