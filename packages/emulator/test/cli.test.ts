// The command line: flags, the printed line, exit code 2 on bad flags, a taken port, signals.
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../src/cli.js';
import { call, cli, onCleanup, PROJECT } from './helpers.js';

describe('vias-emulator', () => {
  it('prints its URL, serves, and stops cleanly on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const run = cli(['--port', '0', '--token', 'cli-token']);
      const url = await run.ready;
      expect(run.output().stdout).toMatch(/^VIAS emulator: http:\/\/127\.0\.0\.1:\d+\n$/);
      expect((await call(url, 'GET', `/v2/${PROJECT}/tasks/abcd`, undefined, { 'X-Auth-Token': 'cli-token' })).body.error_code).toBe('VIAS.00010007');
      run.child.kill(signal);
      expect(await run.exit).toEqual({ code: 0, signal: null });
    }
  });

  it('serves the VAS generation with --generation vas, and says so', async () => {
    const run = cli(['--port', '0', '--generation', 'vas']);
    const url = await run.ready;
    expect(run.output().stdout).toMatch(/^VAS emulator: http:\/\/127\.0\.0\.1:\d+\n$/);
    const answer = await call(url, 'GET', `/v2/${PROJECT}/services/face-detect/tasks/f18320e61e4c4dc685aa2dfc22a28dc5`);
    expect(answer).toMatchObject({ status: 404, body: { error_code: 'IVA.0005' } });
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--transition-ms', '-1'], /--transition-ms/],
    [['--run-ms', '1.5'], /--run-ms must be a whole number/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['--access-key', 'AKONLY'], /--access-key and --secret-key go together/],
    [['--token', ''], /--token must not be empty/],
    [['--state-file'], /--state-file/],
    [['--generation', 'v3'], /--generation must be vias or vas/],
    [['--cors-origin', ''], /--cors-origin must not be empty/],
    [['stray-secret'], /no positional arguments/],
  ])('exits 2 with a clear error on %j', async (args, message) => {
    const run = cli(args);
    expect((await run.exit).code).toBe(2);
    const { stderr, stdout } = run.output();
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage: vias-emulator');
    expect(stdout).toBe('');
    if (args.includes('stray-secret')) expect(stderr).not.toContain('stray-secret');
  });

  it('exits 1 naming the address when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    onCleanup(() => blocker.close());
    const { port } = blocker.address() as AddressInfo;
    const run = cli(['--port', String(port)]);
    expect((await run.exit).code).toBe(1);
    expect(run.output().stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is taken`);
  });

  it('reads every documented flag', () => {
    expect(
      parseFlags([
        '--generation', 'vas', '--host', '0.0.0.0', '--port', '0', '--token', 't', '--access-key', 'AK', '--secret-key', 'SK',
        '--state-file', '/tmp/s', '--transition-ms', '5', '--run-ms', '7', '--cors-origin', 'http://localhost:5173', '--cors-origin', '*',
        '--in-use', 'cascade', '--alert-interval-ms', '250', '--webhook-allow', '127.0.0.1', '--webhook-allow', 'receiver.test',
      ]),
    ).toEqual({
      generation: 'vas', host: '0.0.0.0', port: 0, token: 't', accessKey: 'AK', secretKey: 'SK',
      stateFile: '/tmp/s', transitionMs: 5, runMs: 7, corsOrigins: ['http://localhost:5173', '*'],
      inUse: 'cascade', alertIntervalMs: 250, webhookAllow: ['127.0.0.1', 'receiver.test'],
    });
  });

  it.each([
    [['--in-use', 'x'], /--in-use must be refuse or cascade, not "x"/],
    [['--alert-interval-ms', '-1'], /--alert-interval-ms/],
    [['--alert-interval-ms', '1.5'], /--alert-interval-ms/],
    [['--webhook-allow', ''], /--webhook-allow/],
    [['--services', '/nonexistent/services.json'], /--services \/nonexistent\/services\.json: ENOENT/],
    [['--seed', '/nonexistent/seed.json'], /--seed/],
  ])('refuses %j with a message naming the flag', (args, message) => {
    expect(() => parseFlags(args)).toThrow(message);
  });
});
