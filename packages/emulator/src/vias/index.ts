// The VIAS generation: one module per resource, each declaring its collection and its handlers.
// `ViasHandlers` requires a handler for every operationId of the description: an operation added
// to the spec without one fails to compile.
import { generation as generationOf } from '../api/generation.js';
import type { AnyHandler } from '../api/handlers.js';
import type { Service } from '../api/service.js';
import { taskLifecycle, type Timing } from '../tasks/lifecycle.js';
import { taskCollection } from '../tasks/model.js';
import { batchCollection, batchHandlers } from './batches.js';
import type { ViasContext, ViasHandlers } from './context.js';
import { viasFaults } from './faults.js';
import { taskHandlers, taskViews } from './tasks.js';

export function viasService({ timing }: { timing: Timing }): Service {
  const generation = generationOf('vias');
  const faults = viasFaults(generation);
  const lifecycle = taskLifecycle(generation.taskStates);
  return {
    generation,
    faults,
    collections: [batchCollection(faults), taskCollection((task, other) => faults.taskNameTaken(task.name, other.id))],
    bind(store) {
      const context: ViasContext = { generation, store, faults, lifecycle, timing };
      const handlers: ViasHandlers = { ...taskHandlers(taskViews(context)), ...batchHandlers(context) };
      return { context, handlers: handlers as unknown as Record<string, AnyHandler> };
    },
  };
}
