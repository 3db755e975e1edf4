// VAS jobs (the older generation, host iva.*): everything under the service's path. Creating
// answers 201 with a bare array of IDs; delete, start and stop answer 202 without a body; the
// list pages by offset and limit and counts the total. Jobs share the task lifecycle of VIAS.
import { timeWriters } from '../api/times.js';
import type { Generation } from '../api/generation.js';
import type { Handlers } from '../api/handlers.js';
import type { components, OperationId, operations } from '../generated/vas.js';
import type { Store, View } from '../store/store.js';
import type { TaskLifecycle, Timing } from '../tasks/lifecycle.js';
import { commanded as afterCommand, isFileInput, newTask, taskState, type TaskRecord } from '../tasks/model.js';
import type { VasFaults } from './faults.js';
import type { Scenarios } from '../control/scenarios.js';

type Schemas = components['schemas'];

export interface VasContext {
  generation: Generation;
  store: Store;
  faults: VasFaults;
  lifecycle: TaskLifecycle;
  timing: Timing;
  scenarios: Scenarios;
  defaultError: { code: string; message: string };
}

export type VasHandlers = Handlers<Pick<operations, OperationId>, VasContext>;

/** The job of this service in the project, or IVA.0005. */
function findJob(view: View, context: VasContext, path: { project_id: string; service_name: string; task_id: string }): TaskRecord {
  const job = view.get<TaskRecord>('tasks', path.project_id, path.task_id);
  if (!job || job.service_name !== path.service_name) throw context.faults.taskNotFound(path.task_id);
  return job;
}

/** The job after `command`, or IVA.0009 naming the states that allow it. Does not save. */
function commanded(context: VasContext, job: TaskRecord, command: 'start' | 'stop' | 'delete', now: number): TaskRecord {
  return afterCommand(context, job, command, now, (state, allowed) => context.faults.notAllowedInState(job.id, state, command, allowed));
}

const ORDER: Record<string, (a: TaskRecord, b: TaskRecord) => number> = {
  'name:ASC': (a, b) => a.name.localeCompare(b.name),
  'name:DESC': (a, b) => b.name.localeCompare(a.name),
  'created_at:ASC': (a, b) => a.created - b.created,
  'created_at:DESC': (a, b) => b.created - a.created,
  'updated_at:ASC': (a, b) => a.updated - b.updated,
  'updated_at:DESC': (a, b) => b.updated - a.updated,
};

