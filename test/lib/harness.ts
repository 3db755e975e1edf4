// What every contract test needs: each document's mock URL, a real client of that generation
// pointed at it, and the violations Prism reported for each request the client sent.
import { createVasClient, createViasClient, VasApiError, ViasApiError, type ViasClient, type ViasClientOptions } from '@vias-openapi/client';
import { inject } from 'vitest';
import { generation, pathExample } from './spec.mjs';

export const PROJECT_ID = '6204a5bd270343b5885144cf9c8c158d';
/** A deadline that only a hang reaches (10 min), where a test is not about deadlines. */
export const BACKSTOP_MS = 600_000;
export const prismUrl = inject('prismUrl');
// Long enough that the client's redaction of it never touches the text of an error message.
export const TOKEN = 'contract-suite-token';

/** A client of either generation, as the tests use it: methods by operationId, withResponse, raw. */
export type AnyClient = Record<string, unknown> & { withResponse: Record<string, unknown>; raw: Record<string, unknown> };

/** The two documents under test: their operations, schemas, mock and client. */
export const GENERATIONS = [
  { ...generation('vias'), title: 'VIAS', mockUrl: prismUrl, ApiError: ViasApiError, create: createViasClient },
  { ...generation('vas'), title: 'VAS', mockUrl: inject('vasPrismUrl'), ApiError: VasApiError, create: createVasClient },
].map((g) => ({
  ...g,
  client: (options: Partial<ViasClientOptions> = {}) =>
    g.create({
      endpoint: g.mockUrl,
      projectId: PROJECT_ID,
      auth: { token: TOKEN },
      retry: false, // the mock answers 503 on request
      timeoutMs: BACKSTOP_MS, // no test here is about the client's timeout: a busy machine must not trip it
      fetch: recordingFetch,
      ...options,
    } as ViasClientOptions) as unknown as AnyClient,
}));
export type Generation = (typeof GENERATIONS)[number];

export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** Does a violation point at a mutated field? (`required` is reported on the parent object.) */
export function namesField(v: Violation, m: { keyword: string; at: (string | number)[] }): boolean {
  // Prism's location is ['request', 'body', …ajv's instancePath segments, JSON-pointer escaped].
  const escape = (k: string | number) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');
  const same = (path: (string | number)[]) =>
    v.location.length === path.length + 2 && path.every((k, i) => v.location[i + 2] === escape(k));
  if (m.keyword === 'required') return same(m.at.slice(0, -1)) && v.message.includes(`'${m.at.at(-1)}'`);
  return same(m.at);
}

export const parseViolations = (header: string | null): Violation[] => (header ? JSON.parse(header) : []);

// The client does not expose response headers, and Prism says what it rejected only in
// `sl-violations`: the injected fetch files that header under the request's `X-Case` header.
const seen = new Map<string, Violation[]>();
let caseCounter = 0;
export const newCase = () => `case-${++caseCounter}`;
export const violationsOf = (caseId: string) => seen.get(caseId) ?? [];

function recordingFetch(input: string, init: RequestInit): Promise<Response> {
  return fetch(input, init).then((response) => {
    const caseId = new Headers(init?.headers).get('X-Case');
    if (caseId) seen.set(caseId, parseViolations(response.headers.get('sl-violations')));
    return response;
  });
}

export function viasClient(options: Partial<ViasClientOptions> = {}): ViasClient {
  return GENERATIONS[0]!.client(options) as unknown as ViasClient;
}
/** A request the mock accepts: the documented path parameter examples and first body example. */
export function exampleInput(op: { pathParams: unknown[]; queryParams?: { name: string; required?: boolean; example?: unknown }[]; body?: { examples: { value: unknown }[] } }) {
  const { project_id: _, ...path } = pathExample(op);
  const required = (op.queryParams ?? []).filter((p) => p.required && p.example !== undefined);
  const query = Object.fromEntries(required.map((p) => [p.name, p.example]));
  return { path, ...(required.length && { query }), ...(op.body && { body: op.body.examples[0]?.value }) };
}

/** Calls an operation by its operationId (the tests iterate over the spec, not over names). */
export function callOperation(vias: ViasClient | AnyClient, id: string, input: object): Promise<unknown> {
  const method = (vias as unknown as Record<string, (input: object) => Promise<unknown>>)[id];
  if (typeof method !== 'function') throw new Error(`the client has no method ${id}`);
  return method(input);
}

/** Resolves with the thrown error, or fails the test with the data the call resolved to. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    const data = await promise;
    throw new Error(`expected a thrown error, got data: ${JSON.stringify(data)?.slice(0, 300)}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('expected a thrown error')) throw error;
    return error;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The seed of the generated cases: fixed for reproducible CI runs, VIAS_SEED to explore. */
export const SEED = process.env.VIAS_SEED ? Number(process.env.VIAS_SEED) : 20250228;
