// A generation as the server runs it: its description, its faults, the collections of its
// resource modules, and (once the store exists) the handlers bound to their context, with what
// the control API may do to its resources.
import type { Ring } from '../control/ring.js';
import type { Scenarios } from '../control/scenarios.js';
import type { components as control } from '../generated/control.js';
import type { CollectionSpec, Entity, Store } from '../store/store.js';
import type { TaskScenario } from '../tasks/lifecycle.js';
import type { CommonFaults } from './errors.js';
import type { Generation } from './generation.js';
import type { AnyHandler } from './handlers.js';

/** What a generation is started with. */
export interface ServiceOptions {
  timing: { transitionMs: number; runMs: number };
  /** VIAS: what a delete does to what still uses the resource. */
  inUse?: 'refuse' | 'cascade' | undefined;
  /** VIAS: algorithm services beside the built-in catalogue. */
  services?: readonly object[] | undefined;
  /** VIAS: how often a running task sends an alert to its webhook (0: only on demand). */
  alertIntervalMs?: number | undefined;
  /** VIAS: the hosts a webhook URL may name. */
  webhookAllow?: readonly string[] | undefined;
  /** Where what fails in the background (an alert tick) is logged. */
  log?: ((line: string) => void) | undefined;
}

/** What the server and the control API give a generation's handlers. */
export interface ServiceHooks {
  scenarios: Scenarios;
  deliveries: Ring<control['schemas']['Delivery']>;
}

/** What the control API may do to a generation's resources. */
export interface ServiceControl {
  /** A record as an export shows it: its secrets masked. */
  exported(collection: string, record: Entity): Entity;
  /** Gives a task a scenario: now, in its run, or at its next start. */
  applyTaskScenario(projectId: string, taskId: string, scenario: TaskScenario): void;
  setVideoSourceLevel?(projectId: string, id: string, level: '1' | '2' | '9'): control['schemas']['VideoSourceStatus'];
  setEdgePoolState?(projectId: string, id: string, state: 'Running' | 'Abnormal'): control['schemas']['EdgePoolState'];
  sendAlerts?(projectId: string, taskId: string, count: number): Promise<control['schemas']['Delivery'][]>;
  /** Stops what runs in the background (the alerts' timer). */
  close?(): void;
}

export interface Service {
  generation: Generation;
  faults: CommonFaults;
  collections: CollectionSpec<any>[];
  bind(store: Store, hooks: ServiceHooks): { context: unknown; handlers: Record<string, AnyHandler>; control: ServiceControl };
}
