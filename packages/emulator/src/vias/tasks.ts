// VIAS tasks: created for an algorithm service, then addressed by task ID (and read through the
// older service-job and v1 paths). Each answer is written as its operation's schema and
// examples have it: times in each operation's own form, fields the schema does not declare left
// out.
import { createHash } from 'node:crypto';
import { timeWriters } from '../api/times.js';
import type { components } from '../generated/vias.js';
import type { CollectionSpec, Transaction, View } from '../store/store.js';
import { commanded as afterCommand, newTask, taskState, videoSourceIds, videoSourceName, type TaskRecord } from '../tasks/model.js';
import type { ViasContext, ViasHandlers } from './context.js';
import type { ViasFaults } from './faults.js';
import { runningService } from './services.js';
import type { VideoGroupRecord } from './video-groups.js';
import type { VideoSourceRecord } from './video-sources.js';

type Schemas = components['schemas'];

export const COMPANY = 'VIAS'; // vendor of every emulated algorithm

/**
 * The algorithm and service IDs of a task's service, from the catalogue. A task whose service
 * left the catalogue (a state file kept across a change of --services) gets stable IDs derived
 * from the service's name, in the UUID-v4 form ListTasks' `alg_id` filter takes.
 */
function serviceIds(context: ViasContext, api: string): { alg_id: string; service_id: string } {
  const entry = context.catalogue.named(api);
  if (entry) return entry;
  const h = createHash('sha1').update(api).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { alg_id: id, service_id: id };
}

export function findTask(view: View, context: ViasContext, projectId: string, id: string): TaskRecord {
  const task = view.get<TaskRecord>('tasks', projectId, id);
  if (!task) throw context.faults.taskNotFound(id);
  return task;
}

/** The task after `command`, or VIAS.00010004 naming the states that allow it. Does not save. */
export function commanded(context: ViasContext, task: TaskRecord, command: 'start' | 'stop' | 'delete', now: number): TaskRecord {
  return afterCommand(context, task, command, now, (state, allowed) =>
    context.faults.notAllowedInState(task.id, state, command, allowed, command === 'delete' ? 'task_id' : 'command'),
  );
}

/** The references of a VIAS task: the video sources of a `video_source` input exist in its project. */
export function taskReferences(faults: ViasFaults): NonNullable<CollectionSpec<TaskRecord>['references']> {
  return [
    {
      to: 'video_sources',
      ids: videoSourceIds,
      missing: (task, id) => faults.notFound('video source', id, `input.data[${(task.input.data ?? []).findIndex((d) => d.video_source_id === id)}].video_source_id`),
      inUse: (task, id) => faults.notAllowed(`Video source ${id} is read by task ${task.id}.`, 'video_source_id'),
    },
  ];
}


/**
 * What a task's input names, as it is now (the service reads them at read time, by inference):
 * its video sources' names (else the URL, bucket/object or device of another input type), and
 * the groups that hold them (with the group of its batch configuration).
 */
export function relations(view: View, task: TaskRecord): { sourceNames: string; groupIds: string[]; groupNames: string[] } {
  const ids = task.input?.type === 'video_source' ? (task.input.data ?? []).map((d) => String(d.video_source_id)) : [];
  if (ids.length === 0) return { sourceNames: videoSourceName(task.input), groupIds: task.video_group_id ? [task.video_group_id] : [], groupNames: [] };
  const names: string[] = [];
  const groups = new Map<string, string>();
  if (task.video_group_id) groups.set(task.video_group_id, view.get<VideoGroupRecord>('video_groups', task.project_id, task.video_group_id)?.video_group_name ?? '');
  for (const id of ids) {
    names.push(view.get<VideoSourceRecord>('video_sources', task.project_id, id)?.video_source_name ?? id);
    for (const { collection, record } of view.referrers('video_sources', id)) {
      if (collection === 'video_groups') groups.set(record.id, (record as VideoGroupRecord).video_group_name);
    }
  }
  return { sourceNames: names.join(','), groupIds: [...groups.keys()], groupNames: [...groups.values()].filter(Boolean) };
}

