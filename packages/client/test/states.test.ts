import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isTerminalState, TERMINAL_STATES } from '../src/index.js';

describe('TERMINAL_STATES', async () => {
  const specFile = createRequire(import.meta.url).resolve('@vias-openapi/spec/openapi.json');
  const taskState = JSON.parse(await readFile(specFile, 'utf8')).components.schemas.TaskState;

  it("equals the spec's x-terminal-states", () => {
    expect([...TERMINAL_STATES].sort()).toEqual([...taskState['x-terminal-states']].sort());
  });

  it('are all TaskState values', () => {
    for (const state of TERMINAL_STATES) expect(taskState.enum).toContain(state);
  });

  it('isTerminalState', () => {
    expect(isTerminalState('SUCCEEDED')).toBe(true);
    expect(isTerminalState('RUNNING')).toBe(false);
  });
});
