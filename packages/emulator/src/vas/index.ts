// The VAS generation (host iva.*): its jobs, on the task lifecycle VIAS shares. `VasHandlers`
// requires a handler for every operationId of the VAS description.
import { generation as generationOf } from '../api/generation.js';
import type { AnyHandler } from '../api/handlers.js';
import type { Service, ServiceControl, ServiceOptions } from '../api/service.js';
import { applyTaskScenario } from '../tasks/scenario.js';
import { taskLifecycle } from '../tasks/lifecycle.js';
import { exportedTask, taskCollection, taskSchema, type TaskRecord } from '../tasks/model.js';
import type { Entity } from '../store/store.js';
import { vasFaults } from './faults.js';
import { jobHandlers, type VasContext } from './jobs.js';

export function vasService({ timing }: ServiceOptions): Service {
  const generation = generationOf('vas');
  const faults = vasFaults(generation);
  const lifecycle = taskLifecycle(generation.taskStates);
  return {
    generation,
    faults,
    // No VAS source says job names are unique, so they are not.
    collections: [taskCollection(undefined, [], taskSchema(generation.taskStates))],
    bind(store, hooks) {
      const internal = faults.internal('').content.code;
      const defaultError = { code: internal, message: generation.catalogue.get(internal)!.message };
      const context: VasContext = { generation, store, faults, lifecycle, timing, scenarios: hooks.scenarios, defaultError };
      const control: ServiceControl = {
        exported: (collection, record) => (collection === 'tasks' ? (exportedTask(record as TaskRecord) as Entity) : record),
        applyTaskScenario: (projectId, taskId, scenario) => applyTaskScenario({ ...context, taskNotFound: (id) => faults.taskNotFound(id) }, projectId, taskId, scenario),
      };
      return { context, handlers: jobHandlers(context) as unknown as Record<string, AnyHandler>, control };
    },
  };
}
