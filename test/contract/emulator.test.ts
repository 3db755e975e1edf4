// Provider mode against the VIAS emulator (@vias-openapi/emulator), writes included, since the
// emulator is disposable: every answer of every operation must conform to the description, with
// a token and with AK/SK (which the emulator verifies). A task and a batch task are created first
// so that the reads, updates and deletes address something that exists.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleInput, PROJECT_ID } from '../lib/harness';
import { operations } from '../lib/spec.mjs';

const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIAS_')));
const TOKEN = 'emulator-token-MUST-NOT-BE-PRINTED';
const AK = 'emulator-ak';
const SK = 'emulator-sk-MUST-NOT-BE-PRINTED';

const runContract = (env: Record<string, string>, ...args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) =>
    execFile(process.execPath, [cli, ...args], { timeout: 90_000, killSignal: 'SIGKILL', env: { ...CLEAN_ENV, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    ),
  );

/** Creates a task and a batch task on the emulator through the client; their IDs for --param. */
async function seedTasks(url: string, auth: { token: string } | { accessKey: string; secretKey: string }) {
  const vias = createViasClient({ endpoint: url, projectId: PROJECT_ID, auth, retry: false });
  const call = (id: string) => {
    const op = operations.find((o) => o.id === id)!;
    return (vias as unknown as Record<string, (input: object) => Promise<unknown>>)[id]!(exampleInput(op));
  };
  const task = (await call('createServiceTask')) as { tasks: { id: string }[] };
  const batch = (await call('createBatchTask')) as { id?: string; tasks?: { id: string }[] };
  return { taskId: task.tasks[0]!.id, batchId: batch.id ?? batch.tasks![0]!.id };
}

describe('provider mode against the VIAS emulator', { timeout: 120_000 }, () => {
  const emulators: { stop(): Promise<void> }[] = [];
  const runs: Record<string, Promise<{ code: number; out: string }>> = {};

  beforeAll(async () => {
    const quiet = { port: 0, transitionMs: 20, runMs: 50, log: () => {} };
    const [withToken, withAkSk] = await Promise.all([startEmulator({ ...quiet, token: TOKEN }), startEmulator({ ...quiet, accessKey: AK, secretKey: SK })]);
    emulators.push(withToken, withAkSk);
    const a = await seedTasks(withToken.url, { token: TOKEN });
    const b = await seedTasks(withAkSk.url, { accessKey: AK, secretKey: SK });
    const args = (url: string, ids: { taskId: string; batchId: string }) => ['--target', url, '--include-writes', '--param', `task_id=${ids.taskId}`, '--param', `id=${ids.batchId}`];
    runs.token = runContract({ VIAS_TOKEN: TOKEN }, ...args(withToken.url, a));
    runs.aksk = runContract({ VIAS_ACCESS_KEY: AK, VIAS_SECRET_KEY: SK }, ...args(withAkSk.url, b));
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
    await Promise.all(emulators.map((e) => e.stop()));
  });

  for (const auth of ['token', 'aksk'] as const)
    it(`every operation, reads and writes, conforms (${auth === 'token' ? 'token' : 'AK/SK'})`, async () => {
      const { code, out } = await runs[auth]!;
      expect(out).toMatch(/ 0 violation\(s\)/);
      expect(code, out).toBe(0);
      for (const op of operations) expect(out, op.id).toMatch(new RegExp(`  ok    ${op.id}\\b`));
      // The task created first exists, so these are answered with their documented success
      // (createBatchTask repeats the name of the batch created first: a documented 400 VIAS.00010011).
      for (const id of ['showTask', 'showServiceTask', 'updateTask', 'listTasks', 'listBatchTasks', 'createServiceTask', 'updateBatchTask', 'deleteTask'])
        expect(out, id).toMatch(new RegExp(`  ok    ${id}\\b[^\\n]* → 2\\d\\d\\n`));
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(SK);
    });
});
