import { terminalStates } from './generated/operations.js';
import type { TaskState } from './types.js';

/**
 * States a task stays in until somebody acts on it: `waitForTask` stops at these by default.
 * Generated from `x-terminal-states` on the spec's TaskState schema; the annotation below stops
 * compiling if the spec ever lists a state that TaskState does not have.
 */
export const TERMINAL_STATES: readonly TaskState[] = Object.freeze([...terminalStates]);

export const isTerminalState = (state: TaskState): boolean => TERMINAL_STATES.includes(state);
