// Lifecycles as data. A resource keeps only its last command's phase: when it was given, the
// steps it goes through (state, duration) and the state it then rests in. Its state at any moment
// follows from the clock, so nothing runs in the background, a restarted emulator carries on
// where it stopped, and tests move time by moving the clock.
//
// A lifecycle declares, per command, its steps and where it leads: to a resting state, or to the
// `run` (the commands that start something). Which commands a state allows is derived from that:
//   - `running` commands (stop) are allowed in every state a start passes through or runs in;
//   - `idle` commands (start) in every resting state but the run's own;
//   - `any` commands (delete, update) in every state but the steps of a removal.

export const GONE = 'GONE';
/** A command that keeps the phase as it is (an update changes fields, not the state). */
export const KEEP = 'KEEP';

/** What a state shows beside its name while it lasts (a held PENDING's reason, a failure's error). */
export interface Detail {
  status?: string | undefined;
  error?: { code: string; message: string } | undefined;
}

export interface Step extends Detail {
  state: string;
  ms: number;
}

/** What a resource remembers of its last command. */
export interface Phase {
  command: string;
  at: number;
  steps: Step[];
  rest: string;
  /** What the resting state shows. */
  restDetail?: Detail | undefined;
}

export type Allowed = 'running' | 'idle' | 'any';

export interface CommandSpec<D extends string> {
  /** States on the way, each lasting a named duration. */
  steps: readonly { state: string; duration: D }[];
  /** Where it ends: a resting state, `run` (the lifecycle's run), GONE (removed) or KEEP (no change). */
  then: string;
  /** Which states it may be given in; the command that creates has none. */
  from?: Allowed;
}

export interface LifecycleSpec<C extends string, D extends string> {
  commands: Record<C, CommandSpec<D>>;
  /** The states of the run and the resting states it may end in (outcomes such as SUCCEEDED). */
  run: { states: readonly string[]; outcomes: readonly string[] };
  /** Extra resting states reached only in other ways (a failure, a freeze): start is allowed there. */
  otherResting?: readonly string[];
  /** Extra states passed through on the way to running (a recovery): stop is allowed there. */
  otherRunning?: readonly string[];
  /** Extra states on the way to a resting state (a freeze): only `any` commands are allowed there. */
  otherTransitional?: readonly string[];
}

export interface Lifecycle<C extends string, D extends string> {
  spec: LifecycleSpec<C, D>;
  /** States where `command` may be given. */
  allowedIn(command: C): readonly string[];
  /** Every state the lifecycle reaches. */
  states: readonly string[];
}

/** `{ state, since, detail }` of a phase at `now`: the state, when it was entered, what it shows. */
export function stateAt(phase: Phase, now: number): { state: string; since: number; detail: Detail | undefined } {
  let at = phase.at;
  for (const step of phase.steps) {
    if (now < at + step.ms) return { state: step.state, since: at, detail: step.status || step.error ? step : undefined };
    at += step.ms;
  }
  return { state: phase.rest, since: at, detail: phase.restDetail };
}

/** When a phase's run begins: after its steps that are not RUNNING (the steps of a create or a start). */
export const runStart = (phase: Phase): number => {
  let at = phase.at;
  for (const step of phase.steps) {
    if (step.state === 'RUNNING') break;
    at += step.ms;
  }
  return at;
};

/**
 * `phase` with an episode (`steps`, and a resting state to end in, or none to go on as before)
 * starting at `at`: the step running then is cut there, and what remained of it follows the
 * episode. An episode set at or after the phase's rest starts from the rest.
 */
export function withEpisode(phase: Phase, at: number, episode: { steps: Step[]; rest?: string | undefined; restDetail?: Detail | undefined }): Phase {
  const before: Step[] = [];
  const after: Step[] = [];
  let t = phase.at;
  let cut = false;
  for (const step of phase.steps) {
    if (!cut && at < t + step.ms) {
      if (at > t) before.push({ ...step, ms: at - t });
      after.push({ ...step, ms: t + step.ms - Math.max(at, t) });
      cut = true;
    } else (cut ? after : before).push(step);
    t += step.ms;
  }
  // Past every step: the resting state lasts until the episode.
  if (!cut && at > t) before.push({ state: phase.rest, ms: at - t, ...(phase.restDetail ?? {}) });
  if (episode.rest !== undefined) return { ...phase, steps: [...before, ...episode.steps], rest: episode.rest, restDetail: episode.restDetail };
  return { ...phase, steps: [...before, ...episode.steps, ...after] };
}

/** When a phase reaches its resting state. */
export const restsAt = (phase: Phase): number => phase.steps.reduce((at, step) => at + step.ms, phase.at);

export function lifecycle<C extends string, D extends string>(spec: LifecycleSpec<C, D>, known: readonly string[]): Lifecycle<C, D> {
  const commands = Object.entries(spec.commands) as [C, CommandSpec<D>][];
  const running = new Set<string>([...spec.run.states, ...(spec.otherRunning ?? [])]);
  const transitional = new Set<string>(spec.otherTransitional ?? []);
  const resting = new Set<string>([...spec.run.outcomes, ...(spec.otherResting ?? [])]);
  const removing = new Set<string>();
  for (const [, command] of commands) {
    if (command.then === 'run') command.steps.forEach((s) => running.add(s.state));
    else if (command.then === GONE) command.steps.forEach((s) => removing.add(s.state));
    else if (command.then !== KEEP) resting.add(command.then);
  }
  for (const state of spec.run.states) resting.delete(state);
  const steps = commands.flatMap(([, c]) => c.steps.map((s) => s.state));
  // In the order the description lists them.
  const states = [...new Set([...steps, ...running, ...resting, ...transitional])].sort((a, b) => known.indexOf(a) - known.indexOf(b));
  const unknown = states.filter((s) => !known.includes(s));
  if (unknown.length) throw new Error(`the lifecycle uses states the description does not list: ${unknown.join(', ')}`);
  const allowed: Record<Allowed, readonly string[]> = {
    running: states.filter((s) => running.has(s)),
    idle: states.filter((s) => resting.has(s)),
    any: states.filter((s) => !removing.has(s)),
  };
  return {
    spec,
    states,
    allowedIn: (command) => {
      const from = spec.commands[command].from;
      return from ? allowed[from] : [];
    },
  };
}
