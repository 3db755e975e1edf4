// The lifecycle of a task (both generations), as data: what each command does and for how long.
// Durations are named: `transition` (--transition-ms) for each transitional state, `run`
// (--run-ms) for how long a task on a file input runs before it has SUCCEEDED. A task on a
// stream runs until it is stopped.
//
//   create ─▶ PENDING ─T─▶ STARTING ─T─▶ RUNNING ─(run)─▶ SUCCEEDED    file input
//                                       RUNNING (until stopped)         stream input
//   start  ─▶ STARTING ─T─▶ RUNNING …                                   as after create
//   stop   ─▶ STOPPING ─T─▶ STOPPED
//   delete ─▶ DELETING ─T─▶ gone
//
// The other states are the scenarios' (the control API): CREATE_FAILED and START_FAILED end a
// create or a start; a held PENDING delays one; ABNORMAL ─▶ RECOVERING ─▶ RUNNING and
// UPGRADING ─▶ RUNNING interrupt a run; FAILED and FREEZING ─▶ FROZEN end it. SCHEDULING is a
// scheduled task's run outside its periods (schedule.ts).
import { GONE, KEEP, lifecycle, runStart, withEpisode, type Detail, type Lifecycle, type LifecycleSpec, type Phase, type Step } from '../lifecycle/lifecycle.js';

export type TaskCommand = 'create' | 'start' | 'stop' | 'delete' | 'update';
export type TaskDuration = 'transition' | 'run';

export const TASK_LIFECYCLE: LifecycleSpec<TaskCommand, TaskDuration> = {
  commands: {
    create: { steps: [{ state: 'PENDING', duration: 'transition' }, { state: 'STARTING', duration: 'transition' }], then: 'run' },
    start: { steps: [{ state: 'STARTING', duration: 'transition' }], then: 'run', from: 'idle' },
    stop: { steps: [{ state: 'STOPPING', duration: 'transition' }], then: 'STOPPED', from: 'running' },
    delete: { steps: [{ state: 'DELETING', duration: 'transition' }], then: GONE, from: 'any' },
    update: { steps: [], then: KEEP, from: 'any' },
  },
  run: { states: ['RUNNING'], outcomes: ['SUCCEEDED'] },
  otherRunning: ['ABNORMAL', 'RECOVERING', 'UPGRADING', 'SCHEDULING'],
  otherResting: ['CREATE_FAILED', 'START_FAILED', 'FAILED', 'FROZEN'],
  otherTransitional: ['FREEZING'],
};

export interface Timing {
  transitionMs: number;
  runMs: number;
}

export type TaskLifecycle = Lifecycle<TaskCommand, TaskDuration>;

/** The task lifecycle over a generation's states: SCHEDULING only where the description lists it (VIAS). */
export function taskLifecycle(states: readonly string[]): TaskLifecycle {
  const listed = (list: readonly string[] | undefined) => (list ?? []).filter((state) => state !== 'SCHEDULING' || states.includes(state));
  return lifecycle({ ...TASK_LIFECYCLE, otherRunning: listed(TASK_LIFECYCLE.otherRunning) }, states);
}

/** What a scenario of the control API makes a task's create, start or run do. */
export interface TaskScenario {
  kind: 'create_failed' | 'start_failed' | 'pending' | 'abnormal' | 'failed' | 'freezing' | 'upgrading';
  after_ms?: number | undefined;
  duration_ms?: number | undefined;
  status?: string | undefined;
  error?: { code: string; message: string } | undefined;
}

/** The kinds that change a create or a start (the others, the run that follows). */
export const AT_START = new Set<TaskScenario['kind']>(['create_failed', 'start_failed', 'pending']);

/** What a held PENDING says, as the vendor's pages quote it. */
export const WAITING = 'Waiting for available computing resource.';

/** The episode a running-time scenario puts into a run. */
function episode(scenario: TaskScenario, timing: Timing, error: Detail['error']) {
  const hold = scenario.duration_ms ?? timing.transitionMs;
  switch (scenario.kind) {
    case 'abnormal':
      return { steps: [{ state: 'ABNORMAL', ms: hold }, { state: 'RECOVERING', ms: timing.transitionMs }] };
    case 'upgrading':
      return { steps: [{ state: 'UPGRADING', ms: hold }] };
    case 'failed':
      return { steps: [], rest: 'FAILED', restDetail: { error: scenario.error ?? error } };
    case 'freezing':
      return { steps: [{ state: 'FREEZING', ms: timing.transitionMs }], rest: 'FROZEN' };
    default:
      return undefined;
  }
}

/**
 * The phase a task enters at `now` on `command` (not update, which keeps its phase), taking the
 * path `scenario` says if it has one. `error` is what a failure shows when the scenario names
 * none (the generation's internal error, from its catalogue).
 */
export function phaseFor(
  command: Exclude<TaskCommand, 'update'>,
  now: number,
  timing: Timing,
  fileInput: boolean,
  scenario?: TaskScenario,
  error?: Detail['error'],
): Phase {
  const spec = TASK_LIFECYCLE.commands[command];
  const durations: Record<TaskDuration, number> = { transition: timing.transitionMs, run: timing.runMs };
  let steps: Step[] = spec.steps.map((s) => ({ state: s.state, ms: durations[s.duration] }));
  if (spec.then !== 'run') return { command, at: now, steps, rest: spec.then };
  const failure = { error: scenario?.error ?? error };
  if (scenario?.kind === 'create_failed' && command === 'create') {
    return { command, at: now, steps: steps.filter((s) => s.state === 'PENDING'), rest: 'CREATE_FAILED', restDetail: failure };
  }
  if (scenario?.kind === 'start_failed') return { command, at: now, steps, rest: 'START_FAILED', restDetail: failure };
  if (scenario?.kind === 'pending') {
    const held: Step = { state: 'PENDING', ms: scenario.duration_ms ?? timing.transitionMs, status: scenario.status ?? WAITING };
    steps = [held, ...steps.filter((s) => s.state !== 'PENDING')];
  }
  // The run: a file is analysed once and has SUCCEEDED; a stream runs until it is stopped.
  const phase: Phase = fileInput
    ? { command, at: now, steps: [...steps, { state: 'RUNNING', ms: durations.run }], rest: 'SUCCEEDED' }
    : { command, at: now, steps, rest: 'RUNNING' };
  const interruption = scenario && episode(scenario, timing, error);
  return interruption ? withEpisode(phase, runStart(phase) + (scenario.after_ms ?? 0), interruption) : phase;
}

/** A running task's phase with a running-time scenario starting `after_ms` after `at`. */
export function withScenario(phase: Phase, at: number, scenario: TaskScenario, timing: Timing, error?: Detail['error']): Phase {
  const interruption = episode(scenario, timing, error);
  return interruption ? withEpisode(phase, at + (scenario.after_ms ?? 0), interruption) : phase;
}
