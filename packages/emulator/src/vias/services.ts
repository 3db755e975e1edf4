// Algorithm services ("my algorithm services"): a read-only catalogue (catalogue.ts, plus
// --services) that every project has, and per project the deployment of each service, with its
// lifecycle as data. Tasks are created only on a running service (the user guide: an algorithm
// "can be used by tasks only when its deployment state is 运行中"); stopping a deployment stops
// the tasks running on it (counted as `stopped_no_service` in their batch's status).
import { timeWriters } from '../api/times.js';
import type { components } from '../generated/vias.js';
import { lifecycle, stateAt, type Lifecycle, type LifecycleSpec, type Phase } from '../lifecycle/lifecycle.js';
import { phaseSchema, recordSchema, text, time } from '../store/record-schema.js';
import type { CollectionSpec, Transaction, View } from '../store/store.js';
import { isFileInput, taskState, type TaskRecord } from '../tasks/model.js';
import { phaseFor } from '../tasks/lifecycle.js';
import { CATALOGUE, type CatalogueEntry } from './catalogue.js';
import type { ViasContext, ViasHandlers } from './context.js';
import type { EdgePoolRecord } from './edge-pools.js';
import type { ViasFaults } from './faults.js';

type Schemas = components['schemas'];

/**
 *   deploy ─▶ service_deploying ─T─▶ service_running       (from not_deployed, stopped, failed)
 *   stop   ─▶ service_stopping  ─T─▶ service_stopped       (from deploying, running)
 * No source gives the transitions; they follow the state names (inference).
 */
export const DEPLOYMENT_LIFECYCLE: LifecycleSpec<'deploy' | 'stop', 'transition'> = {
  commands: {
    deploy: { steps: [{ state: 'service_deploying', duration: 'transition' }], then: 'run', from: 'idle' },
    stop: { steps: [{ state: 'service_stopping', duration: 'transition' }], then: 'service_stopped', from: 'running' },
  },
  run: { states: ['service_running'], outcomes: [] },
  otherResting: ['not_deployed', 'service_failed'],
};

export type DeploymentLifecycle = Lifecycle<'deploy' | 'stop', 'transition'>;

export function deploymentLifecycle(states: readonly string[]): DeploymentLifecycle {
  return lifecycle(DEPLOYMENT_LIFECYCLE, states);
}

/** A service's deployment in one project (absent until the first deploy or stop). */
export interface DeploymentRecord {
  /** `<alg_id>@<project_id>`: one per service and project. */
  id: string;
  project_id: string;
  alg_id: string;
  phase: Phase;
  pool_id?: string | undefined;
  stream_count?: number | undefined;
  error_msg?: string | undefined;
  updated: number;
}

export const deploymentId = (algId: string, projectId: string) => `${algId}@${projectId}`;

export function deploymentCollection(faults: ViasFaults, states: readonly string[]): CollectionSpec<DeploymentRecord> {
  return {
    name: 'deployments',
    schema: recordSchema(['alg_id', 'phase', 'updated'], { alg_id: text, phase: phaseSchema(states), pool_id: text, stream_count: { type: 'integer' }, error_msg: text, updated: time }),
    references: [
      {
        to: 'edge_pools',
        // A deployment holds its pool while it is deployed, not once it is stopped or failed.
        ids: (d) => (d.phase.command === 'deploy' && d.phase.rest !== 'service_failed' && d.pool_id ? [d.pool_id] : []),
        missing: (_, id) => faults.notFound('edge pool', id, 'pool_id'),
        inUse: (d, id) => faults.notAllowed(`Edge pool ${id} is used by the deployment of algorithm ${d.alg_id}: stop it first (stopDeployAlgorithm).`, 'id'),
      },
    ],
  };
}

/** The catalogue of a running emulator: the built-in services and those of --services. */
export class Catalogue {
  private readonly byApi = new Map<string, CatalogueEntry>();
  private readonly byAlg = new Map<string, CatalogueEntry>();
  private readonly byService = new Map<string, CatalogueEntry>();

  constructor(extra: readonly CatalogueEntry[] = []) {
    for (const entry of [...CATALOGUE, ...extra]) this.byApi.set(entry.api, entry);
    for (const entry of this.byApi.values()) {
      this.byAlg.set(entry.alg_id, entry);
      this.byService.set(entry.service_id, entry);
    }
  }

  get entries(): CatalogueEntry[] {
    return [...this.byApi.values()];
  }
  /** By api, else by display name: the vendor's own batch examples name the service so. */
  named(name: string) {
    return this.byApi.get(name) ?? this.entries.find((entry) => entry.service_name === name);
  }
  alg(algId: string) {
    return this.byAlg.get(algId);
  }
  service(serviceId: string) {
    return this.byService.get(serviceId);
  }
}

