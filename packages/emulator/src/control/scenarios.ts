// The scenarios of the control API waiting to apply: those given by a name pattern (the next
// tasks or batch configurations created with a matching name), and those of an algorithm's next
// deployment. A scenario given with a task ID is applied to its task at once, not kept here.
import { randomUUID } from 'node:crypto';
import type { components } from '../generated/control.js';
import type { TaskScenario } from '../tasks/lifecycle.js';

export type ScenarioRequest = components['schemas']['ScenarioRequest'];
export type Scenario = components['schemas']['Scenario'];

interface Waiting {
  scenario: Scenario;
  pattern: RegExp | undefined;
}

/** A scenario that cannot be applied, with why (the control API answers 400). */
export class ScenarioError extends Error {}

export const TASK_KINDS = new Set<string>(['create_failed', 'start_failed', 'pending', 'abnormal', 'failed', 'freezing', 'upgrading']);

export function taskScenarioOf(request: ScenarioRequest): TaskScenario {
  return {
    kind: request.kind as TaskScenario['kind'],
    ...(request.after_ms !== undefined ? { after_ms: request.after_ms } : {}),
    ...(request.duration_ms !== undefined ? { duration_ms: request.duration_ms } : {}),
    ...(request.status !== undefined ? { status: request.status } : {}),
    ...(request.error !== undefined ? { error: request.error } : {}),
  };
}

export class Scenarios {
  private waiting: Waiting[] = [];

  list(): Scenario[] {
    return this.waiting.map((w) => w.scenario);
  }

  /** Keeps a scenario given by name pattern or algorithm; checks what it needs. */
  add(request: ScenarioRequest): Scenario {
    const { kind } = request;
    if (kind === 'deploy_failed') {
      if (!request.alg_id) throw new ScenarioError('deploy_failed needs alg_id, the algorithm whose next deployment fails.');
    } else if (!request.name_pattern) {
      throw new ScenarioError(`${kind} needs task_id (a task) or name_pattern (the next ${kind === 'lack_of_resources' ? 'batch configurations' : 'tasks'} created with a matching name).`);
    }
    let pattern: RegExp | undefined;
    if (request.name_pattern !== undefined) {
      try {
        pattern = new RegExp(request.name_pattern);
      } catch (error) {
        throw new ScenarioError(`name_pattern is not a regular expression: ${(error as Error).message}.`);
      }
    }
    const remaining = kind === 'lack_of_resources' || kind === 'deploy_failed' ? 1 : request.count ?? 1;
    const scenario: Scenario = { ...request, id: randomUUID(), remaining };
    this.waiting.push({ scenario, pattern });
    return scenario;
  }

  delete(id: string): boolean {
    const before = this.waiting.length;
    this.waiting = this.waiting.filter((w) => w.scenario.id !== id);
    return this.waiting.length < before;
  }

  clear(): void {
    this.waiting = [];
  }

  /** The first waiting scenario that `matches`, used once. */
  private take(matches: (w: Waiting) => boolean): Scenario | undefined {
    const found = this.waiting.find(matches);
    if (!found) return undefined;
    found.scenario.remaining -= 1;
    if (found.scenario.remaining <= 0) this.waiting = this.waiting.filter((w) => w !== found);
    return found.scenario;
  }

  private inProject = (w: Waiting, projectId: string) => w.scenario.project_id === undefined || w.scenario.project_id === projectId;

  /** A task scenario for a task created now in `projectId` with `name`. */
  forTask(projectId: string, name: string): TaskScenario | undefined {
    const found = this.take((w) => TASK_KINDS.has(w.scenario.kind) && this.inProject(w, projectId) && !!w.pattern?.test(name));
    return found && taskScenarioOf(found);
  }

  /** How many video sources of a batch configuration created now lack resources. */
  lackOfResources(projectId: string, batchName: string): number {
    return this.take((w) => w.scenario.kind === 'lack_of_resources' && this.inProject(w, projectId) && !!w.pattern?.test(batchName))?.count ?? 0;
  }

  /** Why the next deployment of `algId` fails, if a scenario says it does. */
  deployFailure(projectId: string, algId: string): { message: string } | undefined {
    const found = this.take((w) => w.scenario.kind === 'deploy_failed' && this.inProject(w, projectId) && w.scenario.alg_id === algId);
    return found && { message: found.error?.message ?? 'The algorithm failed to deploy.' };
  }
}
