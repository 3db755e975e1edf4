// Provider mode's plan, derived from the description alone: which requests a run sends, in
// which order, and with which path parameters and bodies.
//
// - Phases: creates (operations whose 2xx response has `links`), then reads (GET), updates,
//   commands (an operation with an enum path parameter such as `command`, or a literal last
//   segment under a resource path: `…/{task_id}/start`), deletes (DELETE) last.
// - The links of each create's answer (a documented success that conforms) carry the created
//   IDs into the operations they name: each read, update and command uses the first create
//   whose answer linked to it; each create that answered gets its own deletes, newest first,
//   except that whatever a body named goes after everything that named it (deleteOrder). A
//   parameter no link gives comes from `--param`, else from the spec's example.
// - Each named request example is one request; an enum path parameter not given by `--param`
//   is one request per value, `stop` before `start` (a created task runs, so it is stopped
//   first, then started again).
// - A body's `name` gets a suffix unique to the run and the request (`-<run id><n>`), checked
//   with the spec's ajv, so a run never collides with an earlier one or with itself.
// - A body property the description marks `x-identifies: { operationId, parameter }` holds the
//   ID of a resource (a task's video source, a group's members, a deployment's pool): it gets
//   the value the run's links gave that operation's parameter, and a create that needs one runs
//   after the create that gives it.
import { randomBytes } from 'node:crypto';

export const PHASES = /** @type {const} */ (['create', 'read', 'update', 'command', 'delete']);

const isParam = (segment) => /^\{\w+\}$/.test(segment ?? '');

