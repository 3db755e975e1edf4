// Provider mode against the emulator (@vias-openapi/emulator), both generations, writes
// included, since the emulator is disposable: the CLI creates what it needs and follows the
// description's links, so every operation of the document must answer a documented success, and
// every answer conform; twice in a row on the same emulator (each run uses its own names and
// deletes what it created), with a token and with AK/SK (which the emulator verifies). The
// emulator runs with transitionMs 0, so each state a command leads to is reached at once,
// whatever the machine's load, and with runMs of a day: a task on a file input, created first,
// is still running when the run stops it minutes later (one that has SUCCEEDED cannot be
// stopped, a documented 400), however slow the machine.
import { startEmulator } from '@vias-openapi/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractRunner, type Run } from '../lib/run-contract';
import { generation } from '../lib/spec.mjs';

const TOKEN = 'emulator-token-MUST-NOT-BE-PRINTED';
const AK = 'emulator-ak';
const SK = 'emulator-sk-MUST-NOT-BE-PRINTED';
// Each run to its own end (vitest's timeout is the backstop); one still running when this
// file's tests are done (one that hung) is SIGKILLed, not left behind.
const runContract = contractRunner();

// Eight CLI runs, each loading Prism's libraries: minutes on a busy machine. A backstop only.
describe.each(['vias', 'vas'] as const)('provider mode against the %s emulator', { timeout: 900_000 }, (name) => {
  const { operations } = generation(name);
  const emulators: { stop(): Promise<void> }[] = [];
  const runs: Record<string, Promise<Run[]>> = {};

  beforeAll(async () => {
    const quiet = { generation: name, port: 0, transitionMs: 0, runMs: 86_400_000, log: () => {} };
    const [withToken, withAkSk] = await Promise.all([startEmulator({ ...quiet, token: TOKEN }), startEmulator({ ...quiet, accessKey: AK, secretKey: SK })]);
    emulators.push(withToken, withAkSk);
    const twice = async (env: Record<string, string>, url: string) => {
      const first = await runContract(env, '--target', url, '--generation', name, '--include-writes');
      return [first, await runContract(env, '--target', url, '--generation', name, '--include-writes')];
    };
    runs.token = twice({ VIAS_TOKEN: TOKEN }, withToken.url);
    runs.aksk = twice({ VIAS_ACCESS_KEY: AK, VIAS_SECRET_KEY: SK }, withAkSk.url);
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
    await Promise.all(emulators.map((e) => e.stop()));
  });

  for (const auth of ['token', 'aksk'] as const)
    it(`every operation answers a documented success and conforms, twice in a row (${auth === 'token' ? 'token' : 'AK/SK'})`, async () => {
      const results = await runs[auth]!;
      results.forEach(({ code, out }, i) => {
        const run = `run ${i + 1}:\n${out}`;
        expect(out, run).toMatch(/^(\d+) requests, \1 documented success\(es\), 0 violation\(s\)$/m);
        expect(out, run).toMatch(new RegExp(`^${operations.length} of ${operations.length} operations answered a documented success$`, 'm'));
        for (const op of operations) expect(out, `${op.id} in ${run}`).toMatch(new RegExp(`^ {2}ok {4}${op.id}\\b[^\\n]* → 2\\d\\d$`, 'm'));
        expect(code, run).toBe(0);
        expect(out).not.toContain(TOKEN);
        expect(out).not.toContain(SK);
      });
      // Each run made its own names.
      const runIds = results.map(({ out }) => /^Run ([a-z0-9]{6}):/m.exec(out)?.[1]);
      expect(new Set(runIds).size).toBe(2);
    });
});
