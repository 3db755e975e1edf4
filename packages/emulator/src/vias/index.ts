// The VIAS generation: one module per resource, each declaring its collection and its handlers.
// `ViasHandlers` requires a handler for every operationId of the description: an operation added
// to the spec without one fails to compile.
import { generation as generationOf } from '../api/generation.js';
import type { AnyHandler } from '../api/handlers.js';
import type { Service, ServiceOptions } from '../api/service.js';
import { taskLifecycle } from '../tasks/lifecycle.js';
import { taskCollection, taskSchema } from '../tasks/model.js';
import { alerts, alertTemplates, DEFAULT_WEBHOOK_ALLOW } from './alerts.js';
import { batchCollection, batchHandlers, removeBatch } from './batches.js';
import { viasControl } from './control.js';
import type { CatalogueEntry } from './catalogue.js';
import type { ViasContext, ViasHandlers } from './context.js';
import { edgePoolCollection, edgePoolHandlers } from './edge-pools.js';
import { viasFaults } from './faults.js';
import { Catalogue, deploymentCollection, deploymentLifecycle, serviceHandlers, stopDeployment } from './services.js';
import { taskHandlers, taskReferences, taskViews } from './tasks.js';
import { videoGroupCollection, videoGroupHandlers } from './video-groups.js';
import { videoSourceCollection, videoSourceHandlers } from './video-sources.js';

export function viasService(options: ServiceOptions): Service {
  const { timing, inUse = 'refuse', services = [], webhookAllow = DEFAULT_WEBHOOK_ALLOW } = options;
  const generation = generationOf('vias');
  const faults = viasFaults(generation);
  const lifecycle = taskLifecycle(generation.taskStates);
  const deployments = deploymentLifecycle(generation.spec.bundle.components.schemas.AlgorithmStatus.enum);
  const catalogue = new Catalogue(services as CatalogueEntry[]);
  return {
    generation,
    faults,
    // What a record names comes before it: clearing a project removes the referrers first.
    collections: [
      edgePoolCollection(faults),
      deploymentCollection(faults, generation.spec.bundle.components.schemas.AlgorithmStatus.enum),
      videoSourceCollection(faults),
      videoGroupCollection(faults),
      batchCollection(faults),
      taskCollection((task, other) => faults.taskNameTaken(task.name, other.id), taskReferences(faults), taskSchema(generation.taskStates, { $ref: '#/components/schemas/TaskSchedule' })),
    ],
    bind(store, hooks) {
      const internal = faults.internal('').content.code;
      const defaultError = { code: internal, message: generation.catalogue.get(internal)!.message };
      const context: ViasContext = { generation, store, faults, lifecycle, deployments, catalogue, timing, inUse, scenarios: hooks.scenarios, defaultError };
      const handlers: ViasHandlers = {
        ...taskHandlers(taskViews(context)),
        ...batchHandlers(context),
        ...videoSourceHandlers(context),
        ...videoGroupHandlers(context, removeBatch),
        ...edgePoolHandlers(context, stopDeployment),
        ...serviceHandlers(context),
      };
      const alerting = alerts({ templates: alertTemplates(generation, catalogue), allow: webhookAllow, deliveries: hooks.deliveries, now: () => store.read((view) => view.now) });
      return { context, handlers: handlers as unknown as Record<string, AnyHandler>, control: viasControl(context, alerting, options) };
    },
  };
}
