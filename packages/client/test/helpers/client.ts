import { createViasClient, type CreateServiceTaskRequest, type ViasClientOptions } from '../../src/index.js';
import type { FixtureServer } from './fixture-server.js';

export const PROJECT_ID = '6204a5bd270343b5885144cf9c8c158d';
export const TOKEN = 'MIIT-test-token-very-secret-0123456789';

/** A client pointed at the fixture server: token auth, fast retries, unless overridden. */
export function clientFor(server: FixtureServer, overrides: Partial<ViasClientOptions> = {}) {
  return createViasClient({
    endpoint: server.url,
    projectId: PROJECT_ID,
    auth: { token: TOKEN },
    retry: { minDelayMs: 5, maxDelayMs: 50 },
    ...overrides,
  });
}

/** A valid createServiceTask request body (the runtime and the type tests share it). */
export const createBody: CreateServiceTaskRequest = {
  name: 'task-est',
  input: { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/demo.mp4' }] },
  output: { obs: { bucket: 'obs-iva', path: 'output/' } },
  service_version: '1.0',
};

/** A task body as showTask returns it. */
export const task = (state: string, id = 'f18320e61e4c4dc685aa2dfc22a28dc5') => ({
  id,
  name: 'task',
  state,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
});

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
