// Batch configurations: one algorithm service applied to the video sources of groups, one task
// per video source (named `<batch name>_<video source id>`, carrying the batch and group IDs),
// managed together. Each batch operation answers what it did to each task: counts, and one
// `error_list` entry per failure, always `<code> <task or source>: <detail>`.
import { timeWriters } from '../api/times.js';
import type { components } from '../generated/vias.js';
import { object, recordSchema, text, texts, time } from '../store/record-schema.js';
import type { CollectionSpec, Transaction, View } from '../store/store.js';
import { newId, newTask, taskState, type TaskRecord } from '../tasks/model.js';
import type { ViasContext, ViasHandlers } from './context.js';
import type { ViasFaults } from './faults.js';
import { runningService } from './services.js';
import { commanded, COMPANY } from './tasks.js';
import type { ApiFault } from '../api/errors.js';

type Schemas = components['schemas'];

export interface BatchRecord {
  id: string;
  project_id: string;
  created: number;
  name: string;
  description?: string | undefined;
  /** As given: the service's api, or its display name as the vendor's examples write it. */
  service_name: string;
  /** The service's api, which its tasks are created for. */
  service_api: string;
  service_version: string;
  batch_input: Schemas['BatchTaskInput'];
  output: Record<string, unknown>;
  config?: Record<string, unknown> | undefined;
  schedule?: Record<string, unknown> | undefined;
  resource_order_id?: string | undefined;
  /** Video sources that got no task for lack of resources (a scenario of the control API). */
  lacking?: string[] | undefined;
}

export function batchCollection(faults: ViasFaults): CollectionSpec<BatchRecord> {
  return {
    name: 'batches',
    schema: recordSchema(['created', 'name', 'service_name', 'service_api', 'service_version', 'batch_input', 'output'], {
      created: time,
      name: text,
      description: text,
      service_name: text,
      service_api: text,
      service_version: text,
      batch_input: { $ref: '#/components/schemas/BatchTaskInput' },
      output: object,
      config: object,
      schedule: { $ref: '#/components/schemas/TaskSchedule' },
      resource_order_id: text,
      lacking: texts,
    }),
    unique: [{ of: (batch) => batch.name, taken: (batch, other) => faults.batchNameTaken(batch.name, other.id) }],
    // A configuration names existing groups, and existing video sources in them.
    references: [
      {
        to: 'video_groups',
        ids: (batch) => [...new Set(sourcesOf(batch.batch_input).map((s) => s.group))],
        missing: (_, id) => faults.notFound('video source group', id, 'batch_input.video_source_group.video_source_group_id'),
        inUse: (batch, id) => faults.notAllowed(`Group ${id} is named by batch configuration ${batch.id}.`, 'video_group_id'),
      },
      {
        to: 'video_sources',
        ids: (batch) => [...new Set(sourcesOf(batch.batch_input).map((s) => s.source))],
        missing: (_, id) => faults.notFound('video source', id, 'batch_input.video_source_group.video_source_list.video_source_id'),
        inUse: (batch, id) => faults.notAllowed(`Video source ${id} is named by batch configuration ${batch.id}.`, 'video_source_id'),
      },
    ],
  };
}

const sourcesOf = (batchInput: BatchRecord['batch_input'] | undefined) =>
  (batchInput?.video_source_group ?? []).flatMap((group) =>
    (group.video_source_list ?? []).map((source) => ({ group: group.video_source_group_id, source: source.video_source_id })),
  );

/** An `error_list` entry: the code, what it concerns, what happened. */
const failure = (about: string, fault: ApiFault) => `${fault.content.code} ${about}: ${fault.content.detail}`;

/** A batch answer: what one operation did to each task (null: it succeeded). */
const outcome = (id: string, results: (string | null)[]): Schemas['BatchTaskResult'] => ({
  id,
  total_count: results.length,
  succeed_count: results.filter((r) => r === null).length,
  failed_count: results.filter((r) => r !== null).length,
  error_list: results.filter((r): r is string => r !== null),
});

const tasksOf = (view: View, batch: BatchRecord) => [...view.indexed<TaskRecord>('tasks', 'batch', batch.id)].filter((t) => t.project_id === batch.project_id);

