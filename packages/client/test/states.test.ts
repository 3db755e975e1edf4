import { describe, expect, it } from 'vitest';
import { isTerminalState, TERMINAL_STATES } from '../src/index.js';

describe('TERMINAL_STATES', () => {
  it('are the finished and failed states, not the transient ones', () => {
    expect(TERMINAL_STATES).toEqual(expect.arrayContaining(['SUCCEEDED', 'FAILED', 'STOPPED']));
    for (const state of ['PENDING', 'STARTING', 'RUNNING', 'STOPPING'] as const) expect(TERMINAL_STATES).not.toContain(state);
  });

  it('isTerminalState', () => {
    expect(isTerminalState('SUCCEEDED')).toBe(true);
    expect(isTerminalState('RUNNING')).toBe(false);
  });
});
