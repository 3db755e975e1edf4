// What every VIAS handler is given: the store, the catalogue's factories, the task lifecycle and
// its durations, and the generation (for times and schemas).
import type { Generation } from '../api/generation.js';
import type { Handlers } from '../api/handlers.js';
import type { operations } from '../generated/vias.js';
import type { Store } from '../store/store.js';
import type { TaskLifecycle, Timing } from '../tasks/lifecycle.js';
import type { ViasFaults } from './faults.js';

export interface ViasContext {
  generation: Generation;
  store: Store;
  faults: ViasFaults;
  lifecycle: TaskLifecycle;
  timing: Timing;
}

export type ViasOperations = operations;
export type ViasHandlers = Handlers<ViasOperations, ViasContext>;
