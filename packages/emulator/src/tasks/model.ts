// A task as the store keeps it (both generations; the fields are those of the create body of
// the generation that made it), its state at a moment, and its collection.
import { randomUUID } from 'node:crypto';
import { MASK, maskUrl, maskUserinfo } from '../api/mask.js';
import { GONE, restsAt, stateAt, type Phase } from '../lifecycle/lifecycle.js';
import { phaseFor, type TaskLifecycle, type TaskScenario, type Timing } from './lifecycle.js';
import type { Scenarios } from '../control/scenarios.js';
import { scheduleAt, type Schedule } from './schedule.js';
import { object, phaseSchema, recordSchema, text, time, type Schema } from '../store/record-schema.js';
import type { CollectionSpec } from '../store/store.js';

export interface TaskRecord {
  id: string;
  project_id: string;
  /** The service the task was created for (`{service_name}` of the create path). */
  service_name: string;
  service_version?: string | undefined;
  name: string;
  description?: string | null | undefined;
  input: { type?: string; data?: Record<string, unknown>[] } & Record<string, unknown>;
  output: Record<string, unknown>;
  /** VIAS `config` / VAS `service_config`. */
  config?: Record<string, unknown> | undefined;
  /** VIAS `schedule`: followed (schedule.ts). */
  schedule?: Record<string, unknown> | undefined;
  /** VAS `timing`: kept and shown (VAS lists no SCHEDULING state to follow it with). */
  timing?: Record<string, unknown> | undefined;
  resource_order_id?: string | undefined;
  edge_pool_id?: string | undefined;
  /** The batch configuration and video source group a batch task belongs to. */
  batch_id?: string | undefined;
  video_group_id?: string | undefined;
  created: number;
  updated: number;
  phase: Phase;
  /** Stopped because its algorithm service's deployment was stopped (a batch counts it apart). */
  stopped_no_service?: boolean | undefined;
  /** A scenario of the control API waiting for the task's next start. */
  scenario?: TaskScenario | undefined;
}

/**
 * A task as an export shows it (both generations): the secrets masked — an input VCN's user name
 * and password, the user information of an input URL, the webhook's header values and the user
 * information and query of its URL.
 */
export function exportedTask(task: TaskRecord): TaskRecord {
  const input = { ...task.input };
  if (input.vcn && typeof input.vcn === 'object') {
    const vcn = { ...(input.vcn as Record<string, unknown>) };
    for (const secret of ['username', 'user_name', 'password']) if (vcn[secret] !== undefined) vcn[secret] = MASK;
    input.vcn = vcn;
  }
  if (input.data) input.data = input.data.map((d) => (typeof d.url === 'string' ? { ...d, url: maskUserinfo(d.url) } : d));
  const webhook = (task.output as { webhook?: { url?: unknown; headers?: Record<string, unknown> } }).webhook;
  const output =
    webhook && typeof webhook === 'object'
      ? {
          ...task.output,
          webhook: {
            ...webhook,
            ...(typeof webhook.url === 'string' ? { url: maskUrl(webhook.url) } : {}),
            ...(webhook.headers ? { headers: Object.fromEntries(Object.keys(webhook.headers).map((k) => [k, MASK])) } : {}),
          },
        }
      : task.output;
  return { ...task, input, output };
}

/** 32 hex digits, as the service's IDs (randomUUID draws from a buffered pool: cheaper than randomBytes). */
export const newId = () => randomUUID().replace(/-/g, '');

/** What making a task needs of a generation's context: its timing, its scenarios, its default error. */
export interface TaskBirth {
  timing: Timing;
  scenarios: Pick<Scenarios, 'forTask'>;
  defaultError: { code: string; message: string };
}

/** A new task of `fields` (VIAS or VAS), PENDING from `now` (or as a scenario waiting for its name says). */
export function newTask(context: TaskBirth, projectId: string, fields: Omit<TaskRecord, 'id' | 'project_id' | 'created' | 'updated' | 'phase'>, now: number): TaskRecord {
  const scenario = context.scenarios.forTask(projectId, fields.name);
  return { id: newId(), project_id: projectId, created: now, updated: now, phase: phaseFor('create', now, context.timing, isFileInput(fields.input), scenario, context.defaultError), ...fields };
}

/**
 * The task after `command` from `now`, or `refuse(state, allowed)` when its state does not allow
 * the command (each generation words the refusal). A scenario kept for its next start takes
 * effect now. Does not save.
 */
