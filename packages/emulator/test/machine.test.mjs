// The state machine, with a clock moved by hand: no test here waits on the wall clock.
import { describe, expect, it } from 'vitest';
import { isFileInput, stateAt } from '../src/machine.mjs';
import { call, client, create, emulator, fileTask, manualClock, PROJECT, streamTask } from './helpers.mjs';

const timing = { transitionMs: 100, runMs: 1000 };
const obs = { type: 'obs', data: [{ bucket: 'b', path: 'p' }] };
const camera = { type: 'video_source', data: [{ video_source_id: 'cam1' }] };
const states = (input, command, times) => times.map((t) => stateAt({ input, phase: { command, at: 0 } }, t, timing).state);

describe('stateAt', () => {
  it('takes a file task from PENDING through STARTING and RUNNING to SUCCEEDED after run-ms', () => {
    expect(states(obs, 'create', [0, 99, 100, 199, 200, 1199, 1200])).toEqual([
      'PENDING', 'PENDING', 'STARTING', 'STARTING', 'RUNNING', 'RUNNING', 'SUCCEEDED',
    ]);
  });

  it('keeps a stream task RUNNING until it is stopped', () => {
    expect(states(camera, 'create', [200, 10_000_000])).toEqual(['RUNNING', 'RUNNING']);
  });

  it('stops through STOPPING, starts through STARTING, deletes through DELETING', () => {
    expect(states(camera, 'stop', [0, 99, 100])).toEqual(['STOPPING', 'STOPPING', 'STOPPED']);
    expect(states(camera, 'start', [0, 99, 100])).toEqual(['STARTING', 'STARTING', 'RUNNING']);
    expect(states(obs, 'start', [100, 1099, 1100])).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(states(camera, 'delete', [0, 99, 100])).toEqual(['DELETING', 'DELETING', 'GONE']);
  });

  it('reads url inputs to rtsp/rtmp as streams and other urls as files', () => {
    expect(isFileInput({ type: 'url', data: [{ url: 'https://x.example/a.mp4' }] })).toBe(true);
    expect(isFileInput({ type: 'url', data: [{ url: 'rtsp://x.example/live' }] })).toBe(false);
    expect(isFileInput(camera)).toBe(false);
  });
});

describe('states over HTTP', () => {
  it('answers the state the clock gives, with updated_at when it was entered', async () => {
    const clock = manualClock();
    const start = clock();
    const { url } = await emulator({ clock, transitionMs: 100, runMs: 1000 });
    const vias = client(url);
    const id = await create(vias, fileTask());
    const seen = [];
    for (const step of [0, 100, 100, 1000]) {
      clock.advance(step);
      const task = await vias.showTask({ path: { task_id: id } });
      seen.push(task.state);
    }
    expect(seen).toEqual(['PENDING', 'STARTING', 'RUNNING', 'SUCCEEDED']);
    const { body } = await call(url, 'GET', `/v2/${PROJECT}/tasks/${id}`);
    expect(body.state).toBe('SUCCEEDED');
    // updated_at: the moment SUCCEEDED began, in whatever form the spec gives it.
    const updated = typeof body.updated_at === 'number' ? body.updated_at : /^\d+$/.test(body.updated_at) ? Number(body.updated_at) : Date.parse(body.updated_at);
    expect(updated).toBe(start + 1200);
  });

  it('keeps a stream task RUNNING however far the clock moves', async () => {
    const clock = manualClock();
    const { url } = await emulator({ clock, transitionMs: 100, runMs: 1000 });
    const vias = client(url);
    const id = await create(vias, streamTask());
    clock.advance(86_400_000);
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('RUNNING');
  });
});

describe('commands in each state', () => {
  // Brings a fresh task to `state` on a hand-moved clock (T = 100, run = 1000).
  const reach = {
    PENDING: async () => {},
    STARTING: async ({ clock }) => clock.advance(100),
    RUNNING: async ({ clock }) => clock.advance(200),
    SUCCEEDED: async ({ clock }) => clock.advance(1200),
    STOPPING: async ({ clock, vias, id }) => (clock.advance(200), vias.startStopTask({ path: { task_id: id, command: 'stop' } })),
    STOPPED: async ({ clock, vias, id }) => (clock.advance(200), await vias.startStopTask({ path: { task_id: id, command: 'stop' } }), clock.advance(100)),
    DELETING: async ({ vias, id }) => vias.deleteTask({ path: { task_id: id } }),
  };
  const commands = {
    start: (vias, id) => vias.startStopTask({ path: { task_id: id, command: 'start' } }),
    stop: (vias, id) => vias.startStopTask({ path: { task_id: id, command: 'stop' } }),
    delete: (vias, id) => vias.deleteTask({ path: { task_id: id } }),
    update: (vias, id, name) => vias.updateTask({ path: { task_id: id }, body: fileTask(name) }),
  };

  it('allows each command exactly in the states the README lists, and refuses the rest with VIAS.00010004', async () => {
    const { ALLOWED_FROM } = await import('../src/machine.mjs');
    const clock = manualClock();
    const { url } = await emulator({ clock, transitionMs: 100, runMs: 1000 });
    const vias = client(url);
    const outcomes = {};
    for (const [command, run] of Object.entries(commands)) {
      for (const [state, bring] of Object.entries(reach)) {
        const name = `${command}-${state}`.toLowerCase().replace(/_/g, '-');
        const id = await create(vias, fileTask(name));
        await bring({ clock, vias, id });
        expect((await vias.showTask({ path: { task_id: id } })).state).toBe(state);
        const error = await run(vias, id, name).then(
          () => undefined,
          (e) => e,
        );
        if (error) expect(error).toMatchObject({ status: 400, error_code: 'VIAS.00010004' });
        (outcomes[command] ??= []).push(...(error ? [] : [state]));
      }
    }
    const sorted = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]));
    expect(sorted(outcomes)).toEqual(sorted(ALLOWED_FROM));
    expect(ALLOWED_FROM).toEqual({
      start: ['STOPPED', 'SUCCEEDED'],
      stop: ['PENDING', 'STARTING', 'RUNNING'],
      delete: ['PENDING', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'SUCCEEDED'],
      update: ['PENDING', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'SUCCEEDED'],
    });
  });
});
