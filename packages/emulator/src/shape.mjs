// Answers take the shape the bundle gives them: a view of a record is cut down to the
// properties the response schema declares, and times are written the way each schema types
// them (epoch-ms integer, epoch-ms string or date-time), so the emulator follows the spec as
// it changes.
import { deref, operations } from '@vias-openapi/spec/bundle';

/** Declared properties of an object schema (through $ref and allOf), name → schema. */
export function propertiesOf(schema, out = new Map()) {
  const node = deref(schema);
  if (!node || typeof node !== 'object') return out;
  for (const [name, sub] of Object.entries(node.properties ?? {})) if (!out.has(name)) out.set(name, deref(sub));
  for (const part of node.allOf ?? []) propertiesOf(part, out);
  return out;
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
  const props = schema ? propertiesOf(schema) : new Map();
  const entries = Object.entries(view).filter(([k, v]) => v !== undefined && (props.size === 0 || props.has(k)));
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'function' ? v(props.get(k)) : v]));
}

/** A time value for `shape`. */
export const at = (ms) => (schema) => time(ms, schema);

/** Items schema of an array property of `schema`. */
export function itemsOf(schema, name) {
  return deref(propertiesOf(schema).get(name)?.items);
}
