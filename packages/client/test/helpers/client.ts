import { operations } from '@vias-openapi/spec/bundle';
import { createViasClient, type ViasClientOptions } from '../../src/index.js';
import type { components } from '../../src/generated/vias/schema.js';
import type { FixtureServer } from './fixture-server.js';
import { scriptedFetch } from './scripted-fetch.js';

/** The project ID the spec documents as its example (one source for every suite). */
export const PROJECT_ID: string = operations.flatMap((op) => op.pathParams).find((p) => p.name === 'project_id')!.example;
export const TOKEN = 'MIIT-test-token-very-secret-0123456789';

/**
 * A client pointed at the fixture server: token auth, fast retries, unless overridden. Its
 * timeout is a 10-minute backstop: only a hang reaches it, never a busy machine; tests about
 * timeouts set their own and fire it by the order of events (helpers/real-timeout.ts).
 */
export function clientFor(server: FixtureServer, overrides: Partial<ViasClientOptions> = {}) {
  return createViasClient({
    endpoint: server.url,
    projectId: PROJECT_ID,
    auth: { token: TOKEN },
    retry: { minDelayMs: 5, maxDelayMs: 50 },
    timeoutMs: 600_000,
    ...overrides,
  });
}

/** A client whose transport is a scripted in-process fetch (see scripted-fetch.ts). */
export function scriptedClient(overrides: Partial<ViasClientOptions> = {}) {
  const script = scriptedFetch();
  const vias = createViasClient({
    endpoint: 'https://vias.example.test',
    projectId: PROJECT_ID,
    auth: { token: TOKEN },
    fetch: script.fetch,
    ...overrides,
  });
  return { vias, script };
}

/** A valid createServiceTask request body (the runtime and the type tests share it). */
export const createBody: components['schemas']['CreateServiceTaskRequest'] = {
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
