// The bundled description as data: operations, statuses, examples and an ajv that
// validates against its schemas. Everything the suites iterate over comes from here,
// so a status or example added to the spec is tested without touching the tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// Resolved through the package, as any consumer would: the bundle, never the spec sources.
const require = createRequire(import.meta.url);
export const specYamlPath = require.resolve('@vias-openapi/spec/openapi.yaml');
export const specJsonPath = require.resolve('@vias-openapi/spec/openapi.json');
export const bundle = JSON.parse(readFileSync(specJsonPath, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Follows local `#/…` references of the bundle (parameters, responses, examples, schemas). */
export function deref(node) {
  while (node && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    const target = node.$ref.slice(2).split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], bundle);
    if (!target) throw new Error(`unresolved ${node.$ref}`);
    const { $ref, ...rest } = node;
    node = Object.keys(rest).length ? { ...target, ...rest } : target;
  }
  return node;
}

const examplesOf = (media) =>
  Object.entries(media?.examples ?? {}).map(([name, ex]) => ({ name, value: deref(ex).value }));

/** One entry per operation of the bundle, with its documented responses. */
export const operations = Object.entries(bundle.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => {
    const op = item[method];
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
    const body = op.requestBody && deref(op.requestBody);
    const bodyMedia = body?.content?.['application/json'];
    return {
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      pathParams: params.filter((p) => p.in === 'path'),
      security: op.security ?? bundle.security ?? [],
      body: body && { required: !!body.required, schema: bodyMedia.schema, examples: examplesOf(bodyMedia) },
      responses: Object.entries(op.responses).map(([status, r]) => {
        const media = deref(r).content?.['application/json'];
        return { status: Number(status), schema: media?.schema, examples: examplesOf(media) };
      }),
    };
  }),
);

export const operation = (id) => operations.find((o) => o.id === id) ?? assert(false, `no operation ${id}`);

/** Matches a concrete path (e.g. from a seed page) to its operation and path parameters. */
export function matchPath(method, urlPath) {
  for (const op of operations.filter((o) => o.method === method)) {
    const names = [];
    const re = new RegExp(`^${op.path.replace(/\{(\w+)\}/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
    const m = re.exec(urlPath);
    if (m) return { op, path: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return undefined;
}

/** Documented example of each path parameter (`example` on the parameter). */
export const pathExample = (op) => Object.fromEntries(op.pathParams.map((p) => [p.name, p.example ?? p.schema?.examples?.[0]]));

// ajv knows the component schemas as `vias#/$defs/…`: the bundle is an OpenAPI document,
// not a JSON Schema, so its `#/components/schemas/…` references are rewritten on the way in.
const rewrite = (node) =>
  Array.isArray(node) ? node.map(rewrite)
  : node && typeof node === 'object'
    ? Object.fromEntries(Object.entries(node).map(([k, v]) =>
        [k, k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', 'vias#/$defs/') : rewrite(v)]))
    : node;

const xKeywords = new Set();
(function collect(n) {
  if (Array.isArray(n)) n.forEach(collect);
  else if (n && typeof n === 'object') for (const [k, v] of Object.entries(n)) { if (k.startsWith('x-')) xKeywords.add(k); collect(v); }
})(bundle.components.schemas);

export function createAjv() {
  // strict, except strictTypes: the if/then rules put `properties` on branches whose `type` lives
  // on the parent schema, which is valid JSON Schema but trips ajv's type-locality heuristic.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary([...xKeywords]); // documented vendor extensions (x-enumDescriptions, …)
  ajv.addSchema({ $id: 'vias', $defs: rewrite(bundle.components.schemas) });
  return ajv;
}

export const ajv = createAjv();
const compiled = new WeakMap();

/** Compiles a schema taken from the bundle (memoised per schema object). */
export function validator(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(rewrite(schema)));
  return compiled.get(schema);
}

export function validate(schema, value) {
  const v = validator(schema);
  return v(value) ? null : ajv.errorsText(v.errors, { dataVar: 'body' });
}

function assert(ok, msg) {
  if (!ok) throw new Error(msg);
}
