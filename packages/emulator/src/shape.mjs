// Answers take the shape the bundle gives them: a view of a record is cut down to the
// properties the response schema declares, times are written the way each schema types them
// (epoch-ms integer, epoch-ms string or date-time), and an optional property whose value the
// schema cannot describe is left out (a video_source input shown through the older
// generation's showServiceTask, whose input types do not include it). So the emulator follows
// the spec as it changes, and its self-check (checkResponses) catches the rest.
import { deref, operations } from '@vias-openapi/spec/bundle';
import { validator } from '@vias-openapi/spec/validate';

const declared = new WeakMap();

/** Declared properties of an object schema (through $ref and allOf): `{ props: name → schema, required }`. */
export function propertiesOf(schema) {
  if (declared.has(schema)) return declared.get(schema);
  const props = new Map();
  const required = new Set();
  (function walk(node) {
    node = deref(node);
    if (!node || typeof node !== 'object') return;
    for (const [name, sub] of Object.entries(node.properties ?? {})) if (!props.has(name)) props.set(name, sub);
    for (const name of node.required ?? []) required.add(name);
    for (const part of node.allOf ?? []) walk(part);
  })(schema);
  const result = { props, required };
  declared.set(schema, result);
  return result;
}

/** The 2xx response schema of an operation (undefined when the bundle has none). */
export function successSchema(operationId) {
  const op = operations.find((o) => o.id === operationId);
  return op?.responses.find((r) => r.status >= 200 && r.status < 300)?.schema;
}

function time(ms, schema) {
  const types = [schema?.type].flat();
  if (types.includes('integer') || types.includes('number')) return ms;
  if (schema?.format === 'date-time') return new Date(ms).toISOString();
  return String(ms);
}

/**
 * `view` cut to the properties `schema` declares; values that are functions get the property's
 * schema (for times). A schema that declares no properties takes the whole view.
 */
export function shape(schema, view) {
  if (!schema) return view;
  const { props, required } = propertiesOf(schema);
  if (props.size === 0) return view;
  const out = {};
  for (const [key, value] of Object.entries(view)) {
    if (value === undefined || !props.has(key)) continue;
    const propSchema = props.get(key);
    const final = typeof value === 'function' ? value(deref(propSchema)) : value;
    if (!required.has(key) && !validator(propSchema)(final)) continue;
    out[key] = final;
  }
  return out;
}

/** A time value for `shape`. */
export const at = (ms) => (schema) => time(ms, schema);

/** Items schema of an array property of `schema`. */
export function itemsOf(schema, name) {
  return deref(deref(propertiesOf(schema).props.get(name))?.items);
}
