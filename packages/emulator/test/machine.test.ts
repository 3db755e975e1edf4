// Lifecycles as data: the task lifecycle step by step on a hand-moved clock (no sleeping),
// which commands each state allows (derived from the data, checked over HTTP in every reachable
// state), and the README's table, which is the same data rendered.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generation } from '../src/api/generation.js';
import { stateAt } from '../src/lifecycle/lifecycle.js';
import { phaseFor, TASK_LIFECYCLE, taskLifecycle } from '../src/tasks/lifecycle.js';
import { isFileInput } from '../src/tasks/model.js';
import { createControlClient } from '../src/control/client.js';
import { call, client, create, emulator, fileTask, manualClock, PROJECT, streamTask } from './helpers.js';

const timing = { transitionMs: 100, runMs: 1000 };
const states = (file: boolean, command: 'create' | 'start' | 'stop' | 'delete', times: number[]) => {
  const phase = phaseFor(command, 0, timing, file);
  return times.map((t) => stateAt(phase, t).state);
};

describe('the task lifecycle', () => {
  it('takes a file task from PENDING through STARTING and RUNNING to SUCCEEDED after run-ms', () => {
    expect(states(true, 'create', [0, 99, 100, 199, 200, 1199, 1200])).toEqual(['PENDING', 'PENDING', 'STARTING', 'STARTING', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
  });

  it('keeps a stream task RUNNING until it is stopped', () => {
    expect(states(false, 'create', [200, 10_000_000])).toEqual(['RUNNING', 'RUNNING']);
  });

  it('stops through STOPPING, starts through STARTING, deletes through DELETING', () => {
    expect(states(false, 'stop', [0, 99, 100])).toEqual(['STOPPING', 'STOPPING', 'STOPPED']);
    expect(states(false, 'start', [0, 99, 100])).toEqual(['STARTING', 'STARTING', 'RUNNING']);
    expect(states(true, 'start', [100, 1099, 1100])).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(states(false, 'delete', [0, 99, 100])).toEqual(['DELETING', 'DELETING', 'GONE']);
  });

  it('reads url inputs to rtsp/rtmp as streams and other urls as files', () => {
    expect(isFileInput({ type: 'url', data: [{ url: 'https://x.example/a.mp4' }] })).toBe(true);
    expect(isFileInput({ type: 'url', data: [{ url: 'rtsp://x.example/live' }] })).toBe(false);
    expect(isFileInput({ type: 'video_source', data: [{ video_source_id: 'cam1' }] })).toBe(false);
  });

  it('uses only states the description lists, for both generations', () => {
    for (const name of ['vias', 'vas'] as const) expect(() => taskLifecycle(generation(name).taskStates)).not.toThrow();
    expect(() => taskLifecycle(['PENDING'])).toThrow(/states the description does not list: STARTING/);
  });
});

describe('states over HTTP', () => {
  it('answers the state the clock gives, with updated_at when it was entered', async () => {
    const clock = manualClock();
    const start = clock();
    const { url } = await emulator({ clock, ...timing });
    const vias = client(url);
    const id = await create(vias, fileTask());
    const seen = [];
    for (const step of [0, 100, 100, 1000]) {
      clock.advance(step);
      seen.push((await vias.showTask({ path: { task_id: id } })).state);
    }
    expect(seen).toEqual(['PENDING', 'STARTING', 'RUNNING', 'SUCCEEDED']);
    const { body } = await call(url, 'GET', `/v2/${PROJECT}/tasks/${id}`);
    expect(Date.parse(body.updated_at)).toBe(start + 1200);
  });

  it('keeps a stream task RUNNING however far the clock moves', async () => {
    const clock = manualClock();
    const { url } = await emulator({ clock, ...timing });
    const vias = client(url);
    const id = await create(vias, streamTask());
    clock.advance(86_400_000);
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('RUNNING');
  });
});

const lifecycle = taskLifecycle(generation('vias').taskStates);
const COMMANDS = ['start', 'stop', 'delete', 'update'] as const;

describe('commands in each state', () => {
  type Vias = ReturnType<typeof client>;
  type Reach = { clock: ReturnType<typeof manualClock>; vias: Vias; id: string; name: string; control: ReturnType<typeof createControlClient> };
  const scenario = (c: Reach, body: Record<string, unknown>) =>
    c.control.POST('/_emulator/scenarios', { body: { task_id: c.id, project_id: PROJECT, ...body } as never });
  // Brings a fresh task (on a file) to `state` on a hand-moved clock (T = 100, run = 1000), the
  // states no command reaches through the control API's scenarios.
  const reach: Record<string, (c: Reach) => Promise<unknown> | void> = {
    PENDING: () => {},
    STARTING: ({ clock }) => void clock.advance(100),
    RUNNING: ({ clock }) => void clock.advance(200),
    SUCCEEDED: ({ clock }) => void clock.advance(1200),
    STOPPING: ({ clock, vias, id }) => (clock.advance(200), vias.startStopTask({ path: { task_id: id, command: 'stop' } })),
    STOPPED: async ({ clock, vias, id }) => (clock.advance(200), await vias.startStopTask({ path: { task_id: id, command: 'stop' } }), clock.advance(100)),
    DELETING: ({ vias, id }) => vias.deleteTask({ path: { task_id: id } }),
    ABNORMAL: async (c) => (c.clock.advance(200), await scenario(c, { kind: 'abnormal', duration_ms: 500 })),
    RECOVERING: async (c) => (c.clock.advance(200), await scenario(c, { kind: 'abnormal', duration_ms: 50 }), c.clock.advance(50)),
    UPGRADING: async (c) => (c.clock.advance(200), await scenario(c, { kind: 'upgrading', duration_ms: 500 })),
    FAILED: async (c) => (c.clock.advance(200), await scenario(c, { kind: 'failed' })),
    FREEZING: async (c) => (c.clock.advance(200), await scenario(c, { kind: 'freezing' })),
    FROZEN: async (c) => (c.clock.advance(200), await scenario(c, { kind: 'freezing' }), c.clock.advance(100)),
    START_FAILED: async (c) => {
      c.clock.advance(1200);
      await scenario(c, { kind: 'start_failed' });
      await c.vias.startStopTask({ path: { task_id: c.id, command: 'start' } });
      c.clock.advance(100);
    },
    CREATE_FAILED: async (c) => {
      // A create's: the task of this test is replaced by one created under the scenario.
      await c.control.POST('/_emulator/scenarios', { body: { kind: 'create_failed', name_pattern: `^${c.name}$` } });
      await c.vias.deleteTask({ path: { task_id: c.id } });
      c.clock.advance(100);
      c.id = await create(c.vias, fileTask(c.name));
      c.clock.advance(100);
    },
    SCHEDULING: async (c) => {
      await c.vias.updateTask({
        path: { task_id: c.id },
        body: { ...streamTask(c.name), schedule: { type: 'weekly', timezone: '+00:00', days_of_week: [7], periods: [[{ begin_at: '00:00:00', end_at: '00:00:01' }]] } },
      });
      c.clock.advance(200);
    },
  };
  const run: Record<(typeof COMMANDS)[number], (vias: Vias, id: string, name: string) => Promise<unknown>> = {
    start: (vias, id) => vias.startStopTask({ path: { task_id: id, command: 'start' } }),
    stop: (vias, id) => vias.startStopTask({ path: { task_id: id, command: 'stop' } }),
    delete: (vias, id) => vias.deleteTask({ path: { task_id: id } }),
    update: (vias, id, name) => vias.updateTask({ path: { task_id: id }, body: fileTask(name) }),
  };

  it('every state the lifecycle reaches is reached here', () => {
    expect(Object.keys(reach).sort()).toEqual([...lifecycle.states].sort());
  });

  it('allows each command exactly in the states the lifecycle data derives, and refuses the rest with VIAS.00010004', async () => {
    const clock = manualClock();
    const { url } = await emulator({ clock, ...timing });
    const vias = client(url);
    const control = createControlClient(url);
    const outcomes: Record<string, string[]> = {};
    for (const command of COMMANDS) {
      for (const [state, bring] of Object.entries(reach)) {
        const name = `${command}-${state}`.toLowerCase().replace(/_/g, '-');
        const c = { clock, vias, control, name, id: await create(vias, fileTask(name)) };
        await bring(c);
        const { id } = c;
        expect((await vias.showTask({ path: { task_id: id } })).state, state).toBe(state);
        const error = await run[command](vias, id, name).then(
          () => undefined,
          (e) => e,
        );
        if (error) expect(error).toMatchObject({ status: 400, error_code: 'VIAS.00010004' });
        (outcomes[command] ??= []).push(...(error ? [] : [state]));
      }
    }
    for (const command of COMMANDS) expect(outcomes[command]!.sort(), command).toEqual([...lifecycle.allowedIn(command)].sort());
    const all = ['PENDING', 'RECOVERING', 'STARTING', 'UPGRADING', 'CREATE_FAILED', 'START_FAILED', 'RUNNING', 'STOPPING', 'STOPPED', 'ABNORMAL', 'SUCCEEDED', 'FAILED', 'FREEZING', 'FROZEN', 'SCHEDULING'];
    expect(Object.fromEntries(COMMANDS.map((c) => [c, lifecycle.allowedIn(c)]))).toEqual({
      start: ['CREATE_FAILED', 'START_FAILED', 'STOPPED', 'SUCCEEDED', 'FAILED', 'FROZEN'],
      stop: ['PENDING', 'RECOVERING', 'STARTING', 'UPGRADING', 'RUNNING', 'ABNORMAL', 'SCHEDULING'],
      delete: all,
      update: all,
    });
  });

  it('the README table is the lifecycle data', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = /<!-- lifecycle-table -->\n([\s\S]*?)\n<!-- \/lifecycle-table -->/.exec(readme)?.[1];
    expect(table, 'README.md has a table between <!-- lifecycle-table --> markers').toBeDefined();
    const rows = COMMANDS.map((command) => {
      const spec = TASK_LIFECYCLE.commands[command];
      const steps = spec.steps.map((s) => `${s.state} (${s.duration})`).join(' → ') || '—';
      const then = spec.then === 'run' ? 'the run' : spec.then === 'KEEP' ? 'the state it was in' : spec.then;
      return `| ${command} | ${steps} | ${then} | ${lifecycle.allowedIn(command).join(', ')} |`;
    });
    const create = TASK_LIFECYCLE.commands.create;
    rows.unshift(`| create | ${create.steps.map((s) => `${s.state} (${s.duration})`).join(' → ')} | the run | — |`);
    expect(table).toBe(['| command | steps | then | allowed in |', '|---|---|---|---|', ...rows].join('\n'));
  });
});
