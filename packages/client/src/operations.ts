import type { Client, RequestBodyOption } from 'openapi-fetch';
import type { SuccessResponseJSON } from 'openapi-typescript-helpers';
import { ViasResponseError } from './errors.js';
import type { ViasHooks } from './hooks.js';

// The operation methods: one per operationId of a generation's description, typed from its
// generated `operations`, each resolving to the 2xx body and throwing the generation's ApiError.
// `withResponse.<id>` answers `{ data, status, headers, requestId }`; `paginate.<id>` iterates a
// list operation's items, page after page.

/** Per-call options every operation method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Observers of this call only (after the client's `hooks`). */
  hooks?: ViasHooks;
}

/** An operation with `project_id` removed from its path parameters: the client fills it in. */
export type WithoutProjectId<Op> = Op extends { parameters: { path: infer P } }
  ? Omit<Op, 'parameters'> & {
      parameters: Omit<Op['parameters'], 'path'> & (keyof Omit<P, 'project_id'> extends never ? { path?: never } : { path: Omit<P, 'project_id'> });
    }
  : Op;

/** A generation's `paths` as callers of this client see them (no `project_id`). */
export type ClientPaths<Paths> = {
  [Path in keyof Paths]: { [Method in keyof Paths[Path]]: WithoutProjectId<Paths[Path][Method]> };
};

type PathParams<Op> = Op extends { parameters: { path: infer P } } ? Omit<P, 'project_id'> : {};
type QueryParams<Op> = Op extends { parameters: { query?: infer Q } } ? ([Q] extends [undefined] ? {} : NonNullable<Q>) : {};
type QueryPart<Op> = keyof QueryParams<Op> extends never
  ? { query?: undefined }
  : Op extends { parameters: { query: object } }
    ? { query: QueryParams<Op> }
    : { query?: QueryParams<Op> };

/** The path parameters of an operation, without `project_id` (the client fills it in). */
export type OperationPath<Op> = PathParams<Op>;
/** The query parameters of an operation. */
export type OperationQuery<Op> = QueryParams<Op>;
/** The JSON request body of an operation. */
export type OperationBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** `{ path, query?, body? }` of an operation (minus `project_id`), plus CallOptions. */
export type OperationInput<Op> = (keyof PathParams<Op> extends never ? { path?: undefined } : { path: PathParams<Op> }) &
  QueryPart<Op> &
  RequestBodyOption<Op> &
  CallOptions;

/** The JSON body of the operation's 2xx responses (a union when several are documented; `undefined` when none has a body). */
export type OperationResult<Op> = [SuccessResponseJSON<Op & Record<string | number, any>>] extends [never]
  ? undefined
  : SuccessResponseJSON<Op & Record<string | number, any>>;

/** What `withResponse.<operationId>` answers. */
export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
  /** `X-Request-Id` of the response, if the service sent one. */
  requestId?: string;
}

type Call<I, R> = {} extends I ? (input?: I) => Promise<R> : (input: I) => Promise<R>;

export type OperationMethods<Ops> = { [K in keyof Ops]: Call<OperationInput<Ops[K]>, OperationResult<Ops[K]>> };
export type ResponseMethods<Ops> = { [K in keyof Ops]: Call<OperationInput<Ops[K]>, ApiResponse<OperationResult<Ops[K]>>> };

/** The list operations of a routes table (those it says how to page). */
type ListIds<Routes> = { [K in keyof Routes]: Routes[K] extends { paging: object } ? K : never }[keyof Routes];
type ItemsOf<Op, Field> = OperationResult<Op> extends infer R ? (R extends { [F in Field & string]?: (infer Item)[] } ? Item : never) : never;
/** A list operation's input without the parameter the paginator moves (page, page_num or offset). */
type PageInput<Op, Position> = Omit<OperationInput<Op>, 'query'> & {
  query?: Omit<QueryParams<Op>, Position & string>;
};
type Paging<R> = R extends { paging: infer P } ? P : never;

type Iterate<I, Item> = {} extends I ? (input?: I) => AsyncIterable<Item> : (input: I) => AsyncIterable<Item>;

