// Loads the bundled description and resolves schemas inside it, for the spec's own tests.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const specDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const bundlePath = `${specDir}dist/openapi.json`;

if (!existsSync(bundlePath)) {
  throw new Error(`${bundlePath} is missing: run \`npx turbo run build --filter=@vias-openapi/spec\` first`);
}

export type Schema = Record<string, any>;
export const bundle: Schema = JSON.parse(readFileSync(bundlePath, 'utf8'));
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export interface OperationRef {
  path: string;
  method: string;
  operationId: string;
  operation: Schema;
}

export function operations(): OperationRef[] {
  return Object.entries(bundle.paths as Record<string, Schema>).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((method) => ({
      path,
      method,
      operationId: item[method].operationId,
      operation: item[method],
    })),
  );
}

/** Follows local `$ref`s ("#/components/…") until a concrete object. */
export function deref<T = Schema>(node: any): T {
  while (node && typeof node.$ref === 'string') {
    node = pointer(node.$ref);
  }
  return node;
}

export function pointer(ref: string): any {
  if (!ref.startsWith('#/')) throw new Error(`not a local ref: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => node?.[key], bundle as any);
}

/** JSON pointer (as a URI fragment) of a location in the bundle, for ajv.getSchema. */
export function fragment(...segments: string[]): string {
  return '#/' + segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

/** Properties of a schema, merged through `$ref` and `allOf` (what a reader of the docs sees). */
export function propertiesOf(schema: Schema): Record<string, Schema> {
  const s = deref(schema);
  const own = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(own, { ...propertiesOf(part), ...own });
  return own;
}

const BUNDLE_ID = 'https://vias-openapi.invalid/openapi.json';

/** One ajv (JSON Schema 2020-12, formats on) that knows the whole bundle. */
export function createAjv() {
  // strict mode would reject the OpenAPI keywords around the schemas (openapi, paths, x-…).
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...bundle, $id: BUNDLE_ID });
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();

/** A validator for the schema at a fragment of the bundle (e.g. `#/components/schemas/TaskDetail`). */
export function validator(frag: string): ValidateFunction {
  let fn = compiled.get(frag);
  if (!fn) {
    fn = ajv.getSchema(BUNDLE_ID + frag);
    if (!fn) throw new Error(`no schema at ${frag}`);
    compiled.set(frag, fn);
  }
  return fn;
}

export const schemaRef = (name: string) => fragment('components', 'schemas', name);
