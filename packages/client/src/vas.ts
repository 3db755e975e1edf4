import type { Client } from 'openapi-fetch';
import { createServiceClient, type ClientOptions } from './core.js';
import { VasApiError } from './errors.js';
import { errorCodeList, routes, servers } from './generated/vas/operations.js';
import type { operations, paths } from './generated/vas/schema.js';
import type { ClientPaths, OperationMethods, PaginateMethods, ResponseMethods, WithoutProjectId } from './operations.js';

// The older generation, VAS (host iva.{region}, "IVA" error codes): createVasClient. Its service
// jobs live under /v2/{project_id}/services/{service_name}/tasks; create answers 201 with a bare
// array, delete/start/stop answer 202 without a body, errors have two fields.

export type VasOperations = { [K in keyof operations]: WithoutProjectId<operations[K]> };
export type VasPaths = ClientPaths<paths>;
/** A region the VAS description documents. */
export type VasRegion = (typeof servers)[number]['regions'][number];
export type VasClientOptions = ClientOptions<VasRegion>;

export type VasClient = OperationMethods<VasOperations> & {
  /** The same operations, answering `{ data, status, headers, requestId }`. */
  readonly withResponse: ResponseMethods<VasOperations>;
  /** The list operations as async iterators over their items (offset/limit paging, `count` is the total). */
  readonly paginate: PaginateMethods<VasOperations, typeof routes>;
  /** openapi-fetch's client: `{ data, error, response }`, no throw on an HTTP status. */
  readonly raw: Client<VasPaths>;
};

const vas = { service: 'VAS', factory: 'createVasClient', routes, servers, errorCodes: errorCodeList, ApiError: VasApiError };

/** A client of the older VAS generation (host `iva.{region}`): one method per operation of its description. */
export function createVasClient(options: VasClientOptions): VasClient {
  const { raw, methods, withResponse, paginate } = createServiceClient(vas, options);
  return { ...methods, withResponse, paginate, raw } as unknown as VasClient;
}