/** The links of `op`'s 2xx responses whose target is an operation of `doc`: `[{ name, status, operationId, parameters }]`. */
export function linksOf(doc, op) {
  const node = doc.bundle.paths[op.path][op.method.toLowerCase()];
  const known = new Set(doc.operations.map((o) => o.id));
  return Object.entries(node.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .flatMap(([status, response]) =>
      Object.entries(doc.deref(response).links ?? {}).map(([name, link]) => ({ name, status: Number(status), ...doc.deref(link) })),
    )
    .filter((link) => known.has(link.operationId));
}

/** An enum path parameter's values, in the order a run sends them: `stop` before `start`, the rest as listed. */
const enumValues = (param) => {
  const values = param.schema?.enum ?? [];
  const rank = (v) => (v === 'stop' ? 0 : v === 'start' ? 1 : 2);
  return [...values].sort((a, b) => rank(a) - rank(b));
};
const verbRank = (request) => {
  const verb = Object.values(request.fixed).find((v) => v === 'stop' || v === 'start') ?? request.op.path.split('/').at(-1);
  return verb === 'stop' ? 0 : 1;
};

/** `create`, `read`, `update`, `command` or `delete`, from the operation's shape in `doc`. */
export function phaseOf(doc, op) {
  if (linksOf(doc, op).length) return 'create';
  if (op.method === 'GET') return 'read';
  if (op.method === 'DELETE') return 'delete';
  if (op.pathParams.some((p) => p.schema?.enum)) return 'command';
  const segments = op.path.split('/');
  const parent = segments.slice(0, -1).join('/');
  if (!isParam(segments.at(-1)) && isParam(segments.at(-2)) && doc.operations.some((o) => o.path === parent)) return 'command';
  return 'update';
}

/**
 * The requests of a run over `ops` (the operations to send, in document order), by phase:
 * `{ create, read, update, command, delete }`, each a list of `{ op, label, body, fixed }`
 * (`fixed`: path parameters the request itself sets, an enum value). `given`: the path
 * parameters of `--param`/`--project`.
 * @returns {Record<(typeof PHASES)[number], { op: any, label: string, body: any, fixed: Record<string, string> }[]>}
 */
export function planRequests(doc, ops, given = {}) {
  const phases = /** @type {ReturnType<typeof planRequests>} */ (Object.fromEntries(PHASES.map((p) => [p, []])));
  for (const op of ops) {
    const enums = op.pathParams.filter((p) => p.schema?.enum && !(p.name in given));
    let variants = [{}];
    for (const param of enums) variants = variants.flatMap((v) => enumValues(param).map((value) => ({ ...v, [param.name]: value })));
    const bodies = op.body?.examples.length ? op.body.examples : [undefined];
    for (const fixed of variants) {
      for (const example of bodies) {
        const extra = [example?.name, ...Object.values(fixed)].filter(Boolean).join(', ');
        phases[phaseOf(doc, op)].push({ op, label: extra ? `${op.id} (${extra})` : op.id, body: example?.value, fixed });
      }
    }
  }
  phases.command.sort((a, b) => verbRank(a) - verbRank(b)); // stable: the document's order otherwise
  phases.create = orderCreates(doc, phases.create);
  return phases;
}

/** The key of what a link gives: `<operationId>.<parameter>`. */
const keyOf = (operationId, parameter) => `${operationId}.${parameter}`;

/** The schema of `key` in an object schema, through $ref, allOf, oneOf and anyOf (the first that has it). */
function propertySchema(doc, schema, key, seen = new Set()) {
  const node = doc.deref(schema);
  if (!node || typeof node !== 'object' || seen.has(node)) return undefined;
  seen.add(node);
  if (node.properties?.[key]) return doc.deref(node.properties[key]);
  for (const part of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])]) {
    const found = propertySchema(doc, part, key, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * Walks `body` beside its schema and calls `visit(mark, value, replace)` for every value the
 * schema marks `x-identifies` (a property, or an array's items); `replace(v)` puts `v` there.
 */
function identified(doc, schema, body, visit) {
  (function walk(value, node, replace) {
    const resolved = node && doc.deref(node);
    if (!resolved) return;
    const mark = resolved['x-identifies'];
    if (mark && (typeof value === 'string' || typeof value === 'number')) return visit(mark, value, replace);
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, resolved.items, (v) => (value[i] = v)));
    else if (value && typeof value === 'object') for (const key of Object.keys(value)) walk(value[key], propertySchema(doc, resolved, key), (v) => (value[key] = v));
  })(body, schema, () => {});
}

/** What a request's body needs from the run (`<operationId>.<parameter>` keys of its marked values). */
export function needsOf(doc, request) {
  const needs = new Set();
  if (request.body !== undefined) identified(doc, request.op.body?.schema, structuredClone(request.body), (mark) => needs.add(keyOf(mark.operationId, mark.parameter)));
  return needs;
}

/** What a create's links give (`<operationId>.<parameter>` keys). */
export function givesOf(doc, op) {
  return new Set(linksOf(doc, op).flatMap((link) => Object.keys(link.parameters ?? {}).map((name) => keyOf(link.operationId, name.replace(/^path\./, '')))));
}

/** The creates in an order where each runs after the creates that give what its body needs (otherwise as listed). */
export function orderCreates(doc, creates) {
  const gives = creates.map((request) => givesOf(doc, request.op));
  const needs = creates.map((request) => needsOf(doc, request));
  const done = new Set();
  const out = [];
  while (out.length < creates.length) {
    // The first not yet placed whose needs no unplaced create gives (a cycle: the first unplaced).
    const ready = creates.findIndex((_, i) => !done.has(i) && ![...needs[i]].some((key) => creates.some((__, j) => j !== i && !done.has(j) && gives[j].has(key))));
    const next = ready === -1 ? creates.findIndex((_, i) => !done.has(i)) : ready;
    done.add(next);
    out.push(creates[next]);
  }
  return out;
}

/** `body` with each marked ID replaced by what the run's creates gave (`known`: key → value). */
export function withKnownIds(doc, schema, body, known) {
  if (body === undefined || !schema) return body;
  const copy = structuredClone(body);
  identified(doc, schema, copy, (mark, _, replace) => {
    const value = known.get(keyOf(mark.operationId, mark.parameter));
    if (value !== undefined) replace(value);
  });
  return copy;
}

/**
 * The order to delete what a run created: newest first, except that whatever a body names (a
 * task's video source, a group's members) goes after everything that names it. `count`: how
 * many resources were created (indices in order of creation); `dependsOn`: index → the indices
 * its requests' bodies named.
 */
export function deleteOrder(count, dependsOn) {
  const order = [];
  const left = Array.from({ length: count }, (_, i) => count - 1 - i);
  const namedBy = (i) => left.filter((j) => j !== i && dependsOn.get(j)?.has(i));
  while (left.length) {
    const next = left.findIndex((i) => namedBy(i).length === 0);
    order.push(...left.splice(next === -1 ? 0 : next, 1)); // a cycle: newest first
  }
  return order;
}

/** A fresh run ID: 6 lower-case letters and digits (fits any name pattern that takes them). */
export const newRunId = () => [...randomBytes(6)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/**
 * `body` with its `name` made unique by `tag` (`<name>-<tag>`, the name cut short if the schema
 * needs it), as long as the spec's ajv accepts the result; `{ body, renamed }`. A body without a
 * string `name`, or where no such name is valid, comes back as it was (`renamed: false`).
 */
export function withUniqueName(body, schema, validate, tag) {
  if (!body || typeof body !== 'object' || typeof body.name !== 'string' || !schema) return { body, renamed: false };
  const base = body.name;
  for (let keep = base.length; keep >= 0; keep--) {
    const name = keep ? `${base.slice(0, keep)}-${tag}` : tag;
    const candidate = { ...body, name };
    if (!validate(schema, candidate)) return { body: candidate, renamed: true };
  }
  return { body, renamed: false };
}

/** The node at a JSON pointer (`/tasks/0/id`; `''` is the whole document). */
function atPointer(value, pointer) {
  if (pointer === '') return value;
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? node[key] : undefined), value);
}