/** The task views of each schema, with the time forms of the operations that answer them. */
export function taskViews(context: ViasContext) {
  const { generation } = context;
  const detailTimes = timeWriters(generation, 'showTask', ['created_at', 'updated_at'] as const);
  const serviceTimes = timeWriters(generation, 'showServiceTask', ['created_at', 'updated_at'] as const);
  const inferTimes = timeWriters(generation, 'showInferTask', ['created_at', 'updated_at'] as const);
  const listTimes = timeWriters(generation, 'listTasks', ['created_at'] as const);
  const inferListTimes = timeWriters(generation, 'listInferTasks', ['created_at'] as const);
  // The older schemas' input types lack video_source: such an input is left out of their views.
  const fits = (name: string) => {
    let check: ((value: unknown) => boolean) | undefined;
    return (value: unknown) => (check ??= generation.validation.validator(generation.spec.bundle.components.schemas[name] ?? {}))(value);
  };
  const serviceInput = fits('ServiceTaskInput');
  const serviceOutput = fits('ServiceTaskOutput');
  const inferInput = fits('InferTaskInput');
  const inferOutput = fits('InferTaskOutput');

  const common = (task: TaskRecord, now: number) => {
    const { state, since, detail } = taskState(task, now);
    return {
      state,
      updated: Math.max(task.updated, since),
      // What the state shows: a held PENDING's reason, a failure's error.
      shown: { ...(detail?.status ? { status: detail.status } : {}), ...(detail?.error ? { error: detail.error } : {}) },
    };
  };
  type V = View;
  return {
    detail(view: V, task: TaskRecord): Schemas['TaskDetail'] {
      const { state, updated, shown } = common(task, view.now);
      const related = relations(view, task);
      return {
        id: task.id,
        name: task.name,
        creator: 'emulator',
        project_id: task.project_id,
        ...(typeof task.description === 'string' ? { description: task.description } : {}),
        created_at: String(detailTimes.created_at(task.created)),
        updated_at: String(detailTimes.updated_at(updated)),
        state: state as Schemas['TaskState'],
        service_id: serviceIds(context, task.service_name).service_id,
        ...shown,
        // A schedule is followed while the task is in its run, not once it is stopped or ended.
        ...(task.schedule ? { schedule_status: context.lifecycle.allowedIn('stop').includes(state) ? 'ACTIVATED' : 'INACTIVATED', schedule: task.schedule as Schemas['TaskSchedule'] } : {}),
        input: task.input as Schemas['TaskInput'],
        output: task.output as Schemas['TaskOutput'],
        ...(task.config ? { config: task.config as Schemas['TaskServiceConfig'] } : {}),
        video_source_name: related.sourceNames,
        title: task.service_name,
        ...(related.groupNames.length ? { group_name: related.groupNames.join(',') } : {}),
        company: COMPANY,
        type: '0', // a cloud task, as the vendor's examples write it
        ...(task.resource_order_id ? { resource_order_id: task.resource_order_id } : {}),
        algorithm_publish_id: serviceIds(context, task.service_name).alg_id,
      };
    },
    serviceDetail(view: V, task: TaskRecord): Schemas['ServiceTaskDetail'] {
      const { state, updated } = common(task, view.now);
      return {
        id: task.id,
        name: task.name,
        creator: 'emulator',
        project_id: task.project_id,
        description: task.description ?? null,
        created_at: String(serviceTimes.created_at(task.created)),
        updated_at: String(serviceTimes.updated_at(updated)),
        state: state as Schemas['TaskState'],
        ...(task.service_version ? { service_version: task.service_version } : {}),
        ...(task.resource_order_id ? { resource_order_id: task.resource_order_id } : {}),
        ...(serviceInput(task.input) ? { input: task.input as Schemas['ServiceTaskInput'] } : {}),
        ...(serviceOutput(task.output) ? { output: task.output as Schemas['ServiceTaskDetail']['output'] } : {}),
        ...(task.config ? { service_config: task.config as Schemas['ServiceTaskDetail']['service_config'] } : {}),
      };
    },
    inferDetail(view: V, task: TaskRecord): Schemas['InferTaskDetail'] {
      const { state, updated, shown } = common(task, view.now);
      return {
        id: task.id,
        name: task.name,
        creator: 'emulator',
        project_id: task.project_id,
        description: task.description ?? null,
        created_at: String(inferTimes.created_at(task.created)),
        updated_at: String(inferTimes.updated_at(updated)),
        state: state as Schemas['TaskState'],
        ...shown,
        ...(task.schedule ? { schedule: task.schedule as Schemas['InferTaskDetail']['schedule'] } : {}),
        ...(inferInput(task.input) ? { input: task.input as Schemas['InferTaskDetail']['input'] } : {}),
        ...(inferOutput(task.output) ? { output: task.output as Schemas['InferTaskDetail']['output'] } : {}),
        ...(task.config ? { config: task.config as Schemas['InferTaskDetail']['config'] } : {}),
        video_source_name: relations(view, task).sourceNames,
        title: task.service_name,
        company: COMPANY,
        type: 'cloud',
        ...(task.resource_order_id ? { resource_order_id: task.resource_order_id } : {}),
      };
    },
    listItem(view: V, task: TaskRecord, infer = false): Schemas['TaskListItem'] {
      const now = view.now;
      return {
        id: task.id,
        name: task.name,
        service_id: serviceIds(context, task.service_name).service_id,
        created_at: String((infer ? inferListTimes : listTimes).created_at(task.created)),
        state: taskState(task, now).state as Schemas['TaskState'],
        video_source_name: relations(view, task).sourceNames,
        title: task.service_name,
        type: '0',
        algorithm_publish_id: serviceIds(context, task.service_name).alg_id,
      };
    },
    algId: (task: TaskRecord) => serviceIds(context, task.service_name).alg_id,
  };
}

