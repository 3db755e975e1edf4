// Shared by the emulator's tests: an emulator per test on a free 127.0.0.1 port (stopped
// afterwards, failing or not), clients pointed at it, request bodies, and the CLI as a child.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createViasClient } from '@vias-openapi/client';
import { afterEach } from 'vitest';
import { startEmulator } from '../src/index.mjs';

export const PROJECT = '6204a5bd270343b5885144cf9c8c158d';
export const SERVICE = 'video-analyze';

const running = new Set();
afterEach(async () => {
  await Promise.all([...running].map((stop) => stop()));
  running.clear();
});

/** An emulator that checks its own answers against the spec; stopped after the test. */
export async function emulator(options = {}) {
  const logs = [];
  const e = await startEmulator({ host: '127.0.0.1', port: 0, checkResponses: true, log: (l) => logs.push(l), ...options });
  running.add(e.stop);
  return { ...e, logs };
}

/**
 * @param {string} url
 * @param {import('@vias-openapi/client').ViasAuth} [auth]
 */
export const client = (url, auth = { token: 'test-token' }) =>
  createViasClient({ endpoint: url, projectId: PROJECT, auth, retry: false });

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms) => (now += ms);
  return clock;
}

let serial = 0;
export const uniqueName = (prefix = 'task') => `${prefix}-${process.pid}-${++serial}`;

/**
 * A createServiceTask body on a file (obs) input: runs, then SUCCEEDED.
 * @returns {import('@vias-openapi/client').CreateServiceTaskRequest}
 */
export const fileTask = (name = uniqueName('file')) => ({
  name,
  service_version: '1.0',
  input: { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/test.mp4' }] },
  output: { obs: { bucket: 'obs-iva', path: 'output/' } },
});

/**
 * A createServiceTask body on a stream (video_source) input: runs until stopped.
 * @returns {import('@vias-openapi/client').CreateServiceTaskRequest}
 */
export const streamTask = (name = uniqueName('stream')) => ({
  name,
  service_version: '1.0',
  input: { type: 'video_source', data: [{ video_source_id: 'camera-0001' }] },
  output: { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } },
});

/** IDs of created tasks: `{ tasks: [{ id }] }` (200) or `[{ id }]` (201). */
export const idsOf = (body) => (Array.isArray(body) ? body : body.tasks).map((t) => t.id);

export const create = async (vias, body, service = SERVICE) =>
  idsOf(await vias.createServiceTask({ path: { service_name: service }, body }))[0];

/** `fetch` to the emulator with a token, answering `{ status, body }`. */
export async function call(url, method, path, body, headers = {}) {
  const response = await fetch(url + path, {
    method,
    headers: { 'X-Auth-Token': 'test-token', 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const bin = fileURLToPath(new URL('../bin/vias-emulator.mjs', import.meta.url));
const children = new Set();
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});

/**
 * `vias-emulator ...args` as a child process (killed after the test). `ready` resolves with the
 * URL it prints, or rejects when it exits first; `exit` resolves with `{ code, signal }`.
 */
export function cli(args) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  // 'close', not 'exit': it comes after the child's output has been read to the end.
  const exit = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /^VIAS emulator: (http:\/\/\S+)$/m.exec(stdout);
      if (match) resolve(match[1]);
    });
    exit.then(({ code, signal }) => reject(new Error(`vias-emulator exited (${code ?? signal}) before listening: ${stderr}`)));
  });
  ready.catch(() => {}); // a test that expects the exit need not await `ready`
  return { child, ready, exit, output: () => ({ stdout, stderr }) };
}
