// The comparison of the hand-authored description with the vendor's definitions (spec/vendor/),
// field by field: every parameter, property, `required`, type, pattern, length, range, item
// count, enum, default and format, and per operation its path, method, parameters, body and
// statuses. A difference is explained only by an `x-vendor-deviations` entry (`field.keyword` →
// why) on the schema, parameter or operation that differs. Shared by vendor.test.ts (which
// requires no unexplained difference and no stale deviation) and mutations.test.ts (which
// changes a definition and shows the comparison catching it).
import { GENERATIONS, generations, propertiesOf, requiredOf, type Generation, type Schema } from './bundle.js';
import { patternEnum, unicodePattern, vendorNode, vendorOperation, type Json } from './vendor.js';

const KEYWORDS = [
  'type', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'enum', 'default', 'format',
] as const;

/** The values a spec schema allows as an enumeration: `enum`, or the `const`s of a `oneOf`. */
const enumOf = (s: Schema): unknown[] | undefined => s.enum ?? s.oneOf?.map((o: Schema) => o.const);
const sameSet = (a: unknown[], b: unknown[]) => JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());

/** A definition node with its `allOf` parts merged (the file's `#/definitions/…` references resolved). */
function flatten(file: string, def: Json): Json {
  if (!def.allOf) return def;
  const parts = def.allOf.map((p: Json) => flatten(file, p.$ref ? vendorNode(`${file}${p.$ref}`) : p));
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((p: Json) => p.properties ?? {})),
    required: parts.flatMap((p: Json) => p.required ?? []),
  };
}

/**
 * Differences between one spec schema and one vendor schema node of `file`, as `at.keyword`
 * keys. For a parameter (`param`), `required` is the parameter's flag, compared by the caller.
 */
export function differences(g: Generation, file: string, specNode: Schema, def: Json, at = '', param = false): Map<string, string> {
  const out = new Map<string, string>();
  const { deref } = generations[g];
  const s = deref(specNode);
  const d = flatten(file, def);
  for (const k of KEYWORDS) {
    if (d[k] === undefined) {
      // A constraint the definition lacks is an addition; `default` and `format` are noted too.
      if (k !== 'type' && k !== 'enum' && s[k] !== undefined && !(k === 'pattern' && d.enum)) out.set(`${at}${k}`, `spec adds ${k}=${JSON.stringify(s[k])}`);
      continue;
    }
    if (k === 'type') {
      const types = [s.type ?? (enumOf(s) ? typeof enumOf(s)![0] : undefined)].flat();
      if (!types.includes(d.type)) out.set(`${at}type`, `definition ${d.type}, spec ${JSON.stringify(s.type)}`);
    } else if (k === 'pattern') {
      const alternatives = patternEnum(d.pattern);
      if (alternatives && enumOf(s)) {
        if (!sameSet(alternatives, enumOf(s)!)) out.set(`${at}enum`, `definition ${d.pattern}, spec ${JSON.stringify(enumOf(s))}`);
      } else if (unicodePattern(d.pattern) !== s.pattern) out.set(`${at}pattern`, `definition ${d.pattern}, spec ${s.pattern}`);
    } else if (k === 'enum') {
      if (!enumOf(s) || !sameSet(d.enum, enumOf(s)!)) out.set(`${at}enum`, `definition ${JSON.stringify(d.enum)}, spec ${JSON.stringify(enumOf(s))}`);
    } else if (JSON.stringify(d[k]) !== JSON.stringify(s[k])) {
      out.set(`${at}${k}`, `definition ${JSON.stringify(d[k])}, spec ${JSON.stringify(s[k])}`);
    }
  }
  if (!param && (d.required || requiredOf(s, g).length)) {
    if (!sameSet(d.required ?? [], requiredOf(s, g))) out.set(`${at}required`, `definition ${JSON.stringify(d.required ?? [])}, spec ${JSON.stringify(requiredOf(s, g))}`);
  }
  const props = propertiesOf(s, g);
  for (const [name, dp] of Object.entries<Json>(d.properties ?? {})) {
    const sp = props[name];
    if (!sp) {
      out.set(`${at}${name}`, 'missing from the spec');
      continue;
    }
    for (const [k, v] of nested(g, file, sp, dp, `${at}${name}.`)) out.set(k, v);
  }
  if (d.items) {
    if (!s.items) out.set(`${at}items`, 'spec has no items');
    else for (const [k, v] of nested(g, file, s.items, d.items, `${at}items.`)) out.set(k, v);
  }
  return out;
}

