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
import { GONE, KEEP, lifecycle, type Lifecycle, type LifecycleSpec, type Phase, type Step } from '../lifecycle/lifecycle.js';

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
};

export interface Timing {
  transitionMs: number;
  runMs: number;
}

export type TaskLifecycle = Lifecycle<TaskCommand, TaskDuration>;

export function taskLifecycle(states: readonly string[]): TaskLifecycle {
  return lifecycle(TASK_LIFECYCLE, [...states, GONE]);
}

/** The phase a task enters at `now` on `command` (not for update, which keeps its phase). */
export function phaseFor(command: Exclude<TaskCommand, 'update'>, now: number, timing: Timing, fileInput: boolean): Phase {
  const spec = TASK_LIFECYCLE.commands[command];
  const durations: Record<TaskDuration, number> = { transition: timing.transitionMs, run: timing.runMs };
  const steps: Step[] = spec.steps.map((s) => ({ state: s.state, ms: durations[s.duration] }));
  if (spec.then !== 'run') return { command, at: now, steps, rest: spec.then };
  // The run: a file is analysed once and has SUCCEEDED; a stream runs until it is stopped.
  if (fileInput) return { command, at: now, steps: [...steps, { state: 'RUNNING', ms: durations.run }], rest: 'SUCCEEDED' };
  return { command, at: now, steps, rest: 'RUNNING' };
}