/**
 * An OpenAPI runtime expression (`$response.body#/tasks/0/id`, `$request.path.service_name`,
 * `$response.header.Location`, `$statusCode`, `$method`, `$url`; a string with `{$…}` parts; or
 * a constant) evaluated on one exchange: `{ url, method, request: { path, query, headers, body },
 * response: { status, headers, body } }`. Undefined when it names nothing.
 */
export function evaluate(expression, exchange) {
  if (typeof expression !== 'string') return expression;
  if (!expression.startsWith('$')) {
    if (!/\{\$[^}]+\}/.test(expression)) return expression;
    return expression.replace(/\{(\$[^}]+)\}/g, (_, inner) => String(evaluate(inner, exchange) ?? ''));
  }
  if (expression === '$url') return exchange.url;
  if (expression === '$method') return exchange.method;
  if (expression === '$statusCode') return exchange.response.status;
  const m = /^\$(request|response)\.(path|query|header|body)(?:\.([^#]+)|#(.*))?$/.exec(expression);
  if (!m) return undefined;
  const [, side, part, name, pointer] = m;
  const source = exchange[side] ?? {};
  if (part === 'body') return pointer === undefined ? source.body : atPointer(source.body, pointer);
  if (part === 'header') {
    const wanted = String(name).toLowerCase();
    const found = Object.entries(source.headers ?? {}).find(([k]) => k.toLowerCase() === wanted)?.[1];
    return Array.isArray(found) ? found[0] : found;
  }
  return source[part]?.[name];
}

/** The path parameters each link of `links` gives its target, evaluated on `exchange`: `{ [operationId]: params }`. */
export function linkedParams(links, exchange) {
  const out = {};
  for (const link of links) {
    if (link.status !== exchange.response.status) continue;
    const params = {};
    for (const [name, expression] of Object.entries(link.parameters ?? {})) {
      // `path.x` / `query.x` name the location explicitly; path parameters are what runs use.
      const key = name.replace(/^path\./, '');
      const value = evaluate(expression, exchange);
      if ((typeof value === 'string' && value !== '') || typeof value === 'number') params[key] = String(value);
    }
    if (Object.keys(params).length) out[link.operationId] = params;
  }
  return out;
}
