import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scriptedClient, task } from './helpers/client.js';

// Issue 10, row 9: nothing the client keeps (timers, listeners, requests) outlives the call.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let warnings: Error[] = [];
const onWarning = (warning: Error) => void warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
  vi.useRealTimers();
});

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('resource hygiene', () => {
  it('1,600 parallel calls sharing one caller signal add one listener to it, and none after', async () => {
    // The calls are held until all 1,600 are in flight, however long that takes: their 30 s
    // timers are fake, so a slow machine cannot time them out (setImmediate stays real).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { script } = scriptedClient(); // its scripted fetch only: the calls go through gatedClient
    const caller = new AbortController();
    let inFlight = 0;
    const release: (() => void)[] = [];
    const fetch = script.fetch;
    const gated = async (input: string, init: RequestInit) => {
      inFlight++;
      await new Promise<void>((resolve) => release.push(resolve));
      return fetch(input, init);
    };
    const { vias: gatedClient } = scriptedClient({ fetch: gated });
    const calls = Array.from({ length: 1_600 }, () => gatedClient.showTask({ path: { task_id: 't1' }, signal: caller.signal }));
    while (inFlight < 1_600) await settle();
    expect(getEventListeners(caller.signal, 'abort').length).toBe(1);
    for (const go of release) go();
    await Promise.all(calls);
    expect(getEventListeners(caller.signal, 'abort').length).toBe(0);
    expect(warnings.map(String)).toEqual([]);
  });

  it('10,000 calls leave no timer behind and a flat heap (default 30 s timeout)', async () => {
    const body = JSON.stringify(task('RUNNING'));
    const { vias } = scriptedClient({ fetch: async () => new Response(body, { headers: { 'Content-Type': 'application/json' } }) });
    const before = timers();
    const batch = async () => {
      for (let i = 0; i < 1_000; i++) await vias.showTask({ path: { task_id: 't1' } });
    };
    await batch();
    gc();
    const heapAfterFirst = process.memoryUsage().heapUsed;
    for (let i = 0; i < 9; i++) await batch();
    gc();
    const growth = process.memoryUsage().heapUsed - heapAfterFirst;
    expect(timers()).toBe(before);
    // 9,000 more calls: before the fix each kept its Request and timer for 30 s (≈ 3.6 kB a call).
    expect(growth).toBeLessThan(4 * 1024 * 1024);
  });

  it('waitForTask: 1,500 polls on one caller signal, no warning, no listener left', async () => {
    vi.useFakeTimers();
    const { vias, script } = scriptedClient();
    for (let i = 0; i < 1_499; i++) script.answer({ body: task('RUNNING') });
    script.answer({ body: task('SUCCEEDED') });
    const caller = new AbortController();
    const done = vias.waitForTask('t1', { intervalMs: 10, timeoutMs: 60_000, signal: caller.signal });
    for (let i = 0; i < 1_500 && script.sent.length < 1_500; i++) await vi.advanceTimersByTimeAsync(10);
    await expect(done).resolves.toMatchObject({ state: 'SUCCEEDED' });
    expect(script.sent).toHaveLength(1_500);
    expect(getEventListeners(caller.signal, 'abort').length).toBe(0);
    expect(warnings.map(String)).toEqual([]);
  });

  it('retries: 10 on one caller signal, no warning', async () => {
    vi.useFakeTimers();
    const { vias, script } = scriptedClient({ retry: { retries: 10, minDelayMs: 1, maxDelayMs: 1 } });
    for (let i = 0; i < 11; i++) script.answer({ status: 503, body: {} });
    const caller = new AbortController();
    const done = vias.showTask({ path: { task_id: 't1' }, signal: caller.signal }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect((await done).status).toBe(503);
    expect(script.sent).toHaveLength(11);
    expect(getEventListeners(caller.signal, 'abort').length).toBe(0);
    expect(warnings.map(String)).toEqual([]);
  });

  it('reused abort signals: never two attempts in flight on one, never an aborted one again', async () => {
    // Fake timers: only the hung call times out, when the test moves the clock; no other call
    // can time out on a slow machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { vias, script } = scriptedClient({ retry: false, timeoutMs: 50 });
    await Promise.all([1, 2, 3].map(() => vias.showTask({ path: { task_id: 't1' } }).catch(() => {})));
    const parallel = script.sent.map((s) => s.signal);
    expect(new Set(parallel).size).toBe(3);
    await vias.showTask({ path: { task_id: 't1' } }).catch(() => {});
    expect(parallel).toContain(script.sent[3]!.signal); // one that ended unaborted serves again
    script.answer('hang');
    const hung = vias.showTask({ path: { task_id: 't1' } }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(50);
    expect((await hung).name).toBe('ViasTimeoutError'); // its signal aborts
    const aborted = script.sent[4]!.signal!;
    expect(aborted.aborted).toBe(true);
    for (let i = 0; i < 5; i++) await vias.showTask({ path: { task_id: 't1' } }).catch(() => {});
    expect(script.sent.slice(5).map((s) => s.signal)).not.toContain(aborted);
    expect(script.sent.slice(5).every((s) => !s.signal!.aborted)).toBe(true);
  });
});
