// Request validation from the bundled spec: ajv (2020-12, formats, strict) through
// @vias-openapi/spec/validate, on the parameter and body schemas of each operation. This file
// only assembles the schemas and turns ajv's first error into a VIAS 400 naming the field.
import { bundle, deref, operations } from '@vias-openapi/spec/bundle';
import { validator } from '@vias-openapi/spec/validate';
import { invalid } from './errors.mjs';

const COMPOSITE = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not', 'then', 'else']);

/** Per operationId: path and query parameters as object schemas, and the body. */
function schemasOf(op) {
  const item = bundle.paths[op.path];
  const params = new Map();
  for (const p of [...(item.parameters ?? []), ...(item[op.method.toLowerCase()].parameters ?? [])].map(deref)) {
    params.set(`${p.in}:${p.name}`, p);
  }
  const objectOf = (where) => {
    const list = [...params.values()].filter((p) => p.in === where);
    return {
      names: list.map((p) => p.name),
      types: Object.fromEntries(list.map((p) => [p.name, deref(p.schema ?? {}).type])),
      schema: {
        type: 'object',
        properties: Object.fromEntries(list.map((p) => [p.name, p.schema ?? {}])),
        required: list.filter((p) => p.required).map((p) => p.name),
      },
    };
  };
  return { path: objectOf('path'), query: objectOf('query'), body: op.body };
}

const byId = new Map(operations.map((op) => [op.id, { op, ...schemasOf(op) }]));

// A query string carries text; the schema says which parameters are numbers or booleans.
// Text that is not one is left as it is, for ajv to report.
function coerce(value, type) {
  const types = [type].flat();
  if (types.includes('integer') && /^-?\d+$/.test(value)) return Number(value);
  if (types.includes('number') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * Validates path, query and body of a request to `operationId`; returns the query with its
 * numbers and booleans parsed. Throws a VIAS 400 (VIAS.00010001) naming the first offending field.
 */
export function validateRequest(operationId, { path, query, body, bodyText }) {
  const { op, path: pathSpec, query: querySpec, body: bodySpec } = byId.get(operationId);
  check(pathSpec.schema, path, '');

  const typedQuery = {};
  for (const [name, raw] of Object.entries(query)) {
    if (Array.isArray(raw)) throw invalid(name, `${name} is given more than once.`);
    typedQuery[name] = name in querySpec.types ? coerce(String(raw), querySpec.types[name]) : raw;
  }
  check(querySpec.schema, typedQuery, '');

  if (bodySpec) {
    if (bodyText === '') {
      if (bodySpec.required) throw invalid('body', `${op.method} ${op.path} needs a JSON request body.`);
    } else if (bodySpec.schema) {
      check(bodySpec.schema, body, '');
    }
  }
  return typedQuery;
}

function check(schema, value, prefix) {
  const fn = validator(schema);
  if (fn(value)) return;
  const { field, detail } = describe(fn.errors);
  throw invalid(prefix + field || 'body', detail);
}

/** JSON pointer to `a.b[0].c`. */
const fieldOf = (pointer) =>
  pointer
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');

/**
 * ajv reports every failed keyword, composite ones (oneOf, if…) after their branches: the
 * deepest leaf error names the field; const errors at that field are merged into one list.
 */
function describe(errors) {
  const leaves = errors.filter((e) => !COMPOSITE.has(e.keyword));
  const pool = leaves.length ? leaves : errors;
  const target = (e) =>
    e.instancePath + (e.keyword === 'required' ? `/${e.params.missingProperty}` : e.keyword === 'additionalProperties' ? `/${e.params.additionalProperty}` : '');
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
      return { field, detail: `${name} must be one of ${first.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}.` };
    default:
      return { field, detail: `${name} ${first.message}.` };
  }
}