/** Creates tasks for the sources that have none yet; the results, in order. `lacking`: sources that get none for lack of resources. */
function addTasks(tx: Transaction, context: ViasContext, batch: BatchRecord, sources: { group: string; source: string }[], lacking: readonly string[] = []): (string | null)[] {
  return sources.map(({ group, source }) => {
    // No code says "lack of resources": the internal error (choice), as the batch status counts it (资源不足,创建失败).
    if (lacking.includes(source)) return `${context.defaultError.code} ${source}: Lack of resources: no task was created for video source ${source}.`;
    const task = newTask(
      context,
      batch.project_id,
      {
        service_name: batch.service_api,
        service_version: batch.service_version,
        name: `${batch.name}_${source}`.slice(0, 100),
        description: batch.description,
        input: { type: 'video_source', data: [{ video_source_id: source }] },
        output: batch.output,
        config: batch.config,
        schedule: batch.schedule,
        resource_order_id: batch.resource_order_id,
        batch_id: batch.id,
        video_group_id: group,
      },
      tx.now,
    );
    try {
      tx.put('tasks', task);
      return null;
    } catch (error) {
      return failure(source, error as ApiFault);
    }
  });
}

function findBatch(view: View, context: ViasContext, projectId: string, id: string): BatchRecord {
  const batch = view.get<BatchRecord>('batches', projectId, id);
  if (!batch) throw context.faults.batchNotFound(id);
  return batch;
}

/** Gives `command` to each task; the results, in order. */
function command(tx: Transaction, context: ViasContext, tasks: TaskRecord[], name: 'start' | 'stop' | 'delete'): (string | null)[] {
  return tasks.map((task) => {
    try {
      tx.put('tasks', commanded(context, task, name, tx.now));
      return null;
    } catch (error) {
      return failure(task.id, error as ApiFault);
    }
  });
}

const csv = (value: string) => value.split(',').filter(Boolean);

/** Deletes every task of the configuration, then the configuration; the results, in order. */
export function removeBatch(tx: Transaction, context: ViasContext, batch: BatchRecord): (string | null)[] {
  const tasks = tasksOf(tx, batch).filter((task) => taskState(task, tx.now).state !== 'DELETING');
  const results = command(tx, context, tasks, 'delete');
  tx.remove('batches', batch.id);
  return results;
}