export type TaskViews = ReturnType<typeof taskViews>;

const csv = (value: string) => value.split(',').filter(Boolean);

type ListQuery = { page?: number; page_size?: number; sort_dir?: string; task_state?: string; task_name?: string; title?: string; camera_name?: string; batch_id?: string; video_group_id?: string; company?: string; alg_id?: string; source_data_type?: string };

/**
 * ListTasks' filters (exact or comma-list matches, `task_name`/`camera_name` as substrings);
 * `video_group_id` and `camera_name` follow the task's video sources and their groups as they are.
 */
function matches(view: View, query: ListQuery, algId: (task: TaskRecord) => string) {
  const now = view.now;
  const groups = query.video_group_id === undefined ? undefined : csv(query.video_group_id);
  const companies = query.company === undefined ? undefined : csv(query.company);
  return (task: TaskRecord) =>
    (query.source_data_type === undefined || query.source_data_type === 'async_task') &&
    (query.task_state === undefined || taskState(task, now).state === query.task_state) &&
    (query.task_name === undefined || task.name.includes(query.task_name)) &&
    (query.title === undefined || task.service_name === query.title) &&
    (query.camera_name === undefined || relations(view, task).sourceNames.includes(query.camera_name)) &&
    (query.batch_id === undefined || task.batch_id === query.batch_id) &&
    (groups === undefined || relations(view, task).groupIds.some((g) => groups.includes(g))) &&
    (companies === undefined || companies.includes(COMPANY)) &&
    (query.alg_id === undefined || algId(task) === query.alg_id);
}

