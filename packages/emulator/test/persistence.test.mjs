// --state-file: tasks survive restarts and SIGKILL (every change answered 2xx is on disk),
// and a damaged file is refused, naming it, and left as it was.
import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.mjs';
import { cli, client, create, emulator, fileTask, streamTask } from './helpers.mjs';

let dir;
let stateFile;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vias-emulator-test-'));
  stateFile = join(dir, 'state.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a state file', () => {
  it('keeps tasks, their changes and their state across a restart', async () => {
    const first = await emulator({ stateFile, transitionMs: 1_000_000 });
    const a = await create(client(first.url), fileTask());
    const b = await create(client(first.url), streamTask());
    await first.stop();

    const second = await emulator({ stateFile, transitionMs: 1_000_000 });
    const vias = client(second.url);
    expect((await vias.showTask({ path: { task_id: a } })).state).toBe('PENDING');
    expect((await vias.showTask({ path: { task_id: b } })).id).toBe(b);
  });

  it('keeps every task whose creation was answered when the emulator is SIGKILLed in a burst of creates', async () => {
    const first = cli(['--port', '0', '--state-file', stateFile, '--transition-ms', '1000000']);
    const vias = client(await first.ready);
    const acknowledged = [];
    let killed = false;
    // 8 workers create back to back; the emulator is killed after 150 answers, mid-burst.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (!killed) {
          try {
            acknowledged.push(await create(vias, fileTask()));
            if (acknowledged.length >= 150 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
          } catch {
            // A request in flight at the kill was never answered, so it is not acknowledged.
            if (killed || first.child.exitCode !== null || first.child.signalCode !== null) break;
          }
        }
      }),
    );
    expect((await first.exit).signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = cli(['--port', '0', '--state-file', stateFile, '--transition-ms', '1000000']);
    const after = client(await second.ready);
    for (const id of acknowledged) expect((await after.showTask({ path: { task_id: id } })).id).toBe(id);
  });

  it('refuses a truncated file with an error naming it, and leaves it as it was', async () => {
    const first = await emulator({ stateFile });
    for (let i = 0; i < 5; i++) await create(client(first.url), fileTask());
    await first.stop();
    truncateSync(stateFile, statSync(stateFile).size - 7);
    const before = readFileSync(stateFile);

    const run = cli(['--port', '0', '--state-file', stateFile]);
    const { code } = await run.exit;
    expect(code).toBe(1);
    expect(run.output().stderr).toContain(stateFile);
    expect(run.output().stderr).toMatch(/damaged.*truncated/);
    expect(readFileSync(stateFile).equals(before)).toBe(true);
    await expect(startEmulator({ port: 0, stateFile })).rejects.toThrow(stateFile);
  });

  it('refuses a file whose record was altered, and one that is not a state file', async () => {
    const first = await emulator({ stateFile });
    await create(client(first.url), fileTask('altered-name'));
    await first.stop();
    writeFileSync(stateFile, readFileSync(stateFile, 'utf8').replace('altered-name', 'altered-nbme'));
    await expect(startEmulator({ port: 0, stateFile })).rejects.toThrow(/line 2 fails its checksum/);

    writeFileSync(stateFile, '{"tasks":[]}\n');
    await expect(startEmulator({ port: 0, stateFile })).rejects.toThrow(/not the header/);
    expect(readFileSync(stateFile, 'utf8')).toBe('{"tasks":[]}\n');
  });
});