export type PaginateMethods<Ops, Routes> = {
  [K in ListIds<Routes> & keyof Ops]: Iterate<
    PageInput<Ops[K], Paging<Routes[K]> extends { position: infer P } ? P : never>,
    ItemsOf<Ops[K], Paging<Routes[K]> extends { items: infer F } ? F : never>
  >;
};

/** The shape of one generated route. */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly success: { readonly [status: string]: 'object' | 'array' | 'any' | null };
  readonly paging?: {
    readonly style: 'page' | 'offset';
    /** The query parameters of the position (page number or offset) and of the page size. */
    readonly position: string;
    readonly size: string;
    /** The body's property holding the items, and what its `count` counts. */
    readonly items: string;
    readonly count: 'page' | 'total';
    /** The body's integer property holding the total when `count` is `'total'` (`count`, `total_number`, …); else null. */
    readonly total: string | null;
    /** Query values every page request carries, over the caller's (e.g. `{ is_paged: true }`). */
    readonly query: { readonly [name: string]: string | number | boolean };
    readonly maxPageSize: number | null;
  };
}

type Loose = { path?: object; query?: Record<string, unknown>; body?: unknown } & CallOptions;
/** Calls the operation `id` (its route given too, for the paginators' sake). */
export type Operate = (id: string, route: Route, input: Loose) => Promise<ApiResponse<unknown>>;

/** Binds every route to `operate`: the methods, their `withResponse` twins and the paginators. */
export function bindOperations(service: string, routes: Readonly<Record<string, Route>>, operate: Operate) {
  const methods: Record<string, (input?: Loose) => Promise<unknown>> = {};
  const withResponse: Record<string, (input?: Loose) => Promise<ApiResponse<unknown>>> = {};
  const paginate: Record<string, (input?: Loose) => AsyncIterable<unknown>> = {};
  for (const [id, route] of Object.entries(routes)) {
    withResponse[id] = (input = {}) => operate(id, route, input);
    methods[id] = async (input = {}) => (await operate(id, route, input)).data;
    if (route.paging) paginate[id] = (input = {}) => pages(service, id, route, input, operate);
  }
  return { methods, withResponse, paginate };
}

/**
 * Items of every page, one page in memory at a time. A list whose `count` is the total ends when
 * that many items were seen (the total is the body's `total` property), or at an empty page
 * (⌈N / size⌉ requests, also when the service serves smaller pages than asked); one whose `count`
 * is the number on the page ends at the first page shorter than asked. The route's `query` values
 * (such as `is_paged=true`, without which a list answers everything at once) go with every
 * request, over the caller's. A service that answers the same page twice (it ignores the
 * position) is an error, not an endless loop. Default page size: the largest the description allows.
 */
async function* pages(service: string, id: string, route: Route, input: Loose, operate: Operate): AsyncGenerator<unknown> {
  const { style, position: positionKey, size: sizeKey, items, count, total: totalKey, query: fixed, maxPageSize } = route.paging!;
  const query: Record<string, unknown> = { ...input.query, ...fixed };
  const size = Number(query[sizeKey] ?? maxPageSize ?? 100);
  query[sizeKey] = size;
  let position = Number(query[positionKey] ?? (style === 'page' ? 1 : 0));
  let seen = 0;
  let previous: string | undefined;
  for (;;) {
    const answer = await operate(id, route, { ...input, query: { ...query, [positionKey]: position } });
    const data = answer.data as Record<string, unknown> | undefined;
    const page = (Array.isArray(data?.[items]) ? data[items] : []) as unknown[];
    const first = page.length ? JSON.stringify(page[0]) : undefined;
    if (first !== undefined && first === previous) {
      throw new ViasResponseError(
        { service, method: route.method, path: route.path, status: answer.status },
        `the same page again for ${positionKey}=${position}: the list does not page as its description says`,
      );
    }
    previous = first;
    yield* page;
    seen += page.length;
    if (page.length === 0) return;
    if (count === 'total') {
      const total = data?.[totalKey ?? 'count'];
      if (typeof total === 'number' && seen >= total) return;
    } else if (page.length < size) return;
    position += style === 'page' ? 1 : page.length;
  }
}