export function commanded(
  context: TaskBirth & { lifecycle: TaskLifecycle },
  task: TaskRecord,
  command: 'start' | 'stop' | 'delete',
  now: number,
  refuse: (state: string, allowed: readonly string[]) => Error,
): TaskRecord {
  const { state } = taskState(task, now);
  const allowed = context.lifecycle.allowedIn(command);
  if (!allowed.includes(state)) throw refuse(state, allowed);
  const scenario = command === 'start' ? task.scenario : undefined;
  return {
    ...task,
    updated: now,
    stopped_no_service: undefined,
    scenario: command === 'start' ? undefined : task.scenario,
    phase: phaseFor(command, now, context.timing, isFileInput(task.input), scenario, context.defaultError),
  };
}

// A URL input is a stream when its scheme is one of the streaming protocols (inference: the
// service documents url as "a file URL or a stream URL" without saying how it tells them apart).
const STREAM_URL = /^(rtsp|rtmp):/i;

/** True when the input is a file, analysed once (obs, or a url to a file). */
export function isFileInput(input: TaskRecord['input'] | undefined): boolean {
  if (input?.type === 'obs') return true;
  if (input?.type === 'url') return !(input.data ?? []).some((d) => STREAM_URL.test(String(d.url ?? '')));
  return false;
}

/**
 * `{ state, since, detail }` of a task at `now`: its phase's, except that a scheduled task's run is
 * SCHEDULING outside its periods.
 */
export function taskState(task: TaskRecord, now: number): ReturnType<typeof stateAt> {
  const at = stateAt(task.phase, now);
  if (at.state !== 'RUNNING' || !task.schedule) return at;
  const { inside, since } = scheduleAt(task.schedule as Schedule, now);
  return { state: inside ? 'RUNNING' : 'SCHEDULING', since: Math.max(at.since, since ?? at.since), detail: undefined };
}

/** A task record's schema: in states of the generation's `states`; `schedule` as the generation's description has it, if it has one. */
export function taskSchema(states: readonly string[], schedule: Schema = object): Schema {
  const scenarioKinds = ['create_failed', 'start_failed', 'pending', 'abnormal', 'failed', 'freezing', 'upgrading'] satisfies TaskScenario['kind'][];
  const ms = { type: 'number', minimum: 0, maximum: 1e12 };
  return recordSchema(['service_name', 'name', 'input', 'output', 'created', 'updated', 'phase'], {
    service_name: text,
    service_version: text,
    name: text,
    description: { type: ['string', 'null'] },
    input: { type: 'object', properties: { type: text, data: { type: 'array', items: object }, vcn: object } },
    output: { type: 'object', properties: { webhook: { type: 'object', properties: { url: text, headers: { type: 'object', additionalProperties: text } } } } },
    config: object,
    schedule,
    timing: object,
    resource_order_id: text,
    edge_pool_id: text,
    batch_id: text,
    video_group_id: text,
    created: time,
    updated: time,
    phase: phaseSchema(states),
    stopped_no_service: { type: 'boolean' },
    scenario: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { enum: scenarioKinds }, after_ms: ms, duration_ms: ms, status: text, error: { type: 'object', required: ['code', 'message'], properties: { code: text, message: text } } },
    },
  });
}

/**
 * The tasks collection: names unique among a project's live tasks when `uniqueName` is given,
 * the references of the generation's tasks to other resources, and its records' schema.
 */
export function taskCollection(
  uniqueName?: (task: TaskRecord, other: TaskRecord) => Error,
  references: CollectionSpec<TaskRecord>['references'] = [],
  schema?: Schema,
): CollectionSpec<TaskRecord> {
  return {
    name: 'tasks',
    ...(schema ? { schema } : {}),
    ...(uniqueName ? { unique: [{ of: (task: TaskRecord) => task.name, taken: uniqueName }] } : {}),
    references,
    indexes: { batch: (task) => task.batch_id },
    live: (task, now) => stateAt(task.phase, now).state !== GONE,
    expires: (task) => (task.phase.rest === GONE ? restsAt(task.phase) : undefined),
  };
}

/** The video sources a task reads (none once its deletion has begun: it lets go of them then). */
export function videoSourceIds(task: TaskRecord): string[] {
  if (task.phase.command === 'delete' || task.input?.type !== 'video_source') return [];
  return (task.input.data ?? []).map((d) => String(d.video_source_id));
}

/** The camera name ListTasks filters on: the input's video source ID, URL or OBS object. */
export function videoSourceName(input: TaskRecord['input'] | undefined): string {
  const d = input?.data?.[0] ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return text(d.video_source_id) ?? text(d.url) ?? text(d.stream_name) ?? (d.bucket ? `${d.bucket}/${text(d.path) ?? ''}` : undefined) ?? text(d.device_id) ?? text(d.id) ?? '';
}
