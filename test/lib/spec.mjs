// The bundled description as data, from the spec package (operations, references, ajv), plus
// what only the contract suite needs. Everything the suites iterate over comes from the bundle,
// so a status or example added to the spec is tested without touching the tests.
export { deref, operations, specYamlPath } from '@vias-openapi/spec/bundle';
export { validate, validator } from '@vias-openapi/spec/validate';
import { generations, operations } from '@vias-openapi/spec/bundle';
import { validatorFor } from '@vias-openapi/spec/validate';

/** Both documents the suite checks, by name. */
export const GENERATION_NAMES = /** @type {const} */ (['vias', 'vas']);

/**
 * One document as data: `{ name, operations, deref, yamlPath, validate, validator, matchPath }`.
 * (`vas` is the older generation's document, spec/dist/vas.yaml.)
 */
export function generation(name) {
  const g = generations[name];
  if (!g) throw new Error(`@vias-openapi/spec has no ${name} document`);
  return { ...g, ...validatorFor(name), matchPath: (method, urlPath) => matchIn(g.operations, method, urlPath) };
}

/** Matches a concrete path (e.g. from a seed page) to its operation and path parameters. */
export const matchPath = (method, urlPath) => matchIn(operations, method, urlPath);

function matchIn(operations, method, urlPath) {
  for (const op of operations.filter((o) => o.method === method)) {
    const names = [];
    const re = new RegExp(`^${op.path.replace(/\{(\w+)\}/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
    const m = re.exec(urlPath);
    if (m) return { op, path: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return undefined;
}

/** Documented example of each path parameter, by name. */
export const pathExample = (op) => Object.fromEntries(op.pathParams.map((p) => [p.name, p.example]));
