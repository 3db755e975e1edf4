// The task state machine. A task keeps only its last command and when it was given (`phase`);
// its state at any moment follows from the clock, so nothing runs in the background, a
// restarted emulator carries on where it stopped, and tests move time by moving the clock.
//
//   create ─▶ PENDING ─T─▶ STARTING ─T─▶ RUNNING ──run-ms──▶ SUCCEEDED   (file input: obs, url to a file)
//                                        RUNNING (until stopped)           (stream input: everything else)
//   stop   ─▶ STOPPING ─T─▶ STOPPED
//   start  ─▶ STARTING ─T─▶ RUNNING …  (as above)
//   delete ─▶ DELETING ─T─▶ gone
// T = transitionMs.

export const GONE = 'GONE';

/** Commands and the states they may be given in (others answer VIAS.00010004, see handlers). */
export const ALLOWED_FROM = {
  start: ['STOPPED', 'SUCCEEDED'],
  stop: ['PENDING', 'STARTING', 'RUNNING'],
  delete: ['PENDING', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'SUCCEEDED'],
  update: ['PENDING', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'SUCCEEDED'],
};

// A URL input is a stream when its scheme is one of the streaming protocols (inference: the
// service documents url as "a file URL or a stream URL" without saying how it tells them apart).
const STREAM_URL = /^(rtsp|rtmp):/i;

/** True when the input is a file that is analysed once (obs, or a url to a file). */
export function isFileInput(input) {
  if (input?.type === 'obs') return true;
  if (input?.type === 'url') return !(input.data ?? []).some((d) => STREAM_URL.test(d.url ?? ''));
  return false;
}

/**
 * `{ state, since }` of a task at `now` (ms): the state and when it was entered.
 * @param {{ phase: { command: 'create'|'start'|'stop'|'delete', at: number }, input: object }} task
 */
export function stateAt(task, now, { transitionMs, runMs }) {
  const { command, at } = task.phase;
  const T = transitionMs;
  const running = (from) => {
    if (isFileInput(task.input) && now >= from + runMs) return { state: 'SUCCEEDED', since: from + runMs };
    return { state: 'RUNNING', since: from };
  };
  switch (command) {
    case 'create':
      if (now < at + T) return { state: 'PENDING', since: at };
      if (now < at + 2 * T) return { state: 'STARTING', since: at + T };
      return running(at + 2 * T);
    case 'start':
      if (now < at + T) return { state: 'STARTING', since: at };
      return running(at + T);
    case 'stop':
      return now < at + T ? { state: 'STOPPING', since: at } : { state: 'STOPPED', since: at + T };
    case 'delete':
      return now < at + T ? { state: 'DELETING', since: at } : { state: GONE, since: at + T };
    default:
      throw new Error(`unknown phase command ${command}`);
  }
}
