// Request validation from the bundled description: ajv (2020-12, formats) through
// @vias-openapi/spec/validate, on the parameter and body schemas of each operation, compiled
// once per operation. This file assembles the schemas, reads the query as the description types
// it, and turns ajv's first error into a 400 naming the field.
import type { Operation, Parameter } from '@vias-openapi/spec/bundle';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CommonFaults } from './errors.js';
import type { Generation } from './generation.js';

type Json = any;

/** What the checks need of a document: its operations' schemas and a validator (a generation, or the control API). */
export type Described = Pick<Generation, 'spec' | 'validation'>;

/** How deep a body may nest: far beyond any schema of the descriptions, far below what recursive code handles. */
export const MAX_BODY_DEPTH = 64;

const COMPOSITE = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not', 'then', 'else']);

interface QueryParameter {
  /** `integer`, `number`, `boolean`, `string` or (for arrays) the item type. */
  type: string[];
  array: boolean;
}

export interface CheckedRequest {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** A parsed, validated request of one operation, or a 400. */
export type RequestCheck = (path: Record<string, string>, query: URLSearchParams, body: unknown, hasBody: boolean) => CheckedRequest;

const typesOf = (schema: Json): string[] => [schema?.type ?? []].flat();

/** The checks of one operation, compiled on its first request (a start compiles nothing). */
export function requestCheck(generation: Described, op: Operation, faults: Pick<CommonFaults, 'invalid'>): RequestCheck {
  let compiled: RequestCheck | undefined;
  return (path, query, body, hasBody) => (compiled ??= compile(generation, op, faults))(path, query, body, hasBody);
}

function compile(generation: Described, op: Operation, faults: Pick<CommonFaults, 'invalid'>): RequestCheck {
  const { deref } = generation.spec;
  const { validator } = generation.validation;
  const objectOf = (params: Parameter[]) => ({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required).map((p) => p.name),
  });
  const pathCheck = validator(objectOf(op.pathParams));
  const queryCheck = validator(objectOf(op.queryParams));
  const queryParams = new Map<string, QueryParameter>(
    op.queryParams.map((p) => {
      const schema = deref(p.schema ?? {});
      const array = typesOf(schema).includes('array');
      return [p.name, { array, type: typesOf(array ? deref(schema.items ?? {}) : schema) }];
    }),
  );
  const bodyCheck = op.body?.schema ? validator(op.body.schema) : undefined;
  const bodyRequired = op.body?.required ?? false;

  const check = (fn: ValidateFunction, value: unknown) => {
    if (fn(value)) return;
    const { field, detail } = describe(fn.errors ?? []);
    throw faults.invalid(field || 'body', detail);
  };

  return (path, search, body, hasBody) => {
    check(pathCheck, path);
    const query: Record<string, unknown> = {};
    for (const name of new Set(search.keys())) {
      const values = search.getAll(name);
      const param = queryParams.get(name);
      if (!param) {
        // Not described: passed through as text, as the service ignores what it does not know.
        query[name] = values.length > 1 ? values : values[0];
        continue;
      }
      if (param.array) query[name] = values.flatMap((v) => v.split(',')).map((v) => coerce(v, param.type));
      else if (values.length > 1) throw faults.invalid(name, `${name} is given more than once.`);
      else query[name] = coerce(values[0]!, param.type);
    }
    check(queryCheck, query);
    if (op.body) {
      if (!hasBody) {
        if (bodyRequired) throw faults.invalid('body', `${op.method} ${op.path} needs a JSON request body.`);
      } else if (bodyCheck) check(bodyCheck, body);
    }
    return { path, query, body };
  };
}

// A query string carries text; the schema says which parameters are numbers or booleans.
// Text that is not one is left as it is, for ajv to report.
function coerce(value: string, types: string[]): unknown {
  if (types.includes('integer') && /^-?\d+$/.test(value)) return Number(value);
  if (types.includes('number') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** JSON pointer to `a.b[0].c`. */
const fieldOf = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');

const target = (e: ErrorObject) =>
  e.instancePath +
  (e.keyword === 'required' ? `/${e.params.missingProperty}` : e.keyword === 'additionalProperties' ? `/${e.params.additionalProperty}` : '');

/**
 * ajv reports every failed keyword, composite ones (oneOf, if…) after their branches: the
 * deepest leaf error names the field; const errors at that field are merged into one list.
 */
export function describe(errors: ErrorObject[]): { field: string; detail: string } {
  const leaves = errors.filter((e) => !COMPOSITE.has(e.keyword));
  const pool = leaves.length ? leaves : errors;
  const first = pool.reduce((best, e) => (target(e).split('/').length > target(best).split('/').length ? e : best));
  const field = fieldOf(target(first));
  const name = field || 'the body';
  switch (first.keyword) {
    case 'required':
      return { field, detail: `${name} is required.` };
    case 'additionalProperties':
      return { field, detail: `${name} is not allowed here.` };
    case 'const': {
      const allowed = pool.filter((e) => e.keyword === 'const' && e.instancePath === first.instancePath).map((e) => JSON.stringify(e.params.allowedValue));
      return { field, detail: `${name} must be ${allowed.length > 1 ? 'one of ' : ''}${allowed.join(', ')}.` };
    }
    case 'enum':
      return { field, detail: `${name} must be one of ${(first.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.` };
    default:
      return { field, detail: `${name} ${first.message}.` };
  }
}