/** A property or item: a `$ref` on either side is checked by name; inline nodes are compared in place. */
export function nested(g: Generation, file: string, specNode: Schema, def: Json, at: string): Map<string, string> {
  const target = generations[g].deref(specNode);
  const mapped: string[] = target['x-vendor-definition'] ?? [];
  if (def.$ref) {
    // The referenced component must model a definition of that name from the same product.
    const name = def.$ref.replace('#/definitions/', '');
    const product = file.split('/')[0];
    const ok = mapped.some((m) => m.startsWith(`${product}/`) && m.endsWith(`#${name}`));
    return new Map(ok ? [] : [[`${at.slice(0, -1)}`, `definition refers to ${name}; the spec's schema does not model it`]]);
  }
  if (specNode.$ref && mapped.length) return new Map(); // a component that models this node itself
  return differences(g, file, specNode, def, at);
}

/** Every component of both documents that names the definitions it models. */
export const MAPPED = GENERATIONS.flatMap((g) =>
  Object.entries<Schema>(generations[g].bundle.components.schemas)
    .filter(([, s]) => s['x-vendor-definition'])
    .map(([name, s]) => ({ g, name, schema: s, refs: s['x-vendor-definition'] as string[], deviations: (s['x-vendor-deviations'] ?? {}) as Record<string, string> })),
);
export type Mapped = (typeof MAPPED)[number];

/** Compares a component with each definition it names; returns the unexplained differences and the unused deviations. */
export function compareComponent(c: Mapped) {
  const unexplained: string[] = [];
  const used = new Set<string>();
  for (const ref of c.refs) {
    for (const [key, why] of differences(c.g, ref.split('#')[0]!, c.schema, vendorNode(ref))) {
      if (key in c.deviations) used.add(key);
      else unexplained.push(`${c.name} ${key} (${ref}): ${why}`);
    }
  }
  return { unexplained, stale: Object.keys(c.deviations).filter((k) => !used.has(k)) };
}

/** Every operation of both documents that names its definition file (`x-vendor-operation`). */
export const OPS = GENERATIONS.flatMap((g) => generations[g].operations.filter((o) => o.vendorOperation).map((o) => ({ g, o })));
export type Op = (typeof OPS)[number]['o'];

/** The operation object itself, as written in the bundle (for its own `x-vendor-deviations`). */
const rawOperation = (g: Generation, o: Op) => generations[g].bundle.paths[o.path][o.method.toLowerCase()];

/**
 * Compares an operation with its definition: path, method, vendor operationId, parameters (set,
 * `required`, schema), body (presence, `required`, schema) and statuses (each definition status
 * documented, with the definition's body). Parameters the spec adds from a newer page carry
 * `x-source: page`. Status-level differences (`<status>.body`: the definition has a body the
 * spec does not, or the reverse; `<status>.type`: another JSON type) are explained by the
 * operation's own `x-vendor-deviations`, which must not go stale either; nor may the deviations
 * of its inline parameters (`stale` lists those as `<name> <keyword>`).
 */
