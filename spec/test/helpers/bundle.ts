// The spec's tests read the bundles through the same modules as everything downstream.
import { fileURLToPath } from 'node:url';
import { generations } from '../../lib/bundle.mjs';

export { bundle, deref, operations, generations } from '../../lib/bundle.mjs';
export { validator, validatorFor } from '../../lib/validate.mjs';

export const specDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoDir = fileURLToPath(new URL('../../..', import.meta.url));

export type Schema = Record<string, any>;
export type Generation = 'vias' | 'vas';
export const GENERATIONS: Generation[] = ['vias', 'vas'];

/** Properties of a schema, merged through `$ref` and `allOf` (what a reader of the docs sees). */
export function propertiesOf(schema: Schema, generation: Generation = 'vias'): Record<string, Schema> {
  const { deref } = generations[generation];
  const s = deref(schema);
  const own = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(own, { ...propertiesOf(part, generation), ...own });
  return own;
}

/** `required` of a schema, merged through `$ref` and `allOf`. */
export function requiredOf(schema: Schema, generation: Generation = 'vias'): string[] {
  const { deref } = generations[generation];
  const s = deref(schema);
  return [...new Set([...(s.required ?? []), ...(s.allOf ?? []).flatMap((p: Schema) => requiredOf(p, generation))])];
}
