// What the control API may do to VIAS's resources: a task's scenario, a video source's level, an
// edge pool's state, a task's alerts now; and how a record looks in an export (secrets masked).
import type { ServiceControl, ServiceOptions } from '../api/service.js';
import type { Entity } from '../store/store.js';
import { applyTaskScenario } from '../tasks/scenario.js';
import { exportedTask, type TaskRecord } from '../tasks/model.js';
import { ScenarioError } from '../control/scenarios.js';
import type { Alerts } from './alerts.js';
import { existing, type ViasContext } from './context.js';
import type { EdgePoolRecord } from './edge-pools.js';
import { LEVELS, masker, type Level, type VideoSourceRecord } from './video-sources.js';

export function viasControl(context: ViasContext, alerts: Alerts, options: ServiceOptions): ServiceControl {
  const mask = masker(context.generation);
  const { store, faults } = context;
  let timer: NodeJS.Timeout | undefined;
  if (options.alertIntervalMs) {
    const log = options.log ?? ((line: string) => console.error(line));
    // A tick that fails is logged; the next one tries again (a throw here would end the process).
    timer = setInterval(() => {
      try {
        store.read((view) => alerts.tick(view));
      } catch (error) {
        log(`vias-emulator: the alerts' tick failed: ${(error as Error)?.stack ?? error}`);
      }
    }, options.alertIntervalMs);
    timer.unref();
  }
  return {
    exported(collection, record) {
      if (collection === 'video_sources') {
        const source = record as VideoSourceRecord;
        return { ...source, type_config: mask(source.type_config) } as Entity;
      }
      if (collection === 'tasks') {
        return exportedTask(record as TaskRecord) as Entity;
      }
      return record;
    },
    applyTaskScenario: (projectId, taskId, scenario) => applyTaskScenario({ ...context, taskNotFound: (id) => faults.taskNotFound(id) }, projectId, taskId, scenario),
    setVideoSourceLevel: (projectId, id, level) =>
      store.transact((tx) => {
        const source = existing<VideoSourceRecord>(tx, faults, 'video_sources', projectId, id, 'video source', 'video_source_id');
        tx.put('video_sources', { ...source, level: level as Level, modified: tx.now });
        return LEVELS[level as Level];
      }),
    setEdgePoolState: (projectId, id, state) =>
      store.transact((tx) => {
        const pool = existing<EdgePoolRecord>(tx, faults, 'edge_pools', projectId, id, 'edge resource pool', 'id');
        tx.put('edge_pools', { ...pool, state, updated: tx.now });
        return { state };
      }),
    async sendAlerts(projectId, taskId, count) {
      const { task, reason } = store.read((view) => {
        const found = view.get<TaskRecord>('tasks', projectId, taskId);
        return { task: found, reason: found && alerts.why(view, found) };
      });
      if (!task) throw faults.taskNotFound(taskId);
      if (reason) throw new ScenarioError(reason);
      return store.read((view) => alerts.send(view, task, count));
    },
    close: () => clearInterval(timer),
  };
}
