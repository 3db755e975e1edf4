// Times as each operation's answers write them. The vendor writes a task's creation time three
// ways: ShowTaskInfo `"2023-06-06T06:59:33.024Z"`, ListTasks `"1686034773024"` (milliseconds as
// text), ListBatchTasks `1685667905165` (a number). The form of a field is read from the
// operation's own named 2xx examples, else from the field's schema (integer: milliseconds;
// `date-time`: ISO 8601), else a string of milliseconds.
import type { Generation } from './generation.js';

type Json = any;
export type TimeStyle = 'ms' | 'ms-text' | 'iso';
export type TimeWriter = (ms: number) => number | string;

const WRITERS: Record<TimeStyle, TimeWriter> = {
  ms: (ms) => ms,
  'ms-text': (ms) => String(ms),
  iso: (ms) => new Date(ms).toISOString(),
};

function styleOfValue(value: unknown): TimeStyle | undefined {
  if (typeof value === 'number') return 'ms';
  if (typeof value !== 'string') return undefined;
  if (/^\d{10,}$/.test(value)) return 'ms-text';
  return /^\d{4}-\d\d-\d\dT/.test(value) ? 'iso' : undefined;
}

/** The first value of `field` anywhere in `value` (depth first). */
function find(value: Json, field: string): unknown {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = find(item, field);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    if (field in value) return value[field];
    for (const item of Object.values(value)) {
      const found = find(item, field);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The schema of `field` anywhere in `schema` (through $ref, allOf, items, properties). */
function schemaOf(generation: Generation, schema: Json, field: string, seen = new Set<Json>()): Json {
  const node = generation.spec.deref(schema);
  if (!node || typeof node !== 'object' || seen.has(node)) return undefined;
  seen.add(node);
  if (node.properties?.[field]) return generation.spec.deref(node.properties[field]);
  for (const sub of [...(node.allOf ?? []), ...Object.values(node.properties ?? {}), node.items].filter(Boolean)) {
    const found = schemaOf(generation, sub, field, seen);
    if (found) return found;
  }
  return undefined;
}

/** How `operationId`'s answers write the time `field`. */
export function timeStyle(generation: Generation, operationId: string, field: string): TimeStyle {
  const op = generation.operations.get(operationId);
  if (!op) throw new Error(`${generation.label} has no operation ${operationId}`);
  const successes = op.responses.filter((r) => r.status >= 200 && r.status < 300);
  for (const example of successes.flatMap((r) => r.examples)) {
    const style = styleOfValue(find(example.value, field));
    if (style) return style;
  }
  const schema = successes.map((r) => r.schema && schemaOf(generation, r.schema, field)).find(Boolean);
  const types = [schema?.type ?? []].flat();
  if (types.includes('integer') || types.includes('number')) return 'ms';
  return schema?.format === 'date-time' ? 'iso' : 'ms-text';
}

/** Writers for `fields` of `operationId`, decided once. */
export function timeWriters<F extends string>(generation: Generation, operationId: string, fields: readonly F[]): Record<F, TimeWriter> {
  return Object.fromEntries(fields.map((f) => [f, WRITERS[timeStyle(generation, operationId, f)]])) as Record<F, TimeWriter>;
}
