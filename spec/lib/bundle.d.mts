// Types of bundle.mjs: the bundled descriptions as data.
export type Json = any;

export interface NamedExample {
  name: string;
  summary?: string;
  value: Json;
  /** `x-seed`: the seed page the example is copied from. */
  seed?: string;
  /** `x-vendor-example`: the vendor value it is copied from. */
  vendor?: string;
  /** `x-vendor-example-repair`: how a vendor value that is not valid JSON was repaired to be embedded. */
  repair?: string;
  /** `x-source`, e.g. `catalogue`. */
  source?: string;
  /** `x-illustrative`: how a built example was made. */
  illustrative?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: Json;
  example?: Json;
  [extension: `x-${string}`]: Json;
}

export interface Operation {
  /** operationId */
  id: string;
  /** `x-vendor-operation-id`: the vendor's own operationId (e.g. `ShowTaskInfo`). */
  vendorOperationId?: string;
  /** `x-vendor-operation`: the definition file in spec/vendor/ (e.g. `VIAS/ListTasks.json`). */
  vendorOperation?: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS' | 'TRACE';
  path: string;
  summary?: string;
  tags: string[];
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: { required: boolean; schema: Json; examples: NamedExample[] };
  responses: Array<{ status: number; description?: string; schema?: Json; examples: NamedExample[]; source?: string }>;
}

export interface Webhook {
  /** The webhook's key under `webhooks` (e.g. `intrusionAlert`). */
  name: string;
  /** operationId (e.g. `receiveIntrusionAlert`). */
  id: string;
  method: Operation['method'];
  summary?: string;
  tags: string[];
  /** `x-event-types`: the `event_type` values the messages of this webhook carry. */
  eventTypes: number[];
  body?: { required: boolean; schema: Json; examples: NamedExample[] };
  /** Status keys as written (`200`, `4XX`). */
  responses: Array<{ status: string; description?: string }>;
}

export interface Generation {
  /** `openapi` (VIAS) or `vas`. */
  name: string;
  bundle: Json;
  operations: Operation[];
  /** The requests the service sends (OpenAPI 3.1 `webhooks`); none in VAS. */
  webhooks: Webhook[];
  deref: <T = Json>(node: T) => Json;
  yamlPath: string;
  jsonPath: string;
}

/** Any bundled OpenAPI 3.1 document as data (this package's, or another workspace's). */
export declare function describeBundle(bundle: Json, where: { name: string; yamlPath: string; jsonPath: string }): Generation;

/** Both documents: the current VIAS task API and the older VAS (IVA) job API. */
export declare const generations: { vias: Generation; vas: Generation };

// The VIAS document, under the names every consumer already uses.
export declare const bundle: Json;
export declare const operations: Operation[];
export declare const webhooks: Webhook[];
export declare const deref: Generation['deref'];
export declare const specYamlPath: string;
export declare const specJsonPath: string;
