// The spec's tests read the bundles through the same modules as everything downstream.
import { fileURLToPath } from 'node:url';
import { generations } from '../../lib/bundle.mjs';

export { bundle, deref, operations, generations } from '../../lib/bundle.mjs';
export { validator, validatorFor } from '../../lib/validate.mjs';

export const specDir = fileURLToPath(new URL('../..', import.meta.url));

export type Schema = Record<string, any>;
export type Generation = 'vias' | 'vas';
export const GENERATIONS: Generation[] = ['vias', 'vas'];

/**
 * Properties of a schema, merged through `$ref` and `allOf` (what a reader of the docs sees): a
 * later `allOf` part overrides an earlier one (an alert kind's `data` over the envelope's), and
 * the schema's own `properties` override them all.
 */
export function propertiesOf(schema: Schema, generation: Generation = 'vias'): Record<string, Schema> {
  const s = generations[generation].deref(schema);
  const merged: Record<string, Schema> = {};
  for (const part of s.allOf ?? []) Object.assign(merged, propertiesOf(part, generation));
  return Object.assign(merged, s.properties ?? {});
}

/**
 * The fields of an example value that its schema does not declare (`at.field`, items as
 * `at[i]`), at any depth. A schema with its own `additionalProperties` (a map) declares every
 * field; any other object schema, open or not, declares only its properties.
 */
export function undeclaredFields(value: unknown, schema: Schema, at: string, generation: Generation = 'vias'): string[] {
  const s = generations[generation].deref(schema);
  if (Array.isArray(value)) return value.flatMap((v, i) => undeclaredFields(v, s.items ?? {}, `${at}[${i}]`, generation));
  if (!value || typeof value !== 'object') return [];
  const props = propertiesOf(s, generation);
  return Object.entries(value).flatMap(([key, v]) => {
    if (props[key]) return undeclaredFields(v, props[key], `${at}.${key}`, generation);
    return s.additionalProperties === undefined || s.additionalProperties === false ? [`${at}.${key}`] : [];
  });
}

/** `required` of a schema, merged through `$ref` and `allOf`. */
export function requiredOf(schema: Schema, generation: Generation = 'vias'): string[] {
  const { deref } = generations[generation];
  const s = deref(schema);
  return [...new Set([...(s.required ?? []), ...(s.allOf ?? []).flatMap((p: Schema) => requiredOf(p, generation))])];
}
