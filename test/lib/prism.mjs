// Starts Prism (mock or proxy) on a free 127.0.0.1 port and guarantees it is stopped:
// on stop(), and on exit or SIGINT/SIGTERM of this process, whatever the tests did.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const prismPkg = require.resolve('@stoplight/prism-cli/package.json');
const prismBin = join(dirname(prismPkg), require(prismPkg).bin.prism);

const running = new Set();
const tempDirs = new Set();
const removeDir = (dir) => (rmSync(dir, { recursive: true, force: true }), tempDirs.delete(dir));

// Each Prism leads its own process group (detached), so killing -pid takes any children too.
const killGroup = (child, signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};
process.on('exit', () => {
  running.forEach((c) => killGroup(c, 'SIGKILL'));
  tempDirs.forEach(removeDir);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    running.forEach((c) => killGroup(c, 'SIGKILL'));
    // Listening replaced Node's default handler: exit unless someone else (vitest) handles it.
    if (process.listenerCount(signal) === 1) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

// A random port that is free now. Not the OS's pick (listen on 0): the OS hands a port just
// released to the next caller, so parallel launches (three CLIs in the provider test) would
// race for the same port, and Prism does not exit when its port is taken.
async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    const free = await new Promise((resolve) => {
      const srv = createServer().once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * `prism mock <flags> <spec>`, or `prism proxy <flags> <spec> <target>` when `target` is given,
 * on 127.0.0.1 (a free port unless `port` is given). Resolves `{ url, logs, stop }` once Prism
 * answers HTTP.
 */
export async function startPrism({ spec, target = undefined, flags = ['--errors'], port = undefined, timeoutMs = 30_000 }) {
  // Prism watches its document and restarts when it changes: serve a private copy, so a
  // rebuild of spec/dist during a run cannot restart the mock under the tests.
  const dir = mkdtempSync(join(tmpdir(), 'vias-prism-'));
  tempDirs.add(dir);
  const copy = join(dir, basename(spec));
  copyFileSync(spec, copy);
  const args = target ? ['proxy', ...flags, copy, target] : ['mock', ...flags, copy];
  const cleanup = () => removeDir(dir);
  for (let attempt = 1; ; attempt++) {
    try {
      const prism = await launch(args, port ?? (await freePort()), timeoutMs);
      return { ...prism, stop: () => prism.stop().then(cleanup) };
    } catch (error) {
      // Prism exited early (e.g. a port taken between freePort() and its listen()): try again,
      // unless the caller asked for that port.
      if (port !== undefined || attempt >= 3) throw (cleanup(), error);
    }
  }
}

async function launch(args, port, timeoutMs) {
  const child = spawn(process.execPath, [prismBin, ...args, '-h', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => running.delete(child));
  const logs = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => logs.push(...chunk.split('\n').filter(Boolean)));
  }
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!running.has(child)) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  while (running.has(child) && Date.now() < deadline) {
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      return { url, logs, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  await stop();
  throw new Error(`Prism did not start on ${url}:\n${logs.slice(-20).join('\n')}`);
}
