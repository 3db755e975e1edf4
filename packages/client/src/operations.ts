import type { Client, RequestBodyOption } from 'openapi-fetch';
import { operationRoutes } from './generated/operations.js';
import type { operations } from './generated/schema.js';
import type { ViasPaths, WithoutProjectId } from './types.js';

export type OperationId = keyof operations;

// Every operation of the spec has a route: this line stops compiling if the two drift apart.
const routes: { readonly [K in OperationId]: { readonly method: string; readonly path: string } } = operationRoutes;

type Op<K extends OperationId> = WithoutProjectId<operations[K]>;

/** Per-call options every operation method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** `{ path, body?, query? }` of an operation, as the spec defines them (minus `project_id`), plus CallOptions. */
export type OperationInput<K extends OperationId> = Omit<Op<K>['parameters'], 'header' | 'cookie'> &
  RequestBodyOption<Op<K>> &
  CallOptions;

type Success = 200 | 201 | 202 | 203 | 204 | 206 | 207 | '2XX';
type JsonBody<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body of the operation's 2xx responses (a union when the spec documents several). */
export type OperationResult<K extends OperationId> = {
  [S in keyof operations[K]['responses'] & Success]: JsonBody<operations[K]['responses'][S]>;
}[keyof operations[K]['responses'] & Success];

export type OperationMethods = {
  [K in OperationId]: (input: OperationInput<K>) => Promise<OperationResult<K>>;
};

type Loose = { path?: object; query?: object; body?: unknown } & CallOptions;
type LooseRequest = (method: string, path: string, init: object) => Promise<{ data?: unknown }>;

/** One method per operationId, each resolving to the success body (errors throw, see errors.ts). */
export function bindOperations(client: Client<ViasPaths>): OperationMethods {
  const request = client.request as unknown as LooseRequest;
  const entries = Object.entries(routes).map(([id, route]) => {
    const call = async ({ path, query, ...init }: Loose) =>
      (await request(route.method, route.path, { ...init, params: { path, query } })).data;
    return [id, call];
  });
  return Object.fromEntries(entries) as OperationMethods;
}

/**
 * IDs of the jobs `createServiceTask` created. The current service answers 200 `{ tasks: [{ id }] }`,
 * older pages document 201 `[{ id }]`; this accepts both.
 */
export function createdTaskIds(body: OperationResult<'createServiceTask'>): string[] {
  return (Array.isArray(body) ? body : body.tasks).map((task) => task.id);
}
