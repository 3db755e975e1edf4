// A generation as the server runs it: its description, its faults, the collections of its
// resource modules, and (once the store exists) the handlers bound to their context.
import type { CommonFaults } from './errors.js';
import type { Generation } from './generation.js';
import type { AnyHandler } from './handlers.js';
import type { CollectionSpec, Store } from '../store/store.js';

/** What a generation is started with. */
export interface ServiceOptions {
  timing: { transitionMs: number; runMs: number };
  /** VIAS: what a delete does to what still uses the resource. */
  inUse?: 'refuse' | 'cascade' | undefined;
  /** VIAS: algorithm services beside the built-in catalogue. */
  services?: readonly object[] | undefined;
}

export interface Service {
  generation: Generation;
  faults: CommonFaults;
  collections: CollectionSpec<any>[];
  bind(store: Store): { context: unknown; handlers: Record<string, AnyHandler> };
}
