import type { Client } from 'openapi-fetch';
import { createServiceClient, type ClientOptions } from './core.js';
import { ViasApiError } from './errors.js';
import { errorCodeList, routes, servers, terminalStates } from './generated/vias/operations.js';
import type { components, operations, paths } from './generated/vias/schema.js';
import type { ClientPaths, OperationMethods, PaginateMethods, ResponseMethods } from './operations.js';
import { waitForTask, waitForTasks, type WaitOptions } from './wait.js';

// The current generation, VIAS (host vias.{region}): createViasClient.

type Schemas = components['schemas'];
export type TaskDetail = Schemas['TaskDetail'];
export type ServiceTaskDetail = Schemas['ServiceTaskDetail'];
export type InferTaskDetail = Schemas['InferTaskDetail'];
export type TaskListItem = Schemas['TaskListItem'];
export type BatchTask = Schemas['BatchTask'];
export type CreateServiceTaskRequest = Schemas['CreateServiceTaskRequest'];
/** A task's input: one shape per input type, told apart by `type` (`video_source` needs `video_source_id`, `obs` needs `bucket` and `path`, …). */
export type TaskInput = Schemas['TaskInput'];
export type TaskState = Schemas['TaskState'];
export type ErrorResponse = Schemas['ErrorResponse'];
/** The operations the client calls: those of the description's paths. (Its webhooks are requests VIAS sends: see `@vias-openapi/client/alerts`.) */
export type ViasOperations = { [K in keyof operations & keyof typeof routes]: import('./operations.js').WithoutProjectId<operations[K]> };
/** The spec's `paths`, as callers of this client see them (no `project_id`). */
export type ViasPaths = ClientPaths<paths>;
/** A region the VIAS description documents. */
export type ViasRegion = (typeof servers)[number]['regions'][number];
export type ViasClientOptions = ClientOptions<ViasRegion>;
export type WaitForTaskOptions = WaitOptions<TaskState>;

/** States a task stays in until somebody acts on it: `waitForTask` stops at these by default (the client's model; see the spec's `x-terminal-states`). */
export const TERMINAL_STATES: readonly TaskState[] = Object.freeze([...terminalStates] as TaskState[]);
export const isTerminalState = (state: string): boolean => (TERMINAL_STATES as readonly string[]).includes(state);

type ListItem = ViasPaginate extends { listTasks: (...args: any[]) => AsyncIterable<infer T> } ? T : never;
type ViasPaginate = PaginateMethods<ViasOperations, typeof routes>;

export type ViasClient = OperationMethods<ViasOperations> & {
  /** The same operations, answering `{ data, status, headers, requestId }`. */
  readonly withResponse: ResponseMethods<ViasOperations>;
  /** The list operations as async iterators over their items, page after page. */
  readonly paginate: ViasPaginate;
  /** openapi-fetch's client (`GET`, `POST`, …, `use`): `{ data, error, response }`, no throw on an HTTP status. */
  readonly raw: Client<ViasPaths>;
  /** Polls `showTask` until the task reaches one of `until` (default TERMINAL_STATES). */
  waitForTask(taskId: string, options?: WaitForTaskOptions): Promise<TaskDetail>;
  /** Polls `listTasks` (one pass over the list a round) until every task reaches one of `until`. */
  waitForTasks(taskIds: readonly string[], options?: WaitForTaskOptions & { pageSize?: number }): Promise<Map<string, ListItem>>;
};

const vias = { service: 'VIAS', factory: 'createViasClient', routes, servers, errorCodes: errorCodeList, ApiError: ViasApiError };

/** A client of the current VIAS generation: one method per operation of the description. */
export function createViasClient(options: ViasClientOptions): ViasClient {
  const { raw, methods, withResponse, paginate } = createServiceClient(vias, options);
  const showTask = methods.showTask as (input: object) => Promise<TaskDetail>;
  const listTasks = paginate.listTasks as ((input: object) => AsyncIterable<ListItem>) | undefined;
  return {
    ...(methods as OperationMethods<ViasOperations>),
    withResponse: withResponse as ResponseMethods<ViasOperations>,
    paginate: paginate as ViasPaginate,
    raw: raw as unknown as Client<ViasPaths>,
    waitForTask: (taskId, waitOptions) =>
      waitForTask((task_id, signal) => showTask({ path: { task_id }, signal }), taskId, TERMINAL_STATES, waitOptions),
    waitForTasks: (taskIds, { pageSize, ...waitOptions } = {}) => {
      if (!listTasks) throw new TypeError('waitForTasks: this description has no listTasks operation');
      const query = pageSize === undefined ? {} : { page_size: pageSize };
      return waitForTasks((signal) => listTasks({ query, signal }) as AsyncIterable<ListItem & { id?: string; state?: string }>, taskIds, TERMINAL_STATES, waitOptions);
    },
  };
}