/** The service's state in a project at `view.now`. */
export function serviceState(view: View, entry: CatalogueEntry, projectId: string): { state: string; deployment: DeploymentRecord | undefined } {
  const deployment = view.get<DeploymentRecord>('deployments', projectId, deploymentId(entry.alg_id, projectId));
  return { state: deployment ? stateAt(deployment.phase, view.now).state : entry.alg_status, deployment };
}

/** The running service a task is created for (by its api, or its display name), or the refusal. */
export function runningService(view: View, context: ViasContext, projectId: string, api: string, param: string): CatalogueEntry {
  const entry = context.catalogue.named(api);
  if (!entry) throw context.faults.notFound('algorithm service whose api is', api, param);
  const { state } = serviceState(view, entry, projectId);
  if (state !== 'service_running') throw context.faults.notAllowed(`The algorithm service ${api} is ${state}: tasks are created only on a running service (deployAlgorithm).`, param);
  return entry;
}

const phase = (command: 'deploy' | 'stop', now: number, transitionMs: number): Phase => {
  const spec = DEPLOYMENT_LIFECYCLE.commands[command];
  return { command, at: now, steps: spec.steps.map((s) => ({ state: s.state, ms: transitionMs })), rest: spec.then === 'run' ? 'service_running' : spec.then };
};

/** Stops a deployment, and the project's tasks running on its service (their service is gone). */
export function stopDeployment(tx: Transaction, context: ViasContext, deployment: DeploymentRecord): void {
  tx.put('deployments', { ...deployment, phase: phase('stop', tx.now, context.timing.transitionMs), updated: tx.now });
  const api = context.catalogue.alg(deployment.alg_id)?.api;
  const running = context.lifecycle.allowedIn('stop');
  for (const task of tx.list<TaskRecord>('tasks', deployment.project_id)) {
    if (task.service_name !== api || !running.includes(taskState(task, tx.now).state)) continue;
    tx.put('tasks', { ...task, updated: tx.now, stopped_no_service: true, phase: phaseFor('stop', tx.now, context.timing, isFileInput(task.input)) });
  }
}

