// Schema-driven data for the property layer: fast-check arbitraries derived from the
// bundle's schemas, and a catalogue of single-constraint mutations of a valid value.
// Only the JSON Schema the bundle uses is covered; anything else fails loudly.
// `schemaTools(generation)` binds them to one document (VIAS or VAS); the plain exports use VIAS.
import fc from 'fast-check';
import { generation as vias } from './spec.mjs';

/** `{ arbitrary, mutations, applyMutation }` for the schemas of one generation's document. */
export function schemaTools({ deref, validator }) {

  /** allOf as generation needs it: required unioned, properties/items merged, if/then kept in allOf. */
  function merge(a, b) {
    a = flat(a);
    b = flat(b);
    const out = { ...a, ...b };
    if (a.required || b.required) out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
    if (a.properties && b.properties) {
      out.properties = { ...a.properties };
      for (const [k, v] of Object.entries(b.properties)) out.properties[k] = a.properties[k] ? merge(a.properties[k], v) : v;
    }
    if (a.items && b.items) out.items = merge(a.items, b.items);
    if (a.allOf || b.allOf) out.allOf = [...(a.allOf ?? []), ...(b.allOf ?? [])];
    return out;
  }

  /** Resolves $ref (keeping sibling keywords) and folds plain allOf parts; leaves only if/then parts. */
  function flat(s) {
    if (s === true || s == null) return {};
    if (s.$ref) {
      const { $ref, ...rest } = s;
      return merge(deref({ $ref }), rest);
    }
    if (!s.allOf?.some((p) => !p.if)) return s;
    const { allOf, ...rest } = s;
    return allOf.reduce((acc, p) => (p.if ? { ...acc, allOf: [...(acc.allOf ?? []), p] } : merge(acc, p)), rest);
  }

  /** The schema that applies to `value`: its if/then rules and its `oneOf` of objects resolved against it. */
  function effective(schema, value) {
    const { allOf = [], ...base } = flat(schema);
    const resolved = allOf.reduce((acc, rule) => {
      const branch = validator(rule.if)(value) ? rule.then : rule.else;
      return branch ? merge(acc, branch) : acc;
    }, base);
    if (!variantsOf(resolved)) return resolved;
    const { oneOf, discriminator: _, ...rest } = resolved;
    const chosen = oneOf.find((branch) => validator(branch)(value));
    return chosen ? merge(rest, chosen) : rest;
  }

  /** The branches of a `oneOf` of object schemas (a task input by its `type`), not a `oneOf` of `const`s. */
  const variantsOf = (s) => (s.oneOf?.length && !s.oneOf.every((o) => 'const' in o) ? s.oneOf : undefined);

  // fast-check cannot generate from lookaround assertions: generate from the pattern without
  // them and keep only strings the full pattern accepts (ajv rechecks every body anyway).
  function stripLookarounds(p) {
    let out = '';
    for (let i = 0; i < p.length; i++) {
      if (p[i] === '\\') { out += p[i] + p[++i]; continue; }
      if (p[i] === '[') { const j = classEnd(p, i); out += p.slice(i, j + 1); i = j; continue; }
      if (/^\(\?(=|!|<=|<!)/.test(p.slice(i))) { i = groupEnd(p, i); continue; }
      out += p[i];
    }
    return out;
  }
  function classEnd(p, i) {
    for (i++; i < p.length; i++) if (p[i] === '\\') i++; else if (p[i] === ']') return i;
    throw new Error(`unterminated class in ${p}`);
  }
  function groupEnd(p, i) {
    for (let depth = 0; i < p.length; i++) {
      if (p[i] === '\\') i++;
      else if (p[i] === '[') i = classEnd(p, i);
      else if (p[i] === '(') depth++;
      else if (p[i] === ')' && --depth === 0) return i;
    }
    throw new Error(`unbalanced group in ${p}`);
  }

  const typeOf = (s) => s.type ?? (s.properties || s.required ? 'object' : s.items ? 'array' : undefined);
  const enumOf = (s) => ('const' in s ? [s.const] : s.enum ?? (s.oneOf?.every((o) => 'const' in o) ? s.oneOf.map((o) => o.const) : undefined));

  const FORMATS = {
    'date-time': () =>
      fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    uri: () => fc.webUrl(),
    ipv4: () => fc.ipV4(),
    ipv6: () => fc.ipV6(),
    uuid: () => fc.uuid(),
    email: () => fc.emailAddress(),
    password: () => fc.string({ minLength: 1, maxLength: 40 }), // an annotation only: any string
  };

  function stringArb(s) {
    const [min, max] = [s.minLength ?? 0, s.maxLength ?? Infinity];
    const fits = (x) => [...x].length >= min && [...x].length <= max;
    if (s.format) {
      const byFormat = FORMATS[s.format];
      if (!byFormat) throw new Error(`no arbitrary for format ${s.format}`);
      const full = s.pattern && new RegExp(s.pattern, 'u');
      return byFormat().filter((x) => fits(x) && (!full || full.test(x)));
    }
    if (s.pattern) {
      const full = new RegExp(s.pattern, 'u');
      return fc.stringMatching(new RegExp(stripLookarounds(s.pattern))).filter((x) => full.test(x) && fits(x));
    }
    return fc.string({ minLength: min, maxLength: Math.min(max, min + 40) });
  }

  /** A fast-check arbitrary of values valid against `schema` (as far as the subset goes). */
  function arbitrary(schema) {
    const s = flat(schema);
    if (s.allOf?.length) {
      // if/then rules: draw the object without them, then redraw it under the rules the draw
      // selected, with the properties those rules test pinned to the drawn values.
      const { allOf, ...base } = s;
      const keys = new Set(allOf.flatMap((r) => [...Object.keys(r.if.properties ?? {}), ...(r.if.required ?? [])]));
      return arbitrary(base).chain((v) => {
        const eff = effective(s, v);
        const properties = { ...eff.properties };
        for (const k of keys) if (k in v) properties[k] = { const: v[k] }; else delete properties[k];
        return arbitrary({ ...eff, properties });
      });
    }
    const values = enumOf(s);
    if (values) return fc.constantFrom(...values);
    const variants = variantsOf(s);
    if (variants) {
      // A `oneOf` of objects: draw a branch, then a value of the schema merged with it.
      const { oneOf: _, discriminator: __, ...base } = s;
      return fc.oneof(...variants.map((branch) => arbitrary(merge(base, branch))));
    }
    const type = typeOf(s);
    if (Array.isArray(type)) return fc.oneof(...type.map((t) => arbitrary({ ...s, type: t })));
    switch (type) {
      case 'null': return fc.constant(null);
      case 'boolean': return fc.boolean();
      case 'integer': {
        // fc.integer takes 32-bit bounds; a narrower valid range is still valid (int64 fields).
        const min = Math.max(s.minimum ?? (s.maximum ?? 0) - 1e6, -(2 ** 31));
        return fc.integer({ min, max: Math.min(s.maximum ?? min + 1e6, 2 ** 31 - 1) });
      }
      case 'number': return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
      case 'string': return stringArb(s);
      case 'array': {
        const minLength = s.minItems ?? 0;
        // A few items more than the minimum show what arrays do; 50 items of 1,000-character paths would only be slow.
        const bounds = { minLength, maxLength: Math.min(s.maxItems ?? Infinity, minLength + 4) };
        if (s.uniqueItems) return fc.uniqueArray(arbitrary(s.items ?? {}), { ...bounds, selector: (v) => JSON.stringify(v) });
        return fc.array(arbitrary(s.items ?? {}), bounds);
      }
      case 'object': return objectArb(s);
      case undefined: return fc.jsonValue({ maxDepth: 1 });
      default: throw new Error(`no arbitrary for type ${type}`);
    }
  }

  function objectArb(s) {
    const [minKeys, maxKeys] = [s.minProperties ?? 0, s.maxProperties ?? Infinity];
    const count = (o) => Object.keys(o).length;
    if (!s.properties) {
      const value = s.additionalProperties && s.additionalProperties !== true ? arbitrary(s.additionalProperties) : fc.jsonValue({ maxDepth: 1 });
      const key = fc.string({ minLength: 1, maxLength: 20 }).filter((k) => k !== '__proto__');
      return fc.dictionary(key, value, { minKeys, maxKeys: Math.min(maxKeys, minKeys + 5) });
    }
    const record = fc.record(
      Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, arbitrary(p)])),
      { requiredKeys: (s.required ?? []).filter((k) => k in s.properties) },
    );
    return minKeys || maxKeys < Infinity ? record.filter((o) => count(o) >= minKeys && count(o) <= maxKeys) : record;
  }

  // ---- single-constraint mutations -------------------------------------------------------

  const WRONG = [42, 'text', true, [], {}, 1.5, null];
  const matchesType = (v, t) =>
    t === 'null' ? v === null
    : t === 'array' ? Array.isArray(v)
    : t === 'object' ? v !== null && typeof v === 'object' && !Array.isArray(v)
    : t === 'integer' ? Number.isInteger(v)
    : typeof v === t;
  const PATTERN_BREAKERS = ['', ' ', 'a b', '-', '..', '/a', 'a.', 'A', '25:61:00', '\n', '#'];
  // `names` mirrors the instance path with array indices as [] and free-form keys as *.
  const label = (names) => names.join('.').replace(/\.\[\]/g, '[]') || '(body)';

  /**
   * Every way to break exactly one documented constraint of `value` (valid against `schema`):
   * `{ keyword, field, at, remove? | value }`. `keyword` is the JSON Schema keyword that ajv
   * must then report, `field` the location with array indices folded (`input.data[].bucket`).
   */
  function mutations(schema, value) {
    const out = [];
    (function walk(sch, v, at, names) {
      const s = effective(sch, v);
      const add = (keyword, m) => out.push({ keyword, field: label(names), at, ...m });
      const type = typeOf(s);
      if (at.length && type) {
        const types = [].concat(type);
        add('type', { value: WRONG.find((w) => !types.some((t) => matchesType(w, t))) });
      }
      const values = enumOf(s);
      // A task input's `type` is its type's enum (or `oneOf` of `const`s) merged with the branch's
      // `const`; ajv checks an unknown value against the former only (the discriminator selects no branch).
      if (values) add(s.enum ? 'enum' : 'const' in s ? 'const' : 'oneOf', { value: `NOT_${String(values[0])}_X` });
      if (typeof v === 'string') {
        if (s.minLength > 0) add('minLength', { value: 'a'.repeat(s.minLength - 1) });
        if (s.maxLength !== undefined) add('maxLength', { value: 'a'.repeat(s.maxLength + 1) });
        if (s.pattern) {
          const re = new RegExp(s.pattern, 'u');
          const bad = PATTERN_BREAKERS.find((c) => !re.test(c) && c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? Infinity));
          if (bad !== undefined) add('pattern', { value: bad });
        }
      }
      if (typeof v === 'number') {
        // Beyond 2^53 a step of 1 is lost (an int64 bound such as 9223372036854775807): no mutant there.
        if (s.minimum !== undefined && s.minimum - 1 < s.minimum) add('minimum', { value: s.minimum - 1 });
        if (s.maximum !== undefined && s.maximum + 1 > s.maximum) add('maximum', { value: s.maximum + 1 });
      }
      if (Array.isArray(v)) {
        if (s.minItems > 0) add('minItems', { value: v.slice(0, s.minItems - 1) });
        if (s.maxItems !== undefined && v.length) add('maxItems', { value: Array.from({ length: s.maxItems + 1 }, (_, i) => v[i % v.length]) });
        v.forEach((item, i) => walk(s.items ?? {}, item, [...at, i], [...names, '[]']));
      }
      if (type === 'object' && v && typeof v === 'object' && !Array.isArray(v)) {
        for (const k of s.required ?? []) if (k in v) out.push({ keyword: 'required', field: label([...names, k]), at: [...at, k], remove: true });
        if (s.minProperties > 0) add('minProperties', { value: {} });
        const extra = s.additionalProperties;
        if (s.maxProperties !== undefined && extra && !s.properties) {
          const filler = extra === true || typeOf(extra) === 'string' ? 'x' : undefined;
          if (filler !== undefined) {
            const grown = { ...v };
            for (let i = 0; Object.keys(grown).length <= s.maxProperties; i++) grown[`extra-${i}`] = filler;
            add('maxProperties', { value: grown });
          }
        }
        for (const [k, child] of Object.entries(v)) {
          if (s.properties?.[k]) walk(s.properties[k], child, [...at, k], [...names, k]);
          else if (extra && extra !== true) walk(extra, child, [...at, k], [...names, '*']);
        }
      }
    })(schema, value, [], []);
    return out;
  }

  /** Applies a mutation to a copy of `root`. */
  function applyMutation(root, m) {
    if (!m.at.length) return m.value;
    const copy = structuredClone(root);
    const parent = m.at.slice(0, -1).reduce((o, k) => o[k], copy);
    const last = m.at.at(-1);
    if (m.remove) delete parent[last];
    else parent[last] = m.value;
    return copy;
  }

  return { arbitrary, mutations, applyMutation };
}

export const { arbitrary, mutations, applyMutation } = schemaTools(vias('vias'));