export function batchHandlers(context: ViasContext): Pick<ViasHandlers, 'createBatchTask' | 'listBatchTasks' | 'updateBatchTask' | 'deleteBatchTask' | 'batchStartStopTask'> {
  const times = timeWriters(context.generation, 'listBatchTasks', ['created_at'] as const);
  return {
    createBatchTask: ({ path, body }, context) =>
      context.store.transact((tx) => {
        const service = runningService(tx, context, path.project_id, body.service_name, 'service_name');
        const batch: BatchRecord = {
          id: newId(),
          project_id: path.project_id,
          created: tx.now,
          name: body.name,
          description: body.description,
          service_name: body.service_name,
          service_api: service.api,
          service_version: body.service_version,
          batch_input: body.batch_input,
          output: body.output as BatchRecord['output'],
          config: body.config as BatchRecord['config'],
          schedule: body.schedule as BatchRecord['schedule'],
          resource_order_id: body.resource_order_id,
        };
        const sources = sourcesOf(body.batch_input);
        // A scenario may leave some sources without a task, for lack of resources.
        const lacking = sources.slice(0, context.scenarios.lackOfResources(path.project_id, body.name)).map((s) => s.source);
        if (lacking.length) batch.lacking = lacking;
        tx.put('batches', batch);
        return { status: 200, body: outcome(batch.id, addTasks(tx, context, batch, sources, lacking)) };
      }),

    listBatchTasks: ({ path, query }, context) =>
      context.store.read((view) => {
        const { is_paged = true, page_num = 1, page_size = 10, order_by = 'desc', sort_name = 'created_at' } = query;
        // A batch's task counts are worked out only when a filter, the order or the page needs them.
        const views = [...view.list<BatchRecord>('batches', path.project_id)].map((batch) => {
          let counts: { tasks: number; byState: Record<string, number> } | undefined;
          const tally = () => {
            if (counts) return counts;
            const tasks = tasksOf(view, batch);
            const byState: Record<string, number> = {};
            for (const task of tasks) {
              const { state } = taskState(task, view.now);
              // A task its service's stop stopped is counted apart, as the status info's own key does.
              const key = state === 'STOPPED' && task.stopped_no_service ? 'stopped_no_service' : state.toLowerCase();
              byState[key] = (byState[key] ?? 0) + 1;
            }
            const lacking = (batch.lacking ?? []).filter((source) => sourcesOf(batch.batch_input).some((s) => s.source === source)).length;
            if (lacking) byState.lack_of_resources = lacking;
            return (counts = { tasks: tasks.length, byState });
          };
          return { batch, groups: [...new Set(sourcesOf(batch.batch_input).map((s) => s.group))], tally };
        });
        const kept = views.filter(({ batch, groups, tally }) => {
          if (query.task_state !== undefined && !((tally().byState[query.task_state] ?? 0) > 0)) return false;
          if (query.name_like !== undefined && !(query.type_like === 'publish_service_name' ? batch.service_name : batch.name).includes(query.name_like)) return false;
          if (query.video_group !== undefined && !csv(query.video_group).some((g) => groups.includes(g))) return false;
          if (query.manufacturer !== undefined && !csv(query.manufacturer).includes(COMPANY)) return false;
          if (query.title !== undefined && batch.service_name !== query.title) return false;
          return true;
        });
        const key = sort_name === 'task_count' ? (v: (typeof kept)[number]) => v.tally().tasks : (v: (typeof kept)[number]) => v.batch.created;
        kept.sort((a, b) => (order_by === 'asc' ? key(a) - key(b) : key(b) - key(a)));
        const start = (Math.max(1, page_num) - 1) * page_size;
        const paged = is_paged ? kept.slice(start, start + page_size) : kept;
        return {
          status: 200,
          body: {
            // `count` is the total, as the service documents it.
            count: kept.length,
            batch_task_list: paged.map(({ batch, groups, tally }) => ({
              id: batch.id,
              batch_task_name: batch.name,
              alg_name: batch.service_name,
              company: COMPANY,
              created_at: Number(times.created_at(batch.created)),
              num_task: tally().tasks,
              type: '0',
              video_group_name: groups.join(','),
              batch_task_status_info: tally().byState as Schemas['BatchTaskStatusInfo'],
            })),
          },
        };
      }),

    updateBatchTask: ({ path, body = {} }, context) =>
      context.store.transact((tx) => {
        const batch = findBatch(tx, context, path.project_id, path.id);
        const updated: BatchRecord = { ...batch };
        if (body.name !== undefined) updated.name = body.name;
        if (body.description !== undefined) updated.description = body.description;
        if (body.batch_input !== undefined) updated.batch_input = body.batch_input;
        if (body.output !== undefined) updated.output = body.output as BatchRecord['output'];
        if (body.config !== undefined) updated.config = body.config as BatchRecord['config'];
        if (body.schedule !== undefined) updated.schedule = body.schedule as BatchRecord['schedule'];
        if (body.resource_order_id !== undefined) updated.resource_order_id = body.resource_order_id;
        tx.put('batches', updated);
        const wanted = new Set(sourcesOf(updated.batch_input).map((s) => s.source));
        const existing = tasksOf(tx, batch);
        const have = new Set(existing.map((t) => String(t.input.data?.[0]?.video_source_id)));
        const results: (string | null)[] = [];
        const removed = existing.filter((t) => !wanted.has(String(t.input.data?.[0]?.video_source_id)));
        // A source taken out of the configuration: its task is deleted.
        results.push(...command(tx, context, removed, 'delete'));
        for (const task of existing.filter((t) => !removed.includes(t))) {
          tx.put('tasks', { ...task, updated: tx.now, description: updated.description, output: updated.output, config: updated.config, schedule: updated.schedule, resource_order_id: updated.resource_order_id });
          results.push(null);
        }
        results.push(...addTasks(tx, context, updated, sourcesOf(updated.batch_input).filter((s) => !have.has(s.source))));
        return { status: 200, body: outcome(batch.id, results) };
      }),

    deleteBatchTask: ({ path }, context) =>
      context.store.transact((tx) => {
        const batch = findBatch(tx, context, path.project_id, path.id);
        return { status: 200, body: outcome(batch.id, removeBatch(tx, context, batch)) };
      }),

    batchStartStopTask: ({ path }, context) =>
      context.store.transact((tx) => {
        const batch = findBatch(tx, context, path.project_id, path.id);
        return { status: 200, body: outcome(batch.id, command(tx, context, tasksOf(tx, batch), path.command)) };
      }),
  };
}
