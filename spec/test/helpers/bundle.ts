// The spec's tests read the bundle through the same module as everything downstream.
import { fileURLToPath } from 'node:url';
import { deref } from '../../lib/bundle.mjs';

export { bundle, deref, operations } from '../../lib/bundle.mjs';
export { validator } from '../../lib/validate.mjs';

export const specDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoDir = fileURLToPath(new URL('../../..', import.meta.url));

export type Schema = Record<string, any>;

/** Properties of a schema, merged through `$ref` and `allOf` (what a reader of the docs sees). */
export function propertiesOf(schema: Schema): Record<string, Schema> {
  const s = deref(schema);
  const own = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(own, { ...propertiesOf(part), ...own });
  return own;
}
