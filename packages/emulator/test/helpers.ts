// Shared by the emulator's tests: an emulator per test on a free 127.0.0.1 port (stopped
// afterwards, failing or not), clients pointed at it, request bodies, and the CLI as a child.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVasClient, createViasClient, type CreateServiceTaskRequest, type ViasAuth } from '@vias-openapi/client';
import { afterEach } from 'vitest';
import { startEmulator, type EmulatorOptions } from '../src/index.js';

export const PROJECT = '6204a5bd270343b5885144cf9c8c158d';
export const SERVICE = 'video-analyze';

const cleanups: (() => unknown)[] = [];
// Last registered, first run (a mount is unmounted before its directory goes), each awaited.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch {
      // one failed cleanup does not keep the others from running
    }
  }
});

/** Runs `cleanup` after the current test, whatever its outcome. */
export const onCleanup = (cleanup: () => unknown) => void cleanups.push(cleanup);

/** An emulator that checks its own answers against the description; stopped after the test. */
export async function emulator(options: EmulatorOptions = {}) {
  const logs: string[] = [];
  const e = await startEmulator({ host: '127.0.0.1', port: 0, checkResponses: true, log: (l) => logs.push(l), ...options });
  onCleanup(() => e.stop());
  return { ...e, logs };
}

/** A directory removed after the test. */
export function tempDir(prefix = 'vias-emulator-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const client = (url: string, auth: ViasAuth = { token: 'test-token' }, projectId = PROJECT) =>
  createViasClient({ endpoint: url, projectId, auth, retry: false });

export const vasClient = (url: string, auth: ViasAuth = { token: 'test-token' }) => createVasClient({ endpoint: url, projectId: PROJECT, auth, retry: false });

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => (now += ms);
  clock.set = (ms: number) => (now = ms);
  return clock;
}

let serial = 0;
export const uniqueName = (prefix = 'task') => `${prefix}-${process.pid}-${++serial}`;

/** A createServiceTask body on a file (obs) input: runs, then SUCCEEDED. */
export const fileTask = (name = uniqueName('file')): CreateServiceTaskRequest => ({
  name,
  service_version: '1.0',
  input: { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/test.mp4' }] },
  output: { obs: { bucket: 'obs-iva', path: 'output/' } },
});

/** A createServiceTask body on a stream (an RTSP URL): runs until stopped. */
export const streamTask = (name = uniqueName('stream')): CreateServiceTaskRequest => ({
  name,
  service_version: '1.0',
  input: { type: 'url', data: [{ url: 'rtsp://127.0.0.1:554/camera-0001' }] },
  output: { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } },
});

/** A createServiceTask body on video sources (the recommended input): runs until stopped. */
export const sourceTask = (sourceIds: string[], name = uniqueName('source')): CreateServiceTaskRequest => ({
  name,
  service_version: '1.0',
  input: { type: 'video_source', data: sourceIds.map((video_source_id) => ({ video_source_id })) },
  output: { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } },
});

/** Creates a video source (an RTSP camera on the cloud, unless `fields` say otherwise); its ID. */
export async function videoSource(vias: ReturnType<typeof client>, fields: Record<string, unknown> = {}): Promise<string> {
  const name = uniqueName('camera');
  const body = {
    video_source_name: name,
    access_type: 'cloud',
    type: 'url',
    type_config: `<type_config><url_address>rtsp://127.0.0.1:554/${name}</url_address></type_config>`,
    ...fields,
  };
  return (await vias.createVideoSource({ body: body as never })).video_source_id;
}

/** Creates a group of `sourceIds`; its ID. */
export async function videoGroup(vias: ReturnType<typeof client>, sourceIds: string[], fields: Record<string, unknown> = {}): Promise<string> {
  const body = { video_group_name: uniqueName('group').replace(/-/g, '').slice(-20), access_type: 'cloud', video_source_ids: sourceIds, ...fields };
  return (await vias.createVideoGroup({ body: body as never })).video_group_id;
}

/** IDs of created tasks: `{ tasks: [{ id }] }` (200) or `[{ id }]` (201). */
export const idsOf = (body: unknown): string[] =>
  ((Array.isArray(body) ? body : (body as { tasks: { id: string }[] }).tasks) as { id: string }[]).map((t) => t.id);

export const create = async (vias: ReturnType<typeof client>, body: CreateServiceTaskRequest, service = SERVICE) =>
  idsOf(await vias.createServiceTask({ path: { service_name: service }, body }))[0]!;

/** `fetch` to the emulator with a token, answering `{ status, headers, body }`. */
export async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url + path, {
    method,
    headers: { 'X-Auth-Token': 'test-token', 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const bin = fileURLToPath(new URL('../bin/vias-emulator.mjs', import.meta.url));

/**
 * `vias-emulator ...args` as a child process (killed after the test). `ready` resolves with the
 * URL it prints, or rejects when it exits first; `exit` resolves with `{ code, signal }`.
 */
export function cli(args: string[], env: NodeJS.ProcessEnv = process.env, spawnAs?: { command: string; args: string[] }) {
  const child: ChildProcess = spawn(spawnAs?.command ?? process.execPath, spawnAs?.args ?? [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // 'close', not 'exit': it comes after the child's output has been read to the end.
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /^(?:VIAS|VAS) emulator: (http:\/\/\S+)$/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exit.then(({ code, signal }) => reject(new Error(`vias-emulator exited (${code ?? signal}) before listening: ${stderr}`)));
  });
  ready.catch(() => {}); // a test that expects the exit need not await `ready`
  return { child, ready, exit, output: () => ({ stdout, stderr }) };
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error) => error,
  );
}
