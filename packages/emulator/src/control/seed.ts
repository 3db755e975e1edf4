// `--seed FILE` (and startEmulator's `seed`): states in the format of the control API's export,
// loaded at start as `PUT /_emulator/state` would load them, checked the same way.
import { ApiFault } from '../api/errors.js';
import type { Entity } from '../store/store.js';
import type { ControlContext } from './server.js';

/** Loads one state; throws an Error saying what is wrong with it. */
export function loadSeed(context: ControlContext, state: object): void {
  const s = state as { format?: unknown; version?: unknown; generation?: unknown; project_id?: unknown; collections?: unknown };
  if (s.format !== 'vias-emulator-state' || s.version !== 1) throw new Error('a seed is a state of format vias-emulator-state, version 1 (GET /_emulator/state gives one)');
  if (s.generation !== context.generation.name) throw new Error(`a seed of a ${String(s.generation).toUpperCase()} emulator cannot be loaded by a ${context.generation.label} emulator`);
  if (typeof s.project_id !== 'string' || !s.collections || typeof s.collections !== 'object') throw new Error('a seed needs project_id and collections');
  const collections = s.collections as Record<string, Entity[]>;
  for (const [name, records] of Object.entries(collections)) {
    if (!context.store.names.includes(name)) throw new Error(`a seed's collections has no ${name} (the emulator keeps ${context.store.names.join(', ')})`);
    if (!Array.isArray(records) || records.some((r) => !r || typeof r.id !== 'string' || r.project_id !== s.project_id)) {
      throw new Error(`a seed's ${name} must be records with an id, all of project ${s.project_id}`);
    }
  }
  try {
    context.store.replace(s.project_id, collections);
  } catch (error) {
    throw new Error(`a seed of project ${s.project_id} cannot be loaded: ${error instanceof ApiFault ? error.content.detail : (error as Error).message}`);
  }
}
