// A state's import: `PUT /_emulator/state`, and `--seed FILE` (startEmulator's `seed`), which
// loads states in the format of the control API's export at start, checked the same way: every
// record against its collection's schema, every record of the state's project, nothing changed
// when anything is wrong.
import { ApiFault } from '../api/errors.js';
import { RecordRefused, type Entity } from '../store/store.js';
import type { ControlContext } from './server.js';

/** Why a state cannot be imported (the message says which record, and why). */
export class ImportRefused extends Error {}

/** Replaces the state's project with its records; how many. Throws ImportRefused. */
export function importState(context: Pick<ControlContext, 'generation' | 'store'>, state: { generation: string; project_id: string; collections: Record<string, unknown> }): number {
  const { store, generation } = context;
  if (state.generation !== generation.name) throw new ImportRefused(`The state is a ${state.generation.toUpperCase()} emulator's; this one serves ${generation.label}.`);
  const unknown = Object.keys(state.collections).filter((name) => !store.names.includes(name));
  if (unknown.length) throw new ImportRefused(`collections has no ${unknown.join(', ')} (the emulator keeps ${store.names.join(', ')}).`);
  for (const [name, records] of Object.entries(state.collections)) {
    if (!Array.isArray(records)) throw new ImportRefused(`collections.${name} is not a list of records.`);
    const stray = (records as Partial<Entity>[]).find((r) => !r || typeof r !== 'object' || r.project_id !== state.project_id);
    if (stray) throw new ImportRefused(`The record ${String(stray?.id)} of ${name} belongs to project ${String(stray?.project_id)}, not the state's ${state.project_id}.`);
  }
  try {
    return store.replace(state.project_id, state.collections as Record<string, Entity[]>);
  } catch (error) {
    // A record of a shape the emulator does not keep, or a resource's own refusal (a name taken,
    // a reference to nothing): nothing was changed.
    if (error instanceof RecordRefused) throw new ImportRefused(`The state cannot be imported: ${error.message}`);
    if (error instanceof ApiFault) throw new ImportRefused(`The state cannot be imported: ${error.content.detail}`);
    throw error;
  }
}

/** Loads one state of a seed; throws an Error saying what is wrong with it. */
export function loadSeed(context: ControlContext, state: object): void {
  const s = state as { format?: unknown; version?: unknown; generation?: unknown; project_id?: unknown; collections?: unknown };
  if (s.format !== 'vias-emulator-state' || s.version !== 1) throw new Error('a seed is a state of format vias-emulator-state, version 1 (GET /_emulator/state gives one)');
  if (s.generation !== context.generation.name) throw new Error(`a seed of a ${String(s.generation).toUpperCase()} emulator cannot be loaded by a ${context.generation.label} emulator`);
  if (typeof s.project_id !== 'string' || !s.collections || typeof s.collections !== 'object' || Array.isArray(s.collections)) throw new Error('a seed needs project_id and collections');
  try {
    importState(context, { generation: context.generation.name, project_id: s.project_id, collections: s.collections as Record<string, unknown> });
  } catch (error) {
    if (error instanceof ImportRefused) throw new Error(`a seed of project ${s.project_id} cannot be loaded: ${error.message}`);
    throw error;
  }
}
