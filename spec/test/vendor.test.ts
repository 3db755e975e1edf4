// The hand-authored description against the vendor's own definitions (spec/vendor/), field by
// field: every parameter, property, `required`, type, pattern, length, range, item count,
// enum, default and format. A difference fails unless the schema or parameter declares it in
// `x-vendor-deviations` (`field.keyword` → why), and a declared deviation that no longer
// differs fails too, so the list cannot go stale.
import { describe, expect, it } from 'vitest';
import { GENERATIONS, generations, propertiesOf, requiredOf, type Generation, type Schema } from './helpers/bundle.js';
import { patternEnum, unicodePattern, vendorFiles, vendorNode, vendorOperation, type Json } from './helpers/vendor.js';

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
function differences(g: Generation, file: string, specNode: Schema, def: Json, at = '', param = false): Map<string, string> {
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
function nested(g: Generation, file: string, specNode: Schema, def: Json, at: string): Map<string, string> {
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
const MAPPED = GENERATIONS.flatMap((g) =>
  Object.entries<Schema>(generations[g].bundle.components.schemas)
    .filter(([, s]) => s['x-vendor-definition'])
    .map(([name, s]) => ({ g, name, schema: s, refs: s['x-vendor-definition'] as string[], deviations: (s['x-vendor-deviations'] ?? {}) as Record<string, string> })),
);

/** Compares a component with each definition it names; returns the unexplained differences and the unused deviations. */
export function compareComponent(c: (typeof MAPPED)[number]) {
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

describe('the description against the vendor definitions', () => {
  it('models more than 40 definitions', () => {
    expect(MAPPED.flatMap((c) => c.refs).length).toBeGreaterThan(40);
  });

  it.each(MAPPED.map((c) => [`${c.g} ${c.name}`, c] as const))('%s matches every definition it names', (_, c) => {
    const { unexplained, stale } = compareComponent(c);
    expect(unexplained.join('\n')).toBe('');
    expect(stale.join(', '), 'declared deviations that no longer differ').toBe('');
  });

  it('every definition of every operation file is modelled (or is identical to one that is)', () => {
    const modelled = MAPPED.flatMap((c) => c.refs.map((r) => [r, vendorNode(r)] as const));
    const missing: string[] = [];
    for (const [file, doc] of Object.entries<Json>(vendorFiles)) {
      for (const [name, def] of Object.entries<Json>(doc.definitions ?? {})) {
        const gen = file.split('/')[0];
        const same = modelled.some(([r, node]) => r.startsWith(`${gen}/`) && r.endsWith(`#${name}`) && JSON.stringify(node) === JSON.stringify(def));
        if (!same) missing.push(`${file}#${name}`);
      }
    }
    expect(missing.join('\n')).toBe('');
  });

  const OPS = GENERATIONS.flatMap((g) => generations[g].operations.filter((o) => o.vendorOperation).map((o) => ({ g, o })));

  it('every vendor operation file is the source of one operation', () => {
    expect(OPS.map(({ o }) => o.vendorOperation).sort()).toEqual(Object.keys(vendorFiles).sort());
  });

  it.each(OPS.map(({ g, o }) => [`${g} ${o.id} (${o.vendorOperation})`, g, o] as const))('%s: path, method, parameters, body and statuses', (_, g, o) => {
    const { path, method, op } = vendorOperation(o.vendorOperation!);
    expect(`${o.method} ${o.path}`).toBe(`${method} ${path}`);
    expect(o.vendorOperationId, 'x-vendor-operation-id').toBe(op.operationId);
    const specParams = [...o.pathParams, ...o.queryParams];
    const vendorParams = (op.parameters as Json[]).filter((p) => p.in === 'path' || p.in === 'query');
    expect(specParams.map((p) => `${p.in}:${p.name}`).sort(), 'parameters').toEqual(vendorParams.map((p) => `${p.in}:${p.name}`).sort());
    const unexplained: string[] = [];
    for (const vp of vendorParams) {
      const sp = specParams.find((p) => p.name === vp.name && p.in === vp.in)!;
      if (!!sp.required !== !!vp.required) unexplained.push(`${vp.name}.required`);
      const deviations = sp['x-vendor-deviations'] ?? {};
      for (const [key, why] of differences(g, o.vendorOperation!, sp.schema, vp, '', true)) if (!(key in deviations)) unexplained.push(`${vp.name} ${key}: ${why}`);
    }
    expect(unexplained.join('\n')).toBe('');
    // The header X-Auth-Token is the `iam_token` security scheme; the body is compared through its schema.
    const body = (op.parameters as Json[]).find((p) => p.in === 'body');
    expect(!!o.body, 'request body').toBe(!!body);
    if (body) {
      expect(o.body!.required).toBe(!!body.required);
      expect([...nested(g, o.vendorOperation!, o.body!.schema, body.schema, 'body.').values()].join('\n'), 'body schema models the definition').toBe('');
    }
    for (const [status, r] of Object.entries<Json>(op.responses)) {
      const sr = o.responses.find((x) => x.status === Number(status));
      expect(sr, `status ${status}`).toBeDefined();
      if (!r.schema) expect(sr!.schema, `${status} has no body`).toBeUndefined();
      else if (r.schema.$ref) expect([...nested(g, o.vendorOperation!, sr!.schema, r.schema, `${status}.`).values()].join('\n'), `${status} body`).toBe('');
      else expect(generations[g].deref(sr!.schema).type, `${status} body type`).toBe(r.schema.type);
    }
  });

  it('parameter deviations are used (none stale)', () => {
    const declared = GENERATIONS.flatMap((g) =>
      Object.values<Schema>(generations[g].bundle.components.parameters).flatMap((p) => Object.keys(p['x-vendor-deviations'] ?? {}).map((k) => ({ g, p, k }))),
    );
    expect(declared.length).toBeGreaterThan(0);
    for (const { g, p, k } of declared) {
      const differs = OPS.filter((x) => x.g === g).some(({ o }) => {
        const vp = (vendorOperation(o.vendorOperation!).op.parameters as Json[]).find((v) => v.name === p.name && v.in === p.in);
        return vp && differences(g, o.vendorOperation!, p.schema, vp, '', true).has(k);
      });
      expect(differs, `${g} parameter ${p.name}: deviation ${k} no longer differs`).toBe(true);
    }
  });
});