export function compareOperation(g: Generation, o: Op) {
  const unexplained: string[] = [];
  const { path, method, op } = vendorOperation(o.vendorOperation!);
  if (`${o.method} ${o.path}` !== `${method} ${path}`) unexplained.push(`path: definition ${method} ${path}, spec ${o.method} ${o.path}`);
  if (o.vendorOperationId !== op.operationId) unexplained.push(`x-vendor-operation-id: definition ${op.operationId}, spec ${o.vendorOperationId}`);
  const specParams = [...o.pathParams, ...o.queryParams];
  const vendorParams = (op.parameters as Json[]).filter((p) => p.in === 'path' || p.in === 'query');
  const key = (p: Json) => `${p.in}:${p.name}`;
  const item = generations[g].bundle.paths[o.path];
  const inlineParams: Json[] = [...(item.parameters ?? []), ...(rawOperation(g, o).parameters ?? [])].filter((p: Json) => !p.$ref);
  const staleParams: string[] = [];
  for (const sp of specParams) {
    const inDefinition = vendorParams.some((vp) => key(vp) === key(sp));
    if (!inDefinition && sp['x-source'] !== 'page') unexplained.push(`parameter ${key(sp)}: not in the definition, and not marked x-source: page`);
    if (inDefinition && sp['x-source'] === 'page') unexplained.push(`parameter ${key(sp)}: in the definition, but marked x-source: page`);
  }
  for (const vp of vendorParams) {
    const sp = specParams.find((p) => key(p) === key(vp));
    if (!sp) {
      unexplained.push(`parameter ${key(vp)}: missing from the spec`);
      continue;
    }
    if (!!sp.required !== !!vp.required) unexplained.push(`${vp.name}.required`);
    const deviations = sp['x-vendor-deviations'] ?? {};
    const differ = differences(g, o.vendorOperation!, sp.schema, vp, '', true);
    for (const [k, why] of differ) if (!(k in deviations)) unexplained.push(`${vp.name} ${k}: ${why}`);
    // An inline parameter's deviations are this operation's alone; a component parameter's are
    // shared by the operations that use it (vendor.test.ts checks those across all of them).
    if (inlineParams.some((p) => key(p) === key(vp))) for (const k of Object.keys(deviations)) if (!differ.has(k)) staleParams.push(`${vp.name} ${k}`);
  }
  // The header X-Auth-Token is the `iam_token` security scheme; the body is compared through its schema.
  const body = (op.parameters as Json[]).find((p) => p.in === 'body');
  if (!!o.body !== !!body) unexplained.push(`request body: definition ${body ? 'has' : 'has none'}, spec ${o.body ? 'has' : 'has none'}`);
  if (body && o.body) {
    if (o.body.required !== !!body.required) unexplained.push(`request body required: definition ${!!body.required}, spec ${o.body.required}`);
    for (const [k, why] of nested(g, o.vendorOperation!, o.body.schema, body.schema, 'body.')) unexplained.push(`${k}: ${why}`);
  }
  const declared: Record<string, string> = rawOperation(g, o)['x-vendor-deviations'] ?? {};
  const found = new Set<string>();
  for (const [status, r] of Object.entries<Json>(op.responses)) {
    const sr = o.responses.find((x) => x.status === Number(status));
    if (!sr) {
      unexplained.push(`status ${status}: missing from the spec`);
      continue;
    }
    if (!!r.schema !== !!sr.schema) found.add(`${status}.body`);
    else if (r.schema?.$ref) for (const [k, why] of nested(g, o.vendorOperation!, sr.schema, r.schema, `${status}.`)) unexplained.push(`${k}: ${why}`);
    else if (r.schema && JSON.stringify([generations[g].deref(sr.schema).type].flat()) !== JSON.stringify([r.schema.type])) found.add(`${status}.type`);
  }
  for (const k of found) if (!(k in declared)) unexplained.push(`${k}: differs from the definition (declare it in the operation's x-vendor-deviations)`);
  const stale = [...Object.keys(declared).filter((k) => !found.has(k)), ...staleParams];
  return { unexplained, stale };
}