/** One page of the project's tasks, newest first unless asked otherwise: costs the page, not the project. */
function page(view: View, projectId: string, query: ListQuery, algId: (task: TaskRecord) => string): TaskRecord[] {
  const { page = 1, page_size = 10, sort_dir = 'desc' } = query;
  const keep = matches(view, query, algId);
  let skip = (Math.max(1, page) - 1) * page_size;
  const out: TaskRecord[] = [];
  for (const task of view.list<TaskRecord>('tasks', projectId, sort_dir === 'asc' ? 'oldest' : 'newest')) {
    if (!keep(task)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(task);
    if (out.length === page_size) break;
  }
  return out;
}

export function taskHandlers(views: TaskViews): Pick<
  ViasHandlers,
  'createServiceTask' | 'showTask' | 'showServiceTask' | 'showInferTask' | 'listTasks' | 'listInferTasks' | 'updateTask' | 'deleteTask' | 'startStopTask'
> {
  return {
    createServiceTask: ({ path, body }, context) =>
      context.store.transact((tx) => {
        runningService(tx, context, path.project_id, path.service_name, 'service_name');
        const task = newTask(
          context,
          path.project_id,
          {
            service_name: path.service_name,
            service_version: body.service_version,
            name: body.name,
            description: body.description,
            input: body.input as TaskRecord['input'],
            output: body.output as TaskRecord['output'],
            config: body.config as TaskRecord['config'],
            schedule: body.schedule as TaskRecord['schedule'],
            resource_order_id: body.resource_order_id,
          },
          tx.now,
        );
        tx.put('tasks', task);
        return { status: 200, body: { tasks: [{ id: task.id }] } };
      }),

    showTask: ({ path }, context) =>
      context.store.read((view) => ({ status: 200, body: views.detail(view, findTask(view, context, path.project_id, path.task_id)) })),

    // The v1 job API reads the same tasks.
    showInferTask: ({ path }, context) =>
      context.store.read((view) => ({ status: 200, body: views.inferDetail(view, findTask(view, context, path.project_id, path.task_id)) })),

    showServiceTask: ({ path }, context) =>
      context.store.read((view) => {
        const task = findTask(view, context, path.project_id, path.task_id);
        if (task.service_name !== path.service_name) throw context.faults.taskNotFound(path.task_id);
        return { status: 200, body: views.serviceDetail(view, task) };
      }),

    listTasks: ({ path, query }, context) =>
      context.store.read((view) => {
        const { page: number = 1, page_size = 10 } = query;
        const tasks = page(view, path.project_id, query as ListQuery, views.algId).map((task) => views.listItem(view, task));
        // `count` is the number of tasks on the page, as the service documents it.
        return { status: 200, body: { count: tasks.length, page: number, page_size, tasks } };
      }),

    listInferTasks: ({ path, query }, context) =>
      context.store.read((view) => {
        const tasks = page(view, path.project_id, query as ListQuery, views.algId).map((task) => views.listItem(view, task, true));
        return { status: 200, body: { count: tasks.length, tasks } };
      }),

    updateTask: ({ path, body }, context) =>
      context.store.transact((tx: Transaction) => {
        const task = findTask(tx, context, path.project_id, path.task_id);
        const { state } = taskState(task, tx.now);
        const allowed = context.lifecycle.allowedIn('update');
        if (!allowed.includes(state)) throw context.faults.notAllowedInState(task.id, state, 'update', allowed, 'task_id');
        if (task.input.type === 'video_source' && body.input.type !== 'video_source') throw context.faults.inputTypeFixed(task.id, String(body.input.type));
        const updated: TaskRecord = { ...task, updated: tx.now };
        if (body.name !== undefined) updated.name = body.name;
        if (body.description !== undefined) updated.description = body.description;
        if (body.input !== undefined) updated.input = body.input as TaskRecord['input'];
        if (body.output !== undefined) updated.output = body.output as TaskRecord['output'];
        if (body.config !== undefined) updated.config = body.config as TaskRecord['config'];
        if (body.schedule !== undefined) updated.schedule = body.schedule as TaskRecord['schedule'];
        if (body.resource_order_id !== undefined) updated.resource_order_id = body.resource_order_id;
        tx.put('tasks', updated);
        return { status: 200, body: {} };
      }),

    deleteTask: ({ path }, context) =>
      context.store.transact((tx) => {
        tx.put('tasks', commanded(context, findTask(tx, context, path.project_id, path.task_id), 'delete', tx.now));
        return { status: 200, body: {} };
      }),

    startStopTask: ({ path }, context) =>
      context.store.transact((tx) => {
        const task = findTask(tx, context, path.project_id, path.task_id);
        tx.put('tasks', commanded(context, task, path.command, tx.now));
        // The shape the vendor's StartStopTask page prints (under "request example"; inference that it is the answer).
        return { status: 200, body: { id: task.id, status_code: 200, status_msg: 'success' } };
      }),
  };
}
