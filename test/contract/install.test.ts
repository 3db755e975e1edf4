// Installing without the registry, as the READMEs say: the root command packs every publishable
// package into one folder (here a temporary one, from what the pipeline built: no dist/ is
// rewritten), a new project installs the tarballs, starts the emulator with `npx vias-emulator`
// and calls it with the installed client. Written against the packages' published contract only:
// package names, the `vias-emulator` bin, its `--port 0` flag and its `VIAS emulator: <url>` line.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}
/** Commands still running: stopped after the tests, should one hang past its test's timeout. */
const running = new Set<ChildProcess>();
/** Runs a command to its end; never rejects. */
const run = (file: string, args: string[], options: { cwd: string }): Promise<Ran> =>
  new Promise((resolve) => {
    const child = execFile(file, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      running.delete(child);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
    running.add(child);
  });
const describeRun = (what: string, r: Ran) => `${what} exited with ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

const root = resolve(import.meta.dirname, '../..');
let tmp: string | undefined;
let emulator: ChildProcess | undefined;
afterAll(async () => {
  running.forEach((child) => child.kill('SIGKILL'));
  if (emulator?.pid && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator!.once('exit', resolve));
    // npx runs the bin in a child process of its own: stop the whole group it leads.
    process.kill(-emulator.pid, 'SIGTERM');
    await exited;
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Starts `npx vias-emulator --port 0` in `cwd` and resolves the URL it prints. */
function startEmulator(cwd: string): Promise<string> {
  emulator = spawn('npx', ['vias-emulator', '--port', '0', '--transition-ms', '20'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /VIAS emulator: (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    emulator!.stdout!.on('data', onData);
    emulator!.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    emulator!.once('exit', (code) => reject(new Error(`npx vias-emulator exited with ${code} before printing its URL:\n${output}`)));
  });
}

describe('install from the packed tarballs', { timeout: 300_000 }, () => {
  it('npm run pack → npm install in a new project → npx vias-emulator → the installed client calls it', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vias-install-'));
    const packs = join(tmp, 'packs');
    const packed = await run(process.execPath, [join(root, 'scripts/pack.mjs'), '--out', packs, '--ignore-scripts'], { cwd: root });
    expect(packed.code, describeRun('scripts/pack.mjs', packed)).toBe(0);
    const tarballs = (await readdir(packs)).sort();
    for (const name of ['client', 'emulator', 'signer', 'spec']) expect(tarballs.some((t) => t.startsWith(`vias-openapi-${name}-`)), name).toBe(true);

    const app = join(tmp, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs.map((t) => join(packs, t))], { cwd: app });
    expect(installed.code, describeRun('npm install', installed)).toBe(0);

    const url = await startEmulator(app);
    await writeFile(
      join(app, 'main.mjs'),
      `import { createViasClient, TERMINAL_STATES } from '@vias-openapi/client';
const vias = createViasClient({ endpoint: ${JSON.stringify(url)}, projectId: '6204a5bd270343b5885144cf9c8c158d', auth: { token: 'any-token' } });
const { video_source_id } = await vias.createVideoSource({
  body: { video_source_name: 'cam-7', access_type: 'cloud', type: 'url', type_config: '<type_config><url_address>rtsp://10.0.0.7:554/live</url_address></type_config>' },
});
const { tasks } = await vias.createServiceTask({
  path: { service_name: 'video-analyze' },
  body: { name: 'cam-7', input: { type: 'video_source', data: [{ video_source_id }] }, output: { event_center: true }, service_version: '1.0' },
});
const task = await vias.waitForTask(tasks[0].id, { until: ['RUNNING', ...TERMINAL_STATES], intervalMs: 20 });
console.log(JSON.stringify({ id: task.id, state: task.state }));
`,
    );
    // The task is RUNNING 40 ms of the emulator's time after its creation; the wait has the
    // client's default deadline (10 minutes), a backstop far above that on any machine: the
    // test's own timeout comes first.
    const called = await run(process.execPath, ['main.mjs'], { cwd: app });
    expect(called.code, describeRun('node main.mjs', called)).toBe(0);
    expect(JSON.parse(called.stdout)).toMatchObject({ id: expect.any(String), state: 'RUNNING' });
  });
});
