import type { TaskState } from './types.js';

/**
 * States a task stays in until somebody acts on it: `waitForTask` stops at these by default.
 * Kept equal to `x-terminal-states` on the spec's TaskState schema (a test checks it).
 */
export const TERMINAL_STATES: readonly TaskState[] = Object.freeze([
  'SUCCEEDED',
  'FAILED',
  'CREATE_FAILED',
  'START_FAILED',
  'STOPPED',
  'ABNORMAL',
  'FROZEN',
]);

export const isTerminalState = (state: TaskState): boolean => TERMINAL_STATES.includes(state);
