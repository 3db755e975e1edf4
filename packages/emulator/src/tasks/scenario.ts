// A scenario of the control API given to one task: an interruption of its run (from now, or from
// when its run begins), or the path of its next start.
import { runStart } from '../lifecycle/lifecycle.js';
import type { Store } from '../store/store.js';
import { ScenarioError } from '../control/scenarios.js';
import { AT_START, withScenario, type TaskLifecycle, type TaskScenario, type Timing } from './lifecycle.js';
import { taskState, type TaskRecord } from './model.js';

export interface TaskScenarioContext {
  store: Store;
  lifecycle: TaskLifecycle;
  timing: Timing;
  defaultError: { code: string; message: string };
  taskNotFound(id: string): Error;
}

export function applyTaskScenario(context: TaskScenarioContext, projectId: string, taskId: string, scenario: TaskScenario): void {
  context.store.transact((tx) => {
    const task = tx.get<TaskRecord>('tasks', projectId, taskId);
    if (!task) throw context.taskNotFound(taskId);
    if (scenario.kind === 'create_failed') throw new ScenarioError('create_failed is a create\'s: give name_pattern, for the next task created with a matching name.');
    const { state } = taskState(task, tx.now);
    const running = context.lifecycle.allowedIn('stop').includes(state);
    if (AT_START.has(scenario.kind) || !running) {
      // Kept for the task's next start.
      tx.put('tasks', { ...task, scenario });
      return undefined;
    }
    const at = Math.max(tx.now, runStart(task.phase));
    tx.put('tasks', { ...task, updated: tx.now, phase: withScenario(task.phase, at, scenario, context.timing, context.defaultError) });
    return undefined;
  });
}
