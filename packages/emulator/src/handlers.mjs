// One handler per operationId of the VIAS document (reference §2): each receives the validated
// request and the store, changes the store in one synchronous step, waits for the journal,
// and returns the body of the 200 answer (or throws a ViasFault).
import { createHash } from 'node:crypto';
import { ViasFault, invalid, unknownTask } from './errors.mjs';
import { ALLOWED_FROM } from './machine.mjs';
import { at, itemsOf, shape, successSchema } from './shape.mjs';
import { newId } from './store.mjs';

const COMPANY = 'VIAS'; // vendor of every emulated algorithm

/** A stable algorithm ID per service name, in the UUID-v4 form ListTasks' `alg_id` filter takes. */
const algorithmIds = new Map();
function algorithmId(serviceName) {
  let id = algorithmIds.get(serviceName);
  if (id === undefined) algorithmIds.set(serviceName, (id = deriveAlgorithmId(serviceName)));
  return id;
}

function deriveAlgorithmId(serviceName) {
  const h = createHash('sha1').update(serviceName).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function videoSourceName(input) {
  const d = input?.data?.[0] ?? {};
  return d.video_source_id ?? d.url ?? d.stream_name ?? (d.bucket ? `${d.bucket}/${d.path ?? ''}` : undefined) ?? d.device_id ?? d.id ?? '';
}

/** Everything a task answer may show; `shape` keeps what the operation's schema declares. */
function taskView(store, task) {
  const { state, since } = store.state(task);
  return {
    id: task.id,
    name: task.name,
    description: task.description ?? null,
    project_id: task.project_id,
    creator: 'emulator',
    state,
    created_at: at(task.created),
    updated_at: at(Math.max(task.updated, since)),
    service_id: algorithmId(task.service_name),
    algorithm_publish_id: algorithmId(task.service_name),
    service_version: task.service_version,
    title: task.service_name,
    company: COMPANY,
    type: '0', // cloud task, as the vendor's examples write it
    input: task.input,
    output: task.output,
    config: task.config,
    service_config: task.config,
    schedule: task.schedule,
    resource_order_id: task.resource_order_id,
    video_source_name: videoSourceName(task.input),
    group_name: task.video_group_id,
  };
}

function findTask(store, projectId, id) {
  const task = store.task(projectId, id);
  if (!task) throw unknownTask(id);
  return task;
}

function refuse(task, state, command) {
  return new ViasFault(
    'VIAS.00010004',
    `Task ${task.id} is ${state}: ${command} is allowed only when it is ${ALLOWED_FROM[command].join(', ')}.`,
    command === 'start' || command === 'stop' ? 'command' : 'task_id',
  );
}

function uniqueName(store, projectId, name, exceptId) {
  const other = store.taskNamed(projectId, name);
  if (other && other.id !== exceptId) {
    throw new ViasFault('VIAS.00010011', `A task named ${name} already exists in this project (task ${other.id}).`, 'name');
  }
}

/** The task after `command`, or a refusal. Does not save. */
function commanded(store, task, command, now) {
  const { state } = store.state(task, now);
  if (!ALLOWED_FROM[command].includes(state)) throw refuse(task, state, command);
  return { ...task, updated: now, phase: { command, at: now } };
}

function newTask(projectId, fields, now) {
  return {
    id: newId(),
    project_id: projectId,
    created: now,
    updated: now,
    phase: { command: 'create', at: now },
    ...fields,
  };
}

// ── tasks ────────────────────────────────────────────────────────────────────────────────

async function createServiceTask({ path, body }, store) {
  const now = store.now();
  uniqueName(store, path.project_id, body.name);
  const task = newTask(
    path.project_id,
    {
      service_name: path.service_name,
      service_version: body.service_version,
      name: body.name,
      description: body.description,
      input: body.input,
      output: body.output,
      config: body.config ?? body.service_config,
      schedule: body.schedule,
      resource_order_id: body.resource_order_id,
    },
    now,
  );
  await store.saveTask(task);
  return { tasks: [{ id: task.id }] };
}

function showTask({ path }, store) {
  return shape(successSchema('showTask'), taskView(store, findTask(store, path.project_id, path.task_id)));
}

// The v1 inference job API reads the same tasks (reference §2.11).
function showInferTask({ path }, store) {
  return shape(successSchema('showInferTask'), taskView(store, findTask(store, path.project_id, path.task_id)));
}

function showServiceTask({ path }, store) {
  const task = findTask(store, path.project_id, path.task_id);
  if (task.service_name !== path.service_name) throw unknownTask(path.task_id);
  return shape(successSchema('showServiceTask'), taskView(store, task));
}

const csv = (value) => String(value).split(',').filter(Boolean);

/** ListTasks' filters (reference §2.1): exact or comma-list matches, `task_name`/`camera_name` as substrings. */
function listTasks({ path, query }, store, operationId = 'listTasks') {
  const { page = 1, page_size = 10, sort_dir = 'desc' } = query;
  const now = store.now();
  const matches = store.projectTasks(path.project_id).filter((task) => {
    if (query.source_data_type !== undefined && query.source_data_type !== 'async_task') return false;
    if (query.task_state !== undefined && store.state(task, now).state !== query.task_state) return false;
    if (query.task_name !== undefined && !task.name.includes(query.task_name)) return false;
    if (query.title !== undefined && task.service_name !== query.title) return false;
    if (query.camera_name !== undefined && !videoSourceName(task.input).includes(query.camera_name)) return false;
    if (query.batch_id !== undefined && task.batch_id !== query.batch_id) return false;
    if (query.video_group_id !== undefined && !csv(query.video_group_id).includes(task.video_group_id)) return false;
    if (query.company !== undefined && !csv(query.company).includes(COMPANY)) return false;
    if (query.alg_id !== undefined && algorithmId(task.service_name) !== query.alg_id) return false;
    return true;
  });
  if (sort_dir === 'desc') matches.reverse();
  const start = (Math.max(1, page) - 1) * page_size;
  const pageItems = matches.slice(start, start + page_size);
  const schema = successSchema(operationId);
  const itemSchema = itemsOf(schema, 'tasks');
  return { count: pageItems.length, page, page_size, tasks: pageItems.map((t) => shape(itemSchema, taskView(store, t))) };
}

async function updateTask({ path, body }, store) {
  const now = store.now();
  const task = findTask(store, path.project_id, path.task_id);
  const { state } = store.state(task, now);
  if (!ALLOWED_FROM.update.includes(state)) throw refuse(task, state, 'update');
  // "A task created with video_source cannot be changed to another type" (TaskInput.type, reference §2.2).
  if (task.input?.type === 'video_source' && body.input.type !== 'video_source') {
    throw invalid('input.type', `Task ${task.id} takes its input from a video source; input.type cannot change to ${body.input.type}.`);
  }
  uniqueName(store, path.project_id, body.name, task.id);
  const updated = { ...task, updated: now };
  for (const key of ['name', 'description', 'input', 'output', 'config', 'schedule', 'resource_order_id']) {
    if (body[key] !== undefined) updated[key] = body[key];
  }
  await store.saveTask(updated);
  return shape(successSchema('updateTask'), {});
}

async function deleteTask({ path }, store) {
  const task = findTask(store, path.project_id, path.task_id);
  await store.saveTask(commanded(store, task, 'delete', store.now()));
  return shape(successSchema('deleteTask'), {});
}

async function startStopTask({ path }, store) {
  const task = findTask(store, path.project_id, path.task_id);
  await store.saveTask(commanded(store, task, path.command, store.now()));
  // The shape the vendor's StartStopTask page prints (under "request example"; inference that it is the answer).
  return shape(successSchema('startStopTask'), { id: task.id, status_code: 200, status_msg: 'success' });
}

// ── batch configurations ─────────────────────────────────────────────────────────────────

const sourcesOf = (batchInput) =>
  (batchInput?.video_source_group ?? []).flatMap((group) =>
    (group.video_source_list ?? []).map((source) => ({ group: group.video_source_group_id, source: source.video_source_id })),
  );

/** A batch answer: counts of one operation over the batch's tasks. */
const outcome = (id, results) => ({
  id,
  total_count: results.length,
  succeed_count: results.filter((r) => r === null).length,
  failed_count: results.filter((r) => r !== null).length,
  error_list: results.filter((r) => r !== null),
});

function batchTasks(store, batch) {
  return store.projectTasks(batch.project_id).filter((t) => t.batch_id === batch.id);
}

/** Tasks for the sources of a batch that have none yet; returns [records, results]. */
function tasksForSources(store, batch, sources, now) {
  const records = [];
  const results = [];
  const taken = new Set();
  for (const { group, source } of sources) {
    const name = `${batch.name}_${source}`.slice(0, 100);
    if (taken.has(name) || store.taskNamed(batch.project_id, name)) {
      results.push(`VIAS.00010011: a task named ${name} already exists`);
      continue;
    }
    taken.add(name);
    const task = newTask(
      batch.project_id,
      {
        service_name: batch.service_name,
        service_version: batch.service_version,
        name,
        description: batch.description,
        input: { type: 'video_source', data: [{ video_source_id: source }] },
        output: batch.output,
        config: batch.config,
        schedule: batch.schedule,
        resource_order_id: batch.resource_order_id,
        batch_id: batch.id,
        video_group_id: group,
      },
      now,
    );
    records.push({ t: 'task', v: task });
    results.push(null);
  }
  return [records, results];
}

function uniqueBatchName(store, projectId, name, exceptId) {
  for (const batch of store.batches.values()) {
    if (batch.project_id === projectId && batch.name === name && batch.id !== exceptId) {
      throw new ViasFault('VIAS.00010003', `A batch configuration named ${name} already exists (${batch.id}).`, 'name');
    }
  }
}

async function createBatchTask({ path, body }, store) {
  const now = store.now();
  uniqueBatchName(store, path.project_id, body.name);
  const batch = {
    id: newId(),
    project_id: path.project_id,
    created: now,
    name: body.name,
    description: body.description,
    service_name: body.service_name,
    service_version: body.service_version,
    batch_input: body.batch_input,
    output: body.output,
    config: body.config,
    schedule: body.schedule,
    resource_order_id: body.resource_order_id,
  };
  const [records, results] = tasksForSources(store, batch, sourcesOf(body.batch_input), now);
  await store.commit([{ t: 'batch', v: batch }, ...records]);
  return shape(successSchema('createBatchTask'), outcome(batch.id, results));
}

function findBatch(store, projectId, id) {
  const batch = store.batch(projectId, id);
  if (!batch) throw new ViasFault('VIAS.00010008', `No batch configuration with ID ${id} in this project.`, 'id');
  return batch;
}

/** ListBatchTasks' filters and order (reference §2.6). */
function listBatchTasks({ path, query }, store) {
  const { is_paged = true, page_num = 1, page_size = 10, order_by = 'desc', sort_name = 'created_at' } = query;
  const schema = successSchema('listBatchTasks');
  const itemSchema = itemsOf(schema, 'batch_task_list');
  const views = [...store.batches.values()]
    .filter((b) => b.project_id === path.project_id)
    .map((batch) => {
      const tasks = batchTasks(store, batch);
      const counts = {};
      for (const task of tasks) {
        const state = store.state(task).state.toLowerCase();
        counts[state] = (counts[state] ?? 0) + 1;
      }
      const groups = [...new Set(sourcesOf(batch.batch_input).map((s) => s.group))];
      return {
        batch,
        groups,
        view: {
          id: batch.id,
          batch_task_name: batch.name,
          alg_name: batch.service_name,
          company: COMPANY,
          created_at: at(batch.created),
          num_task: tasks.length,
          type: '0',
          video_group_name: groups.join(','),
          batch_task_status_info: counts,
        },
      };
    })
    .filter(({ batch, groups, view }) => {
      if (query.task_state !== undefined && !(view.batch_task_status_info[query.task_state] > 0)) return false;
      if (query.name_like !== undefined) {
        const field = query.type_like === 'publish_service_name' ? batch.service_name : batch.name;
        if (!field.includes(query.name_like)) return false;
      }
      if (query.video_group !== undefined && !csv(query.video_group).some((g) => groups.includes(g))) return false;
      if (query.manufacturer !== undefined && !csv(query.manufacturer).includes(COMPANY)) return false;
      if (query.title !== undefined && batch.service_name !== query.title) return false;
      return true;
    });
  const key = sort_name === 'task_count' ? (v) => v.view.num_task : (v) => v.batch.created;
  views.sort((a, b) => (order_by === 'asc' ? key(a) - key(b) : key(b) - key(a)));
  const paged = is_paged ? views.slice((Math.max(1, page_num) - 1) * page_size, Math.max(1, page_num) * page_size) : views;
  return shape(schema, { count: views.length, batch_task_list: paged.map((v) => shape(itemSchema, v.view)) });
}

async function updateBatchTask({ path, body }, store) {
  const now = store.now();
  const batch = findBatch(store, path.project_id, path.id);
  if (body.name !== undefined) uniqueBatchName(store, path.project_id, body.name, batch.id);
  const updated = { ...batch };
  for (const key of ['name', 'description', 'batch_input', 'output', 'config', 'schedule', 'resource_order_id']) {
    if (body[key] !== undefined) updated[key] = body[key];
  }
  const records = [{ t: 'batch', v: updated }];
  const results = [];
  const wanted = new Set(sourcesOf(updated.batch_input).map((s) => s.source));
  const existing = batchTasks(store, batch);
  const have = new Set(existing.map((t) => t.input.data[0].video_source_id));
  for (const task of existing) {
    const source = task.input.data[0].video_source_id;
    if (!wanted.has(source)) {
      // A source taken out of the configuration: its task is deleted.
      try {
        records.push({ t: 'task', v: commanded(store, task, 'delete', now) });
        results.push(null);
      } catch (fault) {
        results.push(`${task.id}: ${fault.message}`);
      }
    } else {
      const changed = { ...task, updated: now };
      for (const key of ['description', 'output', 'config', 'schedule', 'resource_order_id']) changed[key] = updated[key];
      records.push({ t: 'task', v: changed });
      results.push(null);
    }
  }
  const added = sourcesOf(updated.batch_input).filter((s) => !have.has(s.source));
  const [created, createdResults] = tasksForSources(store, updated, added, now);
  await store.commit([...records, ...created]);
  return shape(successSchema('updateBatchTask'), outcome(batch.id, [...results, ...createdResults]));
}

async function deleteBatchTask({ path }, store) {
  const now = store.now();
  const batch = findBatch(store, path.project_id, path.id);
  const records = [];
  const results = [];
  for (const task of batchTasks(store, batch)) {
    if (store.state(task, now).state === 'DELETING') continue;
    records.push({ t: 'task', v: commanded(store, task, 'delete', now) });
    results.push(null);
  }
  await store.commit([...records, { t: 'unbatch', id: batch.id }]);
  return shape(successSchema('deleteBatchTask'), outcome(batch.id, results));
}

async function batchStartStopTask({ path }, store) {
  const now = store.now();
  const batch = findBatch(store, path.project_id, path.id);
  const records = [];
  const results = [];
  for (const task of batchTasks(store, batch)) {
    try {
      records.push({ t: 'task', v: commanded(store, task, path.command, now) });
      results.push(null);
    } catch (fault) {
      results.push(fault.message);
    }
  }
  await store.commit(records);
  return shape(successSchema('batchStartStopTask'), outcome(batch.id, results));
}

export const handlers = {
  createServiceTask,
  showServiceTask,
  showTask,
  showInferTask,
  listTasks,
  listInferTasks: (request, store) => listTasks(request, store, 'listInferTasks'),
  updateTask,
  deleteTask,
  startStopTask,
  createBatchTask,
  listBatchTasks,
  updateBatchTask,
  deleteBatchTask,
  batchStartStopTask,
};
