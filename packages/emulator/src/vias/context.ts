// What every VIAS handler is given: the store, the catalogue's factories, the lifecycles and
// their durations, the algorithm service catalogue, the choices a user may make, and the
// generation (for times and schemas).
import type { Generation } from '../api/generation.js';
import type { Scenarios } from '../control/scenarios.js';
import type { Handlers } from '../api/handlers.js';
import type { OperationId, operations } from '../generated/vias.js';
import type { Entity, Store, View } from '../store/store.js';
import type { TaskLifecycle, Timing } from '../tasks/lifecycle.js';
import type { ViasFaults } from './faults.js';
import type { Catalogue, DeploymentLifecycle } from './services.js';

/**
 * What a delete does to what still uses the resource (a video source a task reads, a group a
 * batch configuration names, an edge pool a deployment runs on): `refuse` (the default,
 * VIAS.00010012), or `cascade` (those are deleted, or stopped, with it).
 */
export type InUsePolicy = 'refuse' | 'cascade';

export interface ViasContext {
  generation: Generation;
  store: Store;
  faults: ViasFaults;
  lifecycle: TaskLifecycle;
  deployments: DeploymentLifecycle;
  catalogue: Catalogue;
  timing: Timing;
  inUse: InUsePolicy;
  /** The scenarios of the control API waiting for a create or a deployment. */
  scenarios: Scenarios;
  /** What a failure shows when its scenario names no error: the catalogue's internal error. */
  defaultError: { code: string; message: string };
}

export type ViasOperations = Pick<operations, OperationId>;
export type ViasHandlers = Handlers<ViasOperations, ViasContext>;

/** The project's record `id` of `collection`, or VIAS.00010002 naming what it is (`what`) and the parameter that named it. */
export function existing<R extends Entity>(view: View, faults: ViasFaults, collection: string, projectId: string, id: string, what: string, param: string): R {
  const record = view.get<R>(collection, projectId, id);
  if (!record) throw faults.notFound(what, id, param);
  return record;
}