export function jobHandlers(context: VasContext): VasHandlers {
  const detailTimes = timeWriters(context.generation, 'showTask', ['created_at', 'updated_at'] as const);
  const listTimes = timeWriters(context.generation, 'listTasksDetails', ['created_at', 'updated_at'] as const);
  const updateTimes = timeWriters(context.generation, 'updateTask', ['created_at', 'updated_at'] as const);

  const view = (job: TaskRecord, now: number, times: typeof detailTimes): Schemas['VasTaskDetails'] => {
    const { state, since, detail } = taskState(job, now);
    return {
      id: job.id,
      name: job.name,
      creator: 'emulator',
      project_id: job.project_id,
      ...(typeof job.description === 'string' ? { description: job.description } : {}),
      service_name: job.service_name,
      service_version: job.service_version ?? '1.0',
      // The service's display name in both languages; the emulator knows only its API name.
      service_title: { en: job.service_name, zh: job.service_name },
      created_at: String(times.created_at(job.created)),
      updated_at: String(times.updated_at(Math.max(job.updated, since))),
      state: state as Schemas['VasTaskState'],
      ...(detail?.status ? { status: detail.status } : {}),
      ...(detail?.error ? { error: detail.error } : {}),
      ...(job.edge_pool_id ? { edge_pool_id: job.edge_pool_id } : {}),
      ...(job.resource_order_id ? { resource_order_id: job.resource_order_id } : {}),
      input: job.input as Schemas['ServiceTaskInput'],
      output: job.output as Schemas['ServiceTaskOutput'],
      ...(job.config ? { service_config: job.config as Schemas['VasTaskServiceConfig'] } : {}),
      ...(job.timing ? { timing: job.timing as Schemas['VasTaskTiming'] } : {}),
    };
  };

  return {
    // One job per request (with all its inputs): no source says when the service makes several.
    createTasks: ({ path, body }, context) =>
      context.store.transact((tx) => {
        const job = newTask(
          context,
          path.project_id,
          {
            service_name: path.service_name,
            service_version: body.service_version,
            name: body.name,
            description: body.description,
            input: body.input as TaskRecord['input'],
            output: body.output as TaskRecord['output'],
            config: body.service_config as TaskRecord['config'],
            timing: body.timing as TaskRecord['timing'],
            edge_pool_id: body.edge_pool_id,
            resource_order_id: body.resource_order_id,
          },
          tx.now,
        );
        if (job.timing && isFileInput(job.input)) throw context.faults.timedFile(String(job.input.type));
        tx.put('tasks', job);
        return { status: 201, body: [{ id: job.id }] };
      }),

    listTasksDetails: ({ path, query }, context) =>
      context.store.read((view_) => {
        const { offset = 0, limit = 100, order = 'created_at:DESC' } = query;
        const jobs = [...view_.list<TaskRecord>('tasks', path.project_id)].filter(
          (job) =>
            job.service_name === path.service_name &&
            (query.service_version === undefined || job.service_version === query.service_version) &&
            (query.state === undefined || taskState(job, view_.now).state === query.state) &&
            (query.name_like === undefined || job.name.includes(query.name_like)) &&
            (query.id_like === undefined || job.id.includes(query.id_like)) &&
            // The unit of created_since/created_until is not documented: milliseconds since the epoch (choice).
            (query.created_since === undefined || job.created >= query.created_since) &&
            (query.created_until === undefined || job.created <= query.created_until),
        );
        jobs.sort(ORDER[order] ?? ORDER['created_at:DESC']);
        // `count` is the total, as the VAS pages document it.
        return { status: 200, body: { count: jobs.length, tasks: jobs.slice(offset, offset + limit).map((job) => view(job, view_.now, listTimes)) } };
      }),

    showTask: ({ path }, context) => context.store.read((v) => ({ status: 200, body: view(findJob(v, context, path), v.now, detailTimes) })),

    updateTask: ({ path, body = {} }, context) =>
      context.store.transact((tx) => {
        const job = findJob(tx, context, path);
        const { state } = taskState(job, tx.now);
        const allowed = context.lifecycle.allowedIn('update');
        if (!allowed.includes(state)) throw context.faults.notAllowedInState(job.id, state, 'update', allowed);
        const updated: TaskRecord = { ...job, updated: tx.now };
        if (body.name !== undefined) updated.name = body.name;
        if (body.description !== undefined) updated.description = body.description;
        if (body.input !== undefined) updated.input = body.input as TaskRecord['input'];
        if (body.output !== undefined) updated.output = body.output as TaskRecord['output'];
        if (body.service_config !== undefined) updated.config = body.service_config as TaskRecord['config'];
        if (body.timing !== undefined) updated.timing = body.timing as TaskRecord['timing'];
        if (updated.timing && isFileInput(updated.input)) throw context.faults.timedFile(String(updated.input.type));
        tx.put('tasks', updated);
        // The VAS update answers the whole job.
        return { status: 200, body: view(updated, tx.now, updateTimes) };
      }),

    deleteTask: ({ path }, context) =>
      context.store.transact((tx) => {
        tx.put('tasks', commanded(context, findJob(tx, context, path), 'delete', tx.now));
        return { status: 202, body: undefined };
      }),

    startTask: ({ path }, context) =>
      context.store.transact((tx) => {
        tx.put('tasks', commanded(context, findJob(tx, context, path), 'start', tx.now));
        return { status: 202, body: undefined };
      }),

    stopTask: ({ path }, context) =>
      context.store.transact((tx) => {
        tx.put('tasks', commanded(context, findJob(tx, context, path), 'stop', tx.now));
        return { status: 202, body: undefined };
      }),
  };
}