export function serviceHandlers(context: ViasContext): Pick<ViasHandlers, 'listUserServices' | 'showServiceDetail' | 'deployAlgorithm' | 'stopDeployAlgorithm'> {
  const listTimes = timeWriters(context.generation, 'listUserServices', ['created_at'] as const);
  const detailTimes = timeWriters(context.generation, 'showServiceDetail', ['created_at', 'updated_at', 'release_at'] as const);

  const item = (view: View, entry: CatalogueEntry, projectId: string): Schemas['ServiceListItem'] => {
    const { state, deployment } = serviceState(view, entry, projectId);
    return {
      alg_id: entry.alg_id,
      service_id: entry.service_id,
      service_name: entry.service_name,
      alg_status: state as Schemas['AlgorithmStatus'],
      deploy_type: entry.deploy_type,
      alg_class: entry.alg_class ?? 'self',
      request_mode: entry.request_mode ?? 'async',
      function_version: entry.function_version,
      ...(entry.alg_version ? { alg_version: entry.alg_version } : {}),
      ...(entry.company ? { company: entry.company } : {}),
      ...(entry.description ? { description: entry.description } : {}),
      ...(state === 'service_failed' ? { error_msg: deployment?.error_msg ?? entry.error_msg ?? 'The deployment failed.' } : {}),
      created_at: Number(listTimes.created_at(entry.created_at)),
    };
  };

  const findAlg = (context: ViasContext, algId: string) => {
    const entry = context.catalogue.alg(algId);
    if (!entry) throw context.faults.notFound('algorithm', algId, 'alg_id');
    return entry;
  };

  return {
    listUserServices: ({ path, query }, context) =>
      context.store.read((view) => {
        const { is_paged = false, page_num = 1, page_size = 10, order_by = 'desc', sort_name = 'created_at' } = query;
        const all = context.catalogue.entries.map((entry) => item(view, entry, path.project_id));
        const kept = all.filter(
          (s) => (query.name_like === undefined || s.service_name!.includes(query.name_like)) && (query.alg_status === undefined || (query.alg_status as string[]).includes(s.alg_status!)),
        );
        const key = sort_name === 'function_version' ? (s: (typeof all)[number]) => Number(s.function_version) : (s: (typeof all)[number]) => Number(s.created_at);
        kept.sort((a, b) => (order_by === 'asc' ? key(a) - key(b) : key(b) - key(a)));
        const start = (Math.max(1, page_num) - 1) * page_size;
        // `count` the services that match, `total` all of them (the en page).
        return { status: 200, body: { count: kept.length, total: all.length, service_list: is_paged ? kept.slice(start, start + page_size) : kept } };
      }),

    showServiceDetail: ({ path }, context) =>
      context.store.read((view) => {
        const entry = context.catalogue.service(path.service_id);
        if (!entry) throw context.faults.notFound('algorithm service', path.service_id, 'service_id');
        const { state, deployment } = serviceState(view, entry, path.project_id);
        const base = `/v2/${path.project_id}`;
        return {
          status: 200,
          body: {
            service_id: entry.service_id,
            service_name: entry.service_name,
            api: entry.api,
            alg_id: entry.alg_id,
            alg_name: entry.service_name,
            alg_status: state as Schemas['AlgorithmStatus'],
            function_version: entry.function_version,
            deploy_type: entry.deploy_type,
            alg_class: entry.alg_class ?? 'self',
            request_mode: entry.request_mode ?? 'async',
            ...(deployment?.pool_id ? { pool_id: deployment.pool_id } : {}),
            deployment_constraints: {
              cpu_type: 'x86_64',
              input_types: entry.input_types ?? ['URL'],
              output_types: entry.output_types ?? ['Webhook'],
              request_mode: entry.request_mode ?? 'async',
            },
            // The task operations of the service, as the vendor's example lists them.
            service_api_list: [
              { en: 'create task', zh: '创建作业', request_type: 'POST', request_url: `${base}/services/${entry.api}/tasks` },
              { en: 'task detail', zh: '作业详情', request_type: 'GET', request_url: `${base}/tasks/{task_id}` },
              { en: 'task list', zh: '作业列表', request_type: 'GET', request_url: `${base}/tasks` },
              { en: 'delete task', zh: '删除作业', request_type: 'DELETE', request_url: `${base}/tasks/{task_id}` },
              { en: 'start task', zh: '启动作业', request_type: 'PUT', request_url: `${base}/tasks/{task_id}/action/start` },
              { en: 'stop task', zh: '停止作业', request_type: 'PUT', request_url: `${base}/tasks/{task_id}/action/stop` },
            ],
            ...(entry.company ? { company: entry.company } : {}),
            ...(entry.description ? { description: entry.description } : {}),
            ...(state === 'service_failed' ? { error_msg: deployment?.error_msg ?? entry.error_msg ?? 'The deployment failed.' } : {}),
            release_flag: true,
            release_at: Number(detailTimes.release_at(entry.created_at)),
            created_at: Number(detailTimes.created_at(entry.created_at)),
            updated_at: Number(detailTimes.updated_at(deployment?.updated ?? entry.created_at)),
          },
        };
      }),

    deployAlgorithm: ({ path, body }, context) =>
      context.store.transact((tx) => {
        const entry = findAlg(context, path.alg_id);
        const { state } = serviceState(tx, entry, path.project_id);
        const allowed = context.deployments.allowedIn('deploy');
        if (!allowed.includes(state)) throw context.faults.notAllowed(`Algorithm ${entry.alg_id} is ${state}: deploy is allowed only when it is ${allowed.join(', ')}.`, 'alg_id');
        // An edge service runs on a pool, which must be there and running (the pages: pool_id for edge services).
        if (entry.deploy_type === 'edge') {
          if (!body.pool_id) throw context.faults.invalid('pool_id', `Algorithm ${entry.alg_id} is deployed at the edge: pool_id is required.`);
          const pool = tx.get<EdgePoolRecord>('edge_pools', path.project_id, body.pool_id);
          if (pool && pool.state !== 'Running') throw context.faults.notAllowed(`Edge pool ${body.pool_id} is ${pool.state}: deploy on a Running pool.`, 'pool_id');
        }
        // A scenario of the control API may make this deployment fail.
        const failure = context.scenarios.deployFailure(path.project_id, entry.alg_id);
        const deploying = phase('deploy', tx.now, context.timing.transitionMs);
        tx.put('deployments', {
          id: deploymentId(entry.alg_id, path.project_id),
          project_id: path.project_id,
          alg_id: entry.alg_id,
          phase: failure ? { ...deploying, rest: 'service_failed' } : deploying,
          pool_id: body.pool_id,
          stream_count: body.stream_count,
          error_msg: failure?.message,
          updated: tx.now,
        } satisfies DeploymentRecord);
        return { status: 200, body: { alg_name: entry.service_name } };
      }),

    stopDeployAlgorithm: ({ path }, context) =>
      context.store.transact((tx) => {
        const entry = findAlg(context, path.alg_id);
        const { state, deployment } = serviceState(tx, entry, path.project_id);
        const allowed = context.deployments.allowedIn('stop');
        if (!allowed.includes(state)) throw context.faults.notAllowed(`Algorithm ${entry.alg_id} is ${state}: stop is allowed only when it is ${allowed.join(', ')}.`, 'alg_id');
        // A service running without a deployment of this project (a built-in one) gets one to stop.
        stopDeployment(tx, context, deployment ?? { id: deploymentId(entry.alg_id, path.project_id), project_id: path.project_id, alg_id: entry.alg_id, phase: phase('deploy', 0, 0), updated: tx.now });
        return { status: 200, body: { alg_id: entry.alg_id } };
      }),
  };
}
